namespace TechHealth.Scanning.Harvesters;

/// <summary>Small path operations on repository-relative paths (forward slashes, "" for the root).</summary>
public static class RepoPaths
{
    public static string FolderOf(string relativePath)
    {
        var i = relativePath.LastIndexOf('/');
        return i < 0 ? "" : relativePath[..i];
    }

    /// <summary>The folder with a trailing slash ("" for the root), ready to have a file name appended.</summary>
    public static string FolderPrefix(string relativePath)
    {
        var i = relativePath.LastIndexOf('/');
        return i < 0 ? "" : relativePath[..(i + 1)];
    }

    /// <summary>Resolves "." and ".." segments and drops empty ones; a ".." above the root is kept, so the path names no file in the repository.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join('/', parts);
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
