using TechHealth.Core.Facts;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Hostile;

/// <summary>Repositories too large in one way or another: each is scanned as far as its limits allow, with a warning for the rest.</summary>
public class HostileSizeTests
{
    private static Task<RepositoryScanResult> Scan(TestRepository repo, ScanningOptions? options = null)
        => new Scanner(options ?? new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "repo", repo.Root), null, full: true);

    [Fact]
    public async Task A_60_MiB_package_json_is_a_warning_and_is_never_read()
    {
        using var repo = new TestRepository();
        using (var f = File.Create(Path.Combine(repo.Root, "package.json"))) f.SetLength(60L << 20);

        var result = await Scan(repo);

        result.Status.ShouldBe(RepositoryScanStatus.Scanned);
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.File == "package.json" && i.Message.Contains("limit"));
    }

    [Fact]
    public async Task Sixty_thousand_files_stop_at_the_file_limit_with_a_warning()
    {
        using var repo = new TestRepository();
        for (var d = 0; d < 60; d++)
        {
            var dir = Path.Combine(repo.Root, $"d{d:00}");
            Directory.CreateDirectory(dir);
            for (var i = 0; i < 1000; i++) File.Create(Path.Combine(dir, $"f{i:000}.txt")).Dispose();
        }

        var result = await Scan(repo);

        result.Status.ShouldBe(RepositoryScanStatus.Scanned);
        var component = result.Components.ShouldHaveSingleItem();
        component.Files.Count.ShouldBe(50_000);
        component.Issues.ShouldContain(i => i.Message.Contains("more than 50000 files"));
    }

    [Fact]
    public async Task A_tree_a_thousand_folders_deep_stops_at_the_depth_limit()
    {
        using var repo = new TestRepository();
        var path = repo.Root;
        for (var i = 0; i < 1000 && path.Length < 3800; i++) path = Path.Combine(path, "d");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "pom.xml"), "<project/>");

        var result = await Scan(repo);

        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.Message.Contains("deeper than the limit of 32"));
    }

    [Fact]
    public async Task A_repository_past_its_memory_budget_fails_alone_with_a_clear_issue_and_the_run_goes_on()
    {
        using var big = new TestRepository("big");
        big.Write("package-lock.json", "{\"lockfileVersion\":3,\"packages\":{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"node_modules/p{i}\":{{\"version\":\"1.0.{i}\"}}")) + "}}");
        big.Write("package.json", "{\"name\":\"big\"}");
        using var small = new TestRepository("small");
        small.Write("package.json", "{\"name\":\"small\",\"dependencies\":{\"react\":\"18.2.0\"}}");
        var scanner = new Scanner(new ScanningOptions { MaxScanBytesPerRepository = 8L << 20 });

        var failed = await scanner.ScanRepositoryAsync(new RepositoryLocation("s", "big", big.Root), null, full: true);
        var fine = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "small", small.Root), null, full: true);

        failed.Status.ShouldBe(RepositoryScanStatus.Failed);
        var issue = failed.Components.ShouldHaveSingleItem().Issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(ScanIssueSeverity.Error);
        issue.Message.ShouldContain("memory budget of one repository");
        fine.Status.ShouldBe(RepositoryScanStatus.Scanned);
    }
}
