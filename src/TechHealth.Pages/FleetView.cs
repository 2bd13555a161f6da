using System.Collections.Concurrent;
using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Pages;

/// <summary>A team as the pages name it: its key (group reference or <c>unowned</c>), short name for URLs, and display name.</summary>
public sealed record TeamInfo(string Ref, string Name, string? Title, string? DepartmentRef)
{
    public string Display => Title is { Length: > 0 } t && !t.Equals(Name, StringComparison.OrdinalIgnoreCase) ? $"{t} ({Name})" : Name;
}

/// <summary>Who uses a radar entry: one dependency of one component.</summary>
public sealed record EntryUse(ComponentFacts Component, string TeamRef, RadarMatch Match);

/// <summary>
/// One evaluation run of the fleet as the pages read it: the same snapshot the API answers from (the host hands it
/// over whole), plus lookups built at most once per snapshot. A snapshot never changes; the next evaluation brings a
/// new view, so nothing here can go stale and nothing here may hold request state.
/// </summary>
public sealed class FleetView
{
    private readonly Dictionary<string, ComponentFacts> _byRef;
    private readonly Dictionary<string, ComponentFacts> _byName;
    private readonly Dictionary<string, ComponentEvaluation> _evaluations;
    private readonly Lazy<Dictionary<string, GateDecision[]>> _decisionsByComponent;
    private readonly Lazy<Dictionary<string, GateDecision[]>> _decisionsByGate;
    private readonly Lazy<Dictionary<string, IReadOnlyList<ComponentFacts>>> _componentsByTeam;
    private readonly Lazy<IReadOnlyList<TeamInfo>> _teams;
    private readonly Lazy<Rollup> _organisation;
    private readonly Lazy<Heatmap> _teamsByChecks;
    private readonly Lazy<Dictionary<string, IReadOnlyList<EntryUse>>> _usage;
    private readonly ConcurrentDictionary<string, Lazy<Rollup>> _rollups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<object>> _memo = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, List<(ComponentFacts, CheckResult)>>> _failing;

    public FleetView(EvaluationRunInfo? run, CompiledChecks compiled, IReadOnlyList<ComponentFacts> components, FleetEvaluation fleet,
        OrgChart org, FleetRollup rollup, ExemptionBook exemptions, IReadOnlyList<GateDecision> gateDecisions)
    {
        Run = run;
        Compiled = compiled;
        Components = components;
        Fleet = fleet;
        Org = org;
        Rollup = rollup;
        Exemptions = exemptions;
        GateDecisions = gateDecisions;
        _byRef = components.ToDictionary(c => c.Ref, StringComparer.OrdinalIgnoreCase);
        // Names are unique within a namespace; the first wins when two namespaces reuse a name (as in the API).
        _byName = components.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _evaluations = fleet.Evaluations.ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);
        _decisionsByComponent = new(() => gateDecisions.GroupBy(d => d.ComponentRef, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase));
        _decisionsByGate = new(() => gateDecisions.GroupBy(d => d.GateId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase));
        _componentsByTeam = new(() => components.GroupBy(c => FleetRollup.TeamKey(c.Owner), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ComponentFacts>)g.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList(), StringComparer.OrdinalIgnoreCase));
        _teams = new(() => _componentsByTeam.Value.Keys.Select(TeamOf).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList());
        _organisation = new(rollup.Organisation);
        _teamsByChecks = new(rollup.TeamsByChecks);
        _usage = new(BuildUsage);
        _failing = new(BuildFailing);
    }

    public EvaluationRunInfo? Run { get; }
    public CompiledChecks Compiled { get; }
    public IReadOnlyList<ComponentFacts> Components { get; }
    public FleetEvaluation Fleet { get; }
    public OrgChart Org { get; }
    public FleetRollup Rollup { get; }
    public ExemptionBook Exemptions { get; }
    public IReadOnlyList<GateDecision> GateDecisions { get; }
    public IReadOnlyList<string> Levels => Compiled.Levels;
    public Core.Definitions.Radar Radar => Compiled.Definitions.Radar;
    public Core.Definitions.CheckSet Checks => Compiled.Definitions.Checks;

    /// <summary>A component by reference (<c>component:default/name</c>) or by name.</summary>
    public ComponentFacts? FindComponent(string nameOrRef)
        => _byRef.TryGetValue(nameOrRef, out var c) ? c
         : _byRef.TryGetValue($"component:default/{nameOrRef}", out c) ? c
         : _byName.TryGetValue(nameOrRef, out c) ? c : null;

    public ComponentEvaluation? EvaluationOf(string componentRef) => _evaluations.TryGetValue(componentRef, out var e) ? e : null;

    public IReadOnlyList<RadarMatch> TechnologiesOf(string componentRef) => Fleet.Technologies.TryGetValue(componentRef, out var t) ? t : [];

    public IReadOnlyList<GateDecision> GateDecisionsOfComponent(string componentRef) => _decisionsByComponent.Value.TryGetValue(componentRef, out var d) ? d : [];

    public IReadOnlyList<GateDecision> GateDecisionsOfGate(string gateId) => _decisionsByGate.Value.TryGetValue(gateId, out var d) ? d : [];

    /// <summary>Every team that owns a component, plus <c>unowned</c>, by name.</summary>
    public IReadOnlyList<TeamInfo> Teams => _teams.Value;

    public IReadOnlyList<ComponentFacts> ComponentsOfTeam(string teamRef) => _componentsByTeam.Value.TryGetValue(teamRef, out var c) ? c : [];

    /// <summary>A team by reference or short name; null when neither a component's owner nor a group of the org chart.</summary>
    public TeamInfo? FindTeam(string refOrName)
    {
        if (refOrName.Equals(FleetRollup.Unowned, StringComparison.OrdinalIgnoreCase)) return TeamOf(FleetRollup.Unowned);
        var key = OrgChart.Normalise(refOrName);
        var group = Org.Find(key);
        if (group is not null && Org.IsDepartment(group)) return null;
        return _componentsByTeam.Value.ContainsKey(key) || group is not null ? TeamOf(key) : null;
    }

    public TeamInfo TeamOf(string teamRef)
    {
        if (teamRef == FleetRollup.Unowned) return new TeamInfo(FleetRollup.Unowned, FleetRollup.Unowned, "Components with no owner", null);
        var group = Org.Find(teamRef);
        return new TeamInfo(teamRef, group?.Name ?? teamRef[(teamRef.LastIndexOf('/') + 1)..], group?.Title, Org.DepartmentOf(teamRef)?.Ref);
    }

    public OrgGroup? FindDepartment(string refOrName)
    {
        var g = Org.Find(refOrName);
        return g is not null && Org.IsDepartment(g) ? g : null;
    }

    public IReadOnlyList<TeamInfo> TeamsOfDepartment(string departmentRef)
        => Teams.Where(t => t.Ref != FleetRollup.Unowned && Org.IsWithin(t.Ref, departmentRef)).ToList();

    public Rollup Organisation => _organisation.Value;

    public Rollup TeamRollup(string teamRef) => _rollups.GetOrAdd("t:" + teamRef, _ => new Lazy<Rollup>(() => Rollup.Team(teamRef))).Value;

    public Rollup DepartmentRollup(string departmentRef) => _rollups.GetOrAdd("d:" + departmentRef, _ => new Lazy<Rollup>(() => Rollup.Department(departmentRef))).Value;

    /// <summary>The teams-by-checks heatmap of the whole fleet, drawn once per snapshot; pages pick their rows.</summary>
    public Heatmap TeamsByChecks => _teamsByChecks.Value;

    /// <summary>
    /// Components failing (or erring on) a check, by name: the API's <c>components(filter: { failingCheck })</c>.
    /// One pass over the fleet answers every check.
    /// </summary>
    public IReadOnlyList<(ComponentFacts Component, CheckResult Result)> FailingOf(string checkId)
        => _failing.Value.TryGetValue(checkId, out var f) ? f : [];

    /// <summary>Anything else a page derives from this snapshot alone, built once (a picture, a count per entry).</summary>
    public T Memo<T>(string key, Func<T> build) where T : class
        => (T)_memo.GetOrAdd(key, _ => new Lazy<object>(build)).Value;

    /// <summary>Components using each radar entry, counted once each.</summary>
    public int UsageCount(string entryId)
        => Memo("usage-counts", () => _usage.Value.ToDictionary(kv => kv.Key, kv => kv.Value.Select(u => u.Component.Ref).Distinct(StringComparer.OrdinalIgnoreCase).Count(), StringComparer.OrdinalIgnoreCase))
            .GetValueOrDefault(entryId);

    private Dictionary<string, List<(ComponentFacts, CheckResult)>> BuildFailing()
    {
        var failing = new Dictionary<string, List<(ComponentFacts, CheckResult)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in Components.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (EvaluationOf(c.Ref) is not { } e) continue;
            foreach (var r in e.Results)
            {
                if (r.Status is not (CheckStatus.Fail or CheckStatus.Error)) continue;
                if (!failing.TryGetValue(r.CheckId, out var list)) failing[r.CheckId] = list = [];
                // A component lists a check once; the first result wins, as the API's filter takes any.
                if (list.Count == 0 || !ReferenceEquals(list[^1].Item1, c)) list.Add((c, r));
            }
        }
        return failing;
    }

    /// <summary>Every use of one radar entry, by component name.</summary>
    public IReadOnlyList<EntryUse> UsageOf(string entryId) => _usage.Value.TryGetValue(entryId, out var u) ? u : [];

    private Dictionary<string, IReadOnlyList<EntryUse>> BuildUsage()
        => Fleet.Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Entry is not null).Select(m => (Ref: kv.Key, Match: m)))
            .Where(x => _byRef.ContainsKey(x.Ref))
            .GroupBy(x => x.Match.Entry!.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EntryUse>)g
                .Select(x => new EntryUse(_byRef[x.Ref], FleetRollup.TeamKey(_byRef[x.Ref].Owner), x.Match))
                .OrderBy(u => u.Component.Name, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.Match.Dependency.File, StringComparer.Ordinal).ThenBy(u => u.Match.Dependency.Line)
                .ToList(), StringComparer.OrdinalIgnoreCase);
}
