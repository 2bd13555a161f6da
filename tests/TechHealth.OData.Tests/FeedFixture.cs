using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.OData.Tests;

/// <summary>
/// A real SQLite file seeded through the public stores (two scan runs, two evaluation runs), served by the feed
/// in a minimal WebApplication on TestServer. Every SQL command EF sends is captured for the translation tests.
/// </summary>
public sealed class FeedFixture : IAsyncLifetime
{
    public const int ComponentCount = 60;
    public const int PageSize = 25;
    public static readonly string[] Teams = ["team-a", "team-b", "team-c", "team-d", "team-e"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("techhealth-odata-");
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public string DatabasePath => Path.Combine(_folder.FullName, "feed.db");
    public CommandCapture Commands { get; } = new();
    public long LatestRunId { get; private set; }
    public long OlderRunId { get; private set; }

    public static readonly Radar Radar = new("Test radar",
        [new Ring("adopt", "Adopt"), new Ring("trial", "Trial"), new Ring("hold", "Hold")],
        [new Quadrant("frameworks", "Frameworks"), new Quadrant("tools", "Tools")],
        [
            new RadarEntry { Id = "log4j", Title = "Apache Log4j 2", Quadrant = "frameworks", Ring = "adopt", Description = "Logging for Java" },
            new RadarEntry { Id = "moment", Title = "Moment.js", Quadrant = "frameworks", Ring = "hold", RetireBy = new DateOnly(2027, 1, 31), ReplacedBy = ["date-fns"] },
            new RadarEntry { Id = "date-fns", Title = "date-fns", Quadrant = "frameworks", Ring = "adopt", Tags = ["javascript", "dates"] },
            new RadarEntry { Id = "jenkins", Title = "Jenkins", Quadrant = "tools", Ring = "hold", RetireBy = new DateOnly(2028, 6, 30),
                History = [new RingMove(new DateOnly(2025, 3, 1), "hold", "GitHub Actions instead")] },
            new RadarEntry { Id = "bazel", Title = "Bazel", Quadrant = "tools", Ring = "trial" },
        ]);

    public async Task InitializeAsync()
    {
        var running = await StartAsync(new StorageOptions { ConnectionString = $"Data Source={DatabasePath}" }, Commands);
        (_app, Client, LatestRunId, OlderRunId) = (running.App, running.Client, running.LatestRunId, running.OlderRunId);
    }

    /// <summary>A seeded store of <paramref name="storage"/>'s provider behind a started feed (the PostgreSQL tests use it too).</summary>
    public static async Task<RunningFeed> StartAsync(StorageOptions storage, CommandCapture? commands = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddTechHealthStorage(storage);
        if (commands is not null) builder.Services.ConfigureDbContext<FeedDbContext>(b => b.AddInterceptors(commands));
        builder.Services.AddODataFeed(_ => Radar, o => o.MaxPageSize = PageSize);
        var app = builder.Build();
        app.MapODataFeed("/odata");
        await app.Services.MigrateTechHealthStorageAsync();
        var (older, latest) = await SeedAsync(app.Services, clock);
        await app.StartAsync();
        return new RunningFeed(app, app.GetTestClient(), latest, older);
    }

    private static async Task<(long Older, long Latest)> SeedAsync(IServiceProvider services, FakeTimeProvider clock)
    {
        var facts = services.GetRequiredService<FactStore>();
        var evaluations = services.GetRequiredService<EvaluationStore>();
        var groups = new List<OrgGroup>
        {
            new("group:default/engineering", "engineering", "Engineering", "department", null),
            new("group:default/operations", "operations", "Operations", "department", null),
        };
        for (var t = 0; t < Teams.Length; t++)
            groups.Add(new($"group:default/{Teams[t]}", Teams[t], $"Team {(char)('A' + t)}", "team", t < 3 ? "group:default/engineering" : "group:default/operations"));
        // A team with no components: it must still be listed, with zero counts.
        groups.Add(new("group:default/team-idle", "team-idle", null, "team", "group:default/operations"));

        // The first scan and evaluation run give different scores, so the feed must pick the latest run.
        long older = 0, latest = 0;
        for (var round = 0; round < 2; round++)
        {
            var run = await facts.BeginScanRunAsync();
            await facts.SaveGroupsAsync(run, groups);
            await facts.SaveComponentSnapshotsAsync(run, Enumerable.Range(0, Present(round)).Select(i => Component(i, round)));
            await facts.CompleteScanRunAsync(run);
            clock.Advance(TimeSpan.FromHours(1));
            var info = await evaluations.SaveEvaluationRunAsync(
                new EvaluationRunHeader(clock.GetUtcNow(), $"defs-{round}", EvaluationTrigger.Scan, run),
                Enumerable.Range(0, Present(round)).Select(i => Evaluation(i, round)));
            if (round == 0) older = info.Id; else latest = info.Id;
            clock.Advance(TimeSpan.FromDays(1));
        }
        return (older, latest);
    }

    /// <summary>The last ten components first appear in the second scan, so first-seen times differ.</summary>
    public static int Present(int round) => round == 0 ? ComponentCount - 10 : ComponentCount;

    public static string Team(int i) => Teams[i % Teams.Length];

    private static ComponentFacts Component(int i, int round) => new()
    {
        Name = $"c{i:000}",
        Title = i % 4 == 0 ? null : $"Component {i}",
        Owner = i % 11 == 10 ? null : $"group:default/{Team(i)}",
        Type = (i % 3) switch { 0 => "service", 1 => "library", _ => "website" },
        Lifecycle = i % 5 == 0 ? "Experimental" : "production",
        Source = "acme",
        Repository = $"repo-{i / 2}",
        Path = i % 2 == 0 ? "" : $"sub/c{i:000}",
        Fingerprint = $"fp-{i}-{round}",
        Dependencies = Enumerable.Range(0, 1 + i % 4).Select(d => new DependencyFact
        {
            Ecosystem = d % 2 == 0 ? "npm" : "maven",
            Purl = d % 2 == 0 ? PackageUrl.Create("npm", null, $"lib-{(i + d) % 7}") : PackageUrl.Create("maven", "org.acme", $"core-{(i + d) % 5}"),
            Declared = $"^{d + 1}.0.0",
            Version = i % 6 == 5 && d == 0 ? null : $"{d + 1}.{i % 10}.0",
            Unresolved = i % 6 == 5 && d == 0,
            Direct = d < 2,
            // Some Maven dependencies sit in non-default profiles, as the Maven harvester reports them.
            Condition = d % 2 == 1 && i % 3 == 0 ? $"profile:{(i % 2 == 0 ? "legacy" : "release")}" : null,
            File = d % 2 == 0 ? "package.json" : "pom.xml",
            Line = 10 + d,
        }).ToList(),
    };

    public static double Score(int i, int round) => round == 0 ? (i * 13) % 100 : (i * 37 + 11) % 101;

    public static string? Level(double score) => score >= 90 ? "gold" : score >= 75 ? "silver" : score >= 50 ? "bronze" : null;

    private static readonly CheckStatus[] Statuses = [CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Warn, CheckStatus.Pass, CheckStatus.Exempt, CheckStatus.NotApplicable, CheckStatus.Error];

    private static ComponentEvaluation Evaluation(int i, int round)
    {
        var score = Score(i, round);
        var results = Enumerable.Range(0, 6).Select(k =>
        {
            var status = Statuses[(i + k * 2 + round) % Statuses.Length];
            return new CheckResult($"check-{k}", k < 2 ? "bronze" : k < 4 ? "silver" : "gold", status,
                status == CheckStatus.Pass ? "ok" : $"c{i:000} check-{k} is {status}",
                status == CheckStatus.Fail ? [new Evidence("seen", "pom.xml", k + 1)] : [],
                status == CheckStatus.Fail ? "Fix it." : null,
                Weight: 1 + k % 2,
                ExemptionReason: status == CheckStatus.Exempt ? "vendor" : null,
                ExemptUntil: status == CheckStatus.Exempt ? new DateOnly(2027, 1 + i % 12, 1) : null);
        }).ToList();
        var owner = i % 11 == 10 ? null : $"group:default/{Team(i)}";
        return new ComponentEvaluation($"component:default/c{i:000}", $"c{i:000}", owner, score, Level(score), results);
    }

    public SqliteConnection OpenSql()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL and returns the first column of every row.</summary>
    public List<object?> Column(string sql)
    {
        using var connection = OpenSql();
        using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("@run", LatestRunId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(string url, string? accept = null, string? prefer = null)
        => GetJsonAsync(Client, url, accept, prefer);

    public Task<(List<JsonElement> Rows, int Pages, JsonElement First)> GetAllAsync(string url, string? prefer = null) => GetAllAsync(Client, url, prefer);

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(HttpClient client, string url, string? accept = null, string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (prefer is not null) request.Headers.TryAddWithoutValidation("Prefer", prefer);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>Follows @odata.nextLink to the end and returns every row and the number of pages.</summary>
    public static async Task<(List<JsonElement> Rows, int Pages, JsonElement First)> GetAllAsync(HttpClient client, string url, string? prefer = null)
    {
        var rows = new List<JsonElement>();
        var pages = 0;
        JsonElement first = default;
        string? next = url;
        while (next is not null)
        {
            var (status, body, _) = await GetJsonAsync(client, next, prefer: prefer);
            status.ShouldBe(200, body.ToString());
            if (pages == 0) first = body;
            pages++;
            rows.AddRange(body.GetProperty("value").EnumerateArray());
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            pages.ShouldBeLessThan(100, "the feed keeps sending next links");
        }
        return (rows, pages, first);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { _folder.Delete(recursive: true); } catch (IOException) { }
    }
}

/// <summary>A started feed over a seeded store.</summary>
public sealed record RunningFeed(WebApplication App, HttpClient Client, long LatestRunId, long OlderRunId);

/// <summary>Records the text of every command EF sends, to show filters and orderings reach SQL.</summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _texts = new();

    public IReadOnlyList<string> Texts => _texts.ToList();

    public void Clear() => _texts.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        _texts.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _texts.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        _texts.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }
}
