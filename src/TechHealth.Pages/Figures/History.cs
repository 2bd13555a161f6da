using System.Collections.Concurrent;
using System.Globalization;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Pages.Figures;

/// <summary>One point of a trend: a stored evaluation run's average score and components per level for one scope.</summary>
public sealed record RunFigures(long RunId, DateTimeOffset At, double AverageScore, int ComponentCount, IReadOnlyList<LevelCount> Levels);

/// <summary>A component's score and level in one stored run.</summary>
public sealed record ScorePoint(long RunId, DateTimeOffset At, double Score, string? Level);

/// <summary>
/// Trends from the stored evaluation runs, the way the GraphQL API reads them (the latest runs, oldest first; average
/// score rounded to 2 places; levels plus "none"). A trend only changes when a run is stored, so each one is kept
/// until the newest run changes: only the first page after an evaluation reads the store.
/// </summary>
public sealed class History(EvaluationStore store)
{
    public const int Runs = 30;

    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<RunFigures>>>> _trends = new(StringComparer.Ordinal);
    private long _cachedFor = -1;

    /// <summary>The organisation's trend, from the runs' own summary figures (no per-component rows are read).</summary>
    public async Task<IReadOnlyList<RunFigures>> OrganisationAsync(FleetView fleet, CancellationToken ct)
    {
        var runs = await store.ListEvaluationRunsAsync(Runs, cancellationToken: ct);
        return runs.OrderBy(r => r.EvaluatedAt).ThenBy(r => r.Id).Select(r => new RunFigures(r.Id, r.EvaluatedAt, Math.Round(r.AverageScore, 2), r.ComponentCount,
            fleet.Levels.Append(EvaluationStore.NoLevel).Select(l => Count(l, r.LevelCounts.GetValueOrDefault(l), r.ComponentCount)).ToList())).ToList();
    }

    // A kept trend is read once for every request that waits on it, so no single request's cancellation may end it.
    public Task<IReadOnlyList<RunFigures>> TeamAsync(FleetView fleet, string teamRef, CancellationToken ct)
        => Cached(fleet, "t:" + teamRef, () => GroupAsync(fleet, teamRef, null, CancellationToken.None)).WaitAsync(ct);

    public Task<IReadOnlyList<RunFigures>> DepartmentAsync(FleetView fleet, string departmentRef, CancellationToken ct)
        => Cached(fleet, "d:" + departmentRef, () => GroupAsync(fleet, null, departmentRef, CancellationToken.None)).WaitAsync(ct);

    /// <summary>
    /// A department's trend if it has been read, else null: the read starts (or goes on) in the background, so a page
    /// never waits on a large department's history; <see cref="PagesWarmUp"/> starts it when a run is published.
    /// </summary>
    public IReadOnlyList<RunFigures>? DepartmentIfRead(FleetView fleet, string departmentRef)
        => DepartmentAsync(fleet, departmentRef, CancellationToken.None) is { IsCompletedSuccessfully: true } t ? t.Result : null;

    public async Task<IReadOnlyList<ScorePoint>> ComponentAsync(string componentRef, CancellationToken ct)
    {
        var rows = await store.LoadRecentScoreHistoryAsync(Runs, componentRefs: [componentRef], cancellationToken: ct);
        return rows.OrderBy(r => r.EvaluatedAt).Select(r => new ScorePoint(r.RunId, r.EvaluatedAt, Math.Round(r.Score, 2), r.Level)).ToList();
    }

    private async Task<IReadOnlyList<RunFigures>> GroupAsync(FleetView fleet, string? teamRef, string? departmentRef, CancellationToken ct)
    {
        var rows = await store.LoadRecentScoreHistoryAsync(Runs, teamRef, departmentRef, cancellationToken: ct);
        return rows.GroupBy(r => (r.RunId, r.EvaluatedAt))
            .OrderBy(g => g.Key.EvaluatedAt)
            .Select(g =>
            {
                var n = g.Count();
                return new RunFigures(g.Key.RunId, g.Key.EvaluatedAt, Math.Round(g.Average(r => r.Score), 2), n,
                    fleet.Levels.Append(EvaluationStore.NoLevel).Select(l => Count(l, g.Count(r => (r.Level ?? EvaluationStore.NoLevel) == l), n)).ToList());
            })
            .ToList();
    }

    private Task<IReadOnlyList<RunFigures>> Cached(FleetView fleet, string key, Func<Task<IReadOnlyList<RunFigures>>> read)
    {
        var run = fleet.Run?.Id ?? 0;
        if (Interlocked.Exchange(ref _cachedFor, run) != run) _trends.Clear();
        // On the thread pool: SQLite's "async" reads run synchronously, and a page must not wait inside Lazy for another's read.
        var lazy = _trends.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyList<RunFigures>>>(() => Task.Run(read)));
        // A failed or cancelled read is not kept: the next page tries again.
        if (lazy.Value.IsFaulted || lazy.Value.IsCanceled) _trends.TryRemove(key, out _);
        return lazy.Value;
    }

    private static LevelCount Count(string level, int count, int total) => new(level, count, total == 0 ? 0 : (double)count / total);

    public static string RunLabel(long id) => id.ToString(CultureInfo.InvariantCulture);
}
