namespace TechHealth.Core.Catalog;

/// <summary>One Backstage entity read from a catalog file (any kind), with where it was found.</summary>
public sealed record CatalogEntity
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public string Namespace { get; init; } = "default";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The entity's <c>spec</c> flattened to strings (owner, type, lifecycle, system, parent, ...); lists joined by comma.</summary>
    public IReadOnlyDictionary<string, string> Spec { get; init; } = new Dictionary<string, string>();
    /// <summary>Group children from <c>spec.children</c>.</summary>
    public IReadOnlyList<string> Children { get; init; } = [];
    public string File { get; init; } = "";
    public int Line { get; init; }

    public EntityRef Ref => new(Kind.ToLowerInvariant(), Namespace.ToLowerInvariant(), Name.ToLowerInvariant());
    public string? SpecValue(string key) => Spec.TryGetValue(key, out var v) ? v : null;
}

/// <summary>A team or department from a Backstage <c>Group</c>: its type and its parent.</summary>
public sealed record OrgGroup(string Ref, string Name, string? Title, string Type, string? ParentRef);
