using System.Collections.Concurrent;
using System.Globalization;
using TechHealth.Certification;
using TechHealth.Fleet;
using TechHealth.Storage;

namespace TechHealth.Pages.Figures;

/// <summary>
/// What changed between two stored evaluation runs, read the way the GraphQL API's <c>runDiff</c> reads it (both runs
/// from the store, hold technology recovered from the evidence the results keep). Stored runs never change, so each
/// diff is kept once computed; a few are enough (the organisation page asks for the two latest).
/// </summary>
public sealed class RunDiffs(EvaluationStore store)
{
    private const int Kept = 8;
    private readonly ConcurrentDictionary<(long, long), Lazy<Task<RunDiff?>>> _diffs = new();

    public Task<RunDiff?> DiffAsync(FleetView fleet, long fromId, long toId)
    {
        // SQLite's "async" reads run synchronously: the diff runs on a thread of its own so no page waits inside Lazy
        // for it, nor behind it for a pool thread.
        if (_diffs.Count >= Kept) _diffs.Clear();
        var lazy = _diffs.GetOrAdd((fromId, toId), _ => new Lazy<Task<RunDiff?>>(() => RunTrends.OffThePool(() => ComputeAsync(fleet, fromId, toId))));
        if (lazy.Value.IsFaulted || lazy.Value.IsCanceled) _diffs.TryRemove((fromId, toId), out _);
        return lazy.Value;
    }

    /// <summary>The diff if it has been computed, else null while it is computed in the background (Ready tells which).</summary>
    public (bool Ready, RunDiff? Diff) DiffIfComputed(FleetView fleet, long fromId, long toId)
        => DiffAsync(fleet, fromId, toId) is { IsCompletedSuccessfully: true } t ? (true, t.Result) : (false, null);

    private async Task<RunDiff?> ComputeAsync(FleetView fleet, long fromId, long toId)
    {
        var older = await SnapshotAsync(fromId, fleet.Compiled.HoldRing);
        var newer = await SnapshotAsync(toId, fleet.Compiled.HoldRing);
        return older is null || newer is null ? null : RunComparison.Diff(older, newer, fleet.Levels);
    }

    private async Task<RunSnapshot?> SnapshotAsync(long runId, string holdRing)
    {
        var run = await store.GetEvaluationRunAsync(runId);
        if (run is null) return null;
        var evaluations = await store.LoadEvaluationAsync(runId);
        var hold = evaluations.SelectMany(e => e.Results.SelectMany(r => r.Evidence)
                .Where(ev => ev.RadarEntry is not null && string.Equals(ev.Ring, holdRing, StringComparison.OrdinalIgnoreCase))
                .Select(ev => new HoldUsage(e.ComponentRef, ev.RadarEntry!, ev.Purl ?? "", ev.Version, ev.Line > 0 ? $"{ev.File} line {ev.Line}" : ev.File ?? "", ev.Condition)))
            .Distinct()
            .ToList();
        return new RunSnapshot(runId.ToString(CultureInfo.InvariantCulture), run.EvaluatedAt, evaluations, hold);
    }
}
