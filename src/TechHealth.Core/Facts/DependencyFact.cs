using TechHealth.Core.Purls;

namespace TechHealth.Core.Facts;

/// <summary>What a technology is to the component: a library it links, the runtime it runs on, a container image, a CI action, or a build tool.</summary>
public enum TechnologyKind { Library, Runtime, Image, Action, Tool }

/// <summary>
/// Where in the build a technology is used, as the manifest says (Maven scopes, npm dev dependencies, plugins, parents, imported BOMs).
/// <see cref="Managed"/> is a version the build fixes in one place for whatever module uses the package (a central
/// <c>PackageVersion</c>, a Maven <c>dependencyManagement</c> or <c>pluginManagement</c> entry, a Gradle version catalog entry),
/// recorded where it is written; the modules' own declarations are recorded where they are, with that version.
/// </summary>
public enum DependencyScope { Runtime, Dev, Test, Build, Plugin, Parent, Import, Optional, Provided, Managed }

/// <summary>
/// One technology a component uses, as a careful reader of its manifests would write it down.
/// Produced by harvesters, stored per scan, matched to the radar by the rule engine.
/// </summary>
public sealed record DependencyFact
{
    /// <summary>purl type: maven, npm, pypi, nuget, cargo, golang, docker, github, runtime.</summary>
    public required string Ecosystem { get; init; }
    /// <summary>Normalised purl without version.</summary>
    public required PackageUrl Purl { get; init; }
    public TechnologyKind Kind { get; init; } = TechnologyKind.Library;
    /// <summary>The requirement as written in the manifest (<c>^4.17.0</c>, <c>${log4j.version}</c>, <c>[1.0,2.0)</c>).</summary>
    public string? Declared { get; init; }
    /// <summary>The version in use: from a lock file when there is one, else the lowest version the declaration allows.</summary>
    public string? Version { get; init; }
    /// <summary>True when the version could not be known (undefined property, open range with no lower bound).</summary>
    public bool Unresolved { get; init; }
    /// <summary>True when the version came from a lock file.</summary>
    public bool Locked { get; init; }
    public DependencyScope Scope { get; init; } = DependencyScope.Runtime;
    public bool Direct { get; init; } = true;
    /// <summary>
    /// Set when the manifest declares the dependency only for builds that meet a condition it names, which a default build
    /// may not: <c>profile:&lt;id&gt;</c> for a Maven profile that a plain build of the repository does not activate, <c>target:&lt;cfg&gt;</c> for a Cargo target table.
    /// Null when every build of the component uses it.
    /// </summary>
    public string? Condition { get; init; }
    /// <summary>Repository-relative path of the file it was read from, with forward slashes.</summary>
    public required string File { get; init; }
    public int Line { get; init; }

    /// <summary>
    /// A runtime or build tool as a manifest declares it (<c>java</c>, <c>node</c>, <c>python</c>, <c>dotnet</c>, <c>go</c>,
    /// <c>rust</c>, <c>maven</c>, ...): every harvester writes these the same way, unresolved when the version is unknown.
    /// </summary>
    public static DependencyFact Runtime(string runtime, string? declared, string? version, string file, int line,
        DependencyScope scope = DependencyScope.Runtime, TechnologyKind kind = TechnologyKind.Runtime) => new()
    {
        Ecosystem = "runtime",
        Purl = PackageUrl.Create("runtime", null, runtime),
        Kind = kind,
        Declared = declared,
        Version = version,
        Unresolved = version is null,
        Scope = scope,
        File = file,
        Line = line,
    };

    public string DisplayName => Purl.Namespace is null || Ecosystem is "npm" ? (Purl.Namespace is null ? Purl.Name : $"{Purl.Namespace}/{Purl.Name}") : Ecosystem == "maven" ? Purl.Name : $"{Purl.Namespace}/{Purl.Name}";
    public string Where => Line > 0 ? $"{File} line {Line}" : File;
}
