namespace TechHealth.Scanning.Sources;

/// <summary>
/// A local folder: either one repository (it has <c>.git</c> or a catalog file at its root) or a folder whose
/// subfolders are repositories. Hidden subfolders are not repositories. Never writes anything.
/// </summary>
public sealed class DirectorySource(string name, string path, IReadOnlyCollection<string>? catalogFileNames = null) : IRepositorySource
{
    private static readonly string[] DefaultCatalogNames = ["catalog-info.yaml", "catalog-info.yml"];

    public string Name { get; } = name;
    public string Path { get; } = path;

    /// <summary>True takes the folder as one repository whatever it holds (the caller knows it is one).</summary>
    public bool IsOneRepository { get; init; }

    public Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation)
    {
        var root = new DirectoryInfo(Path);
        if (!root.Exists) throw new DirectoryNotFoundException($"source '{Name}': folder '{Path}' does not exist");
        if (IsOneRepository || IsRepository(root, catalogFileNames ?? DefaultCatalogNames))
            return Task.FromResult<IReadOnlyList<RepositoryLocation>>([new RepositoryLocation(Name, root.Name, root.FullName)]);
        var repos = root.EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.') && d.LinkTarget is null)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new RepositoryLocation(Name, d.Name, d.FullName))
            .ToList();
        return Task.FromResult<IReadOnlyList<RepositoryLocation>>(repos);
    }

    /// <summary>True when the folder is itself a repository rather than a folder of repositories.</summary>
    public static bool IsRepository(DirectoryInfo folder, IEnumerable<string> catalogFileNames)
        => IsGitRoot(folder.FullName) || catalogFileNames.Any(n => File.Exists(System.IO.Path.Combine(folder.FullName, n)));

    /// <summary>True when the folder holds <c>.git</c>: a folder for a clone, a file for worktrees and submodules.</summary>
    public static bool IsGitRoot(string folder)
    {
        var git = System.IO.Path.Combine(folder, ".git");
        return Directory.Exists(git) || File.Exists(git);
    }
}
