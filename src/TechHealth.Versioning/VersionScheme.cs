namespace TechHealth.Versioning;

/// <summary>
/// The version ordering rules of one ecosystem. Versions are never compared as strings:
/// every comparison goes through the scheme of the ecosystem the version came from.
/// </summary>
public enum VersionScheme
{
    /// <summary>Maven's ComparableVersion order (qualifiers alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp).</summary>
    Maven,
    /// <summary>PEP 440 (epochs, pre, post, dev and local versions).</summary>
    Pep440,
    /// <summary>SemVer 2 as npm and Cargo use it.</summary>
    SemVer,
    /// <summary>Go modules: SemVer with a <c>v</c> prefix, <c>+incompatible</c> and pseudo-versions.</summary>
    Go,
    /// <summary>NuGet's four-part versions (via NuGet.Versioning).</summary>
    NuGet,
    /// <summary>Container image tags such as <c>21-jre</c>, <c>3.12-slim</c>, <c>8.0</c>: numeric prefix, variant suffix.</summary>
    ContainerTag,
    /// <summary>Dotted numbers with an optional suffix; runtimes (<c>21</c>, <c>3.12</c>, <c>1.23.4</c>) and CI action refs (<c>v4</c>).</summary>
    Generic,
}

/// <summary>Either a value or a message that says what is wrong with the input.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Error)
{
    public bool Success => Error is null;
    public static ParseResult<T> Ok(T value) => new(value, null);
    public static ParseResult<T> Fail(string error) => new(default, error);
}
