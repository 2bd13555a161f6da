using System.Globalization;
using TechHealth.Api.Fleet;
using TechHealth.Certification;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>A team's or department's average score and level counts per stored run, oldest first.</summary>
public static class Trends
{
    public static async Task<IReadOnlyList<TrendPointView>> ForGroupAsync(EvaluationStore store, FleetSnapshot snap, string? teamRef, string? departmentRef, int first, CancellationToken ct)
    {
        first = Math.Clamp(first, 1, 1000);
        var rows = await store.LoadRecentScoreHistoryAsync(first, teamRef, departmentRef, cancellationToken: ct);
        return rows.GroupBy(r => (r.RunId, r.EvaluatedAt))
            .OrderBy(g => g.Key.EvaluatedAt)
            .TakeLast(first)
            .Select(g =>
            {
                var count = g.Count();
                var levels = snap.Levels.Append("none")
                    .Select(l => new LevelCount(l, g.Count(r => (r.Level ?? "none") == l), 0))
                    .Select(l => l with { Share = count == 0 ? 0 : (double)l.Count / count })
                    .ToList();
                return new TrendPointView(g.Key.RunId.ToString(CultureInfo.InvariantCulture), g.Key.EvaluatedAt, Math.Round(g.Average(r => r.Score), 2), count, levels);
            })
            .ToList();
    }
}
