using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;

namespace TechHealth.Certification;

/// <summary>Everything one evaluation run produced: per-component results, the snapshot to store, gate decisions and rollups.</summary>
public sealed record CertificationRun(
    string RunId,
    CompiledChecks Compiled,
    FleetEvaluation Fleet,
    RunSnapshot Snapshot,
    IReadOnlyList<GateDecision> Gates,
    FleetRollup Rollup,
    IReadOnlyList<ExemptionInForce> ExemptionsInForce);

/// <summary>
/// A whole fleet run in one call, for callers that hold the facts in memory: compiles the definitions when their
/// version changed, evaluates every component, decides the gates and rolls up. The service host composes the same
/// steps itself because it stores the run between evaluating and publishing. Reads the time from the injected
/// <see cref="TimeProvider"/>; does no I/O, so the caller loads facts and stores the run.
/// </summary>
public sealed class CertificationEngine
{
    private readonly CheckCompiler _compiler;
    private readonly TimeProvider _clock;
    private readonly CertificationOptions _options;

    public CertificationEngine(TimeProvider clock, CertificationOptions? options = null)
    {
        _clock = clock;
        _options = options ?? CertificationOptions.Default;
        _compiler = new CheckCompiler(_options);
    }

    /// <summary>The compiled checks for these definitions (compiled once per definitions version).</summary>
    public CompiledChecks Compile(DefinitionSet definitions) => _compiler.GetOrCompile(definitions);

    public CertificationRun Run(
        string runId,
        DefinitionSet definitions,
        IReadOnlyList<ComponentFacts> components,
        IEnumerable<Exemption>? storedExemptions,
        IEnumerable<OrgGroup> groups)
    {
        var compiled = Compile(definitions);
        var exemptions = ExemptionBook.From(definitions.Checks, storedExemptions);
        var now = _clock.GetUtcNow();
        var fleet = compiled.EvaluateFleet(components, exemptions, now);
        var gates = new GateEvaluator(definitions.Checks, _options).DecideAll(fleet.Evaluations);
        var rollup = new FleetRollup(fleet.Evaluations, fleet.Technologies, new OrgChart(groups, _options.DepartmentTypes), definitions.Checks, definitions.Radar, gates, _options);
        return new CertificationRun(runId, compiled, fleet, RunSnapshot.From(runId, fleet, compiled.HoldRing), gates, rollup,
            exemptions.InForce(DateOnly.FromDateTime(now.UtcDateTime)));
    }
}
