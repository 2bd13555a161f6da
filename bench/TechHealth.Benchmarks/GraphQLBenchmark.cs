using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using TechHealth.Api.GraphQL;

namespace TechHealth.Benchmarks;

/// <summary>
/// (c) The service with the whole fleet loaded: the team score and department heatmap queries in process (p50/p95),
/// then over HTTP against Kestrel on a loopback port with concurrent clients (requests/s, p95).
/// </summary>
public static class GraphQLBenchmark
{
    public static async Task RunAsync(BenchWorkspace workspace, int clients, int seconds, int iterations)
    {
        workspace.Check();
        await using var service = new ServiceUnderTest(workspace, kestrel: true);
        var snapshot = await Timings.SectionAsync("service start-up: load facts + evaluate", () => service.StartAsync(TimeSpan.FromMinutes(10)));
        var teams = OrgViews.Teams(snapshot).Select(t => t.Ref).ToArray();
        Console.WriteLine($"graphql: {snapshot.Components.Count} components, {teams.Length} teams, {snapshot.Org.Departments.Count} departments; service at {service.Address}");

        var queries = new GraphQLInProcess(service.Services);
        // The first heatmap of a run computes the whole map (later ones are trimmed from it): measured on its own.
        await Timings.SectionAsync("first department heatmap after an evaluation", async () => { await queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery); return true; });
        // Warm-up: JIT, the first rollup of every team and department.
        for (var i = 0; i < 50; i++)
        {
            await queries.ExecuteAsync(GraphQLInProcess.TeamQuery, new Dictionary<string, object?> { ["team"] = teams[i % teams.Length] });
            await queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery);
        }
        var team = new Timings("in process, team score query");
        var heatmap = new Timings("in process, department heatmap query");
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await queries.ExecuteAsync(GraphQLInProcess.TeamQuery, new Dictionary<string, object?> { ["team"] = teams[i % teams.Length] });
            team.Add(clock.Elapsed);
            clock.Restart();
            await queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery);
            heatmap.Add(clock.Elapsed);
        }
        Console.WriteLine("  " + team);
        Console.WriteLine("  " + heatmap);
        // CPU time per query over all threads (the GC's included): waiting for a core on a busy machine does not count,
        // so two engines measured at different moments of a shared machine compare; { __typename } is the fixed cost.
        await CpuPerQueryAsync("team score query", i => queries.ExecuteAsync(GraphQLInProcess.TeamQuery, new Dictionary<string, object?> { ["team"] = teams[i % teams.Length] }), iterations * 3);
        await CpuPerQueryAsync("department heatmap query", _ => queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery), iterations * 3);
        await CpuPerQueryAsync("{ __typename } (fixed cost)", _ => queries.ExecuteAsync("{ __typename }"), iterations * 10);

        var teamBodies = teams.Select(t => JsonSerializer.SerializeToUtf8Bytes(new { query = GraphQLInProcess.TeamQuery, variables = new { team = t } })).ToArray();
        var heatmapBody = JsonSerializer.SerializeToUtf8Bytes(new { query = GraphQLInProcess.HeatmapQuery });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = service.Address };
        await LoadAsync(http, "HTTP warm-up", i => teamBodies[i % teamBodies.Length], clients, 2);
        await LoadAsync(http, "HTTP team score query", i => teamBodies[i % teamBodies.Length], clients, seconds);
        await LoadAsync(http, "HTTP department heatmap query", _ => heatmapBody, clients, Math.Max(3, seconds / 2));
        await LoadAsync(http, "HTTP department heatmap query, one client", _ => heatmapBody, 1, Math.Max(3, seconds / 2));
        var typenameBody = JsonSerializer.SerializeToUtf8Bytes(new { query = "{ __typename }" });
        await LoadAsync(http, "HTTP { __typename } (fixed cost of a request)", _ => typenameBody, clients, Math.Max(3, seconds / 2));
        var cache = service.Services.GetRequiredService<ResultCache>();
        Console.WriteLine(cache.Enabled
            ? $"  result cache: {cache.Hits} hits, {cache.Misses} misses, {cache.KeptBytes / 1024.0 / 1024.0:F1} MB kept"
            : "  result cache: off");
    }

    private static async Task CpuPerQueryAsync(string name, Func<int, Task> run, int count)
    {
        for (var i = 0; i < 20; i++) await run(i);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) await run(i);
        process.Refresh();
        Console.WriteLine($"  in process, {name}: {(process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / count:F0} µs CPU per query, {wall.Elapsed.TotalMilliseconds * 1000 / count:F0} µs wall (n={count})");
    }

    private static async Task LoadAsync(HttpClient http, string name, Func<int, byte[]> body, int clients, int seconds)
    {
        var timings = new Timings($"{name}, {clients} clients");
        var failures = 0;
        var counter = 0;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var wall = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (wall.Elapsed < until)
            {
                var i = Interlocked.Increment(ref counter);
                using var content = new ByteArrayContent(body(i));
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync("/graphql", content);
                var text = await response.Content.ReadAsByteArrayAsync();
                timings.Add(clock.Elapsed);
                if (response.StatusCode != HttpStatusCode.OK || Encoding.UTF8.GetString(text, 0, Math.Min(12, text.Length)).Contains("errors")) Interlocked.Increment(ref failures);
            }
        })));
        wall.Stop();
        process.Refresh();
        // CPU per request over every thread of the process, the clients' included (the same client for both engines).
        var cpuPerRequest = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / Math.Max(1, timings.Count);
        var allocatedPerRequest = (GC.GetTotalAllocatedBytes() - allocated) / Math.Max(1, timings.Count);
        var gcs = $"{GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}";
        Console.WriteLine($"  {timings}; {timings.Count / wall.Elapsed.TotalSeconds:F0} requests/s; {cpuPerRequest:F0} µs CPU and {allocatedPerRequest / 1024.0:F1} KB allocated per request; GCs (gen0/1/2) {gcs}; {failures} failed");
    }
}
