using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Tests.EndToEnd;

/// <summary>The service with its spans kept in memory and its log lines kept with their scopes.</summary>
public class ObservedFactory : TechHealthFactory
{
    public ObservedFactory() : base(components: 40) { }

    protected ObservedFactory(IReadOnlyDictionary<string, string?> settings) : base(components: 40, settings) { }

    public List<Activity> Spans { get; } = [];
    public ConcurrentQueue<(string Message, Dictionary<string, object?> Scope)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            services.AddSingleton<ILoggerProvider>(new ScopeCapture(Logs));
        });
    }

    /// <summary>Keeps every log line of the service's own categories with the values of the scopes around it.</summary>
    private sealed class ScopeCapture(ConcurrentQueue<(string, Dictionary<string, object?>)> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public void Dispose() { }

        private sealed class Logger(ScopeCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => category.StartsWith("TechHealth", StringComparison.Ordinal);
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope((s, d) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object>> pairs) foreach (var (k, v) in pairs) d[k] = v;
                }, scope);
                owner.Logs_.Enqueue((formatter(state, exception), scope));
            }
        }

        private ConcurrentQueue<(string, Dictionary<string, object?>)> Logs_ => logs;
    }
}

/// <summary>The observed service with an OTLP collector configured; the collector does not answer, the spans are kept in memory too.</summary>
public sealed class ObservedWithCollectorFactory() : ObservedFactory(new Dictionary<string, string?> { ["TechHealth:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" });

/// <summary>
/// Meters and activity sources are process-wide: a scrape or a trace capture would also see the other test hosts
/// running in parallel in this process, so these tests run on their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "observability";
}

[Collection(ObservabilityCollection.Name)]
public class ObservabilityTests(ObservedFactory factory) : IClassFixture<ObservedFactory>
{
    private static double Sample(string scrape, string name, params string[] labels)
    {
        // A sample line: name{labels} value; the labels named must all be on it (others, such as otel_scope_name, may be too).
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l.Contains))
                   ?? throw new ShouldAssertException($"no sample {name} with {string.Join(", ", labels)} in:\n{scrape}");
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_are_scraped_at_metrics_with_the_scan_the_evaluation_and_the_levels_of_the_run_in_force()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        factory.Services.GetRequiredService<TechHealthMetrics>().SetQueueDepth("shard-3", 17);
        // A query asked twice on one run: executed and kept, then answered from the result cache.
        for (var i = 0; i < 2; i++)
            (await client.PostAsync("/graphql", System.Net.Http.Json.JsonContent.Create(new { query = "{ organisation { componentCount } }" }))).EnsureSuccessStatusCode();

        var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        var scrape = await response.Content.ReadAsStringAsync();

        Sample(scrape, "techhealth_scan_duration_seconds_count", "outcome=\"completed\"").ShouldBeGreaterThanOrEqualTo(1);
        Sample(scrape, "techhealth_evaluation_duration_seconds_count", "trigger=\"scan\"").ShouldBeGreaterThanOrEqualTo(1);
        Sample(scrape, "techhealth_evaluation_rows_written_total").ShouldBeGreaterThan(snapshot.Fleet.Evaluations.Count);
        foreach (var level in snapshot.Fleet.Evaluations.GroupBy(e => e.Level ?? "none"))
            Sample(scrape, "techhealth_components", $"level=\"{level.Key}\"").ShouldBe(level.Count());
        var repositories = new DirectoryInfo(Path.Combine(factory.Root, "fleet")).GetDirectories().Count(d => !d.Name.StartsWith('.'));
        Sample(scrape, "techhealth_scan_repositories", "state=\"harvested\"").ShouldBe(repositories);
        // The start-up scan scanned them all, a rescan (the other test) finds them unchanged: either way every one is counted once.
        (Sample(scrape, "techhealth_scan_repositories", "state=\"scanned\"") + Sample(scrape, "techhealth_scan_repositories", "state=\"unchanged\"")).ShouldBe(repositories);
        Sample(scrape, "techhealth_scan_queue_depth", "shard=\"shard-3\"").ShouldBe(17);
        Sample(scrape, "techhealth_graphql_cache_lookups_total", "result=\"miss\"").ShouldBeGreaterThanOrEqualTo(1);
        Sample(scrape, "techhealth_graphql_cache_lookups_total", "result=\"hit\"").ShouldBeGreaterThanOrEqualTo(1);
        // API latency, from ASP.NET Core's own instrumentation.
        Sample(scrape, "http_server_request_duration_seconds_count", "http_route=\"/healthz\"").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_scan_is_one_trace_of_harvest_spans_per_repository_then_the_evaluation_and_its_store_and_logs_carry_the_run_ids()
    {
        await factory.ReadyAsync();
        var summary = await factory.Services.GetRequiredService<ScanService>().ScanAsync();

        Activity[] spans;
        lock (factory.Spans) spans = [.. factory.Spans];
        var scan = spans.Last(s => s.OperationName == "scan" && Equals(s.GetTagItem("techhealth.scan_run.id"), summary.ScanRunId));
        var trace = spans.Where(s => s.TraceId == scan.TraceId).ToList();
        var harvests = trace.Where(s => s.OperationName == "harvest").ToList();
        harvests.Count.ShouldBe(summary.Repositories);
        harvests.ShouldAllBe(h => h.ParentSpanId == scan.SpanId);
        harvests.Count(h => Equals(h.GetTagItem("techhealth.repository.status"), "skipped")).ShouldBe(summary.Skipped);
        var evaluate = trace.Single(s => s.OperationName == "evaluate");
        evaluate.ParentSpanId.ShouldBe(scan.SpanId);
        evaluate.GetTagItem("techhealth.evaluation_run.id").ShouldBe(summary.EvaluationRunId);
        var store = trace.Single(s => s.OperationName == "evaluate.store");
        store.ParentSpanId.ShouldBe(evaluate.SpanId);
        // Nothing changed, so storing the run wrote its own row only, and no facts were read nor checks run for it.
        (store.GetTagItem("techhealth.evaluation.changed_components"), store.GetTagItem("techhealth.evaluation.rows_written")).ShouldBe((0, 1L));
        trace.Select(s => s.OperationName).ShouldNotContain("evaluate.facts");
        trace.Select(s => s.OperationName).ShouldNotContain("evaluate.checks");

        var line = factory.Logs.Last(l => l.Message.StartsWith($"Evaluation run {summary.EvaluationRunId} ", StringComparison.Ordinal));
        line.Scope["ScanRunId"].ShouldBe(summary.ScanRunId);
        line.Scope["EvaluationRunId"].ShouldBe(summary.EvaluationRunId);
        line.Message.ShouldContain("0 changed (1 rows written)");
    }
}

[Collection(ObservabilityCollection.Name)]
public class RequestSpanTests
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private static async Task<List<Activity>> RequestSpansAfterAQueryAsync(ObservedFactory factory)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        (await client.PostAsJsonAsync("/graphql", new { query = "{ organisation { componentCount } }" })).EnsureSuccessStatusCode();
        // The server stops a request's span after the response is sent: wait for it briefly rather than racing it.
        for (var i = 0; i < 50; i++)
        {
            lock (factory.Spans)
                if (factory.Spans.Any(s => s.Source.Name == AspNetCoreSource)) break;
            await Task.Delay(20);
        }
        lock (factory.Spans) return factory.Spans.Where(s => s.Source.Name == AspNetCoreSource).ToList();
    }

    [Fact]
    public async Task Without_a_collector_requests_make_no_span_of_their_own()
    {
        await using var factory = new ObservedFactory();
        (await RequestSpansAfterAQueryAsync(factory)).ShouldBeEmpty();
    }

    [Fact]
    public async Task With_a_collector_configured_each_request_is_a_span_with_its_route_and_status()
    {
        await using var factory = new ObservedWithCollectorFactory();
        var spans = await RequestSpansAfterAQueryAsync(factory);
        // HotChocolate maps /graphql with a catch-all for the explorer's files.
        spans.ShouldContain(s => Equals(s.GetTagItem("url.path"), "/graphql") && Equals(s.GetTagItem("http.request.method"), "POST")
                                 && Equals(s.GetTagItem("http.route"), "/graphql/{**slug}") && Equals(s.GetTagItem("http.response.status_code"), 200));
    }
}
