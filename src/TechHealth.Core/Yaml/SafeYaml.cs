using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TechHealth.Core.Yaml;

/// <summary>
/// Reads YAML text into <see cref="YamlValue"/> trees with line and column on every node, within <see cref="YamlLimits"/>:
/// files over the size limit, nesting deeper than the limit, alias bombs and recursive aliases are refused with an
/// issue instead of being read. A broken document is reported and skipped; reading resumes at the next <c>---</c>, so
/// the other documents of a multi-document file are kept. Owns YAML safety only; it gives no meaning to any key.
/// </summary>
public static class SafeYaml
{
    public static YamlReadResult ReadFile(string path, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var info = new FileInfo(path);
        if (!info.Exists) return Refused($"file not found: {path}");
        if (info.Length > limits.MaxBytes) return Refused(TooLarge(info.Length, limits));
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Refused($"cannot read the file: {e.Message}"); }
        return Read(text, limits);
    }

    public static YamlReadResult Read(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        // Cheap test first: a UTF-8 byte count is at least the char count divided by nothing, at most 3x it.
        if (text.Length > limits.MaxBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
            return Refused(TooLarge(Encoding.UTF8.GetByteCount(text), limits));

        var documents = new List<YamlDocumentTree>();
        var issues = new List<YamlIssue>();
        var lineStarts = LineStarts(text);
        var budget = new NodeBudget(limits.MaxNodes);
        var segmentLine = 0; // 0-based line of the full text where the current segment starts
        while (true)
        {
            var segment = segmentLine == 0 ? text : text[lineStarts[segmentLine]..];
            var reader = new TreeBuilder(limits, budget, segmentLine);
            var failure = reader.Run(segment, documents);
            if (failure is null) break;
            issues.Add(failure.Value.Issue);
            if (failure.Value.StopAll) break;
            // Resume at the next document marker after the failure, so one bad document costs only itself.
            var next = NextDocumentMarker(text, lineStarts, Math.Max(failure.Value.DocumentLine, segmentLine + 1));
            if (next < 0) break;
            segmentLine = next;
        }
        return new YamlReadResult(documents, issues);
    }

    private static YamlReadResult Refused(string message) => new([], [new YamlIssue(0, 0, message)]);

    private static string TooLarge(long bytes, YamlLimits limits)
        => $"the file is {bytes:N0} bytes, over the limit of {limits.MaxBytes:N0} bytes; split it or raise the limit";

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    /// <summary>The 0-based index of the first line at or after <paramref name="fromLine"/> (0-based) that starts a document.</summary>
    private static int NextDocumentMarker(string text, List<int> lineStarts, int fromLine)
    {
        for (var l = fromLine; l < lineStarts.Count; l++)
        {
            var start = lineStarts[l];
            if (string.CompareOrdinal(text, start, "---", 0, 3) == 0
                && (start + 3 >= text.Length || text[start + 3] is ' ' or '\t' or '\r' or '\n'))
                return l;
        }
        return -1;
    }

    private sealed class NodeBudget(long max)
    {
        public long Used;
        public bool Take() => ++Used <= max;
        public long Max => max;
    }

    /// <param name="DocumentLine">1-based line where the failed document starts; the search for the next one begins after it.</param>
    private readonly record struct Failure(YamlIssue Issue, bool StopAll, int DocumentLine);

    private sealed class RefusedException(YamlIssue issue, bool stopAll) : Exception(issue.Message)
    {
        public YamlIssue Issue { get; } = issue;
        public bool StopAll { get; } = stopAll;
    }

    /// <summary>Turns parser events into trees for one segment of the text.</summary>
    private sealed class TreeBuilder(YamlLimits limits, NodeBudget budget, int lineOffset)
    {
        private sealed class Frame(YamlValue node, string? anchor)
        {
            public YamlValue Node { get; } = node;
            public string? Anchor { get; } = anchor;
            public YamlText? PendingKey { get; set; }
        }

        private readonly Stack<Frame> _stack = new();
        private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);
        private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);
        private long _aliasExpansion;
        private YamlValue? _root;
        private int _documentLine;

        public Failure? Run(string segment, List<YamlDocumentTree> documents)
        {
            var parser = new Parser(new StringReader(segment));
            _documentLine = lineOffset + 1;
            var last = Mark.Empty;
            try
            {
                while (parser.MoveNext())
                {
                    var e = parser.Current!;
                    last = e.Start;
                    switch (e)
                    {
                        case DocumentStart ds:
                            _anchors.Clear(); _openAnchors.Clear(); _aliasExpansion = 0; _root = null;
                            _documentLine = Line(ds.Start);
                            break;
                        case DocumentEnd de:
                            // A document holding only comments parses as one empty scalar: it is an empty document.
                            documents.Add(new YamlDocumentTree(_root is YamlText { IsNull: true } ? null : _root, _documentLine));
                            _documentLine = Line(de.End);
                            break;
                        case Scalar s:
                            var text = new YamlText(s.Value, s.Style == ScalarStyle.Plain, Line(s.Start), Col(s.Start));
                            Count(s.Start);
                            if (!s.Anchor.IsEmpty) _anchors[s.Anchor.Value] = text;
                            Complete(text);
                            break;
                        case MappingStart ms:
                            Open(new YamlMap(Line(ms.Start), Col(ms.Start)), ms.Anchor, ms.Start);
                            break;
                        case SequenceStart ss:
                            Open(new YamlList(Line(ss.Start), Col(ss.Start)), ss.Anchor, ss.Start);
                            break;
                        case MappingEnd or SequenceEnd:
                            var frame = _stack.Pop();
                            if (frame.Anchor is not null) { _openAnchors.Remove(frame.Anchor); _anchors[frame.Anchor] = frame.Node; }
                            Complete(frame.Node);
                            break;
                        case AnchorAlias alias:
                            Alias(alias);
                            break;
                    }
                }
                return null;
            }
            catch (RefusedException r)
            {
                return new Failure(r.Issue, r.StopAll, _documentLine);
            }
            catch (YamlException y)
            {
                return new Failure(new YamlIssue(Line(y.Start), Col(y.Start), Describe(y)), false, _documentLine);
            }
            catch (InvalidOperationException)
            {
                // The scanner gives up this way on some malformed input instead of raising a YamlException.
                return new Failure(new YamlIssue(Line(last), Col(last), "YAML syntax error: the document could not be read past this point"), false, _documentLine);
            }
        }

        private void Open(YamlValue node, AnchorName anchor, Mark start)
        {
            Count(start);
            if (_stack.Count + 1 > limits.MaxDepth)
                throw Refuse(start, $"nesting is deeper than {limits.MaxDepth} levels; the document is refused");
            string? name = null;
            if (!anchor.IsEmpty) { name = anchor.Value; _openAnchors.Add(name); _anchors.Remove(name); }
            _stack.Push(new Frame(node, name));
        }

        private void Alias(AnchorAlias alias)
        {
            Count(alias.Start);
            var name = alias.Value.Value;
            if (_openAnchors.Contains(name))
                throw Refuse(alias.Start, $"alias *{name} refers to a node that contains it (a recursive alias); the document is refused");
            if (!_anchors.TryGetValue(name, out var target))
                throw Refuse(alias.Start, $"alias *{name} refers to no anchor &{name} defined before it");
            _aliasExpansion = SaturatingAdd(_aliasExpansion, target.ExpandedSize);
            if (_aliasExpansion > limits.MaxAliasExpansion)
                throw Refuse(alias.Start, $"aliases expand to more than {limits.MaxAliasExpansion:N0} nodes (an alias bomb?); the document is refused");
            Complete(target);
        }

        private void Complete(YamlValue node)
        {
            if (_stack.Count == 0) { _root = node; return; }
            var top = _stack.Peek();
            top.Node.ExpandedSize = SaturatingAdd(top.Node.ExpandedSize, node.ExpandedSize);
            switch (top.Node)
            {
                case YamlList list:
                    list.Add(node);
                    break;
                case YamlMap when top.PendingKey is null:
                    if (node is not YamlText key)
                        throw new RefusedException(new YamlIssue(node.Line, node.Column, $"a mapping key must be a plain value, not {node.Shape}"), false);
                    top.PendingKey = key;
                    break;
                case YamlMap map when top.PendingKey is { IsPlain: true, Value: "<<" } mergeKey:
                    Merge(map, mergeKey, node);
                    top.PendingKey = null;
                    break;
                case YamlMap map:
                    map.Add(top.PendingKey!, node);
                    top.PendingKey = null;
                    break;
            }
        }

        /// <summary>YAML's merge key: the value is a mapping, or a list of mappings, whose pairs the mapping takes in.</summary>
        private static void Merge(YamlMap map, YamlText key, YamlValue value)
        {
            foreach (var source in value is YamlList list ? list.Items : [value])
            {
                if (source is not YamlMap mapping)
                    throw new RefusedException(new YamlIssue(key.Line, key.Column,
                        $"the merge key '<<' takes a mapping or a list of mappings, not {source.Shape}"), false);
                map.Merge(mapping);
            }
        }

        private void Count(Mark at)
        {
            if (!budget.Take())
                throw new RefusedException(new YamlIssue(Line(at), Col(at), $"the file holds more than {budget.Max:N0} YAML nodes; the rest is refused"), true);
        }

        private RefusedException Refuse(Mark at, string message) => new(new YamlIssue(Line(at), Col(at), message), false);

        private int Line(Mark m) => (int)m.Line + lineOffset;
        private static int Col(Mark m) => (int)m.Column;

        private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        private static string Describe(YamlException y)
        {
            // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...): "; the location is reported separately.
            var message = y.Message;
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && cut > 0) message = message[(cut + 3)..];
            return "YAML syntax error: " + message;
        }
    }
}
