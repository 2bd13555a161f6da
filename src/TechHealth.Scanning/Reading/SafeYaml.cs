using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TechHealth.Scanning.Reading;

/// <summary>A node of a YAML document as the scanner reads it: a mapping, a sequence or a scalar, with its line.</summary>
public abstract class YNode
{
    public int Line { get; init; }

    /// <summary>The value under <paramref name="key"/> when this is a mapping; null otherwise.</summary>
    public virtual YNode? this[string key] => null;

    /// <summary>The scalar text; null for mappings, sequences and YAML nulls.</summary>
    public virtual string? Text => null;

    public IEnumerable<YNode> Items => this is YSeq s ? s.Children : [];
    public IEnumerable<KeyValuePair<string, YNode>> Entries => this is YMap m ? m.Pairs : [];
}

/// <summary>A scalar; <see cref="Value"/> is null for a YAML null.</summary>
public sealed class YScalar : YNode
{
    public required string? Value { get; init; }
    public override string? Text => Value;
}

/// <summary>A sequence, items in document order.</summary>
public sealed class YSeq : YNode
{
    public List<YNode> Children { get; } = [];
}

/// <summary>A mapping, pairs in document order; the first pair with a key wins a lookup.</summary>
public sealed class YMap : YNode
{
    public List<KeyValuePair<string, YNode>> Pairs { get; } = [];
    internal bool HasMergedKeys { get; set; }
    public override YNode? this[string key]
    {
        get
        {
            foreach (var p in Pairs) if (p.Key == key) return p.Value;
            return null;
        }
    }
}

/// <summary>
/// Reads YAML into <see cref="YNode"/> trees within limits: aliases are shared, never copied, and every
/// alias counts the full size of what it points to, so an alias bomb is refused before it costs anything.
/// Nesting is bounded too. Owns no knowledge of any file format.
/// </summary>
public static class SafeYaml
{
    public const int MaxNesting = 128;

    /// <summary>Parses every document of a stream. False with a message and line when the text is not YAML or breaks a limit.</summary>
    public static bool TryParseAll(string text, int maxNodes, out List<YNode> documents, out string? error, out int errorLine)
    {
        documents = [];
        error = null; errorLine = 0;
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, (YNode Node, long Size)>(StringComparer.Ordinal);
        // Each frame: the container being built, its expanded size, a pending key for mappings.
        var stack = new Stack<Frame>();
        long total = 0;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                var line = (int)ev.Start.Line;
                switch (ev)
                {
                    case DocumentStart:
                        anchors.Clear();
                        total = 0;
                        break;
                    case MappingStart ms:
                        if (stack.Count >= MaxNesting) return Fail($"YAML nested deeper than {MaxNesting} levels", line, out error, out errorLine);
                        stack.Push(new Frame(new YMap { Line = line }, ms.Anchor.IsEmpty ? null : ms.Anchor.Value));
                        break;
                    case SequenceStart ss:
                        if (stack.Count >= MaxNesting) return Fail($"YAML nested deeper than {MaxNesting} levels", line, out error, out errorLine);
                        stack.Push(new Frame(new YSeq { Line = line }, ss.Anchor.IsEmpty ? null : ss.Anchor.Value));
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var done = stack.Pop();
                        if (done.Anchor is not null) anchors[done.Anchor] = (done.Node, done.Size);
                        if (!Attach(stack, documents, done.Node, done.Size, ref total, maxNodes)) return Fail($"YAML expands to more than {maxNodes} nodes (alias bomb?)", line, out error, out errorLine);
                        break;
                    }
                    case Scalar sc:
                    {
                        var isNull = sc.Style == ScalarStyle.Plain && sc.Value is "" or "~" or "null" or "Null" or "NULL";
                        var node = new YScalar { Line = line, Value = isNull && sc.Style == ScalarStyle.Plain ? null : sc.Value };
                        if (!sc.Anchor.IsEmpty) anchors[sc.Anchor.Value] = (node, 1);
                        if (!Attach(stack, documents, node, 1, ref total, maxNodes)) return Fail($"YAML expands to more than {maxNodes} nodes", line, out error, out errorLine);
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        if (!anchors.TryGetValue(alias.Value.Value, out var target)) return Fail($"YAML alias *{alias.Value.Value} refers to no anchor", line, out error, out errorLine);
                        if (!Attach(stack, documents, target.Node, target.Size, ref total, maxNodes)) return Fail($"YAML expands to more than {maxNodes} nodes (alias bomb?)", line, out error, out errorLine);
                        break;
                    }
                }
            }
            return true;
        }
        catch (YamlException e)
        {
            return Fail($"not valid YAML: {e.Message}", (int)e.Start.Line, out error, out errorLine);
        }
    }

    /// <summary>Parses a single-document file; an empty file gives null.</summary>
    public static bool TryParse(string text, int maxNodes, out YNode? document, out string? error, out int errorLine)
    {
        var ok = TryParseAll(text, maxNodes, out var docs, out error, out errorLine);
        document = ok && docs.Count > 0 ? docs[0] : null;
        return ok;
    }

    private static bool Attach(Stack<Frame> stack, List<YNode> documents, YNode node, long size, ref long total, int maxNodes)
    {
        total += size;
        if (total > maxNodes) return false;
        if (stack.Count == 0) { documents.Add(node); return true; }
        var parent = stack.Peek();
        parent.Size += size;
        if (parent.Node is YSeq seq) seq.Children.Add(node);
        else if (parent.Node is YMap map)
        {
            if (!parent.HasKey)
            {
                // Complex keys are rare in manifests; their text (if scalar) is the key, else a placeholder.
                parent.PendingKey = node.Text ?? (node is YScalar ? "" : "?");
                parent.HasKey = true;
            }
            else
            {
                var key = parent.PendingKey!;
                parent.PendingKey = null;
                parent.HasKey = false;
                if (key == "<<")
                {
                    // Merge keys: copy the referenced mapping's pairs where not already set.
                    foreach (var src in node is YSeq many ? many.Children : [node])
                        if (src is YMap m) foreach (var p in m.Pairs) if (map[p.Key] is null) { map.Pairs.Add(p); map.HasMergedKeys = true; }
                }
                else
                {
                    // Explicit keys win over merged ones, whichever comes first.
                    if (map.HasMergedKeys) map.Pairs.RemoveAll(p => p.Key == key);
                    map.Pairs.Add(new(key, node));
                }
            }
        }
        return true;
    }

    private static bool Fail(string message, int line, out string? error, out int errorLine)
    {
        error = message; errorLine = line;
        return false;
    }

    private sealed class Frame(YNode node, string? anchor)
    {
        public YNode Node { get; } = node;
        public string? Anchor { get; } = anchor;
        public long Size { get; set; } = 1;
        public string? PendingKey { get; set; }
        public bool HasKey { get; set; }
    }
}
