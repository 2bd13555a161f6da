using TechHealth.Scanning.Benchmark;

namespace TechHealth.Scanning.Tests.Fleet;

public class ScanBenchmarkTests
{
    [Fact]
    public async Task A_small_benchmark_skips_unchanged_repositories_and_rescans_only_the_changed_ones()
    {
        using var temp = new TestRepository("bench");
        var log = new StringWriter();

        var result = await ScanBenchmark.RunAsync(Path.Combine(temp.Parent, "fleet"), components: 30, seed: 5, log: log);

        result.Phases.Select(p => p.Name).ShouldBe(["full cold scan", "unchanged rescan", "1% changed rescan"]);
        var (cold, unchanged, changed) = (result.Phases[0], result.Phases[1], result.Phases[2]);
        cold.Scanned.ShouldBe(result.Repositories);
        cold.Components.ShouldBe(30);
        unchanged.Scanned.ShouldBe(0);
        unchanged.Skipped.ShouldBe(result.Repositories);
        changed.Scanned.ShouldBe((result.Repositories + 99) / 100);
        cold.PeakWorkingSetBytes.ShouldBeGreaterThan(0);
        cold.ProcessorTime.ShouldBeGreaterThan(TimeSpan.Zero);
        result.ToMarkdown().ShouldContain("| unchanged rescan |");
        log.ToString().ShouldContain("generating 30 components");
    }
}
