namespace TechHealth.Core.Definitions;

/// <summary>
/// A file glob over component-relative paths with forward slashes: <c>*</c> (within one path segment),
/// <c>?</c> (one character, not a slash), <c>**</c> (any number of whole segments, including none) and
/// <c>{a,b}</c> (alternatives, nestable). Matching is case-insensitive because repositories are not consistent
/// about <c>README.md</c> versus <c>readme.md</c>. Owns matching only; it never touches the file system.
/// </summary>
public sealed class Glob
{
    private readonly string[][] _alternatives;

    private Glob(string text, string[][] alternatives)
    {
        Text = text;
        _alternatives = alternatives;
        IsLiteral = alternatives.Length == 1 && alternatives[0].All(s => s.IndexOfAny(['*', '?']) < 0);
        Literal = IsLiteral ? string.Join('/', alternatives[0]) : null;
    }

    public string Text { get; }

    /// <summary>True when the glob names exactly one path (no wildcard, no alternatives).</summary>
    public bool IsLiteral { get; }

    /// <summary>The single path a literal glob names.</summary>
    public string? Literal { get; }

    public static Glob Parse(string text)
    {
        var trimmed = text.Trim().Replace('\\', '/').TrimStart('/');
        if (trimmed.StartsWith("./")) trimmed = trimmed[2..];
        if (trimmed.Length == 0) throw new FormatException("the file glob is empty");
        var expanded = Expand(trimmed);
        return new Glob(text, expanded.Select(e => e.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToArray());
    }

    public bool IsMatch(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var alt in _alternatives)
            if (MatchSegments(alt, 0, segments, 0)) return true;
        return false;
    }

    private static bool MatchSegments(string[] pattern, int pi, string[] path, int si)
    {
        while (pi < pattern.Length)
        {
            if (pattern[pi] == "**")
            {
                // Collapse runs of ** and try every split point.
                while (pi < pattern.Length && pattern[pi] == "**") pi++;
                if (pi == pattern.Length) return true;
                for (var k = si; k < path.Length; k++)
                    if (MatchSegments(pattern, pi, path, k)) return true;
                return false;
            }
            if (si >= path.Length || !MatchSegment(pattern[pi], path[si])) return false;
            pi++; si++;
        }
        return si == path.Length;
    }

    private static bool MatchSegment(string pattern, string text)
    {
        // Iterative wildcard match with single-star backtracking: linear enough and immune to catastrophic cases.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static List<string> Expand(string text)
    {
        var open = text.IndexOf('{');
        if (open < 0) return [text];
        var depth = 0;
        var close = -1;
        var commas = new List<int>();
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}') { if (--depth == 0) { close = i; break; } }
            else if (text[i] == ',' && depth == 1) commas.Add(i);
        }
        if (close < 0) throw new FormatException($"the file glob '{text}' has a '{{' without its '}}'");
        var prefix = text[..open];
        var suffix = text[(close + 1)..];
        var parts = new List<string>();
        var start = open + 1;
        foreach (var c in commas) { parts.Add(text[start..c]); start = c + 1; }
        parts.Add(text[start..close]);
        var result = new List<string>();
        foreach (var part in parts)
            result.AddRange(Expand(prefix + part + suffix));
        if (result.Count > 256) throw new FormatException($"the file glob '{text}' expands to more than 256 alternatives");
        return result;
    }

    public override string ToString() => Text;
}
