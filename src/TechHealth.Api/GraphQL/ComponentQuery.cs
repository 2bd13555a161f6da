using TechHealth.Api.Fleet;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Api.GraphQL;

/// <summary>The <c>components(filter:)</c> filter over a snapshot: every condition given must hold.</summary>
public static class ComponentQuery
{
    public static IReadOnlyList<ComponentFacts> Filter(FleetSnapshot snap, ComponentFilter? filter)
    {
        IEnumerable<ComponentFacts> q = snap.Components;
        filter ??= new ComponentFilter();
        if (filter.Team is { } team)
        {
            var t = OrgViews.FindTeam(snap, team)?.Ref ?? team;
            q = q.Where(c => FleetSnapshot.TeamOf(c).Equals(t, StringComparison.OrdinalIgnoreCase));
        }
        if (filter.Department is { } department)
        {
            var d = OrgViews.FindDepartment(snap, department)?.Ref ?? department;
            q = q.Where(c => c.Owner is not null && snap.Org.IsWithin(c.Owner, d));
        }
        if (filter.Level is { } level)
            q = q.Where(c => (snap.EvaluationOf(c.Ref)?.Level ?? "none").Equals(level, StringComparison.OrdinalIgnoreCase));
        if (filter.Type is { } type) q = q.Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase));
        if (filter.Lifecycle is { } lifecycle) q = q.Where(c => string.Equals(c.Lifecycle, lifecycle, StringComparison.OrdinalIgnoreCase));
        if (filter.FailingCheck is { } check)
            q = q.Where(c => snap.EvaluationOf(c.Ref)?.Results.Any(r => r.CheckId.Equals(check, StringComparison.OrdinalIgnoreCase) && r.Status is CheckStatus.Fail or CheckStatus.Error) == true);
        if (filter.RadarEntry is { } entry)
            q = q.Where(c => snap.TechnologiesOf(c.Ref).Any(m => m.Entry?.Id.Equals(entry, StringComparison.OrdinalIgnoreCase) == true));
        if (filter.Search is { Length: > 0 } search)
            q = q.Where(c => c.Name.Contains(search, StringComparison.OrdinalIgnoreCase));
        return q.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}

/// <summary>The <c>ComponentFilter</c> input: every condition given must hold.</summary>
public sealed record ComponentFilter(
    string? Team = null, string? Department = null, string? Level = null, string? Type = null, string? Lifecycle = null,
    string? FailingCheck = null, string? RadarEntry = null, string? Search = null);
