using System.Text.RegularExpressions;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// What version a declaration stands for when no lock file says: the lowest version the declaration allows,
/// read with the ecosystem's own range syntax. Owns that one decision for every harvester.
/// </summary>
public static partial class DeclaredVersion
{
    /// <summary>The lowest allowed version, or null (unresolved) when the declaration has no inclusive lower bound or is not a version at all.</summary>
    public static string? Lowest(string? declared, VersionScheme scheme)
    {
        if (string.IsNullOrWhiteSpace(declared)) return null;
        var text = declared.Trim();
        // An exact version stands for itself in every ecosystem (NuGet's bare version is a minimum, which is itself).
        if (PlainVersion().IsMatch(text)) return scheme == VersionScheme.Go ? text : text.TrimStart('v', 'V');
        var parsed = VersionRange.ParseNative(text, scheme);
        return parsed.Success ? parsed.Value?.LowestVersion : null;
    }

    [GeneratedRegex(@"^[vV]?\d+(\.\d+){0,3}([-+.][0-9A-Za-z.+-]+)?$")]
    private static partial Regex PlainVersion();
}
