using System.Globalization;
using TechHealth.Api.Fleet;

namespace TechHealth.Api.GraphQL;

/// <summary>A team's or department's average score and level counts per stored run, oldest first, in GraphQL's shape.</summary>
public static class Trends
{
    public static async Task<IReadOnlyList<TrendPointView>> ForGroupAsync(RunTrends trends, FleetSnapshot snap, string? teamRef, string? departmentRef, int first, CancellationToken ct)
    {
        var window = await trends.ReadAsync(Math.Clamp(first, 1, 1000), ct);
        var points = teamRef is not null ? window.Team(snap.Levels, teamRef)
            : departmentRef is not null ? window.Department(snap.Levels, departmentRef)
            : window.Organisation(snap.Levels);
        return points.Select(p => new TrendPointView(p.RunId.ToString(CultureInfo.InvariantCulture), p.At, p.AverageScore, p.ComponentCount, p.Levels)).ToList();
    }
}
