using System.Collections;
using System.Globalization;

namespace TechHealth.Scanning.Toml;

/// <summary>
/// A value read from a TOML document (by Tomlyn, <see cref="TomlDocument"/>), with the 1-based line where its key (or array element) was written.
/// Nodes are read-only views for harvesters; they never write TOML back.
/// </summary>
public abstract class TomlNode
{
    private protected TomlNode(int line) => Line = line;

    /// <summary>1-based line of the key that defined this node (or of the table header, or of the array element).</summary>
    public int Line { get; internal set; }
}

public enum TomlValueKind { String, Integer, Float, Boolean, DateTime }

/// <summary>A scalar: strings, integers, floats, booleans, and dates/times (kept as the text written, since harvesters only compare them).</summary>
public sealed class TomlValue : TomlNode
{
    internal TomlValue(TomlValueKind kind, string text, object value, int line) : base(line)
    {
        Kind = kind;
        Text = text;
        Value = value;
    }

    public TomlValueKind Kind { get; }

    /// <summary>The string's content after escapes, or the literal as written for the other kinds.</summary>
    public string Text { get; }

    /// <summary>string, long, double, bool, or string for dates.</summary>
    public object Value { get; }

    public override string ToString() => Kind == TomlValueKind.String ? Text : Convert.ToString(Value, CultureInfo.InvariantCulture) ?? Text;
}

/// <summary>An array; <see cref="IsArrayOfTables"/> when it was built from <c>[[header]]</c> sections.</summary>
public sealed class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> _items = [];

    internal TomlArray(int line, bool isArrayOfTables) : base(line) => IsArrayOfTables = isArrayOfTables;

    public bool IsArrayOfTables { get; }
    public int Count => _items.Count;
    public TomlNode this[int index] => _items[index];
    internal void Add(TomlNode node) => _items.Add(node);

    /// <summary>The string elements, in order (other kinds are skipped).</summary>
    public IEnumerable<TomlValue> Strings => _items.OfType<TomlValue>().Where(v => v.Kind == TomlValueKind.String);

    public IEnumerable<TomlTable> Tables => _items.OfType<TomlTable>();

    public IEnumerator<TomlNode> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A table (document root, <c>[header]</c>, dotted-key table, inline table or array-of-tables element); keys keep their written order.</summary>
public sealed class TomlTable : TomlNode, IEnumerable<KeyValuePair<string, TomlNode>>
{
    private readonly Dictionary<string, TomlNode> _map = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    internal TomlTable(int line) : base(line) { }

    public IReadOnlyList<string> Keys => _order;
    public int Count => _order.Count;
    public TomlNode this[string key] => _map[key];
    public bool ContainsKey(string key) => _map.ContainsKey(key);
    public bool TryGet(string key, out TomlNode node) => _map.TryGetValue(key, out node!);

    internal void Set(string key, TomlNode node)
    {
        if (!_map.ContainsKey(key)) _order.Add(key);
        _map[key] = node;
    }

    public TomlTable? Table(string key) => _map.GetValueOrDefault(key) as TomlTable;
    public TomlArray? Array(string key) => _map.GetValueOrDefault(key) as TomlArray;
    public TomlValue? Value(string key) => _map.GetValueOrDefault(key) as TomlValue;

    /// <summary>The string at <paramref name="key"/>, or null when missing or not a string.</summary>
    public string? String(string key) => _map.GetValueOrDefault(key) is TomlValue { Kind: TomlValueKind.String } v ? v.Text : null;

    public bool? Boolean(string key) => _map.GetValueOrDefault(key) is TomlValue { Kind: TomlValueKind.Boolean } v ? (bool)v.Value : null;

    /// <summary>Follows a dotted path of table keys (<c>tool.poetry.dependencies</c>); keys with dots in them cannot be addressed this way.</summary>
    public TomlNode? Find(string dottedPath)
    {
        TomlNode? node = this;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not TomlTable t || !t.TryGet(part, out node)) return null;
        }
        return node;
    }

    public IEnumerator<KeyValuePair<string, TomlNode>> GetEnumerator() => _order.Select(k => new KeyValuePair<string, TomlNode>(k, _map[k])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Where and why a TOML document could not be read.</summary>
public sealed record TomlError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>Either the document's root table or the first error found; reading stops at the first error.</summary>
public sealed record TomlParseResult(TomlTable? Root, TomlError? Error)
{
    public bool Success => Error is null;
}
