using TechHealth.Api.Fleet;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Api.GraphQL;

/// <summary>The <c>components(filter:)</c> filter over a snapshot: every condition given must hold.</summary>
public static class ComponentQuery
{
    public static IReadOnlyList<ComponentFacts> Filter(FleetSnapshot snap, IReadOnlyDictionary<string, object?>? filter)
    {
        IEnumerable<ComponentFacts> q = snap.Components;
        string? Get(string key) => filter is not null && filter.TryGetValue(key, out var v) ? v?.ToString() : null;
        if (Get("team") is { } team)
        {
            var t = OrgViews.FindTeam(snap, team)?.Ref ?? team;
            q = q.Where(c => FleetSnapshot.TeamOf(c).Equals(t, StringComparison.OrdinalIgnoreCase));
        }
        if (Get("department") is { } department)
        {
            var d = OrgViews.FindDepartment(snap, department)?.Ref ?? department;
            q = q.Where(c => c.Owner is not null && snap.Org.IsWithin(c.Owner, d));
        }
        if (Get("level") is { } level)
            q = q.Where(c => (snap.EvaluationOf(c.Ref)?.Level ?? "none").Equals(level, StringComparison.OrdinalIgnoreCase));
        if (Get("type") is { } type) q = q.Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase));
        if (Get("lifecycle") is { } lifecycle) q = q.Where(c => string.Equals(c.Lifecycle, lifecycle, StringComparison.OrdinalIgnoreCase));
        if (Get("failingCheck") is { } check)
            q = q.Where(c => snap.EvaluationOf(c.Ref)?.Results.Any(r => r.CheckId.Equals(check, StringComparison.OrdinalIgnoreCase) && r.Status is CheckStatus.Fail or CheckStatus.Error) == true);
        if (Get("radarEntry") is { } entry)
            q = q.Where(c => snap.TechnologiesOf(c.Ref).Any(m => m.Entry?.Id.Equals(entry, StringComparison.OrdinalIgnoreCase) == true));
        if (Get("search") is { Length: > 0 } search)
            q = q.Where(c => c.Name.Contains(search, StringComparison.OrdinalIgnoreCase));
        return q.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
