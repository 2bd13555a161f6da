namespace TechHealth.Api.Hosting;

/// <summary>Turns the configured relative paths into absolute ones, from one root chosen once at start.</summary>
public sealed class WorkspacePaths
{
    public WorkspacePaths(string root) => Root = System.IO.Path.GetFullPath(root);

    public string Root { get; }

    public string Resolve(string path) => System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, path));

    /// <summary>
    /// The configured root, or else the nearest folder at or above <paramref name="start"/> (then above the executable)
    /// that holds both <c>radar/</c> and <c>checks/</c> (the repository), or else <paramref name="start"/> itself.
    /// </summary>
    public static WorkspacePaths Discover(string? configuredRoot, string start)
    {
        if (!string.IsNullOrWhiteSpace(configuredRoot)) return new WorkspacePaths(configuredRoot);
        // From the working directory first; then from the executable's folder, so a build run from elsewhere
        // still finds the repository it was built in.
        return FindUp(start) ?? FindUp(AppContext.BaseDirectory) ?? new WorkspacePaths(start);
    }

    private static WorkspacePaths? FindUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "radar")) && Directory.Exists(System.IO.Path.Combine(dir.FullName, "checks")))
                return new WorkspacePaths(dir.FullName);
        }
        return null;
    }
}
