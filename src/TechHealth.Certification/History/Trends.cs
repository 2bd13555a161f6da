using TechHealth.Core.Catalog;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// One point of a trend: a run's figures for one component (Score, Level) or one group (average Score, count per level).
/// Score is null when the component or group had no component in that run.
/// </summary>
public sealed record TrendPoint(string RunId, DateTimeOffset At, double? Score, string? Level, int ComponentCount, IReadOnlyList<LevelCount> Levels);

/// <summary>Builds trend series over stored runs, oldest first. Pure: group membership is read from each run's owners.</summary>
public static class Trends
{
    public static IReadOnlyList<TrendPoint> ForComponent(IEnumerable<RunSnapshot> runs, string componentRef)
        => runs.OrderBy(r => r.At).Select(run =>
        {
            var e = run.Evaluations.FirstOrDefault(x => x.ComponentRef.Equals(componentRef, StringComparison.OrdinalIgnoreCase));
            return new TrendPoint(run.RunId, run.At, e?.Score, e?.Level, e is null ? 0 : 1, []);
        }).ToList();

    public static IReadOnlyList<TrendPoint> ForTeam(IEnumerable<RunSnapshot> runs, string teamRef, IReadOnlyList<string> levels)
    {
        var key = teamRef.Equals(FleetRollup.Unowned, StringComparison.OrdinalIgnoreCase) ? FleetRollup.Unowned : OrgChart.Normalise(teamRef);
        return ForGroup(runs, e => FleetRollup.TeamKey(e.Owner) == key, levels);
    }

    public static IReadOnlyList<TrendPoint> ForDepartment(IEnumerable<RunSnapshot> runs, string departmentRef, OrgChart org, IReadOnlyList<string> levels)
        => ForGroup(runs, e => e.Owner is { Length: > 0 } o && org.IsWithin(o, departmentRef), levels);

    public static IReadOnlyList<TrendPoint> ForOrganisation(IEnumerable<RunSnapshot> runs, IReadOnlyList<string> levels)
        => ForGroup(runs, _ => true, levels);

    private static IReadOnlyList<TrendPoint> ForGroup(IEnumerable<RunSnapshot> runs, Func<ComponentEvaluation, bool> member, IReadOnlyList<string> levels)
        => runs.OrderBy(r => r.At).Select(run =>
        {
            var members = run.Evaluations.Where(member).ToList();
            var n = members.Count;
            var counts = levels.Select(l => new LevelCount(l, members.Count(e => string.Equals(e.Level, l, StringComparison.OrdinalIgnoreCase)), 0))
                .Prepend(new LevelCount("none", members.Count(e => e.Level is null), 0))
                .Select(l => l with { Share = n == 0 ? 0 : Math.Round((double)l.Count / n, 4) })
                .ToList();
            double? score = n == 0 ? null : Math.Round(members.Average(e => e.Score), 1, MidpointRounding.AwayFromZero);
            return new TrendPoint(run.RunId, run.At, score, null, n, counts);
        }).ToList();
}
