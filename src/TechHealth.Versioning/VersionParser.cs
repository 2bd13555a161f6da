namespace TechHealth.Versioning;

/// <summary>Routes a version text to its scheme's parser. Uncached; callers go through <see cref="VersionCache"/>.</summary>
internal static class VersionParser
{
    public static ParseResult<ParsedVersion> Parse(VersionScheme scheme, string text)
    {
        if (text is null) return ParseResult<ParsedVersion>.Fail("missing version");
        return scheme switch
        {
            VersionScheme.SemVer or VersionScheme.Go => SemVerVersion.Parse(scheme, text, allowPartial: false),
            VersionScheme.Generic or VersionScheme.ContainerTag => NumericVersion.Parse(scheme, text),
            VersionScheme.Maven => MavenVersion.Parse(text),
            VersionScheme.Pep440 => Pep440Version.Parse(text),
            VersionScheme.NuGet => NuGetSchemeVersion.Parse(text),
            _ => ParseResult<ParsedVersion>.Fail($"unknown version scheme {scheme}"),
        };
    }

    /// <summary>
    /// A version written as a range bound: like <see cref="Parse"/>, but SemVer and Go accept the partial
    /// forms people write in comparators (<c>&lt;3</c>, <c>&gt;=1.2</c>) and fill the missing parts with zeros.
    /// </summary>
    public static ParseResult<ParsedVersion> ParseBound(VersionScheme scheme, string text)
        => scheme is VersionScheme.SemVer or VersionScheme.Go
            ? SemVerVersion.Parse(scheme, text, allowPartial: true)
            : VersionCache.Get(scheme, text.Trim());
}
