using System.Text.RegularExpressions;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>A PEP 508 requirement: <c>name[extras] specifier ; marker</c> or <c>name @ url ; marker</c>.</summary>
public sealed record Pep508Requirement(string Name, IReadOnlyList<string> Extras, string Specifier, string? Url, string? Marker);

/// <summary>
/// Python requirement strings and version constraints: PEP 508 parsing, PEP 503 names, and the lowest version a
/// PEP 440 specifier or a Poetry constraint allows. Pure functions over text; no file access.
/// </summary>
public static partial class Pep508
{
    public static Pep508Requirement? Parse(string text)
    {
        var m = Requirement().Match(text.Trim());
        if (!m.Success) return null;
        var extras = m.Groups["extras"].Success
            ? m.Groups["extras"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var specifier = m.Groups["spec"].Value.Trim().TrimStart('(').TrimEnd(')').Replace(" ", "");
        return new Pep508Requirement(m.Groups["name"].Value, extras, specifier,
            m.Groups["url"].Success ? m.Groups["url"].Value.Trim() : null,
            m.Groups["marker"].Success ? m.Groups["marker"].Value.Trim() : null);
    }

    /// <summary>PEP 503: lowercase, runs of <c>-_.</c> become one dash.</summary>
    public static string Normalize(string name) => Separators().Replace(name.ToLowerInvariant(), "-");

    /// <summary>The lowest version a PEP 440 specifier set allows; null when it has no inclusive floor (<c>&lt;2</c>, <c>&gt;1.0</c>, empty).</summary>
    public static string? Lowest(string specifier)
    {
        var text = specifier.Trim();
        if (text.Length == 0 || text == "*") return null;
        var parsed = VersionRange.ParseNative(text, "pypi");
        if (parsed.Success) return parsed.Value!.LowestVersion;
        return Floor(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Poetry's constraint syntax: <c>^1.2</c>, <c>~1.2</c>, <c>1.2.*</c>, a bare <c>1.2.3</c> (exact), PEP 440 comparators,
    /// alternatives joined by <c>||</c>. The lowest floor among the alternatives wins.
    /// </summary>
    public static string? LowestPoetry(string constraint)
    {
        string? lowest = null;
        foreach (var alternative in constraint.Split(["||", "|"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = alternative.Split([',', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var floor = Floor(parts.Select(p => p.StartsWith('^') || (p.StartsWith('~') && !p.StartsWith("~=")) ? ">=" + p.TrimStart('^', '~') : p));
            if (floor is null) return null;
            if (lowest is null || Versions.Compare(VersionScheme.Pep440, floor, lowest) < 0) lowest = floor;
        }
        return lowest;
    }

    private static string? Floor(IEnumerable<string> comparators)
    {
        string? floor = null;
        foreach (var raw in comparators)
        {
            var op = new string(raw.TakeWhile(c => c is '=' or '>' or '<' or '!' or '~').ToArray());
            var version = raw[op.Length..].Trim();
            if (version.EndsWith(".*", StringComparison.Ordinal)) version = version[..^2];
            if (version.Length == 0 || version == "*") continue;
            if (op is "" or "==" or "===" or ">=" or "~=" && (floor is null || Versions.Compare(VersionScheme.Pep440, version, floor) > 0))
                floor = version;
        }
        return floor;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?\s*(?:@\s*(?<url>[^;\s]+(?:\s+[^;\s]+)*?)|(?<spec>\(?[<>=!~][^;]*?\)?))?\s*(?:;\s*(?<marker>.*))?$")]
    private static partial Regex Requirement();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
