using System.Text.RegularExpressions;
using TechHealth.Core.Purls;

namespace TechHealth.Scanning.Harvesters.Containers;

/// <summary>
/// A container image reference <c>[registry/]path[:tag][@digest]</c> and its purl.
/// The purl form used throughout TechHealth: <c>pkg:docker/NAMESPACE/NAME@TAG</c> where the namespace is the registry
/// host followed by the repository path (<c>pkg:docker/mcr.microsoft.com/dotnet/aspnet@10.0</c>,
/// <c>pkg:docker/bitnami/redis@7.2</c>) and Docker Hub official images have no namespace at all
/// (<c>node:22-alpine</c>, <c>docker.io/library/node:22-alpine</c> and <c>library/node:22-alpine</c> are all
/// <c>pkg:docker/node@22-alpine</c>). Keeping the registry in the namespace (rather than the purl specification's
/// <c>repository_url</c> qualifier, which radar keys drop) lets a radar entry tell mcr.microsoft.com images from Docker Hub's.
/// </summary>
public sealed partial record ImageReference(string? Registry, string Path, string? Tag, string? Digest)
{
    private static readonly HashSet<string> DockerHub = new(StringComparer.OrdinalIgnoreCase) { "docker.io", "index.docker.io", "registry-1.docker.io" };

    public static ImageReference? Parse(string text)
    {
        var t = text.Trim().Trim('"', '\'');
        if (t.Length == 0 || t.Any(char.IsWhiteSpace)) return null;
        string? digest = null;
        var at = t.IndexOf('@');
        if (at >= 0) { digest = t[(at + 1)..]; t = t[..at]; }
        string? tag = null;
        var colon = t.LastIndexOf(':');
        if (colon > t.LastIndexOf('/')) { tag = t[(colon + 1)..]; t = t[..colon]; }
        string? registry = null;
        var slash = t.IndexOf('/');
        if (slash > 0)
        {
            var first = t[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost") { registry = first.ToLowerInvariant(); t = t[(slash + 1)..]; }
        }
        if (registry is not null && DockerHub.Contains(registry)) registry = null;
        if (registry is null && t.StartsWith("library/", StringComparison.Ordinal)) t = t[8..];
        if (t.Length == 0 || !ValidPath().IsMatch(t)) return null;
        return new ImageReference(registry, t.ToLowerInvariant(), string.IsNullOrEmpty(tag) ? null : tag, string.IsNullOrEmpty(digest) ? null : digest);
    }

    /// <summary>True for Docker Hub's official images (no registry, no namespace).</summary>
    public bool IsOfficial => Registry is null && !Path.Contains('/');

    /// <summary>The tag, else the digest; null when neither is given (an implicit, moving <c>latest</c>).</summary>
    public string? Version => Tag ?? Digest;

    public PackageUrl Purl
    {
        get
        {
            var full = Registry is null ? Path : Registry + "/" + Path;
            var slash = full.LastIndexOf('/');
            return slash < 0 ? PackageUrl.Create("docker", null, full) : PackageUrl.Create("docker", full[..slash], full[(slash + 1)..]);
        }
    }

    /// <summary>The runtime an official base image stands for (<c>eclipse-temurin:21-jre</c> is java 21), when the tag says.</summary>
    public (string Runtime, string? Version)? RuntimeFact()
    {
        string? runtime = null;
        if (IsOfficial)
            runtime = Path switch
            {
                "eclipse-temurin" or "openjdk" or "amazoncorretto" or "ibm-semeru-runtimes" or "sapmachine" or "ibmjava" => "java",
                "node" => "node",
                "python" => "python",
                "golang" => "go",
                "ruby" => "ruby",
                "php" => "php",
                "rust" => "rust",
                _ => null,
            };
        else if (Registry == "mcr.microsoft.com" && Path is "dotnet/aspnet" or "dotnet/runtime" or "dotnet/sdk" or "dotnet/runtime-deps" or "dotnet/core/aspnet" or "dotnet/core/runtime" or "dotnet/core/sdk")
            runtime = "dotnet";
        if (runtime is null) return null;
        var m = Tag is null ? Match.Empty : LeadingVersion().Match(Tag);
        return (runtime, m.Success ? m.Groups[1].Value : null);
    }

    public override string ToString() => (Registry is null ? Path : Registry + "/" + Path) + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]*$")] private static partial Regex ValidPath();
    [GeneratedRegex(@"^(\d+(?:\.\d+)*)")] private static partial Regex LeadingVersion();
}
