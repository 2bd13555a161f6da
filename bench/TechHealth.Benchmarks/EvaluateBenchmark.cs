using TechHealth.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Benchmarks;

/// <summary>(a) The whole fleet evaluated against the shipped checks and radar, facts already in memory.</summary>
public static class EvaluateBenchmark
{
    public static async Task RunAsync(BenchWorkspace workspace, int passes)
    {
        workspace.Check();
        await using var services = BenchServices.Build(workspace);
        services.GetRequiredService<DefinitionsReloader>().Reload("benchmark");
        var definitions = services.GetRequiredService<DefinitionsState>().Current;
        var evaluation = services.GetRequiredService<EvaluationService>();
        var facts = services.GetRequiredService<FactStore>();
        var options = services.GetRequiredService<IOptions<TechHealthOptions>>().Value;
        var now = TimeProvider.System.GetUtcNow();

        Console.WriteLine($"evaluate: {definitions.Radar.Entries.Count} radar entries, {definitions.Checks.Checks.Count} checks");
        var components = await Timings.SectionAsync("load facts from SQLite (not part of the aim)", () => facts.LoadCurrentFactsAsync());
        var groups = await facts.LoadGroupsAsync();
        Console.WriteLine($"  {components.Count} components, {components.Sum(c => c.Dependencies.Count)} dependencies");
        var book = ExemptionBook.From(definitions.Checks);
        var compiled = Timings.Section("compile checks", () => CheckCompiler.Compile(definitions, evaluation.CertificationOptions));
        var fleet = Timings.Section("evaluate fleet, first pass (cold match cache)", () => compiled.EvaluateFleet(components, book, now));
        var warm = new Timings("evaluate fleet, warm passes");
        for (var i = 0; i < passes; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            fleet = compiled.EvaluateFleet(components, book, now);
            warm.Add(clock.Elapsed);
        }
        Console.WriteLine("  " + warm);
        var cold = new Timings("compile + evaluate (after a radar edit)");
        for (var i = 0; i < Math.Max(1, passes / 2); i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            CheckCompiler.Compile(definitions with { Version = Guid.NewGuid().ToString() }, evaluation.CertificationOptions).EvaluateFleet(components, book, now);
            cold.Add(clock.Elapsed);
        }
        Console.WriteLine("  " + cold);
        Timings.Section("rollups of the run (team, department, org)", () => FleetRollup.From(fleet, new OrgChart(groups, options.Evaluation.DepartmentTypes), compiled));
        Console.WriteLine($"  {fleet.Evaluations.Count} evaluations, {fleet.Evaluations.Sum(e => e.Results.Count)} check results");
    }
}
