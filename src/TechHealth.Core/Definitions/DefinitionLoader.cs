using System.Security.Cryptography;
using System.Text;
using TechHealth.Core.Yaml;

namespace TechHealth.Core.Definitions;

/// <summary>One half of the definitions (radar or check set) with the problems found loading it.</summary>
/// <param name="Value">Built from every part that was valid; still set when there are errors, so the other half can be checked against it.</param>
/// <param name="Version">SHA-256 (hex) of the names and contents of the files read.</param>
public sealed record DefinitionPart<T>(T Value, IReadOnlyList<DefinitionProblem> Problems, string Version)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Loads <c>radar/</c> and <c>checks/</c> into the core model and validates them together, returning every problem
/// at once with file, line and column. Reads only the top level of each folder (<c>*.yaml</c>, <c>*.yml</c>, in
/// ordinal name order) through <see cref="SafeYaml"/>. Never throws for bad content; does no evaluation.
/// </summary>
public static class DefinitionLoader
{
    /// <summary>Loads both folders. <see cref="DefinitionLoadResult.Definitions"/> is null when any error was found.</summary>
    public static DefinitionLoadResult Load(string radarDir, string checksDir, TimeProvider clock, YamlLimits? limits = null)
    {
        var radar = LoadRadar(radarDir, limits);
        var checks = LoadChecks(checksDir, radar.Value, clock, limits);
        var problems = radar.Problems.Concat(checks.Problems).ToList();
        var version = Hex(SHA256.HashData(Encoding.ASCII.GetBytes(radar.Version + checks.Version)));
        var set = problems.Any(p => p.Severity == ProblemSeverity.Error)
            ? null
            : new DefinitionSet(radar.Value, checks.Value, version, clock.GetUtcNow());
        return new DefinitionLoadResult(set, problems);
    }

    public static DefinitionPart<Radar> LoadRadar(string radarDir, YamlLimits? limits = null)
    {
        var problems = new List<DefinitionProblem>();
        var files = ReadFolder(radarDir, "radar", problems, limits, out var version);
        var radar = new RadarReader().Read(files);
        return new DefinitionPart<Radar>(radar, problems, version);
    }

    public static DefinitionPart<CheckSet> LoadChecks(string checksDir, Radar radar, TimeProvider clock, YamlLimits? limits = null)
    {
        var problems = new List<DefinitionProblem>();
        var files = ReadFolder(checksDir, "checks", problems, limits, out var version);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var checks = new CheckSetReader(radar, today).Read(files);
        return new DefinitionPart<CheckSet>(checks, problems, version);
    }

    /// <summary>A definitions file whose YAML could be read, with its root mapping.</summary>
    internal sealed record LoadedFile(DefinitionFile File, YamlMap Root);

    private static List<LoadedFile> ReadFolder(string dir, string what, List<DefinitionProblem> problems, YamlLimits? limits, out string version)
    {
        var result = new List<LoadedFile>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!Directory.Exists(dir))
        {
            problems.Add(new DefinitionProblem(ProblemSeverity.Error, new SourceLocation(dir, 0, 0), $"the {what} folder does not exist"));
            version = Hex(hash.GetHashAndReset());
            return result;
        }
        var paths = Directory.EnumerateFiles(dir)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
            problems.Add(new DefinitionProblem(ProblemSeverity.Error, new SourceLocation(dir, 0, 0), $"the {what} folder holds no .yaml files"));
        foreach (var path in paths)
        {
            var file = new DefinitionFile(path, problems);
            var read = ReadYaml(path, limits ?? YamlLimits.Default, hash);
            foreach (var issue in read.Issues)
                problems.Add(new DefinitionProblem(ProblemSeverity.Error, new SourceLocation(path, issue.Line, issue.Column), issue.Message));
            var documents = read.Documents.Where(d => d.Root is not null).ToList();
            if (documents.Count == 0)
            {
                if (read.Issues.Count == 0) file.Warning(null, "the file is empty");
                continue;
            }
            if (documents.Count > 1)
                file.Error(documents[1].Root, $"the file holds {documents.Count} YAML documents; a definitions file holds one (remove the extra '---')");
            if (file.Map(documents[0].Root, "the file's top level") is { } root) result.Add(new LoadedFile(file, root));
        }
        version = Hex(hash.GetHashAndReset());
        return result;
    }

    private static YamlReadResult ReadYaml(string path, YamlLimits limits, IncrementalHash hash)
    {
        var info = new FileInfo(path);
        hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path) + "\0"));
        // The size test comes before reading, so a huge file is never pulled into memory.
        if (info.Length > limits.MaxBytes)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{info.Length}\0"));
            return SafeYaml.ReadFile(path, limits);
        }
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new YamlReadResult([], [new YamlIssue(0, 0, $"cannot read the file: {e.Message}")]);
        }
        hash.AppendData(bytes);
        hash.AppendData("\0"u8);
        return SafeYaml.Read(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), limits);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
