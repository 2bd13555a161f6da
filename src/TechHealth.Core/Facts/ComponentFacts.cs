namespace TechHealth.Core.Facts;

/// <summary>
/// Everything one scan learned about one component: identity from the catalog, the files that matter,
/// the technologies it uses and named facts. Harvesters fill it; the rule engine reads it; it carries no results.
/// </summary>
public sealed record ComponentFacts
{
    /// <summary>Catalog name (<c>metadata.name</c>), or the folder name when there is no catalog file.</summary>
    public required string Name { get; init; }
    public string Namespace { get; init; } = "default";
    public string? Title { get; init; }
    public string? Description { get; init; }
    /// <summary>Owner entity reference as written in <c>spec.owner</c>, normalised to <c>group:namespace/name</c>; null when unowned.</summary>
    public string? Owner { get; init; }
    public string? System { get; init; }
    /// <summary><c>spec.type</c>: service, website, library, pipeline, ...</summary>
    public string? Type { get; init; }
    public string? Lifecycle { get; init; }
    public string? Tier { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Which source and repository it came from, and the component's folder inside that repository ("" for the root).</summary>
    public required string Source { get; init; }
    public required string Repository { get; init; }
    public string Path { get; init; } = "";
    /// <summary>Repository-relative paths (forward slashes) of the files under the component's folder, for file checks.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    public IReadOnlyList<DependencyFact> Dependencies { get; init; } = [];
    /// <summary>Named facts: <c>readme.present</c>, <c>git.lastCommit</c>, <c>tests.present</c>, ... Values are strings; dates ISO-8601.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();
    /// <summary>What went wrong or was skipped while reading this component (a broken manifest, a file over the size limit).</summary>
    public IReadOnlyList<ScanIssue> Issues { get; init; } = [];
    /// <summary>Git HEAD or a content hash of the files that matter; an unchanged fingerprint lets a rescan skip the component.</summary>
    public string? Fingerprint { get; init; }

    public string Ref => $"component:{Namespace}/{Name}".ToLowerInvariant();
}

public enum ScanIssueSeverity { Warning, Error }

/// <summary>Something a harvester could not read or resolve, named by repository-relative file and line (0 when the whole file); the scan goes on.</summary>
public sealed record ScanIssue(ScanIssueSeverity Severity, string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
