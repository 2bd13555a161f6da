using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;

namespace TechHealth.Scanning.Tests.Toml;

/// <summary>A repository written to a fresh temp folder for one test, read back through <see cref="IRepositoryReader"/>; deleted on dispose.</summary>
public sealed class TempRepo : IRepositoryReader, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("th-scanning-b-");

    public string Name => _root.Name;
    public string Root => _root.FullName;

    public IReadOnlyList<string> Files => Directory.EnumerateFiles(_root.FullName, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(_root.FullName, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    public TempRepo With(string relativePath, string text)
    {
        var full = Path.Combine(_root.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.ReplaceLineEndings("\n"));
        return this;
    }

    public bool TryReadText(string relativePath, out string text, out string? reason)
    {
        var full = Path.Combine(_root.FullName, relativePath);
        if (!File.Exists(full)) { text = ""; reason = "file not found"; return false; }
        text = File.ReadAllText(full);
        reason = null;
        return true;
    }

    /// <summary>Runs the harvester over the files it wants and returns what it collected.</summary>
    public HarvestSink Harvest(IHarvester harvester)
    {
        var sink = new HarvestSink();
        harvester.Harvest(this, sink);
        return sink;
    }

    public void Dispose()
    {
        try { _root.Delete(recursive: true); } catch (IOException) { }
    }
}

public static class HarvestSinkQueries
{
    /// <summary>The one fact whose purl key (without version) is <paramref name="purlKey"/>; fails the test when there is not exactly one.</summary>
    public static DependencyFact Single(this HarvestSink sink, string purlKey)
    {
        var matches = sink.Dependencies.Where(d => d.Purl.Key == purlKey).ToList();
        matches.Count.ShouldBe(1, $"expected one fact for {purlKey}; found: {string.Join(", ", sink.Dependencies.Select(d => $"{d.Purl.Key}@{d.Version} ({d.File}:{d.Line})"))}");
        return matches[0];
    }

    public static bool Has(this HarvestSink sink, string purlKey) => sink.Dependencies.Any(d => d.Purl.Key == purlKey);
}
