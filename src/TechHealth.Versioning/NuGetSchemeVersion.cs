using NuGet.Versioning;

namespace TechHealth.Versioning;

/// <summary>
/// A NuGet version, parsed and ordered by NuGet.Versioning itself: up to four numeric parts
/// (1.0.0.0 == 1.0.0), case-insensitive pre-release labels, metadata ignored.
/// </summary>
internal sealed class NuGetSchemeVersion : ParsedVersion
{
    private readonly long[] release;

    private NuGetSchemeVersion(string text, NuGetVersion version) : base(VersionScheme.NuGet, text)
    {
        Version = version;
        release = [version.Major, version.Minor, version.Patch, version.Revision];
    }

    public NuGetVersion Version { get; }
    public override bool IsPrerelease => Version.IsPrerelease;
    internal override long[] Release => release;

    internal static ParseResult<ParsedVersion> Parse(string raw)
    {
        var s = raw.Trim();
        if (s.Length == 0) return ParseResult<ParsedVersion>.Fail("empty NuGet version");
        if (s.StartsWith("$(", StringComparison.Ordinal))
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is an unresolved MSBuild property, not a version");
        return NuGetVersion.TryParse(s, out var version)
            ? ParseResult<ParsedVersion>.Ok(new NuGetSchemeVersion(s, version))
            : ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid NuGet version");
    }

    internal static NuGetSchemeVersion From(NuGetVersion version) => new(version.ToNormalizedString(), version);

    private protected override int CompareSameScheme(ParsedVersion other)
        => Math.Sign(VersionComparer.Default.Compare(Version, ((NuGetSchemeVersion)other).Version));
}
