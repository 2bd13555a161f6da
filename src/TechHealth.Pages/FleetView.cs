using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.Fleet;
using TechHealth.Storage;

namespace TechHealth.Pages;

/// <summary>
/// One evaluation run of the fleet as the pages read it: the snapshot the API answers from and its
/// <see cref="SnapshotIndex"/>, the same lookups GraphQL uses, so a page's figure and GraphQL's come from one
/// implementation. A snapshot never changes; the next evaluation brings a new view, so nothing here can go stale and
/// nothing here may hold request state.
/// </summary>
public sealed class FleetView
{
    private FleetView(FleetSnapshot snapshot)
    {
        Snapshot = snapshot;
        Index = SnapshotIndex.Of(snapshot);
    }

    /// <summary>The view of a snapshot, one per snapshot (kept in its index).</summary>
    public static FleetView Of(FleetSnapshot snapshot)
    {
        var index = SnapshotIndex.Of(snapshot);
        return index.Memo("pages:view", () => new FleetView(snapshot));
    }

    public FleetSnapshot Snapshot { get; }
    public SnapshotIndex Index { get; }

    public EvaluationRunInfo? Run => Snapshot.Run;
    public CompiledChecks Compiled => Snapshot.Compiled;
    public IReadOnlyList<ComponentFacts> Components => Snapshot.Components;
    public FleetEvaluation Fleet => Snapshot.Fleet;
    public OrgChart Org => Snapshot.Org;
    public ExemptionBook Exemptions => Snapshot.Exemptions;
    public IReadOnlyList<string> Levels => Snapshot.Levels;
    public Core.Definitions.Radar Radar => Compiled.Definitions.Radar;
    public Core.Definitions.CheckSet Checks => Compiled.Definitions.Checks;

    /// <summary>A component by reference (<c>component:default/name</c>) or by name.</summary>
    public ComponentFacts? FindComponent(string nameOrRef) => Snapshot.FindComponent(nameOrRef);

    public ComponentEvaluation? EvaluationOf(string componentRef) => Snapshot.EvaluationOf(componentRef);

    public IReadOnlyList<RadarMatch> TechnologiesOf(string componentRef) => Snapshot.TechnologiesOf(componentRef);

    public IReadOnlyList<GateDecision> GateDecisionsOfComponent(string componentRef) => Snapshot.GateDecisionsOfComponent(componentRef);

    public IReadOnlyList<GateDecision> GateDecisionsOfGate(string gateId) => Snapshot.GateDecisionsOfGate(gateId);

    /// <summary>Every team that owns a component, plus <c>unowned</c>, by name.</summary>
    public IReadOnlyList<TeamView> Teams => Index.Teams;

    /// <summary>A team's components by name.</summary>
    public IReadOnlyList<ComponentFacts> ComponentsOfTeam(string teamRef)
        => Index.Memo("pages:team-components:" + teamRef.ToLowerInvariant(), () =>
            (Index.ComponentsByTeam.TryGetValue(teamRef, out var c) ? c : []).OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ToList());

    /// <summary>A team by reference or short name, as GraphQL finds it; a department is not a team here, since it has its own page.</summary>
    public TeamView? FindTeam(string refOrName)
        => Index.FindTeam(refOrName) is { } team && Index.FindDepartment(team.Ref) is null ? team : null;

    public TeamView TeamOf(string teamRef) => Index.TeamOf(teamRef);

    public OrgGroup? FindDepartment(string refOrName) => Index.FindDepartment(refOrName);

    /// <summary>The teams within a department (directly or below one of its groups), by name.</summary>
    public IReadOnlyList<TeamView> TeamsOfDepartment(string departmentRef)
        => Index.Memo("pages:department-teams:" + departmentRef.ToLowerInvariant(), () =>
            Teams.Where(t => t.Ref != FleetRollup.Unowned && Org.IsWithin(t.Ref, departmentRef)).ToList());

    public Rollup Organisation => Index.Organisation;

    public Rollup TeamRollup(string teamRef) => Index.Team(teamRef);

    public Rollup DepartmentRollup(string departmentRef) => Index.Department(departmentRef);

    /// <summary>The teams-by-checks heatmap of the whole fleet, drawn once per snapshot (GraphQL's too); pages pick their rows.</summary>
    public Heatmap TeamsByChecks => Index.TeamsByChecks;

    /// <summary>Components failing (or erring on) a check, by name: the API's <c>components(filter: { failingCheck })</c>.</summary>
    public IReadOnlyList<(ComponentFacts Component, CheckResult Result)> FailingOf(string checkId) => Index.FailingOf(checkId);

    /// <summary>Anything else a page derives from this snapshot alone, built once (a picture, a page of a table).</summary>
    public T Memo<T>(string key, Func<T> build) where T : class => Index.Memo("pages:" + key, build);

    /// <summary>Components using each radar entry, counted once each.</summary>
    public int UsageCount(string entryId) => Index.UsageCount(entryId);

    /// <summary>Every use of one radar entry, by component name.</summary>
    public IReadOnlyList<EntryUse> UsageOf(string entryId) => Index.UsageOf(entryId);
}
