using System.Text.Json;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Jsonnet;

/// <summary>
/// jsonnet-bundler: <c>jsonnetfile.json</c> dependencies, with the version from <c>jsonnetfile.lock.json</c> beside it when
/// there is one (the commit it locked). A git source on github.com is <c>pkg:github/owner/repo</c> (its subdirectory is
/// part of the same repository); another host is <c>pkg:generic/host/path</c>; a local source is the repository's own.
/// </summary>
public sealed class JsonnetBundlerHarvester : IHarvester
{
    public string Name => "jsonnet";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) is "jsonnetfile.json" or "jsonnetfile.lock.json";

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = repository.Files.ToHashSet(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) == "jsonnetfile.json"))
        {
            if (Read(repository, file, sink) is not { } manifest) continue;
            var lockFile = RepoPaths.FolderPrefix(file) + "jsonnetfile.lock.json";
            var locked = files.Contains(lockFile) && Read(repository, lockFile, sink) is { } lockJson ? Versions(lockJson.Json) : [];
            // Array items share one path in the line index, so each source's line is found by its remote's text, in order.
            var text = manifest.Text;
            var from = 0;
            foreach (var (purl, version, remote) in Sources(manifest.Json))
            {
                if (purl is null || remote is null) continue;
                var at = text.IndexOf(remote, from, StringComparison.Ordinal);
                var line = at < 0 ? 0 : text.AsSpan(0, at).Count('\n') + 1;
                if (at >= 0) from = at + remote.Length;
                var pin = locked.GetValueOrDefault(purl.Key);
                sink.Add(new DependencyFact
                {
                    Ecosystem = purl.Type, Purl = purl, Declared = version, Version = pin ?? version, Unresolved = (pin ?? version) is null,
                    Locked = pin is not null, Scope = DependencyScope.Build, File = file, Line = line,
                });
            }
        }
    }

    private static (JsonElement Json, string Text)? Read(IRepositoryReader repository, string file, HarvestSink sink)
    {
        if (repository.TextOrIssue(file, sink) is not { } text) return null;
        if (!JsonLines.TryParse(text, out var json, out var error, out var line, indexDepth: 1)) { sink.Issue(ScanIssueSeverity.Error, file, line, error!); return null; }
        using var _ = json!.Document;
        return json.Root.ValueKind == JsonValueKind.Object ? (json.Root.Clone(), text) : null;
    }

    private static Dictionary<string, string> Versions(JsonElement lockJson)
        => Sources(lockJson).Where(s => s.Purl is not null && s.Version is not null).GroupBy(s => s.Purl!.Key).ToDictionary(g => g.Key, g => g.First().Version!);


    private static IEnumerable<(PackageUrl? Purl, string? Version, string? Remote)> Sources(JsonElement root)
    {
        if (!root.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Array) yield break;
        foreach (var d in dependencies.EnumerateArray())
        {
            var version = d.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (!d.TryGetProperty("source", out var source) || !source.TryGetProperty("git", out var git) || !git.TryGetProperty("remote", out var remote) || remote.GetString() is not { } url)
            {
                yield return (null, version, null); // a local source: the repository's own code
                continue;
            }
            yield return (PurlOf(url), version, url);
        }
    }

    private static PackageUrl? PurlOf(string remote)
    {
        var text = remote.Trim();
        if (text.EndsWith(".git", StringComparison.Ordinal)) text = text[..^4];
        if (text.StartsWith("git@", StringComparison.Ordinal)) text = text[4..].Replace(':', '/');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        var parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return null;
        return parts[0].Equals("github.com", StringComparison.OrdinalIgnoreCase)
            ? PackageUrl.Create("github", parts[1], parts[2])
            : PackageUrl.Create("generic", parts[0] + "/" + string.Join('/', parts[1..^1]), parts[^1]);
    }
}
