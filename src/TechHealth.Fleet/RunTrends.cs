using System.Collections.Concurrent;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Fleet;

/// <summary>One point of a trend: a stored evaluation run's average score and components per level for one scope.</summary>
public sealed record RunFigures(long RunId, DateTimeOffset At, double AverageScore, int ComponentCount, IReadOnlyList<LevelCount> Levels);

/// <summary>
/// Team and department trends from the stored evaluation runs, for GraphQL and the pages alike. A stored run never
/// changes, so each run's scores are read once (one query of the run's rows, without check results) and folded into
/// totals per team and per department; a trend is then a walk over the totals of the latest runs, and a new run costs
/// one run's read instead of re-reading every run for every team.
/// </summary>
public sealed class RunTrends(EvaluationStore store)
{
    /// <summary>Runs the pages show and read ahead after each evaluation.</summary>
    public const int PageRuns = 30;

    // Totals of runs outside every window asked for lately are dropped past this many (a run of 10,000 components in
    // 1,000 teams keeps about 100 kB), so a long history does not grow the cache without end.
    private const int KeptRuns = 120;

    private readonly ConcurrentDictionary<long, Lazy<Task<RunTotals>>> _runs = new();
    private Latest? _latest;

    /// <summary>The totals of the latest <paramref name="runs"/> stored runs, reading only the runs not read before.</summary>
    public async Task<TrendWindow> ReadAsync(int runs, CancellationToken ct)
    {
        var infos = await store.ListEvaluationRunsAsync(Math.Clamp(runs, 1, 1000), cancellationToken: ct);
        var totals = new List<RunTotals>(infos.Count);
        // Oldest first, as every trend is drawn; each missing run is read once however many readers wait on it.
        foreach (var info in infos.Reverse())
        {
            var lazy = _runs.GetOrAdd(info.Id, _ => new Lazy<Task<RunTotals>>(() => ReadRunAsync(info)));
            try { totals.Add(await lazy.Value.WaitAsync(ct)); }
            catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
            {
                // A failed read is not kept: the next reader tries again.
                _runs.TryRemove(new KeyValuePair<long, Lazy<Task<RunTotals>>>(info.Id, lazy));
                throw;
            }
        }
        if (_runs.Count > KeptRuns)
        {
            var shown = infos.Select(r => r.Id).ToHashSet();
            foreach (var id in _runs.Keys.Where(id => !shown.Contains(id))) _runs.TryRemove(id, out _);
        }
        return new TrendWindow(totals);
    }

    /// <summary>
    /// The pages' window (the latest <see cref="PageRuns"/> runs) for the run in force: read once per run on a
    /// thread of its own, shared by every page that asks, and started as soon as the run is stored.
    /// </summary>
    public Task<TrendWindow> LatestAsync(long runId)
    {
        var latest = _latest;
        if (latest is not null && latest.RunId == runId && !latest.Read.IsFaulted && !latest.Read.IsCanceled) return latest.Read;
        var fresh = new Latest(runId, OffThePool(() => ReadAsync(PageRuns, CancellationToken.None)));
        var won = Interlocked.CompareExchange(ref _latest, fresh, latest);
        return (won == latest ? fresh : won!).Read;
    }

    /// <summary>The pages' window if it has been read for this run, else null while it is read in the background.</summary>
    public TrendWindow? LatestIfRead(long runId) => LatestAsync(runId) is { IsCompletedSuccessfully: true } t ? t.Result : null;

    /// <summary>
    /// Runs a long store read on a thread of its own: SQLite's "async" reads run synchronously, and a read of seconds
    /// on a pool thread of a two-core machine leaves the requests queued behind it until the pool grows.
    /// </summary>
    public static Task<T> OffThePool<T>(Func<Task<T>> read)
        => Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task<RunTotals> ReadRunAsync(EvaluationRunInfo run)
    {
        var scores = await store.LoadScoresAsync(run.Id, cancellationToken: CancellationToken.None);
        var teams = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var departments = new Dictionary<string, Totals>(StringComparer.Ordinal);
        // Rows come in component order, the order a per-group query returns them in, so every sum is the same double.
        foreach (var s in scores)
        {
            if (s.TeamRef is { } t) Add(teams, t, s);
            if (s.DepartmentRef is { } d) Add(departments, d, s);
        }
        return new RunTotals(run, teams, departments);

        static void Add(Dictionary<string, Totals> into, string key, ComponentScore s)
        {
            if (!into.TryGetValue(key, out var totals)) into[key] = totals = new Totals();
            totals.Add(s.Score, s.Level ?? EvaluationStore.NoLevel);
        }
    }

    private sealed record Latest(long RunId, Task<TrendWindow> Read);
}

/// <summary>Score totals of one group in one run.</summary>
internal sealed class Totals
{
    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);
    public double Sum { get; private set; }
    public int Count { get; private set; }

    public void Add(double score, string level)
    {
        Sum += score;
        Count++;
        _levels[level] = _levels.GetValueOrDefault(level) + 1;
    }

    public int CountOf(string level) => _levels.GetValueOrDefault(level);
}

/// <summary>One stored run's totals by team and by department.</summary>
internal sealed record RunTotals(EvaluationRunInfo Run, IReadOnlyDictionary<string, Totals> Teams, IReadOnlyDictionary<string, Totals> Departments);

/// <summary>The totals of some consecutive stored runs, oldest first: every team's and department's trend over them.</summary>
public sealed class TrendWindow
{
    private readonly IReadOnlyList<RunTotals> _runs;

    internal TrendWindow(IReadOnlyList<RunTotals> runs) => _runs = runs;

    /// <summary>The runs, oldest first.</summary>
    public IReadOnlyList<EvaluationRunInfo> Runs => _runs.Select(r => r.Run).ToList();

    /// <summary>The whole fleet's trend, from the runs' own summary figures.</summary>
    public IReadOnlyList<RunFigures> Organisation(IReadOnlyList<string> levels)
        => _runs.Select(r => Point(r.Run, r.Run.AverageScore, r.Run.ComponentCount, levels, l => r.Run.LevelCounts.GetValueOrDefault(l))).ToList();

    /// <summary>A team's trend: each run where the team had components, oldest first.</summary>
    public IReadOnlyList<RunFigures> Team(IReadOnlyList<string> levels, string teamRef) => Group(levels, r => r.Teams.GetValueOrDefault(teamRef));

    /// <summary>A department's trend: each run where the department had components, oldest first.</summary>
    public IReadOnlyList<RunFigures> Department(IReadOnlyList<string> levels, string departmentRef) => Group(levels, r => r.Departments.GetValueOrDefault(departmentRef));

    // Average score rounded to 2 places and components per level (the levels plus "none"), as GraphQL has always given them.
    private IReadOnlyList<RunFigures> Group(IReadOnlyList<string> levels, Func<RunTotals, Totals?> of)
        => _runs.Select(r => (r.Run, Totals: of(r))).Where(x => x.Totals is { Count: > 0 })
            .Select(x => Point(x.Run, x.Totals!.Sum / x.Totals.Count, x.Totals.Count, levels, x.Totals.CountOf)).ToList();

    private static RunFigures Point(EvaluationRunInfo run, double average, int count, IReadOnlyList<string> levels, Func<string, int> countOf)
        => new(run.Id, run.EvaluatedAt, Math.Round(average, 2), count,
            levels.Append(EvaluationStore.NoLevel).Select(l => new LevelCount(l, countOf(l), count == 0 ? 0 : (double)countOf(l) / count)).ToList());
}
