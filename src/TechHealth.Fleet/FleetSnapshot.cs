using TechHealth.Core.Catalog;
using TechHealth.Certification;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Fleet;

/// <summary>
/// The latest evaluation of the whole fleet, held in memory for reads: every API answers from one snapshot, so a
/// request never sees half of one run and half of another, and no check is re-run per request.
/// </summary>
public sealed class FleetSnapshot
{
    private readonly Dictionary<string, ComponentFacts> _componentsByRef;
    private readonly Dictionary<string, ComponentFacts> _componentsByName;
    private readonly Dictionary<string, ComponentEvaluation> _evaluations;
    private readonly Dictionary<string, GateDecision[]> _gateDecisionsByComponent;
    private readonly Dictionary<string, GateDecision[]> _gateDecisionsByGate;

    public FleetSnapshot(EvaluationRunInfo? run, CompiledChecks compiled, IReadOnlyList<ComponentFacts> components, FleetEvaluation fleet,
        OrgChart org, ExemptionBook exemptions)
    {
        Run = run;
        Compiled = compiled;
        Components = components;
        Fleet = fleet;
        Org = org;
        Exemptions = exemptions;
        // Every gate is decided once here, for the rollup and for every gate query, instead of once per request.
        var decisions = new GateEvaluator(compiled.Definitions.Checks, compiled.Options).DecideAll(fleet.Evaluations);
        Rollup = new FleetRollup(fleet.Evaluations, fleet.Technologies, org, compiled.Definitions.Checks, compiled.Definitions.Radar, decisions, compiled.Options);
        _gateDecisionsByComponent = decisions.GroupBy(d => d.ComponentRef, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _gateDecisionsByGate = decisions.GroupBy(d => d.GateId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _componentsByRef = components.ToDictionary(c => c.Ref, StringComparer.OrdinalIgnoreCase);
        // Names are unique within a namespace; the first wins when two namespaces reuse a name.
        _componentsByName = components.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _evaluations = fleet.Evaluations.ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);
    }

    private FleetSnapshot(FleetSnapshot other, EvaluationRunInfo run)
    {
        Run = run;
        Compiled = other.Compiled;
        Components = other.Components;
        Fleet = other.Fleet;
        Org = other.Org;
        Exemptions = other.Exemptions;
        Rollup = other.Rollup;
        _gateDecisionsByComponent = other._gateDecisionsByComponent;
        _gateDecisionsByGate = other._gateDecisionsByGate;
        _componentsByRef = other._componentsByRef;
        _componentsByName = other._componentsByName;
        _evaluations = other._evaluations;
    }

    /// <summary>The same evaluation as the stored run <paramref name="run"/>, which recorded it unchanged: nothing is recomputed.</summary>
    public FleetSnapshot WithRun(EvaluationRunInfo run) => new(this, run);

    public EvaluationRunInfo? Run { get; }
    public CompiledChecks Compiled { get; }
    public IReadOnlyList<ComponentFacts> Components { get; }
    public FleetEvaluation Fleet { get; }
    public OrgChart Org { get; }
    public FleetRollup Rollup { get; }
    public ExemptionBook Exemptions { get; }
    public IReadOnlyList<string> Levels => Compiled.Levels;

    /// <summary>Finds a component by reference (<c>component:default/name</c>) or by bare name.</summary>
    public ComponentFacts? FindComponent(string nameOrRef)
        => _componentsByRef.TryGetValue(nameOrRef, out var c) ? c
         : _componentsByRef.TryGetValue($"component:default/{nameOrRef}", out c) ? c
         : _componentsByName.TryGetValue(nameOrRef, out c) ? c : null;

    public ComponentEvaluation? EvaluationOf(string componentRef) => _evaluations.TryGetValue(componentRef, out var e) ? e : null;

    /// <summary>Every gate's decision for one component, in the order the gates are defined.</summary>
    public IReadOnlyList<GateDecision> GateDecisionsOfComponent(string componentRef) => _gateDecisionsByComponent.TryGetValue(componentRef, out var d) ? d : [];

    /// <summary>One gate's decision for every component, in evaluation order.</summary>
    public IReadOnlyList<GateDecision> GateDecisionsOfGate(string gateId) => _gateDecisionsByGate.TryGetValue(gateId, out var d) ? d : [];

    public IReadOnlyList<RadarMatch> TechnologiesOf(string componentRef) => Fleet.Technologies.TryGetValue(componentRef, out var t) ? t : [];

    /// <summary>The team key a component rolls up to (its owner, normalised), or <see cref="FleetRollup.Unowned"/>.</summary>
    public static string TeamOf(ComponentFacts component) => FleetRollup.TeamKey(component.Owner);
}
