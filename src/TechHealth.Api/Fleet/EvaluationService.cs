using Microsoft.Extensions.Options;
using TechHealth.Api.Definitions;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// Re-evaluates the whole fleet from stored facts (never rescanning), records the run, prunes history and publishes
/// the new snapshot. Runs one at a time; checks are compiled once per definitions version.
/// </summary>
public sealed class EvaluationService(
    DefinitionsState definitions,
    FactStore facts,
    EvaluationStore runs,
    ExemptionStore exemptions,
    FleetState state,
    TimeProvider clock,
    IOptions<TechHealthOptions> options,
    ILogger<EvaluationService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CompiledChecks? _compiled;

    public CertificationOptions CertificationOptions => new()
    {
        RetirementLeadTime = TimeSpan.FromDays(options.Value.Evaluation.RetirementLeadDays),
        DepartmentTypes = options.Value.Evaluation.DepartmentTypes,
    };

    /// <summary>The compiled checks for the definitions in force, compiled again only when their version changes.</summary>
    public CompiledChecks Compiled()
    {
        var defs = definitions.Current;
        var compiled = _compiled;
        if (compiled is null || compiled.Version != defs.Version)
        {
            compiled = CheckCompiler.Compile(defs, CertificationOptions);
            foreach (var p in compiled.Problems) logger.LogWarning("Check compilation: {Problem}", p.ToString());
            _compiled = compiled;
        }
        return compiled;
    }

    /// <summary>Evaluates every component, stores the run (unless <paramref name="store"/> is false) and publishes the snapshot.</summary>
    public async Task<FleetSnapshot> EvaluateAsync(EvaluationTrigger trigger, long? scanRunId = null, bool store = true, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var compiled = Compiled();
            var components = await facts.LoadCurrentFactsAsync(cancellationToken);
            var groups = await facts.LoadGroupsAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var stored = await exemptions.ListActiveAsync(now, cancellationToken);
            var book = ExemptionBook.From(compiled.Definitions.Checks, stored.Select(ToExemption));
            var fleet = compiled.EvaluateFleet(components, book, now);
            EvaluationRunInfo? run;
            if (store)
            {
                run = await runs.SaveEvaluationRunAsync(new EvaluationRunHeader(now, compiled.Version, trigger, scanRunId), fleet.Evaluations, cancellationToken);
                var pruned = await runs.PruneEvaluationRunsAsync(new EvaluationRetention(options.Value.Evaluation.KeepAllDays, options.Value.Evaluation.KeepDailyDays), now, cancellationToken);
                logger.LogInformation("Evaluation run {Run} ({Trigger}): {Count} components, average score {Score:F1}; pruned {Pruned} old runs",
                    run.Id, trigger, run.ComponentCount, run.AverageScore, pruned.Count);
            }
            else
            {
                run = await runs.LatestEvaluationRunAsync(cancellationToken);
            }
            var snapshot = new FleetSnapshot(run, compiled, components, fleet, new OrgChart(groups, options.Value.Evaluation.DepartmentTypes), book, stored);
            state.Publish(snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public static Exemption ToExemption(StoredExemption e) => new(e.ComponentRef, e.CheckId, e.Reason, e.ApprovedBy, e.Expires, $"api #{e.Id}");
}
