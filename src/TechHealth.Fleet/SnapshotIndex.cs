using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Fleet;

/// <summary>A team as the API and the pages name it: its key (group reference or <c>unowned</c>), short name, title and department.</summary>
public sealed record TeamView(string Ref, string Name, string? Title, string? DepartmentRef)
{
    /// <summary>The title with the short name beside it when they differ, so two teams with one title stay apart.</summary>
    public string Display => Title is { Length: > 0 } t && !t.Equals(Name, StringComparison.OrdinalIgnoreCase) ? $"{t} ({Name})" : Name;
}

/// <summary>Who uses a radar entry: one dependency of one component, with the team the component rolls up to.</summary>
public sealed record EntryUse(ComponentFacts Component, string TeamRef, RadarMatch Match);

/// <summary>
/// Lookups and figures every reader (GraphQL, the pages, the badges) needs on many requests, derived from one snapshot
/// and built at most once per snapshot (a snapshot never changes; the next evaluation publishes a new one, and this
/// index goes with the old). It only caches what the snapshot already determines: it must never hold request-specific
/// or mutable state.
/// </summary>
public sealed class SnapshotIndex
{
    private static readonly ConditionalWeakTable<FleetSnapshot, SnapshotIndex> Indexes = new();

    private readonly FleetSnapshot _snapshot;
    private readonly Lazy<IReadOnlyList<TeamView>> _teams;
    private readonly Lazy<Rollup> _organisation;
    private readonly ConcurrentDictionary<string, Lazy<Rollup>> _departments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Rollup> _teamRollups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Heatmap>> _heatmaps = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<EntryUse>>> _usage;
    private readonly Lazy<IReadOnlyDictionary<string, int>> _usageCounts;
    private readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<(ComponentFacts Component, CheckResult Result)>>> _failing;
    private readonly ConcurrentDictionary<string, Lazy<object>> _memo = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<ComponentEvaluation, IReadOnlyList<CheckResult>> _toFix = new();
    private readonly Lazy<Dictionary<ComponentFacts, ComponentEvaluation>> _evaluationsByComponent;

    private SnapshotIndex(FleetSnapshot snapshot)
    {
        _snapshot = snapshot;
        ComponentsByTeam = snapshot.Components.GroupBy(FleetSnapshot.TeamOf, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ComponentFacts>)g.ToList(), StringComparer.OrdinalIgnoreCase);
        _teams = new(() => ComponentsByTeam.Keys.Select(TeamOf).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList());
        _organisation = new(() => snapshot.Rollup.Organisation());
        _usage = new(BuildUsage);
        _usageCounts = new(() => _usage.Value.ToDictionary(kv => kv.Key, kv => kv.Value.Select(u => u.Component.Ref).Distinct(StringComparer.OrdinalIgnoreCase).Count(), StringComparer.OrdinalIgnoreCase));
        _failing = new(BuildFailing);
        _evaluationsByComponent = new(BuildEvaluationsByComponent);
    }

    public static SnapshotIndex Of(FleetSnapshot snapshot) => Indexes.GetValue(snapshot, s => new SnapshotIndex(s));

    /// <summary>Components by the team key they roll up to, in snapshot order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ComponentFacts>> ComponentsByTeam { get; }

    /// <summary>Every team that owns a component, plus <c>unowned</c>, by name.</summary>
    public IReadOnlyList<TeamView> Teams => _teams.Value;

    /// <summary>A team by reference or short name: an owner of a component or any group of the org chart, else null.</summary>
    public TeamView? FindTeam(string refOrName)
    {
        if (refOrName.Equals(FleetRollup.Unowned, StringComparison.OrdinalIgnoreCase)) return TeamOf(FleetRollup.Unowned);
        var key = OrgChart.Normalise(refOrName);
        return ComponentsByTeam.ContainsKey(key) || _snapshot.Org.Find(key) is not null ? TeamOf(key) : null;
    }

    /// <summary>The team a key names, with its title and department from the org chart where it has them.</summary>
    public TeamView TeamOf(string teamRef)
    {
        if (teamRef == FleetRollup.Unowned) return new TeamView(FleetRollup.Unowned, FleetRollup.Unowned, "Components with no owner", null);
        var group = _snapshot.Org.Find(teamRef);
        return new TeamView(teamRef, group?.Name ?? teamRef[(teamRef.LastIndexOf('/') + 1)..], group?.Title, _snapshot.Org.DepartmentOf(teamRef)?.Ref);
    }

    /// <summary>A department (a group of a department type) by reference or name, else null.</summary>
    public OrgGroup? FindDepartment(string refOrName)
    {
        var g = _snapshot.Org.Find(refOrName);
        return g is not null && _snapshot.Org.IsDepartment(g) ? g : null;
    }

    public Rollup Organisation => _organisation.Value;

    /// <summary>
    /// A component's evaluation in this snapshot, found by the component object itself: a team query asks for it several
    /// times per component, and looking its reference up case-insensitively each time showed in the profile.
    /// </summary>
    public ComponentEvaluation? EvaluationOf(ComponentFacts component)
        => _evaluationsByComponent.Value.TryGetValue(component, out var e) ? e : _snapshot.EvaluationOf(component.Ref);

    /// <summary>
    /// A component's results to act on, in action order (<see cref="ActionOrder.ToFix"/>): sorting them per request was a
    /// large part of a team query's cost, and an evaluation of this snapshot never changes.
    /// </summary>
    public IReadOnlyList<CheckResult> ToFix(ComponentEvaluation evaluation)
        => _toFix.GetValue(evaluation, e => ActionOrder.ToFix(e, _snapshot.Levels));

    /// <summary>A team's rollup; cheap to build (a team is small), so a racing second build is harmless.</summary>
    public Rollup Team(string teamRef) => _teamRollups.GetOrAdd(teamRef, r => _snapshot.Rollup.Team(r));

    public Rollup Department(string departmentRef)
        => _departments.GetOrAdd(departmentRef, r => new Lazy<Rollup>(() => _snapshot.Rollup.Department(r))).Value;

    /// <summary>The whole heatmap of a kind and scope, before rows and columns are picked.</summary>
    public Heatmap Heatmap(string key, Func<Heatmap> build) => _heatmaps.GetOrAdd(key, _ => new Lazy<Heatmap>(build)).Value;

    /// <summary>The teams-by-checks heatmap of the whole fleet: the one GraphQL's TEAMS_BY_CHECKS and the department pages pick rows from.</summary>
    public Heatmap TeamsByChecks => Heatmap("TEAMS_BY_CHECKS", _snapshot.Rollup.TeamsByChecks);

    /// <summary>Every use of one radar entry, by component name (ordinal), then file and line.</summary>
    public IReadOnlyList<EntryUse> UsageOf(string entryId) => _usage.Value.TryGetValue(entryId, out var u) ? u : [];

    /// <summary>How many components use a radar entry, each counted once.</summary>
    public int UsageCount(string entryId) => _usageCounts.Value.GetValueOrDefault(entryId);

    /// <summary>
    /// Components failing (or erring on) a check, by name: what <c>components(filter: { failingCheck })</c> answers.
    /// One pass over the fleet answers every check.
    /// </summary>
    public IReadOnlyList<(ComponentFacts Component, CheckResult Result)> FailingOf(string checkId)
        => _failing.Value.TryGetValue(checkId, out var f) ? f : [];

    /// <summary>Anything else a reader derives from this snapshot alone (a page's picture, a view of the usage), built once.</summary>
    public T Memo<T>(string key, Func<T> build) where T : class
        => (T)_memo.GetOrAdd(key, _ => new Lazy<object>(build)).Value;

    private IReadOnlyDictionary<string, IReadOnlyList<EntryUse>> BuildUsage()
        => _snapshot.Fleet.Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Entry is not null).Select(m => (Component: _snapshot.FindComponent(kv.Key), Match: m)))
            .Where(x => x.Component is not null)
            .GroupBy(x => x.Match.Entry!.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EntryUse>)g
                .Select(x => new EntryUse(x.Component!, FleetSnapshot.TeamOf(x.Component!), x.Match))
                .OrderBy(u => u.Component.Name, StringComparer.Ordinal).ThenBy(u => u.Match.Dependency.File, StringComparer.Ordinal).ThenBy(u => u.Match.Dependency.Line)
                .ToList(), StringComparer.OrdinalIgnoreCase);

    private Dictionary<ComponentFacts, ComponentEvaluation> BuildEvaluationsByComponent()
    {
        var byComponent = new Dictionary<ComponentFacts, ComponentEvaluation>(_snapshot.Components.Count, ReferenceEqualityComparer.Instance);
        foreach (var c in _snapshot.Components)
            if (_snapshot.EvaluationOf(c.Ref) is { } e) byComponent.TryAdd(c, e);
        return byComponent;
    }

    private IReadOnlyDictionary<string, IReadOnlyList<(ComponentFacts, CheckResult)>> BuildFailing()
    {
        var failing = new Dictionary<string, List<(ComponentFacts, CheckResult)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in _snapshot.Components.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (_snapshot.EvaluationOf(c.Ref) is not { } e) continue;
            foreach (var r in e.Results)
            {
                if (r.Status is not (CheckStatus.Fail or CheckStatus.Error)) continue;
                if (!failing.TryGetValue(r.CheckId, out var list)) failing[r.CheckId] = list = [];
                // A component lists a check once; the first result wins, as the API's filter takes any.
                if (list.Count == 0 || !ReferenceEquals(list[^1].Item1, c)) list.Add((c, r));
            }
        }
        return failing.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(ComponentFacts, CheckResult)>)kv.Value, StringComparer.OrdinalIgnoreCase);
    }
}
