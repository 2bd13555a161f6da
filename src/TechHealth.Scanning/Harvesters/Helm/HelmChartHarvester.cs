using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Core.Yaml;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Helm;

/// <summary>
/// Helm charts: the <c>dependencies:</c> of a <c>Chart.yaml</c> (apiVersion v2; v1 charts keep them in
/// <c>requirements.yaml</c>), each <c>pkg:helm/NAME</c> with its version constraint, and the version Helm resolved from
/// <c>Chart.lock</c> (<c>requirements.lock</c>) beside it. A dependency served from the chart's own folder
/// (<c>file://</c>) is part of the repository, not a dependency. Images in values files are the container harvester's.
/// </summary>
public sealed class HelmChartHarvester : IHarvester
{
    private const long MaxNodes = 100_000;

    public string Name => "helm";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) is "Chart.yaml" or "Chart.lock" or "requirements.yaml" or "requirements.lock";

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = repository.Files.ToHashSet(StringComparer.Ordinal);
        foreach (var file in repository.Files)
        {
            var name = RepoPaths.FileName(file);
            if (name is not ("Chart.yaml" or "requirements.yaml")) continue;
            var lockFile = RepoPaths.FolderPrefix(file) + (name == "Chart.yaml" ? "Chart.lock" : "requirements.lock");
            var locked = files.Contains(lockFile) ? Locked(repository, lockFile, sink) : new Dictionary<string, string>(StringComparer.Ordinal);
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            foreach (var doc in RepositoryYaml.Documents(file, text, MaxNodes, sink, ScanIssueSeverity.Warning))
                foreach (var entry in doc["dependencies"]?.Elements ?? [])
                    Dependency(file, entry, locked, sink);
        }
    }

    private static void Dependency(string file, YamlValue entry, IReadOnlyDictionary<string, string> locked, HarvestSink sink)
    {
        var name = entry["name"]?.Text;
        if (string.IsNullOrWhiteSpace(name)) { sink.Issue(ScanIssueSeverity.Warning, file, entry.Line, "Helm chart dependency without a name"); return; }
        var repository = entry["repository"]?.Text ?? "";
        if (repository.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return; // a chart of this repository
        var constraint = entry["version"]?.Text;
        var pin = locked.GetValueOrDefault(name);
        var version = pin ?? (constraint is not null && IsExact(constraint) ? constraint : null);
        if (version is null)
            sink.Issue(ScanIssueSeverity.Warning, file, entry.Line,
                constraint is null ? $"Helm chart dependency '{name}' names no version" : $"Helm chart dependency '{name}' asks for '{constraint}' and no Chart.lock says which version it resolved to");
        sink.Add(new DependencyFact
        {
            Ecosystem = "helm", Purl = PackageUrl.Create("helm", null, name), Kind = TechnologyKind.Library,
            Declared = constraint, Version = version, Unresolved = version is null, Locked = pin is not null,
            Scope = DependencyScope.Runtime, File = file, Line = entry.Line,
        });
    }

    /// <summary>A constraint that names one version: no operator, wildcard, range or space.</summary>
    private static bool IsExact(string constraint)
        => constraint.Length > 0 && char.IsAsciiDigit(constraint.TrimStart('v')[0]) && constraint.IndexOfAny(['<', '>', '=', '~', '^', '*', 'x', 'X', ' ', '|', ',']) < 0;

    private static Dictionary<string, string> Locked(IRepositoryReader repository, string file, HarvestSink sink)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (repository.TextOrIssue(file, sink) is not { } text) return versions;
        foreach (var doc in RepositoryYaml.Documents(file, text, MaxNodes, sink, ScanIssueSeverity.Warning))
            foreach (var entry in doc["dependencies"]?.Elements ?? [])
                if (entry["name"]?.Text is { } name && entry["version"]?.Text is { } version)
                    versions.TryAdd(name, version);
        return versions;
    }
}
