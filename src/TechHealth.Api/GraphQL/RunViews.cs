using System.Globalization;
using TechHealth.Api.Fleet;
using TechHealth.Certification;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>Scan and evaluation runs, and the difference between two evaluation runs.</summary>
public static class RunViews
{
    public static ScanRunView Scan(ScanRunInfo r)
        => new(r.Id.ToString(CultureInfo.InvariantCulture), r.Status.ToString().ToLowerInvariant(), r.StartedAt, r.FinishedAt, r.Sources.Count,
            r.ComponentsScanned + r.ComponentsUnchanged, r.ErrorCount, r.Errors.Select(e => $"{e.RepositoryKey}: {e.Message}").Concat(r.Failure is null ? [] : [r.Failure]).ToList());

    public static EvaluationRunView Evaluation(EvaluationRunInfo r)
        => new(r.Id.ToString(CultureInfo.InvariantCulture), r.EvaluatedAt, r.DefinitionsVersion, TriggerName(r.Trigger), r.ComponentCount, Math.Round(r.AverageScore, 2),
            r.LevelCounts.Select(kv => new LevelCount(kv.Key, kv.Value, r.ComponentCount == 0 ? 0 : (double)kv.Value / r.ComponentCount)).ToList());

    /// <summary>The trigger as the store and the docs spell it: scan, radar-edit, manual.</summary>
    public static string TriggerName(EvaluationTrigger trigger) => trigger switch
    {
        EvaluationTrigger.RadarEdit => "radar-edit",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    public static async Task<RunDiffView?> DiffAsync(EvaluationStore store, FleetSnapshot? snap, string? from, string? to, CancellationToken ct)
    {
        long fromId, toId;
        if (from is null || to is null)
        {
            var latest = await store.ListEvaluationRunsAsync(2, cancellationToken: ct);
            if (latest.Count < 2 && (from is null || to is null)) return null;
            toId = to is null ? latest[0].Id : Parse(to, "to");
            fromId = from is null ? latest.First(r => r.Id != toId).Id : Parse(from, "from");
        }
        else
        {
            fromId = Parse(from, "from");
            toId = Parse(to, "to");
        }
        var levels = snap?.Levels ?? [];
        var holdRing = snap?.Compiled.HoldRing ?? "hold";
        var older = await SnapshotAsync(store, fromId, holdRing, ct);
        var newer = await SnapshotAsync(store, toId, holdRing, ct);
        var diff = RunComparison.Diff(older, newer, levels);
        return new RunDiffView(diff.FromRun, diff.ToRun,
            diff.LevelChanges.Select(c => new LevelChangeView(c.ComponentName, c.From, c.To, c.Direction.ToString().ToLowerInvariant())).ToList(),
            diff.CheckFlips.Select(f => new CheckFlipView(f.ComponentName, f.CheckId, f.From, f.To, f.Direction.ToString().ToLowerInvariant(), f.Message)).ToList(),
            diff.NewHoldTechnology.Select(h => new HoldUsageView(h.ComponentRef, h.RadarEntry, h.Purl, h.Version, h.Where, h.Condition)).ToList());
    }

    private static long Parse(string id, string argument)
        => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
         : throw UserErrors.BadInput($"Argument '{argument}' must be an evaluation run id (a number), not '{id}'.");

    private static async Task<RunSnapshot> SnapshotAsync(EvaluationStore store, long runId, string holdRing, CancellationToken ct)
    {
        var run = await store.GetEvaluationRunAsync(runId, ct)
            ?? throw UserErrors.NotFound($"No evaluation run {runId}; it may have been pruned.");
        var evaluations = await store.LoadEvaluationAsync(runId, cancellationToken: ct);
        return new RunSnapshot(runId.ToString(CultureInfo.InvariantCulture), run.EvaluatedAt, evaluations, HoldUsageOf(evaluations, holdRing));
    }

    /// <summary>Hold technology in a stored run, recovered from the evidence its results keep (the run stores results, not matches).</summary>
    public static IReadOnlyList<HoldUsage> HoldUsageOf(IEnumerable<ComponentEvaluation> evaluations, string holdRing)
        => evaluations.SelectMany(e => e.Results.SelectMany(r => r.Evidence)
                .Where(ev => ev.RadarEntry is not null && string.Equals(ev.Ring, holdRing, StringComparison.OrdinalIgnoreCase))
                .Select(ev => new HoldUsage(e.ComponentRef, ev.RadarEntry!, ev.Purl ?? "", ev.Version, ev.Line > 0 ? $"{ev.File} line {ev.Line}" : ev.File ?? "", ev.Condition)))
            .Distinct()
            .ToList();
}
