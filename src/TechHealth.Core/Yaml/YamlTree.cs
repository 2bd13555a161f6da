namespace TechHealth.Core.Yaml;

/// <summary>
/// A node of a YAML document as <see cref="SafeYaml"/> reads it: scalar, mapping or sequence, each with the line and
/// column where it starts. Aliases point at the anchored node (never copied), so a tree is small even when an alias
/// is used many times. The tree knows nothing of radar, checks or catalog.
/// </summary>
public abstract class YamlValue
{
    protected YamlValue(int line, int column) { Line = line; Column = column; }

    /// <summary>1-based line where the node starts.</summary>
    public int Line { get; }

    /// <summary>1-based column where the node starts.</summary>
    public int Column { get; }

    /// <summary>Nodes under this one counting every alias use, which is what a walk over the tree would visit.</summary>
    internal long ExpandedSize { get; set; } = 1;

    /// <summary>A short name of the node's shape for messages: "a text value", "a mapping", "a list".</summary>
    public abstract string Shape { get; }

    /// <summary>The value under <paramref name="key"/> when this is a mapping; null otherwise, so readers can chain lookups.</summary>
    public virtual YamlValue? this[string key] => null;

    /// <summary>The scalar's text; null for mappings, lists and YAML's null.</summary>
    public string? Text => this is YamlText { IsNull: false } text ? text.Value : null;

    /// <summary>A mapping's pairs by key text, or nothing when this is not a mapping.</summary>
    public IEnumerable<KeyValuePair<string, YamlValue>> Entries
        => this is YamlMap map ? map.Pairs.Select(p => new KeyValuePair<string, YamlValue>(p.Key.Value, p.Value)) : [];

    /// <summary>A list's items, or nothing when this is not a list.</summary>
    public IReadOnlyList<YamlValue> Elements => this is YamlList list ? list.Items : [];
}

/// <summary>A scalar. <see cref="IsPlain"/> is false for quoted and block scalars, so "null" in quotes stays text.</summary>
public sealed class YamlText : YamlValue
{
    public YamlText(string value, bool isPlain, int line, int column) : base(line, column) { Value = value; IsPlain = isPlain; }

    public string Value { get; }
    public bool IsPlain { get; }

    /// <summary>An unquoted empty value, <c>~</c> or <c>null</c>: YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Shape => IsNull ? "an empty value" : "a text value";
    public override string ToString() => Value;
}

/// <summary>
/// A mapping, keeping every pair in document order (duplicates included, so readers can report them). Pairs taken in
/// through a merge key (<c>&lt;&lt;: *defaults</c>) give way to the mapping's own keys, wherever those are written.
/// </summary>
public sealed class YamlMap : YamlValue
{
    private readonly List<KeyValuePair<YamlText, YamlValue>> _pairs = [];
    private HashSet<string>? _mergedKeys;

    public YamlMap(int line, int column) : base(line, column) { }

    public IReadOnlyList<KeyValuePair<YamlText, YamlValue>> Pairs => _pairs;

    internal void Add(YamlText key, YamlValue value)
    {
        // An explicit key overrides a merged one whether it comes before or after the merge key.
        if (_mergedKeys is not null && _mergedKeys.Remove(key.Value)) _pairs.RemoveAll(p => p.Key.Value == key.Value);
        _pairs.Add(new(key, value));
    }

    /// <summary>
    /// Takes in the pairs of <paramref name="source"/> whose keys this mapping does not have yet, as YAML's merge key
    /// does; with a list of sources, the first that has a key wins.
    /// </summary>
    internal void Merge(YamlMap source)
    {
        foreach (var pair in source.Pairs)
        {
            if (this[pair.Key.Value] is not null) continue;
            (_mergedKeys ??= new(StringComparer.Ordinal)).Add(pair.Key.Value);
            _pairs.Add(pair);
        }
    }

    /// <summary>The value of the first pair whose key is exactly <paramref name="key"/>.</summary>
    public override YamlValue? this[string key]
    {
        get
        {
            foreach (var pair in _pairs)
                if (pair.Key.Value == key) return pair.Value;
            return null;
        }
    }

    public YamlText? KeyNode(string key) => _pairs.FirstOrDefault(p => p.Key.Value == key).Key;

    public override string Shape => "a mapping";
}

/// <summary>A sequence in document order.</summary>
public sealed class YamlList : YamlValue
{
    private readonly List<YamlValue> _items = [];

    public YamlList(int line, int column) : base(line, column) { }

    public IReadOnlyList<YamlValue> Items => _items;

    internal void Add(YamlValue item) => _items.Add(item);

    public override string Shape => "a list";
}

/// <summary>One document of a YAML stream; <see cref="Root"/> is null for an empty document.</summary>
public sealed record YamlDocumentTree(YamlValue? Root, int Line);

/// <summary>Something wrong with the YAML itself: a syntax error or a limit exceeded. Line 0 means the whole file.</summary>
public sealed record YamlIssue(int Line, int Column, string Message);

/// <summary>The documents that could be read, and an issue for every document that could not.</summary>
public sealed record YamlReadResult(IReadOnlyList<YamlDocumentTree> Documents, IReadOnlyList<YamlIssue> Issues);

/// <summary>
/// Bounds that keep hostile YAML from costing unbounded time or memory. The defaults suit hand-written
/// definitions and catalog files: anything beyond them is refused, not truncated.
/// </summary>
public sealed record YamlLimits
{
    public static readonly YamlLimits Default = new();

    /// <summary>Largest file or text accepted, in bytes of UTF-8 (default 1 MiB).</summary>
    public long MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes a document may reach through aliases, counting each use of an alias in full (default 10,000).</summary>
    public long MaxAliasExpansion { get; init; } = 10_000;

    /// <summary>Most nodes in one stream, aliases not expanded (default 200,000).</summary>
    public long MaxNodes { get; init; } = 200_000;
}
