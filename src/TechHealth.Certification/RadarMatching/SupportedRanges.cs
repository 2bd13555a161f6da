using System.Text.RegularExpressions;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Versioning;

namespace TechHealth.Certification;

/// <summary>
/// Judges a library's runtime declaration as what it is: the range of runtimes the library supports
/// (<c>requires-python = "&gt;=3.10, &lt;3.15"</c>, <c>engines.node = "&gt;=18"</c>, <c>go 1.22</c> as a minimum), not
/// the runtime it runs on. A library that supports a golden version is where it should be, whatever its lowest
/// bound, so the range earns the best ring of any version it allows. Services are never judged this way: what a
/// service runs on comes from its Dockerfile, .nvmrc or global.json.
/// </summary>
internal static partial class SupportedRanges
{
    [GeneratedRegex(@"\d+(\.\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex VersionToken();

    /// <summary>The match re-judged as a supported range, or null when the declaration is not a range of a runtime this knows.</summary>
    public static RadarMatch? Judge(RadarMatch match, Radar radar)
    {
        var d = match.Dependency;
        if (d.Kind != TechnologyKind.Runtime || match.Entry is null || d.Declared is not { Length: > 0 } declared) return null;
        var range = Parse(d.Purl.Name, declared.Trim());
        if (range is null || IsSingleVersion(range)) return null;

        // Candidate versions: every bound the radar's rules name, and the declaration's own; a version between two
        // bounds is in the same rings as the bound below it, so these are enough to find the best ring the range reaches.
        var candidates = match.Entry.Versions.SelectMany(r => VersionToken().Matches(r.Range.Text).Select(m => m.Value))
            .Concat(VersionToken().Matches(declared).Select(m => m.Value))
            .Distinct(StringComparer.Ordinal)
            .Where(v => Allows(range, v))
            .OrderBy(v => v, Versions.Comparer(VersionScheme.Generic))
            .ToList();
        if (candidates.Count == 0) return null;

        var ringOrder = radar.Rings.Select(r => r.Id).ToList();
        int Rank(string? ring) => ring is null ? int.MaxValue : ringOrder.FindIndex(r => r.Equals(ring, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i : int.MaxValue - 1;
        (string Version, string Ring, VersionRule? Rule)? best = null;
        foreach (var version in candidates)
        {
            var (ring, rule) = RingOf(match.Entry, version);
            if (best is null || Rank(ring) < Rank(best.Value.Ring)) best = (version, ring, rule);
        }
        return match with { Ring = best!.Value.Ring, Rule = best.Value.Rule, VersionUnknown = false, SupportedRange = declared, SupportedVersion = best.Value.Version };
    }

    /// <summary>
    /// A library's several targets of one runtime in one file (<c>&lt;TargetFrameworks&gt;net8.0;net10.0&lt;/TargetFrameworks&gt;</c>)
    /// are the set of runtimes it supports: each gets the best ring among them, and says which target earned it.
    /// </summary>
    public static void JudgeTargets(RadarMatch[] matches, Radar radar)
    {
        var ringOrder = radar.Rings.Select(r => r.Id).ToList();
        int Rank(string? ring) => ring is null ? int.MaxValue : ringOrder.FindIndex(r => r.Equals(ring, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i : int.MaxValue - 1;
        var groups = Enumerable.Range(0, matches.Length)
            .Where(i => matches[i].Dependency.Kind == TechnologyKind.Runtime && matches[i].Entry is not null && matches[i].SupportedRange is null && !matches[i].VersionUnknown)
            .GroupBy(i => (matches[i].Dependency.Purl.Name, matches[i].Dependency.File))
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var best = group.MinBy(i => Rank(matches[i].Ring));
            var targets = string.Join(";", group.Select(i => matches[i].Dependency.Declared ?? matches[i].Dependency.Version).Distinct());
            foreach (var i in group)
                if (i != best && Rank(matches[i].Ring) > Rank(matches[best].Ring))
                    matches[i] = matches[i] with { Ring = matches[best].Ring, Rule = matches[best].Rule, SupportedRange = targets, SupportedVersion = matches[best].Dependency.Version };
        }
    }

    private static VersionRange? Parse(string runtime, string declared)
    {
        var parsed = runtime.ToLowerInvariant() switch
        {
            "python" => VersionRange.ParseNative(declared, VersionScheme.Pep440),
            "node" => VersionRange.ParseNative(declared, "npm"),
            // go.mod's go line and Cargo's rust-version are minimums: every newer toolchain builds the library.
            "go" or "rust" when VersionToken().Match(declared) is { Success: true } m && m.Value == declared.TrimStart('v')
                => VersionRange.ParseComparators(">=" + m.Value, VersionScheme.Generic),
            _ => ParseResult<VersionRange>.Fail("not a range this judges"),
        };
        return parsed.Success ? parsed.Value : null;
    }

    private static bool IsSingleVersion(VersionRange range)
        => range.LowestVersion is not null && range.UpperBoundInclusive && string.Equals(range.LowestVersion, range.UpperBound, StringComparison.Ordinal);

    private static bool Allows(VersionRange range, string version)
    {
        // npm ranges compare full SemVer versions: "24" is read as 24.0.0.
        var text = range.Scheme == VersionScheme.SemVer ? string.Join('.', (version + ".0.0").Split('.').Take(3)) : version;
        try { return range.Contains(text); }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException) { return false; }
    }

    private static (string Ring, VersionRule? Rule) RingOf(RadarEntry entry, string version)
    {
        foreach (var rule in entry.Versions)
        {
            try { if (rule.Range.Contains(version)) return (rule.Ring, rule); }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException) { }
        }
        return (entry.Ring, null);
    }
}
