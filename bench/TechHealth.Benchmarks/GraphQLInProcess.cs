using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Fleet;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Security;
using HotChocolate.Execution;

namespace TechHealth.Benchmarks;

/// <summary>
/// The two benchmark queries run straight through HotChocolate's executor (the service's pipeline: parser, validation,
/// limits, resolvers), with the state the HTTP interceptor would set (one snapshot, an anonymous caller).
/// </summary>
public sealed class GraphQLInProcess(IServiceProvider services)
{
    public const string TeamQuery = """
        query TeamScores($team: String!) {
          team(ref: $team) {
            name
            rollup { componentCount averageScore levels { level count share } failingMost { checkId failed rate } }
            components { name score level toFix { checkId status } }
          }
        }
        """;

    public const string HeatmapQuery = """
        query DepartmentHeatmap {
          heatmap(kind: DEPARTMENTS_BY_CHECKS) { title rows rowLabels columns cells { row column value passed failed exempt errors total } }
        }
        """;

    private readonly FleetState _state = services.GetRequiredService<FleetState>();
    private IRequestExecutor? _executor;

    /// <summary>
    /// Runs one query through HotChocolate's executor with the state the HTTP interceptor sets, and disposes the result
    /// as the HTTP handler does once it is written: HotChocolate 16 rents a result's memory and takes it back then.
    /// </summary>
    public async Task ExecuteAsync(string query, IReadOnlyDictionary<string, object?>? variables = null)
    {
        _executor ??= await services.GetRequestExecutorAsync();
        await using var scope = services.CreateAsyncScope();
        var request = OperationRequestBuilder.New()
            .SetDocument(query)
            .SetVariableValues(variables)
            .SetServices(scope.ServiceProvider)
            .SetGlobalState(TechHealthSchema.SnapshotKey, _state.Current)
            .SetGlobalState(Authorization.CallerKey, Caller.Anonymous)
            .Build();
        await using var result = await _executor.ExecuteAsync(request);
        if (result is OperationResult { Errors.Count: > 0 } failed) throw new InvalidOperationException($"query failed: {failed.Errors[0].Message}");
    }

    public static void RunBenchmarkDotNet(BenchWorkspace workspace)
    {
        workspace.Check();
        Environment.SetEnvironmentVariable(GraphQLQueryBenchmarks.DataVariable, workspace.Root);
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.P95)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub)
            // Results go to the temp folder, not into the working tree.
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "techhealth-benchmarks"));
        BenchmarkRunner.Run<GraphQLQueryBenchmarks>(config);
    }
}

/// <summary>BenchmarkDotNet's view of the in-process queries; the service is started once in the global setup.</summary>
public class GraphQLQueryBenchmarks
{
    public const string DataVariable = "TECHHEALTH_BENCH_DATA";
    private ServiceUnderTest? _service;
    private GraphQLInProcess _queries = null!;
    private string[] _teams = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var workspace = new BenchWorkspace(Environment.GetEnvironmentVariable(DataVariable) ?? throw new InvalidOperationException($"{DataVariable} is not set"));
        _service = new ServiceUnderTest(workspace, kestrel: false);
        var snapshot = _service.StartAsync(TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        _queries = new GraphQLInProcess(_service.Services);
        _teams = OrgViews.Teams(snapshot).Select(t => t.Ref).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _service?.Dispose();

    [Benchmark(Description = "team score query")]
    public Task TeamScore() => _queries.ExecuteAsync(GraphQLInProcess.TeamQuery, new Dictionary<string, object?> { ["team"] = _teams[_next++ % _teams.Length] });

    [Benchmark(Description = "department heatmap query")]
    public Task DepartmentHeatmap() => _queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery);
}
