namespace TechHealth.Scanning.Harvesters;

/// <summary>Small path operations on repository-relative paths (forward slashes, "" for the root).</summary>
public static class RepoPaths
{
    public static string FolderOf(string relativePath)
    {
        var i = relativePath.LastIndexOf('/');
        return i < 0 ? "" : relativePath[..i];
    }

    public static string FileName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    public static string Combine(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>The folder and each of its ancestors up to the root, nearest first.</summary>
    public static IEnumerable<string> SelfAndAncestors(string folder)
    {
        while (true)
        {
            yield return folder;
            if (folder.Length == 0) yield break;
            folder = FolderOf(folder);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsUnder(string path, string folder)
        => folder.Length == 0 || path == folder || (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal));
}
