using Microsoft.Extensions.Options;
using TechHealth.Api.Definitions;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// Re-evaluates the whole fleet from stored facts (never rescanning), records the run, prunes history and publishes
/// the new snapshot, then tells <see cref="RunEvents"/> of the stored run. Runs one at a time; checks are compiled once per definitions version.
/// </summary>
public sealed class EvaluationService(
    DefinitionsState definitions,
    FactStore facts,
    EvaluationStore runs,
    ExemptionStore exemptions,
    UnchangedEvaluation unchanged,
    FleetState state,
    RunEvents events,
    TechHealthMetrics metrics,
    TimeProvider clock,
    IOptions<TechHealthOptions> options,
    ILogger<EvaluationService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CheckCompiler _compiler = new(new CertificationOptions
    {
        RetirementLeadTime = TimeSpan.FromDays(options.Value.Evaluation.RetirementLeadDays),
        DepartmentTypes = options.Value.Evaluation.DepartmentTypes,
        TestFolders = options.Value.Evaluation.TestFolders is { } folders ? [.. folders] : CertificationOptions.DefaultTestFolders,
    });
    private CompiledChecks? _compiled;
    private (FleetSnapshot? Snapshot, string? Key) _keyed;
    private LoadedFacts? _facts;

    /// <summary>Facts and groups as read after the scan run that last wrote them.</summary>
    private sealed record LoadedFacts(string ScanKey, IReadOnlyList<ComponentFacts> Components, IReadOnlyList<OrgGroup> Groups);

    public CertificationOptions CertificationOptions => _compiler.Options;

    /// <summary>The compiled checks for the definitions in force, compiled again only when their version changes.</summary>
    public CompiledChecks Compiled()
    {
        var compiled = _compiler.GetOrCompile(definitions.Current);
        // The compiler hands out the same instance while the version holds, so problems are logged once per compilation.
        if (!ReferenceEquals(Interlocked.Exchange(ref _compiled, compiled), compiled))
            foreach (var p in compiled.Problems) logger.LogWarning("Check compilation: {Problem}", p.ToString());
        return compiled;
    }

    /// <summary>
    /// False in a process that stores runs but serves nothing (the scan verb): an unchanged rescan may then be recorded
    /// without a snapshot of the run in memory, which would otherwise have to be rebuilt by evaluating.
    /// </summary>
    public bool ServesSnapshots { get; set; } = true;

    /// <summary>
    /// The evaluation after scan run <paramref name="scanRunId"/>: recorded as the newest run again when nothing it
    /// reads changed (see <see cref="UnchangedEvaluation"/>), else evaluated and stored in full. Returns the stored run.
    /// </summary>
    public async Task<EvaluationRunInfo?> EvaluateAfterScanAsync(long scanRunId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        var started = clock.GetTimestamp();
        try
        {
            using var span = TechHealthTelemetry.Source.StartActivity("evaluate");
            span?.SetTag("techhealth.evaluation.trigger", TechHealthMetrics.TriggerName(EvaluationTrigger.Scan));
            span?.SetTag("techhealth.scan_run.id", scanRunId);
            var compiled = Compiled();
            var now = clock.GetUtcNow();
            var key = await unchanged.InputsKeyAsync(compiled, now, cancellationToken);
            var current = state.Current;
            var header = new EvaluationRunHeader(now, compiled.Version, EvaluationTrigger.Scan, scanRunId);
            if (await unchanged.TryRecordAsync(key, header, ServesSnapshots, current?.Run?.Id, ReferenceEquals(current, _keyed.Snapshot) ? _keyed.Key : null, cancellationToken) is { } run)
            {
                span?.SetTag("techhealth.evaluation_run.id", run.Id);
                var write = runs.LastWrite is { } w && w.RunId == run.Id ? w : null;
                if (current is not null)
                {
                    var republished = current.WithRun(run);
                    _keyed = (republished, key);
                    state.Publish(republished);
                }
                var pruned = await runs.PruneEvaluationRunsAsync(new EvaluationRetention(options.Value.Evaluation.KeepAllDays, options.Value.Evaluation.KeepDailyDays), now, cancellationToken);
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["EvaluationRunId"] = run.Id });
                logger.LogInformation("Evaluation run {Run} ({Trigger}): nothing it reads changed since the run before, 0 changed ({Rows} rows written), " +
                                      "recorded without reading facts or evaluating; pruned {Pruned} old runs; {Seconds:F2} s in all",
                    run.Id, EvaluationTrigger.Scan, write?.Rows, pruned.Count, clock.GetElapsedTime(started).TotalSeconds);
                metrics.RecordEvaluation(clock.GetElapsedTime(started), EvaluationTrigger.Scan, write);
                events.Publish(run);
                return run;
            }
            return (await EvaluateLockedAsync(EvaluationTrigger.Scan, scanRunId, store: true, cancellationToken, span)).Run;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates every component, stores the run (unless <paramref name="store"/> is false) and publishes the snapshot.</summary>
    public async Task<FleetSnapshot> EvaluateAsync(EvaluationTrigger trigger, long? scanRunId = null, bool store = true, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateLockedAsync(trigger, scanRunId, store, cancellationToken, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="outer">The "evaluate" span already started by the caller, so one evaluation is one span.</param>
    private async Task<FleetSnapshot> EvaluateLockedAsync(EvaluationTrigger trigger, long? scanRunId, bool store, CancellationToken cancellationToken, System.Diagnostics.Activity? outer)
    {
        var started = clock.GetTimestamp();
        using var own = outer is null ? TechHealthTelemetry.Source.StartActivity("evaluate") : null;
        var span = outer ?? own;
        span?.SetTag("techhealth.evaluation.trigger", TechHealthMetrics.TriggerName(trigger));
        if (scanRunId is { } scan) span?.SetTag("techhealth.scan_run.id", scan);
        try
        {
            var compiled = Compiled();
            // Taken before the facts are read and compared after evaluating: only inputs that held throughout are recorded.
            var keyBefore = await unchanged.InputsKeyAsync(compiled, clock.GetUtcNow(), cancellationToken);
            IReadOnlyList<ComponentFacts> components;
            IReadOnlyList<OrgGroup> groups;
            using (TechHealthTelemetry.Source.StartActivity("evaluate.facts"))
                (components, groups) = await CurrentFactsAsync(trigger, cancellationToken);
            var factsRead = clock.GetElapsedTime(started);
            var now = clock.GetUtcNow();
            var stored = await exemptions.ListActiveAsync(now, cancellationToken);
            var book = ExemptionBook.From(compiled.Definitions.Checks, stored.Select(ToExemption));
            FleetEvaluation fleet;
            using (TechHealthTelemetry.Source.StartActivity("evaluate.checks"))
                fleet = compiled.EvaluateFleet(components, book, now);
            var evaluated = clock.GetElapsedTime(started);
            var keyAfter = await unchanged.InputsKeyAsync(compiled, now, cancellationToken);
            EvaluationRunInfo? run;
            EvaluationWrite? write = null;
            if (store)
            {
                using (var storing = TechHealthTelemetry.Source.StartActivity("evaluate.store"))
                {
                    var inputs = keyAfter == keyBefore && fleet.StableUntil is { } until ? new EvaluationInputs(keyAfter, until) : null;
                    run = await runs.SaveEvaluationRunAsync(new EvaluationRunHeader(now, compiled.Version, trigger, scanRunId) { Inputs = inputs }, fleet.Evaluations, cancellationToken);
                    write = runs.LastWrite is { } w && w.RunId == run.Id ? w : null;
                    storing?.SetTag("techhealth.evaluation_run.id", run.Id);
                    storing?.SetTag("techhealth.evaluation.changed_components", write?.ChangedComponents);
                    storing?.SetTag("techhealth.evaluation.rows_written", write?.Rows);
                }
                span?.SetTag("techhealth.evaluation_run.id", run.Id);
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["EvaluationRunId"] = run.Id });
                var pruned = await runs.PruneEvaluationRunsAsync(new EvaluationRetention(options.Value.Evaluation.KeepAllDays, options.Value.Evaluation.KeepDailyDays), now, cancellationToken);
                logger.LogInformation("Evaluation run {Run} ({Trigger}): {Count} components, average score {Score:F1}, {Changed} changed ({Rows} rows written); pruned {Pruned} old runs; " +
                                      "facts read in {Facts:F2} s, evaluated in {Evaluate:F2} s, stored in {Store:F2} s",
                    run.Id, trigger, run.ComponentCount, run.AverageScore, write?.ChangedComponents, write?.Rows, pruned.Count,
                    factsRead.TotalSeconds, (evaluated - factsRead).TotalSeconds, (clock.GetElapsedTime(started) - evaluated).TotalSeconds);
            }
            else
            {
                run = await runs.LatestEvaluationRunAsync(cancellationToken);
            }
            var published = clock.GetTimestamp();
            var snapshot = new FleetSnapshot(run, compiled, components, fleet, new OrgChart(groups, options.Value.Evaluation.DepartmentTypes), book);
            // The inputs this snapshot was evaluated from, if they held throughout, so an unchanged rescan may keep it in force.
            _keyed = (snapshot, keyAfter == keyBefore ? keyAfter : null);
            state.Publish(snapshot);
            logger.LogDebug("Snapshot of run {Run} built in {Seconds:F2} s", run?.Id, clock.GetElapsedTime(published).TotalSeconds);
            metrics.RecordEvaluation(clock.GetElapsedTime(started), trigger, write);
            // Subscribers hear of the run once its snapshot is in force, so a query they send next sees it.
            if (store && run is not null) events.Publish(run);
            return snapshot;
        }
        catch (Exception e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>
    /// Only scans write facts, so a radar edit or an exemption re-evaluates the facts already in memory (reading 10,000
    /// components back from the store takes longer than evaluating them). The newest scan run is checked on every
    /// call, so a scan run by another process (the scan verb) is still picked up.
    /// </summary>
    private async Task<(IReadOnlyList<ComponentFacts>, IReadOnlyList<OrgGroup>)> CurrentFactsAsync(EvaluationTrigger trigger, CancellationToken cancellationToken)
    {
        var latest = (await facts.ListScanRunsAsync(1, cancellationToken)).FirstOrDefault();
        var key = latest is null ? "none" : $"{latest.Id}:{latest.Status}:{latest.FinishedAt?.ToUnixTimeMilliseconds()}";
        if (trigger != EvaluationTrigger.Scan && _facts is { } cached && cached.ScanKey == key) return (cached.Components, cached.Groups);
        var components = await facts.LoadCurrentFactsAsync(cancellationToken);
        var groups = await facts.LoadGroupsAsync(cancellationToken);
        _facts = new LoadedFacts(key, components, groups);
        return (components, groups);
    }

    public static Exemption ToExemption(StoredExemption e) => new(e.ComponentRef, e.CheckId, e.Reason, e.ApprovedBy, e.Expires, $"api #{e.Id}");
}
