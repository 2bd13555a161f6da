namespace TechHealth.Versioning;

/// <summary>
/// Entry points for ordering versions of any ecosystem. Owns the choice of scheme rules and the parse cache;
/// it never compares versions as strings and never throws on malformed input (see <see cref="Compare"/>).
/// </summary>
public static class Versions
{
    /// <summary>Maps a purl type (maven, npm, pypi, nuget, cargo, golang, docker, github, runtime, ...) to its scheme.</summary>
    public static VersionScheme SchemeForPurlType(string purlType) => (purlType ?? "").ToLowerInvariant() switch
    {
        "maven" or "gradle" => VersionScheme.Maven,
        "pypi" => VersionScheme.Pep440,
        "npm" or "cargo" or "helm" => VersionScheme.SemVer,
        "golang" => VersionScheme.Go,
        "nuget" => VersionScheme.NuGet,
        "docker" or "oci" => VersionScheme.ContainerTag,
        _ => VersionScheme.Generic,
    };

    /// <summary>
    /// Compares two versions by the scheme's own rules: negative, zero or positive. A malformed version
    /// sorts below every well-formed one (and malformed ones among themselves ordinally), so sorting a
    /// list with garbage in it still works; use <see cref="IsValid"/> to reject garbage with a message.
    /// </summary>
    public static int Compare(VersionScheme scheme, string left, string right)
    {
        if (string.Equals(left, right, StringComparison.Ordinal)) return 0;
        var l = VersionCache.Get(scheme, left ?? "");
        var r = VersionCache.Get(scheme, right ?? "");
        if (l.Success && r.Success) return l.Value!.CompareTo(r.Value!);
        if (l.Success) return 1;
        if (r.Success) return -1;
        return Math.Sign(string.CompareOrdinal(left, right));
    }

    /// <summary>An <see cref="IComparer{T}"/> over version texts of one scheme, for sorting.</summary>
    public static IComparer<string> Comparer(VersionScheme scheme) => SchemeComparer.For(scheme);

    /// <summary>Parses a version; the result carries a message naming the text and what is wrong with it.</summary>
    public static ParseResult<ParsedVersion> Parse(VersionScheme scheme, string text) => VersionCache.Get(scheme, text ?? "");

    public static bool TryParse(VersionScheme scheme, string text, out ParsedVersion? version, out string? error)
    {
        var result = Parse(scheme, text);
        version = result.Value;
        error = result.Error;
        return result.Success;
    }

    public static bool IsValid(VersionScheme scheme, string text, out string? error)
    {
        error = Parse(scheme, text).Error;
        return error is null;
    }

    /// <summary>The major version (first release number), or null when the text is not a valid version.</summary>
    public static int? Major(VersionScheme scheme, string text) => Parse(scheme, text).Value?.Major;

    /// <summary>True for a pre-release by the scheme's rules; false for releases and for malformed text.</summary>
    public static bool IsPrerelease(VersionScheme scheme, string text) => Parse(scheme, text).Value?.IsPrerelease ?? false;

    /// <summary>
    /// The highest well-formed version of <paramref name="versions"/> by the scheme's order, skipping malformed
    /// ones and, unless asked, pre-releases; null when none qualifies. For "is this the latest?" freshness checks.
    /// </summary>
    public static string? Max(VersionScheme scheme, IEnumerable<string> versions, bool includePrereleases = false)
    {
        ParsedVersion? best = null;
        foreach (var text in versions)
        {
            if (Parse(scheme, text).Value is not { } v) continue;
            if (v.IsPrerelease && !includePrereleases) continue;
            if (best is null || v.CompareTo(best) > 0) best = v;
        }
        return best?.Text;
    }

    /// <summary>
    /// Splits a container tag into its numeric version and its variant:
    /// <c>22-alpine3.20</c> gives (<c>22</c>, <c>alpine3.20</c>), <c>8.0</c> gives (<c>8.0</c>, null),
    /// <c>latest</c> gives (null, <c>latest</c>).
    /// </summary>
    public static (string? Version, string? Variant) SplitContainerTag(string tag) => NumericVersion.Split(tag ?? "");

    private sealed class SchemeComparer(VersionScheme scheme) : IComparer<string>
    {
        private static readonly SchemeComparer[] All =
            Enum.GetValues<VersionScheme>().Select(s => new SchemeComparer(s)).ToArray();

        public static SchemeComparer For(VersionScheme scheme) => All[(int)scheme];

        public int Compare(string? x, string? y) => Versions.Compare(scheme, x ?? "", y ?? "");
    }
}
