using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests;

public class ScanProgressTests
{
    [Fact]
    public async Task A_scan_counts_discovered_harvested_and_failed_repositories_and_names_failed_sources()
    {
        using var temp = new TestRepository("one");
        temp.Write("package.json", "{}");
        Directory.CreateDirectory(Path.Combine(temp.Parent, "two"));
        File.WriteAllText(Path.Combine(temp.Parent, "two", "package.json"), "{}");
        var options = new ScanningOptions
        {
            CacheDirectory = Path.Combine(temp.Parent, ".cache"),
            Sources =
            [
                new SourceOptions { Name = "disk", Kind = SourceKind.Directory, Path = temp.Parent },
                new SourceOptions { Name = "gone", Kind = SourceKind.Directory, Path = Path.Combine(temp.Parent, "missing") },
            ],
        };
        var progress = new ScanProgress();
        progress.Start();

        await new Scanner(options).ScanAsync(new ScanRequest { Progress = progress });
        progress.Finish();

        var p = progress.Current;
        p.Discovered.ShouldBe(2);
        p.Harvested.ShouldBe(2);
        p.Failed.ShouldBe(0);
        p.Done.ShouldBe(2);
        p.FailedSources.ShouldBe(["gone"]);
        p.Running.ShouldBeFalse();
        p.Phase.ShouldBe("finished");
    }

    [Fact]
    public async Task A_watcher_gets_the_current_snapshot_then_each_change()
    {
        var progress = new ScanProgress();
        using var stop = new CancellationTokenSource();
        var seen = new List<ScanProgressSnapshot>();
        var watching = Task.Run(async () =>
        {
            await foreach (var s in progress.WatchAsync(stop.Token))
            {
                seen.Add(s);
                if (s.Phase == "finished") break;
            }
        });
        while (seen.Count == 0) await Task.Delay(10);

        progress.Start();
        progress.Discovered(3);
        progress.Harvested();
        progress.Finish();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        seen[0].Phase.ShouldBe("idle");
        seen[^1].Phase.ShouldBe("finished");
        seen[^1].Discovered.ShouldBe(3);
        seen[^1].Harvested.ShouldBe(1);
    }
}
