using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Scanning.Fleet;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Cli;

public class KilledScanTests
{
    [Fact]
    public async Task Killing_a_scan_midway_leaves_the_previous_complete_scan_in_force()
    {
        var dir = Directory.CreateTempSubdirectory("th-kill-");
        try
        {
            var fleet = Path.Combine(dir.FullName, "fleet");
            FleetGenerator.Generate(fleet, 1_000, seed: 3);
            var db = Path.Combine(dir.FullName, "th.db");
            var connection = $"--TechHealth:Storage:ConnectionString=Data Source={db}";

            var first = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "scan", "--path", fleet, "--json", connection);
            first.ExitCode.ShouldBe(0, first.Error);

            await using var services = new ServiceCollection().AddLogging()
                .AddTechHealthStorage(new StorageOptions { ConnectionString = $"Data Source={db}" }).BuildServiceProvider();
            var facts = services.GetRequiredService<FactStore>();
            var before = await facts.LoadCurrentFactsAsync();
            before.Count.ShouldBe(1_000);

            // A full rescan, killed as soon as its run is recorded and before it can complete.
            using (var scan = Techhealth.Start(TechHealthFactory.RepositoryRoot, "scan", "--path", fleet, "--full", connection))
            {
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while ((await facts.ListScanRunsAsync(1)).FirstOrDefault() is not { Status: ScanRunStatus.Running })
                {
                    scan.HasExited.ShouldBeFalse("the scan finished before it could be killed");
                    DateTime.UtcNow.ShouldBeLessThan(deadline);
                    await Task.Delay(20);
                }
                scan.Kill(entireProcessTree: true);
                await scan.WaitForExitAsync();
            }

            var after = await facts.LoadCurrentFactsAsync();
            after.Select(c => (c.Ref, c.Fingerprint, c.Dependencies.Count)).ShouldBe(before.Select(c => (c.Ref, c.Fingerprint, c.Dependencies.Count)));
            (await facts.ListScanRunsAsync(1)).Single().Status.ShouldBe(ScanRunStatus.Running, "the killed run is left marked running");

            // The next scan verb cleans up after the killed one before it scans (as the service does when it starts).
            var next = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "scan", "--path", fleet, "--json", connection);
            next.ExitCode.ShouldBe(0, next.Error);
            (await facts.ListScanRunsAsync(3)).Select(r => r.Status).ShouldBe([ScanRunStatus.Completed, ScanRunStatus.Interrupted, ScanRunStatus.Completed]);
            (await facts.MarkInterruptedScanRunsAsync()).ShouldBe(0);
        }
        finally { dir.Delete(recursive: true); }
    }
}
