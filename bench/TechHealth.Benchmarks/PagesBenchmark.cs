using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Fleet;
using TechHealth.Storage;

namespace TechHealth.Benchmarks;

/// <summary>
/// (d) Every page of src/TechHealth.Pages over HTTP (Kestrel, loopback), with the whole fleet loaded and three stored
/// evaluation runs: the first request after an evaluation (it builds the snapshot's lookups and reads trends and the
/// run diff from the store in the background), then repeated requests rotating over teams, components, checks and radar
/// entries once that history is read.
/// Times are client-side round trips over loopback, so they bound the server time from above.
/// </summary>
public static class PagesBenchmark
{
    public static async Task RunAsync(BenchWorkspace workspace, int iterations)
    {
        workspace.Check();
        await using var service = new ServiceUnderTest(workspace, kestrel: true);
        var snapshot = await Timings.SectionAsync("service start-up: load facts + evaluate", () => service.StartAsync(TimeSpan.FromMinutes(10)));
        var evaluation = service.Services.GetRequiredService<EvaluationService>();
        using var http = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(5) };

        var teams = snapshot.Components.Select(c => c.Owner).OfType<string>().Distinct().Select(o => o[(o.LastIndexOf('/') + 1)..]).ToArray();
        var components = snapshot.Components.Select(c => c.Name).ToArray();
        var checks = snapshot.Compiled.Definitions.Checks.Checks.Select(c => c.Id).ToArray();
        var entries = snapshot.Compiled.Definitions.Radar.Entries.Select(e => e.Id).ToArray();
        var gates = snapshot.Compiled.Definitions.Checks.Gates.Select(g => g.Id).ToArray();
        // The department with the most components: the largest heatmap.
        var department = snapshot.Org.Departments.OrderByDescending(d => snapshot.Rollup.Department(d.Ref).ComponentCount).First().Name;
        // The pages' code is compiled (JIT) on its first requests: done here, so what follows a run measures the run alone.
        foreach (var path in new[] { "/", $"/departments/{department}", $"/teams/{teams[0]}" })
            for (var i = 0; i < 3; i++) await GetAsync(http, path);
        // Trends and the organisation's "new since the previous run" need stored runs: two more, as a day of radar edits would make.
        await Timings.SectionAsync("two more evaluation runs, stored", async () =>
        {
            await evaluation.EvaluateAsync(EvaluationTrigger.Manual);
            return await evaluation.EvaluateAsync(EvaluationTrigger.Manual);
        });
        snapshot = service.Services.GetRequiredService<FleetState>().Current!;
        var runs = await service.Services.GetRequiredService<EvaluationStore>().ListEvaluationRunsAsync(2);
        Console.WriteLine($"pages: {components.Length} components, {teams.Length} teams, {snapshot.Org.Departments.Count} departments (largest: {department}), runs {runs[1].Id} and {runs[0].Id}; service at {service.Address}");

        var pages = new (string Name, Func<int, string> Path)[]
        {
            ("organisation /", _ => "/"),
            ($"department (largest), picture", _ => $"/departments/{department}"),
            ($"department (largest), table", _ => $"/departments/{department}?view=table"),
            ("departments", _ => "/departments"),
            ("teams", _ => "/teams"),
            ("teams, last page", _ => "/teams?page=13"),
            ("team scorecard (rotating)", i => $"/teams/{teams[i % teams.Length]}"),
            ("component (rotating)", i => $"/components/{components[(i * 7919) % components.Length]}"),
            ("radar", _ => "/radar"),
            ("radar entry (rotating)", i => $"/radar/{entries[i % entries.Length]}"),
            ("checks", _ => "/checks"),
            ("check (rotating)", i => $"/checks/{checks[i % checks.Length]}"),
            ("gates", _ => "/gates"),
            ("gate (rotating)", i => $"/gates/{gates[i % gates.Length]}"),
            ("exemptions", _ => "/exemptions"),
            ("runs", _ => "/runs"),
            ("run diff (the two latest)", _ => $"/runs?from={runs[1].Id}&to={runs[0].Id}"),
            ("search", i => $"/search?q={(i % 2 == 0 ? "pay" : "api")}"),
        };

        // The run's history (department trends, the diff with the previous run) is read in the background after it is
        // published; the organisation page says when it is complete. Measured on its own, then the pages warm.
        var clock = Stopwatch.StartNew();
        var firstOrganisation = TimeSpan.Zero;
        var whileReading = new Timings("organisation while the history is read");
        // The service runs in this process: its garbage collections' pauses during the first request are counted too.
        var pausedBefore = GC.GetTotalPauseDuration();
        while (true)
        {
            var (elapsed, _, pending) = await GetAsync(http, "/");
            if (firstOrganisation != TimeSpan.Zero && pending) whileReading.Add(elapsed);
            if (firstOrganisation == TimeSpan.Zero)
            {
                firstOrganisation = elapsed;
                var paused = GC.GetTotalPauseDuration() - pausedBefore;
                // The pages a department head and a team lead open next, while the run's history may still be read.
                var (dept, _, deptPending) = await GetAsync(http, $"/departments/{department}");
                var (team, _, teamPending) = await GetAsync(http, $"/teams/{teams[0]}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  right after the run: organisation {elapsed.TotalMilliseconds:F1} ms{(pending ? " (history pending)" : "")} ({paused.TotalMilliseconds:F0} ms of it in GC pauses), department {dept.TotalMilliseconds:F1} ms{(deptPending ? " (pending)" : "")}, team {team.TotalMilliseconds:F1} ms{(teamPending ? " (pending)" : "")}"));
            }
            if (!pending) break;
            await Task.Delay(250);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  organisation: first request {firstOrganisation.TotalMilliseconds:F1} ms; history read in the background, complete after {clock.Elapsed.TotalSeconds:F1} s"));
        if (whileReading.Count > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  organisation while it was read (every 250 ms): {whileReading.Count} requests, p50 {whileReading.Percentile(50):F1} ms, max {whileReading.Percentile(100):F1} ms"));

        Console.WriteLine();
        Console.WriteLine("| page | first request | p50 | p95 | max | bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, path) in pages)
        {
            var (first, bytes, _) = await GetAsync(http, path(0));
            // Warm-up beyond the first request (JIT of the other rotating names), not counted.
            for (var i = 1; i <= 5; i++) await GetAsync(http, path(i));
            var timings = new Timings(name);
            for (var i = 0; i < iterations; i++)
            {
                var (elapsed, _, _) = await GetAsync(http, path(i + 6));
                timings.Add(elapsed);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {first.TotalMilliseconds:F1} ms | {timings.Percentile(50):F1} ms | {timings.Percentile(95):F1} ms | {timings.Percentile(100):F1} ms | {bytes:N0} |"));
        }
    }

    private static async Task<(TimeSpan Elapsed, long Bytes, bool Pending)> GetAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        return (elapsed, System.Text.Encoding.UTF8.GetByteCount(body), body.Contains("data-pending", StringComparison.Ordinal));
    }
}
