using TechHealth.Core.Catalog;

namespace TechHealth.Scanning.Sources;

/// <summary>One repository found in a source: where it is on disk and the key a scan run records it under.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Name">The repository's name (its folder name).</param>
/// <param name="Root">The folder on disk.</param>
public sealed record RepositoryLocation(string Source, string Name, string Root)
{
    /// <summary><c>source/repository</c>: stable across runs, the key previous fingerprints are looked up by.</summary>
    public string Key => $"{Source}/{Name}";

    /// <summary>Why the repository could not be made available (a clone refused, over the size limit); it is recorded as failed and not scanned.</summary>
    public string? Error { get; init; }

    /// <summary>True when this run cloned or fetched it; false when the copy on disk was already the remote's head (or it is a local folder).</summary>
    public bool Fetched { get; init; }

    /// <summary>The repository's host-independent path (<c>org/name</c>, <c>group/sub/name</c>) when it came from a remote; catalog inventories match components by it.</summary>
    public string? Slug { get; init; }

    /// <summary>Component entities an inventory (the Backstage catalog) holds for this repository, each with its folder in <see cref="CatalogEntity.File"/>; the repository's own catalog files win over them.</summary>
    public IReadOnlyList<CatalogEntity> CatalogEntities { get; init; } = [];
}

/// <summary>
/// A place repositories come from. Owns getting them onto local disk (a no-op for folders, clone or update for
/// git) and listing them; it must not read their contents beyond deciding what is a repository.
/// </summary>
public interface IRepositorySource
{
    string Name { get; }

    /// <summary>Makes the repositories available locally and lists them. A repository that cannot be had is listed with its <see cref="RepositoryLocation.Error"/>; a source that cannot be read at all throws.</summary>
    Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation);
}
