namespace TechHealth.Versioning;

/// <summary>Entry points for ordering versions of any ecosystem.</summary>
public static class Versions
{
    /// <summary>Maps a purl type (maven, npm, pypi, nuget, cargo, golang, docker, github, runtime, ...) to its scheme.</summary>
    public static VersionScheme SchemeForPurlType(string purlType) => purlType.ToLowerInvariant() switch
    {
        "maven" or "gradle" => VersionScheme.Maven,
        "pypi" => VersionScheme.Pep440,
        "npm" or "cargo" => VersionScheme.SemVer,
        "golang" => VersionScheme.Go,
        "nuget" => VersionScheme.NuGet,
        "docker" or "oci" => VersionScheme.ContainerTag,
        _ => VersionScheme.Generic,
    };

    /// <summary>Compares two versions by the scheme's own rules: negative, zero or positive.</summary>
    public static int Compare(VersionScheme scheme, string left, string right)
        => throw new NotSupportedException("placeholder: the versioning work replaces this");
}
