using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Tests;

/// <summary>A real folder in the temp directory, deleted at the end of the test.</summary>
public sealed class TestRepository : IDisposable
{
    public TestRepository(string name = "repo")
    {
        Parent = Directory.CreateTempSubdirectory("th-scan-").FullName;
        Root = Path.Combine(Parent, name);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The temp folder holding <see cref="Root"/> (room for "outside the repository" files).</summary>
    public string Parent { get; }
    public string Root { get; }

    public TestRepository Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.ReplaceLineEndings("\n"));
        return this;
    }

    public SafeRepositoryReader Reader(ScanningOptions? options = null) => SafeRepositoryReader.Open(Root, options ?? new ScanningOptions());

    public HarvestSink Harvest(IHarvester harvester)
    {
        var sink = new HarvestSink();
        harvester.Harvest(Reader(), sink);
        return sink;
    }

    public void Dispose()
    {
        try { Directory.Delete(Parent, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
