using System.Globalization;
using TechHealth.Fleet;
using TechHealth.Storage;

namespace TechHealth.Pages.Figures;

/// <summary>A component's score and level in one stored run.</summary>
public sealed record ScorePoint(long RunId, DateTimeOffset At, double Score, string? Level);

/// <summary>
/// Trends from the stored evaluation runs, read the way GraphQL reads them (<see cref="RunTrends"/>: the latest runs,
/// oldest first; average score rounded to 2 places; levels plus "none"). The window of runs a page shows is read once
/// per run in force, in the background from the moment the run is published, so no page waits on the store for a
/// trend: until it is read, a page says so and shows the rest.
/// </summary>
public sealed class History(EvaluationStore store, RunTrends trends)
{
    public const int Runs = RunTrends.PageRuns;

    /// <summary>Starts reading the window of the fleet's run (or finds it read or under way).</summary>
    public Task<TrendWindow> ReadAsync(FleetView fleet) => trends.LatestAsync(fleet.Run?.Id ?? 0);

    /// <summary>The window of the fleet's run if it has been read, else null while it is read in the background.</summary>
    public TrendWindow? IfRead(FleetView fleet) => trends.LatestIfRead(fleet.Run?.Id ?? 0);

    /// <summary>The run stored before the fleet's among the window's, or null when it is the first kept (or not read yet).</summary>
    public static long? PreviousRun(TrendWindow window, FleetView fleet)
    {
        var runs = window.Runs;
        var i = fleet.Run is { } run ? runs.ToList().FindIndex(r => r.Id == run.Id) : -1;
        return i > 0 ? runs[i - 1].Id : null;
    }

    public async Task<IReadOnlyList<ScorePoint>> ComponentAsync(string componentRef, CancellationToken ct)
    {
        var rows = await store.LoadRecentScoreHistoryAsync(Runs, componentRefs: [componentRef], cancellationToken: ct);
        return rows.OrderBy(r => r.EvaluatedAt).Select(r => new ScorePoint(r.RunId, r.EvaluatedAt, Math.Round(r.Score, 2), r.Level)).ToList();
    }

    public static string RunLabel(long id) => id.ToString(CultureInfo.InvariantCulture);
}
