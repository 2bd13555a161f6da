using TechHealth.Api.Fleet;
using TechHealth.Certification;

namespace TechHealth.Api.GraphQL;

/// <summary>Teams (every owner of a component, plus 'unowned') and departments (groups of a department type) of a snapshot.</summary>
public static class OrgViews
{
    public static IReadOnlyList<TeamView> Teams(FleetSnapshot snap) => SnapshotIndex.Of(snap).Teams;

    public static TeamView? FindTeam(FleetSnapshot snap, string refOrName) => SnapshotIndex.Of(snap).FindTeam(refOrName);

    public static IReadOnlyList<DepartmentView> Departments(FleetSnapshot snap)
        => snap.Org.Departments.Select(d => new DepartmentView(d.Ref, d.Name, d.Title)).ToList();

    public static DepartmentView? FindDepartment(FleetSnapshot snap, string refOrName)
        => SnapshotIndex.Of(snap).FindDepartment(refOrName) is { } g ? new DepartmentView(g.Ref, g.Name, g.Title) : null;
}
