using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.Storage;
using Xunit.Abstractions;

namespace TechHealth.OData.Tests;

/// <summary>
/// What an expanded page costs: 1,000 components with 25 check results each, read as one page with CheckResults
/// expanded. Prints the time (docs/benchmarks.md quotes it) and asserts only the rows and the number of statements.
/// </summary>
public sealed class ExpandCostTests(ITestOutputHelper output)
{
    private const int Components = 1_000;
    private const int ChecksPerComponent = 25;

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    [Fact]
    public async Task A_page_of_a_thousand_components_with_check_results_expanded_is_two_statements()
    {
        var folder = Directory.CreateTempSubdirectory("techhealth-odata-cost-");
        var commands = new CommandCapture();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddTechHealthStorage(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder.FullName, "cost.db")}" });
        builder.Services.ConfigureDbContext<FeedDbContext>(b => b.AddInterceptors(commands));
        builder.Services.AddODataFeed(o => { o.MaxPageSize = Components; o.MaxExpandedItems = ChecksPerComponent; });
        var app = builder.Build();
        app.MapODataFeed("/odata");
        try
        {
            await app.Services.MigrateTechHealthStorageAsync();
            var facts = app.Services.GetRequiredService<FactStore>();
            var run = await facts.BeginScanRunAsync();
            await facts.SaveComponentSnapshotsAsync(run, Enumerable.Range(0, Components).Select(i => new ComponentFacts
            {
                Name = $"c{i:0000}", Source = "acme", Repository = $"repo-{i}", Path = "", Fingerprint = $"fp-{i}",
            }));
            await facts.CompleteScanRunAsync(run);
            await app.Services.GetRequiredService<EvaluationStore>().SaveEvaluationRunAsync(
                new EvaluationRunHeader(clock.GetUtcNow(), "defs", EvaluationTrigger.Scan, run),
                Enumerable.Range(0, Components).Select(i => new ComponentEvaluation($"component:default/c{i:0000}", $"c{i:0000}", null, i % 100, null,
                    Enumerable.Range(0, ChecksPerComponent).Select(k => new CheckResult($"check-{k:00}", "bronze", k % 3 == 0 ? CheckStatus.Fail : CheckStatus.Pass,
                        $"c{i:0000} check-{k:00}", [], null)).ToList())));
            await app.StartAsync();
            var client = app.GetTestClient();
            const string url = "/odata/Components?$select=Ref,Name,Score&$expand=CheckResults($select=CheckId,Status,Message)";

            var timings = new List<double>();
            var bytes = 0L;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                commands.Clear();
                var watch = Stopwatch.StartNew();
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                timings.Add(watch.Elapsed.TotalSeconds);
                bytes = body.Length;
                response.IsSuccessStatusCode.ShouldBeTrue();
                // The page, and one statement (EF's split query) for every check result of the page.
                commands.Texts.Count.ShouldBe(2, string.Join("\n---\n", commands.Texts));
                if (attempt > 0) continue;
                using var json = System.Text.Json.JsonDocument.Parse(body);
                var rows = json.RootElement.GetProperty("value");
                rows.GetArrayLength().ShouldBe(Components);
                rows.EnumerateArray().Sum(r => r.GetProperty("CheckResults").GetArrayLength()).ShouldBe(Components * ChecksPerComponent);
            }
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var plain = Stopwatch.StartNew();
            (await client.GetAsync("/odata/Components?$select=Ref,Name,Score")).EnsureSuccessStatusCode();
            plain.Stop();
            var expanded = Stopwatch.StartNew();
            (await client.GetAsync(url)).EnsureSuccessStatusCode();
            expanded.Stop();
            process.Refresh();
            var message = $"ExpandCostTests: {Components:N0} components with {Components * ChecksPerComponent:N0} check results expanded, one page of {bytes / 1024.0 / 1024.0:0.0} MiB: " +
                          $"first {timings[0]:0.00} s, then {timings[1]:0.00} s, {timings[2]:0.00} s and {expanded.Elapsed.TotalSeconds:0.00} s; the same page unexpanded {plain.Elapsed.TotalSeconds:0.00} s; " +
                          $"last two requests {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU (SQLite, Debug build, load average {LoadAverage()})";
            output.WriteLine(message);
            Console.WriteLine(message);
        }
        finally
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
