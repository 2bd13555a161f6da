using TechHealth.Core.Catalog;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;

namespace TechHealth.Certification.Benchmarks;

/// <summary>
/// Fleet evaluation against the repository's shipped radar/ and checks/: warm (compiled checks and match cache
/// reused, as between scans), cold (compile and evaluate, as after a radar edit) and the rollups of one run.
/// </summary>
[MemoryDiagnoser]
public class FleetEvaluationBenchmarks
{
    private DefinitionSet _definitions = DefinitionSet.Empty;
    private CompiledChecks _compiled = null!;
    private IReadOnlyList<ComponentFacts> _fleet = [];
    private ExemptionBook _exemptions = ExemptionBook.Empty;
    private FleetEvaluation _evaluated = null!;
    private OrgChart _org = OrgChart.Empty;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Params(10_000)]
    public int Components { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _definitions = ShippedDefinitions.Load(Now);
        _compiled = CheckCompiler.Compile(_definitions);
        _fleet = SyntheticFleet.Generate(_definitions.Radar, Components);
        _exemptions = ExemptionBook.From(_definitions.Checks);
        _org = new OrgChart(SyntheticFleet.Groups());
        _evaluated = _compiled.EvaluateFleet(_fleet, _exemptions, Now);
    }

    [Benchmark(Description = "evaluate fleet (warm)")]
    public FleetEvaluation EvaluateWarm() => _compiled.EvaluateFleet(_fleet, _exemptions, Now);

    [Benchmark(Description = "compile + evaluate fleet (cold, after a radar edit)")]
    public FleetEvaluation EvaluateCold() => CheckCompiler.Compile(_definitions with { Version = Guid.NewGuid().ToString() }).EvaluateFleet(_fleet, _exemptions, Now);

    [Benchmark(Description = "rollups + heatmaps of one run")]
    public int Rollups()
    {
        var rollup = FleetRollup.From(_evaluated, _org, _compiled);
        return rollup.Organisation().ComponentCount + rollup.Departments().Count + rollup.Teams().Count
               + rollup.TeamsByChecks().Cells.Count + rollup.DepartmentsByChecks().Cells.Count + rollup.TeamsByRadar().Cells.Count;
    }
}

public static class ShippedDefinitions
{
    public static DefinitionSet Load(DateTimeOffset now)
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "checks", "levels.yaml"))) dir = dir.Parent;
        dir ??= new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "checks", "levels.yaml"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("run from inside the repository: no folder above holds checks/levels.yaml");
        var result = DefinitionLoader.Load(Path.Combine(dir.FullName, "radar"), Path.Combine(dir.FullName, "checks"), new FixedClock(now));
        return result.Definitions ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Problems));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Contains("--stopwatch"))
        {
            // A quick figure without BenchmarkDotNet's many iterations: one cold and three warm passes.
            var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
            var defs = ShippedDefinitions.Load(now);
            var fleet = SyntheticFleet.Generate(defs.Radar, 10_000);
            var exemptions = ExemptionBook.From(defs.Checks);
            Console.WriteLine($"{fleet.Count} components, {fleet.Sum(c => c.Dependencies.Count)} dependencies, {defs.Checks.Checks.Count} checks, {defs.Radar.Entries.Count} radar entries, {Environment.ProcessorCount} cores");
            var process = Process.GetCurrentProcess();
            var sw = Stopwatch.StartNew();
            var cpu = process.TotalProcessorTime;
            string Cpu() { process.Refresh(); var used = process.TotalProcessorTime - cpu; cpu = process.TotalProcessorTime; return $"{used.TotalMilliseconds:0} ms CPU"; }
            var compiled = CheckCompiler.Compile(defs);
            var evaluated = compiled.EvaluateFleet(fleet, exemptions, now);
            Console.WriteLine($"cold (compile + evaluate): {sw.ElapsedMilliseconds} ms wall, {Cpu()}");
            for (var i = 0; i < 3; i++)
            {
                sw.Restart(); Cpu();
                evaluated = compiled.EvaluateFleet(fleet, exemptions, now);
                Console.WriteLine($"warm evaluate: {sw.ElapsedMilliseconds} ms wall, {Cpu()}");
            }
            sw.Restart(); Cpu();
            var rollup = FleetRollup.From(evaluated, new OrgChart(SyntheticFleet.Groups()), compiled);
            var figures = rollup.Departments().Count + rollup.Teams().Count + rollup.TeamsByChecks().Cells.Count + rollup.TeamsByRadar().Cells.Count;
            Console.WriteLine($"rollups + heatmaps: {sw.ElapsedMilliseconds} ms wall, {Cpu()} ({figures} figures)");
            if (args.Contains("--parts"))
            {
                void Time(string what, Func<int> f) { sw.Restart(); Cpu(); var n = f(); Console.WriteLine($"  {what}: {sw.ElapsedMilliseconds} ms wall, {Cpu()} ({n})"); }
                Time("radar matching only (1 thread)", () => fleet.Sum(c => compiled.MatchTechnologies(c, now).Count));
                Time("evaluate (1 thread)", () => fleet.Sum(c => compiled.Evaluate(c, exemptions, now).Results.Count));
                FleetRollup r = null!;
                Time("gate decisions", () => (r = FleetRollup.From(evaluated, new OrgChart(SyntheticFleet.Groups()), compiled)) is null ? 0 : 1);
                Time("organisation", () => r.Organisation().ComponentCount);
                Time("departments", () => r.Departments().Count);
                Time("teams", () => r.Teams().Count);
                Time("teams x checks", () => r.TeamsByChecks().Cells.Count);
                Time("departments x checks", () => r.DepartmentsByChecks().Cells.Count);
                Time("teams x radar", () => r.TeamsByRadar().Cells.Count);
            }
            var levels = evaluated.Evaluations.GroupBy(e => e.Level ?? "none").Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"levels: {string.Join(", ", levels)}; average score {evaluated.Evaluations.Average(e => e.Score):0.0}");
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
