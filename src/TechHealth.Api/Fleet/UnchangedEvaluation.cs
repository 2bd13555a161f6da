using System.Text.Json;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// Tells whether an evaluation would read exactly what the newest stored run read, so it can be recorded as that run
/// again without reading 10,000 components' facts or evaluating them. The inputs are everything an evaluation reads:
/// the definitions (by content hash), the certification options, which snapshots are in force with each component's
/// team and department, the org tree, the exemptions in force, and the clock, which the checks read by UTC day except
/// for age-in-days comparisons, whose next change the evaluation itself reports (<see cref="FleetEvaluation.StableUntil"/>).
/// </summary>
public sealed class UnchangedEvaluation(FactStore facts, ExemptionStore exemptions, EvaluationStore runs)
{
    /// <summary>How many runs were recorded unchanged by this instance, so tests can tell a skipped evaluation from a full one.</summary>
    public int RecordedUnchanged => _recordedUnchanged;

    private int _recordedUnchanged;

    /// <summary>The hash of what an evaluation at <paramref name="now"/> reads, besides the clock.</summary>
    public async Task<string> InputsKeyAsync(CompiledChecks compiled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = new ContentHasher();
        hash.Add("definitions").Add(compiled.Version);
        // Options come from configuration, which another process (the scan verb) may be given differently.
        hash.Add("options").Add(JsonSerializer.Serialize(compiled.Options));
        hash.Add("facts").Add(await facts.FactsInForceKeyAsync(cancellationToken));
        var active = await exemptions.ListActiveAsync(now, cancellationToken);
        hash.Add("exemptions").Add(active.Count);
        foreach (var e in active.OrderBy(e => e.Id))
            hash.Add(e.Id).Add(e.ComponentRef).Add(e.CheckId).Add(e.Reason).Add(e.ApprovedBy).Add(e.Expires.DayNumber);
        // Belt and braces: the stable-until bound already ends at the next UTC midnight.
        hash.Add("day").Add(DateOnly.FromDateTime(now.UtcDateTime).DayNumber);
        return hash.Finish();
    }

    /// <summary>
    /// Records the evaluation at <paramref name="header"/>'s time as the newest run again when its inputs are those that
    /// run recorded and still within the time they hold for, and, when a snapshot in memory is needed, the one in force
    /// (<paramref name="inForce"/>) is of that run and was evaluated from those same inputs (<paramref name="inForceKey"/>;
    /// a snapshot evaluated without storing, at start-up, may not have been). Returns the recorded run, or null when the
    /// fleet must be evaluated.
    /// </summary>
    public async Task<EvaluationRunInfo?> TryRecordAsync(string inputsKey, EvaluationRunHeader header, bool needsRunInForce, long? inForce, string? inForceKey,
        CancellationToken cancellationToken)
    {
        var latest = await runs.LatestInputsAsync(cancellationToken);
        if (latest?.Inputs is not { } previous || previous.Key != inputsKey) return null;
        // The clock must lie in [previous run, stable until): going back in time or past a day boundary re-evaluates.
        if (header.EvaluatedAt < latest.Run.EvaluatedAt || header.EvaluatedAt >= previous.StableUntil) return null;
        if (needsRunInForce && (inForce != latest.Run.Id || inForceKey != inputsKey)) return null;
        using var storing = TechHealthTelemetry.Source.StartActivity("evaluate.store");
        var run = await runs.SaveUnchangedEvaluationRunAsync(latest.Run.Id, header with { Inputs = previous }, cancellationToken);
        if (run is null) return null;
        Interlocked.Increment(ref _recordedUnchanged);
        storing?.SetTag("techhealth.evaluation_run.id", run.Id);
        storing?.SetTag("techhealth.evaluation.changed_components", 0);
        storing?.SetTag("techhealth.evaluation.rows_written", runs.LastWrite is { } w && w.RunId == run.Id ? w.Rows : (long?)null);
        return run;
    }
}
