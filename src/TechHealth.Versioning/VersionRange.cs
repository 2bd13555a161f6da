namespace TechHealth.Versioning;

/// <summary>
/// A set of versions of one scheme, parsed from either the radar's comparator syntax or the syntax
/// the ecosystem's manifests use. Immutable and safe to share between threads.
/// </summary>
public sealed class VersionRange
{
    private VersionRange(string text, VersionScheme scheme) { Text = text; Scheme = scheme; }

    /// <summary>The range as written.</summary>
    public string Text { get; }
    public VersionScheme Scheme { get; }

    /// <summary>The lowest version the range allows, when it has an inclusive lower bound; null otherwise.</summary>
    public string? LowestVersion => null;

    /// <summary>True when <paramref name="version"/> lies in the range, by the scheme's own order.</summary>
    public bool Contains(string version) => throw new NotSupportedException("placeholder");

    /// <summary>The radar's syntax: space-separated comparators (<c>&gt;=2.17.1 &lt;3</c>) joined by <c>||</c>; a bare version is an exact match.</summary>
    public static ParseResult<VersionRange> ParseComparators(string text, VersionScheme scheme)
        => ParseResult<VersionRange>.Ok(new VersionRange(text, scheme));

    /// <summary>The manifests' syntax for the scheme: npm ranges, Cargo requirements, Maven and NuGet intervals, PEP 440 specifiers, Go exact versions.</summary>
    public static ParseResult<VersionRange> ParseNative(string text, VersionScheme scheme)
        => ParseResult<VersionRange>.Ok(new VersionRange(text, scheme));
}
