namespace TechHealth.Scanning.Sources;

/// <summary>One repository found in a source: where it is on disk and the key a scan run records it under.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Name">The repository's name (its folder name).</param>
/// <param name="Root">The folder on disk.</param>
public sealed record RepositoryLocation(string Source, string Name, string Root)
{
    /// <summary><c>source/repository</c>: stable across runs, the key previous fingerprints are looked up by.</summary>
    public string Key => $"{Source}/{Name}";
}

/// <summary>
/// A place repositories come from. Owns getting them onto local disk (a no-op for folders, clone or update for
/// git) and listing them; it must not read their contents beyond deciding what is a repository.
/// </summary>
public interface IRepositorySource
{
    string Name { get; }

    /// <summary>Makes the repositories available locally and lists them.</summary>
    Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation);
}
