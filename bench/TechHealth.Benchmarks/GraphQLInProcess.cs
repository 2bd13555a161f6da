using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TechHealth.Api.Apis;
using TechHealth.Api.Fleet;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Security;
using TechHealth.GraphQL;

namespace TechHealth.Benchmarks;

/// <summary>
/// The two benchmark queries run straight through the schema and its resolvers, with the user context the HTTP
/// handler would build (one snapshot, an anonymous caller) and the service's configured limits.
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

    private readonly Schema _schema = services.GetRequiredService<Schema>();
    private readonly ExecutionLimits _limits = services.GetRequiredService<IOptions<GraphQLLimitOptions>>().Value.ToLimits();
    private readonly FleetState _state = services.GetRequiredService<FleetState>();

    public async Task<ExecutionResult> ExecuteAsync(string query, IReadOnlyDictionary<string, object?>? variables = null)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await Executor.ExecuteAsync(_schema, new GraphQLRequest { Query = query, Variables = variables }, new ExecutionOptions
        {
            RequestServices = scope.ServiceProvider,
            Limits = _limits,
            UserContext = new Dictionary<string, object?>
            {
                [TechHealthSchema.SnapshotKey] = _state.Current,
                [Authorization.CallerKey] = Caller.Anonymous,
            },
        });
        if (result.Errors.Count > 0) throw new InvalidOperationException($"query failed: {result.ToJson()}");
        return result;
    }

    /// <summary>Where one query's time goes: parsing, validation, and execution of the parsed, validated document.</summary>
    public async Task<(Timings Parse, Timings Validate, Timings Execute)> SectionsAsync(string name, string query, Func<int, IReadOnlyDictionary<string, object?>?> variables, int iterations)
    {
        var parse = new Timings($"{name}: parse");
        var validate = new Timings($"{name}: validate");
        var execute = new Timings($"{name}: execute (parsed, validated)");
        for (var i = 0; i < iterations; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var document = Parser.Parse(query);
            parse.Add(clock.Elapsed);
            clock.Restart();
            var errors = Validator.Validate(_schema, document);
            validate.Add(clock.Elapsed);
            if (errors.Count > 0) throw new InvalidOperationException(errors[0].Message);
            await using var scope = services.CreateAsyncScope();
            clock.Restart();
            await Executor.ExecuteAsync(_schema, document, new GraphQLRequest { Query = query, Variables = variables(i) }, new ExecutionOptions
            {
                RequestServices = scope.ServiceProvider,
                Limits = _limits,
                UserContext = new Dictionary<string, object?> { [TechHealthSchema.SnapshotKey] = _state.Current, [Authorization.CallerKey] = Caller.Anonymous },
            }, validate: false);
            execute.Add(clock.Elapsed);
        }
        return (parse, validate, execute);
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
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
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
    public Task<ExecutionResult> TeamScore() => _queries.ExecuteAsync(GraphQLInProcess.TeamQuery, new Dictionary<string, object?> { ["team"] = _teams[_next++ % _teams.Length] });

    [Benchmark(Description = "department heatmap query")]
    public Task<ExecutionResult> DepartmentHeatmap() => _queries.ExecuteAsync(GraphQLInProcess.HeatmapQuery);
}
