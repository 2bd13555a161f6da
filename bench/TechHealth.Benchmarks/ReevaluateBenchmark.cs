using TechHealth.Core.Catalog;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Benchmarks;

/// <summary>
/// (b) A radar edit: the YAML is changed on disk, the definitions reloaded, and the whole fleet re-evaluated from stored
/// facts and stored as a run, through the service's own <see cref="EvaluationService"/>. Then the same steps one by one.
/// </summary>
public static class ReevaluateBenchmark
{
    public static async Task RunAsync(BenchWorkspace workspace)
    {
        workspace.Check();
        await using var services = BenchServices.Build(workspace);
        await services.MigrateTechHealthStorageAsync();
        var reloader = services.GetRequiredService<DefinitionsReloader>();
        var evaluation = services.GetRequiredService<EvaluationService>();
        reloader.Reload("benchmark");
        var before = await Timings.SectionAsync("evaluate + store once before the edit (warm-up)", () => evaluation.EvaluateAsync(EvaluationTrigger.Manual));

        var entry = RadarEdit.PickEntry(before);
        var (file, original) = RadarEdit.Flip(workspace.Radar, entry, "adopt", "hold");
        Console.WriteLine($"reevaluate: {before.Components.Count} components; radar entry '{entry}' flipped adopt -> hold in {Path.GetFileName(file)}");
        try
        {
            var total = Stopwatch.StartNew();
            Timings.Section("reload definitions (YAML)", () => reloader.Reload("radar edit"));
            var after = await Timings.SectionAsync("EvaluationService: re-evaluate + store + prune + publish", () => evaluation.EvaluateAsync(EvaluationTrigger.RadarEdit));
            Console.WriteLine($"  TOTAL radar edit -> stored run {after.Run?.Id}: {total.Elapsed.TotalMilliseconds:F0} ms");
            var changed = after.Fleet.Evaluations.Count(e => before.EvaluationOf(e.ComponentRef) is { } b && (b.Score != e.Score || b.Level != e.Level));
            Console.WriteLine($"  {changed} components changed score or level");

            Console.WriteLine("the same steps one by one:");
            var facts = services.GetRequiredService<FactStore>();
            var runs = services.GetRequiredService<EvaluationStore>();
            var options = services.GetRequiredService<IOptions<TechHealthOptions>>().Value;
            var definitions = services.GetRequiredService<DefinitionsState>().Current;
            var components = await Timings.SectionAsync("load current facts", () => facts.LoadCurrentFactsAsync());
            var groups = await Timings.SectionAsync("load groups", () => facts.LoadGroupsAsync());
            var now = TimeProvider.System.GetUtcNow();
            var stored = await Timings.SectionAsync("load exemptions", () => services.GetRequiredService<ExemptionStore>().ListActiveAsync(now));
            var compiled = Timings.Section("compile checks", () => CheckCompiler.Compile(definitions with { Version = Guid.NewGuid().ToString() }, evaluation.CertificationOptions));
            var book = ExemptionBook.From(definitions.Checks, stored.Select(EvaluationService.ToExemption));
            var fleet = Timings.Section("evaluate fleet", () => compiled.EvaluateFleet(components, book, now));
            var run = await Timings.SectionAsync("save run (SQLite)", () => runs.SaveEvaluationRunAsync(new EvaluationRunHeader(now, compiled.Version, EvaluationTrigger.RadarEdit), fleet.Evaluations));
            await Timings.SectionAsync("prune runs", () => runs.PruneEvaluationRunsAsync(new EvaluationRetention(options.Evaluation.KeepAllDays, options.Evaluation.KeepDailyDays), now));
            Timings.Section("snapshot (rollups, indexes)", () => new FleetSnapshot(run, compiled, components, fleet, new OrgChart(groups, options.Evaluation.DepartmentTypes), book));
        }
        finally
        {
            File.WriteAllText(file, original);
        }
    }
}
