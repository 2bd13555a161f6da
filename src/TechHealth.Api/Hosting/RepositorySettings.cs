using Microsoft.Extensions.Configuration.Json;

namespace TechHealth.Api.Hosting;

/// <summary>
/// Finds the <c>appsettings.json</c> a user edits: the one at the root of the repository the service runs from (the
/// nearest folder at or above the working directory holding <c>radar/</c> and <c>checks/</c>). Builds copy that file
/// beside the executable, so a published service reads its own copy; run from the repository, the service reads the
/// repository's file itself and an edit takes effect without a rebuild.
/// </summary>
public static class RepositorySettings
{
    public const string FileName = "appsettings.json";

    /// <summary>The repository's settings file at or above <paramref name="workingDirectory"/>, or null when not run from a repository that has one.</summary>
    public static string? Find(string workingDirectory)
    {
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            if (!Directory.Exists(Path.Combine(dir.FullName, "radar")) || !Directory.Exists(Path.Combine(dir.FullName, "checks"))) continue;
            var file = Path.Combine(dir.FullName, FileName);
            return File.Exists(file) ? file : null;
        }
        return null;
    }

    /// <summary>
    /// Puts the repository's file right after the executable's copy (so it wins over the copy, and environment-specific
    /// files, environment variables and the command line still win over it). Nothing changes outside a repository.
    /// A <paramref name="settingsFile"/> (<c>--settings FILE</c>, relative to the working directory) comes right after
    /// that, so one command can run against another set of sources without editing appsettings.json.
    /// </summary>
    public static void Add(IConfigurationBuilder configuration, string workingDirectory, string? settingsFile = null)
    {
        var sources = configuration.Sources;
        var at = 0;
        for (var i = 0; i < sources.Count; i++)
            if (sources[i] is JsonConfigurationSource { Path: FileName }) { at = i + 1; break; }
        if (Find(workingDirectory) is { } file) sources.Insert(at++, Json(file));
        if (!string.IsNullOrWhiteSpace(settingsFile))
        {
            var path = Path.GetFullPath(settingsFile, workingDirectory);
            if (!File.Exists(path)) throw new FileNotFoundException($"--settings: there is no file {path}.", path);
            sources.Insert(at, Json(path));
        }
    }

    private static JsonConfigurationSource Json(string path)
    {
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        return source;
    }
}
