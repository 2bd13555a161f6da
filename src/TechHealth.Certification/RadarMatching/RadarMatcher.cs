using System.Collections.Concurrent;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Versioning;

namespace TechHealth.Certification;

/// <summary>
/// Matches dependencies to one radar: the entry whose package pattern fits best, then the ring by the entry's
/// version rules in the ecosystem's own version order. Built once per radar and shared between threads; it caches
/// the entry and ring per package and version because a fleet reuses the same packages over and over.
/// It never reads the clock: the evaluation day is passed in, so retirement is decided by the caller's TimeProvider.
/// </summary>
public sealed class RadarMatcher
{
    private readonly Dictionary<string, (PurlPattern Pattern, RadarEntry Entry)[]> _patternsByType;
    // Keyed by the purl record itself: PackageUrl.Key builds a string on every call, too dear for the hot path.
    private readonly ConcurrentDictionary<(PackageUrl Purl, string? Version, bool Unresolved), Placement> _cache = new();
    private readonly TimeSpan _leadTime;
    private readonly HashSet<string> _testFolders;

    private sealed record Placement(RadarEntry? Entry, string? Ring, VersionRule? Rule, bool VersionUnknown)
    {
        public string PurlKey { get; init; } = "";
    }

    public RadarMatcher(Radar radar, CertificationOptions? options = null)
    {
        Radar = radar;
        _leadTime = (options ?? CertificationOptions.Default).RetirementLeadTime;
        _testFolders = new HashSet<string>((options ?? CertificationOptions.Default).TestFolders, StringComparer.OrdinalIgnoreCase);
        // Most specific first: fewer wildcards, then more literal characters; ties keep radar order (stable sort).
        _patternsByType = radar.Entries
            .SelectMany(e => e.Packages.Select(p => (Pattern: p, Entry: e)))
            .GroupBy(x => x.Pattern.Type, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(x => Wildcards(x.Pattern.Text)).ThenByDescending(x => x.Pattern.Text.Length - Wildcards(x.Pattern.Text)).ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    public Radar Radar { get; }

    /// <summary>How many distinct package-and-version placements are cached.</summary>
    public int CachedPlacements => _cache.Count;

    /// <summary>Matches one dependency as of <paramref name="today"/>.</summary>
    public RadarMatch Match(DependencyFact dependency, DateOnly today)
    {
        var placement = _cache.TryGetValue((dependency.Purl, dependency.Version, dependency.Unresolved), out var cached)
            ? cached
            : _cache.GetOrAdd((dependency.Purl, dependency.Version, dependency.Unresolved), _ => Place(dependency) with { PurlKey = dependency.Purl.Key });
        return new RadarMatch(dependency, placement.Entry, placement.Ring, placement.Rule, placement.VersionUnknown, RetirementOf(placement.Entry, today)) { PurlKey = placement.PurlKey };
    }

    /// <summary>
    /// Matches every dependency of a component as of <paramref name="today"/>, marking those found under a test folder
    /// and, for a library, judging a runtime's supported range by the best version it supports.
    /// </summary>
    public IReadOnlyList<RadarMatch> MatchAll(ComponentFacts component, DateOnly today)
    {
        var deps = component.Dependencies;
        var result = new RadarMatch[deps.Count];
        var library = string.Equals(component.Type, "library", StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < deps.Count; i++)
        {
            var match = Match(deps[i], today);
            if (library && SupportedRanges.Judge(match, Radar) is { } judged) match = judged;
            if (TestFolderOf(component.Path, deps[i].File) is { } folder) match = match with { TestFolder = folder };
            result[i] = match;
        }
        if (library) SupportedRanges.JudgeTargets(result, Radar);
        return result;
    }

    /// <summary>
    /// The folder, relative to the component, of the outermost test/fixture/example/e2e folder holding
    /// <paramref name="file"/> ("e2e/", "src/tests/"); null when none does.
    /// </summary>
    public string? TestFolderOf(string componentPath, string file)
    {
        if (_testFolders.Count == 0) return null;
        var root = componentPath.Replace('\\', '/').Trim('/');
        var path = file.Replace('\\', '/').TrimStart('/');
        if (root.Length > 0)
        {
            if (!path.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase)) return null;
            path = path[(root.Length + 1)..];
        }
        var segments = path.Split('/');
        // The last segment is the file itself; only the folders above it count.
        for (var i = 0; i < segments.Length - 1; i++)
            if (_testFolders.Contains(segments[i])) return string.Join('/', segments.Take(i + 1)) + "/";
        return null;
    }

    /// <summary>The radar entry whose patterns match the package best, or null when the technology is unlisted.</summary>
    public RadarEntry? FindEntry(PackageUrl purl)
    {
        if (!_patternsByType.TryGetValue(purl.Type, out var candidates)) return null;
        foreach (var (pattern, entry) in candidates)
            if (pattern.Matches(purl)) return entry;
        return null;
    }

    /// <summary>The retirement state of an entry on a day: past its date on or after it, retiring within the lead time.</summary>
    public RetirementState RetirementOf(RadarEntry? entry, DateOnly today)
    {
        if (entry?.RetireBy is not { } retireBy) return RetirementState.None;
        if (today >= retireBy) return RetirementState.PastRetirement;
        var daysLeft = retireBy.DayNumber - today.DayNumber;
        return daysLeft <= _leadTime.TotalDays ? RetirementState.Retiring : RetirementState.None;
    }

    private Placement Place(DependencyFact dependency)
    {
        var entry = FindEntry(dependency.Purl);
        if (entry is null) return new Placement(null, null, null, dependency.Unresolved || string.IsNullOrWhiteSpace(dependency.Version));
        if (dependency.Unresolved || string.IsNullOrWhiteSpace(dependency.Version) || IsCommit(dependency))
            return new Placement(entry, entry.Ring, null, true);
        var unknown = false;
        foreach (var rule in entry.Versions)
        {
            bool contains;
            try
            {
                // A version the scheme cannot read is in no range; it must not silently fall through to the entry's ring as if known.
                var parsed = Versions.Parse(rule.Range.Scheme, dependency.Version);
                if (!parsed.Success || parsed.Value is null) { unknown = true; break; }
                contains = rule.Range.Contains(parsed.Value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
            {
                // A version the ecosystem's order cannot read: the ring falls back to the entry's and is flagged.
                unknown = true;
                break;
            }
            if (contains) return new Placement(entry, rule.Ring, rule, false);
        }
        return new Placement(entry, entry.Ring, null, unknown);
    }

    private static int Wildcards(string text) => text.Count(c => c == '*');

    /// <summary>
    /// An action pinned to a commit (<c>actions/checkout@3d3c42e...</c>) names no version: read as one, its leading
    /// digit would put it in a range ("3 is below 5"). Its ring is the entry's, flagged as assumed.
    /// </summary>
    private static bool IsCommit(DependencyFact dependency)
        => string.Equals(dependency.Ecosystem, "github", StringComparison.OrdinalIgnoreCase)
           && dependency.Version is { Length: >= 7 and <= 64 } v && v.All(char.IsAsciiHexDigit) && v.Any(char.IsAsciiLetter);
}
