using TechHealth.Core.Catalog;
using TechHealth.Api.Fleet;
using TechHealth.Certification;

namespace TechHealth.Api.GraphQL;

/// <summary>Teams (every owner of a component, plus 'unowned') and departments (groups of a department type) of a snapshot.</summary>
public static class OrgViews
{
    public static IReadOnlyList<TeamView> Teams(FleetSnapshot snap) => SnapshotIndex.Of(snap).Teams;

    internal static IReadOnlyList<TeamView> BuildTeams(FleetSnapshot snap, IEnumerable<string> teamKeys)
        => teamKeys.Select(t => TeamOf(snap, t)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public static TeamView? FindTeam(FleetSnapshot snap, string refOrName)
    {
        if (refOrName.Equals(FleetRollup.Unowned, StringComparison.OrdinalIgnoreCase)) return TeamOf(snap, FleetRollup.Unowned);
        var key = OrgChart.Normalise(refOrName);
        var known = SnapshotIndex.Of(snap).ComponentsByTeam.ContainsKey(key) || snap.Org.Find(key) is not null;
        return known ? TeamOf(snap, key) : null;
    }

    private static TeamView TeamOf(FleetSnapshot snap, string teamRef)
    {
        if (teamRef == FleetRollup.Unowned) return new TeamView(FleetRollup.Unowned, FleetRollup.Unowned, "Components with no owner", null);
        var group = snap.Org.Find(teamRef);
        var name = group?.Name ?? teamRef[(teamRef.LastIndexOf('/') + 1)..];
        return new TeamView(teamRef, name, group?.Title, snap.Org.DepartmentOf(teamRef)?.Ref);
    }

    public static IReadOnlyList<DepartmentView> Departments(FleetSnapshot snap)
        => snap.Org.Departments.Select(d => new DepartmentView(d.Ref, d.Name, d.Title)).ToList();

    public static DepartmentView? FindDepartment(FleetSnapshot snap, string refOrName)
    {
        var g = snap.Org.Find(refOrName);
        return g is not null && snap.Org.IsDepartment(g) ? new DepartmentView(g.Ref, g.Name, g.Title) : null;
    }
}
