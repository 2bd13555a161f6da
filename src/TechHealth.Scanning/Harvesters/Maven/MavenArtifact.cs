using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>
/// A Maven-coordinate artifact as a dependency fact, and the lower bound of a Maven version range. Shared by the Maven
/// and Gradle harvesters, which both declare artifacts of Maven repositories (<c>pkg:maven/group/artifact</c>).
/// Knows nothing of either build's files; each harvester decides what a declaration means before calling it.
/// </summary>
internal static class MavenArtifact
{
    public static DependencyFact Fact(string file, string group, string artifact, string? declared, string? version, bool unresolved, DependencyScope scope, int line)
        => new()
        {
            Ecosystem = "maven",
            Purl = PackageUrl.Create("maven", group, artifact),
            Declared = declared,
            Version = unresolved ? null : version,
            Unresolved = unresolved,
            Scope = scope,
            File = file,
            Line = line,
        };

    /// <summary>
    /// The lowest version a range (<c>[1.0,2.0)</c>) allows, or null when it has no inclusive lower bound.
    /// A range the version library refuses still gives its written lower bound when that bound is inclusive.
    /// </summary>
    public static string? LowestOfRange(string range)
    {
        var parsed = VersionRange.ParseNative(range, "maven");
        if (parsed.Success) return parsed.Value!.LowestVersion;
        if (range[0] != '[') return null;
        var end = range.IndexOfAny([',', ']']);
        var lower = end < 0 ? "" : range[1..end].Trim();
        return lower.Length > 0 ? lower : null;
    }
}
