using TechHealth.Core.Definitions;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>Whether one gate lets automated changes through to one component, and every reason it does not.</summary>
public sealed record GateDecision(string GateId, string ComponentRef, string ComponentName, bool Allowed, IReadOnlyList<string> Reasons);

/// <summary>
/// Decides gates for automated fleet updates from evaluations: the level must reach the gate's minimum, every
/// required check must be passed (pass, warn or exempt) or not apply, and the component's lifecycle must not be blocked.
/// Pure: it reads the evaluations it is given and nothing else.
/// </summary>
public sealed class GateEvaluator
{
    private readonly CheckSet _checks;
    private readonly CertificationOptions _options;

    public GateEvaluator(CheckSet checks, CertificationOptions? options = null)
    {
        _checks = checks;
        _options = options ?? CertificationOptions.Default;
    }

    public IReadOnlyList<GateDefinition> Gates => _checks.Gates;

    public GateDecision Decide(GateDefinition gate, ComponentEvaluation evaluation)
    {
        var reasons = new List<string>();
        var levels = _checks.Levels;
        var required = Scoring.RankOf(gate.MinLevel, levels);
        if (required < 0)
            reasons.Add($"gate requires level '{gate.MinLevel}', which is not a defined level");
        else if (Scoring.RankOf(evaluation.Level, levels) < required)
            reasons.Add(evaluation.Level is null ? $"no level earned, below required {gate.MinLevel}" : $"level {evaluation.Level} below required {gate.MinLevel}");

        foreach (var checkId in gate.RequireChecks)
        {
            var result = evaluation.Results.FirstOrDefault(r => r.CheckId.Equals(checkId, StringComparison.OrdinalIgnoreCase));
            if (result is null) reasons.Add($"required check {checkId} was not evaluated");
            else if (!Scoring.ClearsLevel(result.Status))
                reasons.Add($"required check {checkId} is {StatusWord(result.Status)}: {result.Message}");
        }

        var blocked = gate.BlockedLifecycles.Count > 0 ? gate.BlockedLifecycles : _options.DefaultBlockedLifecycles;
        if (evaluation.Lifecycle is { } lifecycle && blocked.Contains(lifecycle, StringComparer.OrdinalIgnoreCase))
            reasons.Add($"lifecycle {lifecycle} is blocked by this gate");

        return new GateDecision(gate.Id, evaluation.ComponentRef, evaluation.ComponentName, reasons.Count == 0, reasons);
    }

    /// <summary>Every gate's decision for every component, gate by gate.</summary>
    public IReadOnlyList<GateDecision> DecideAll(IEnumerable<ComponentEvaluation> evaluations)
    {
        var list = evaluations as IReadOnlyList<ComponentEvaluation> ?? evaluations.ToList();
        return _checks.Gates.SelectMany(g => list.Select(e => Decide(g, e))).ToList();
    }

    /// <summary>The component references a gate allows, sorted: what a fleet-update bot consumes.</summary>
    public IReadOnlyList<string> Allowed(string gateId, IEnumerable<ComponentEvaluation> evaluations)
    {
        var gate = _checks.Gates.FirstOrDefault(g => g.Id.Equals(gateId, StringComparison.OrdinalIgnoreCase))
                   ?? throw new ArgumentException($"there is no gate '{gateId}' (known: {string.Join(", ", _checks.Gates.Select(g => g.Id))})", nameof(gateId));
        return evaluations.Select(e => Decide(gate, e)).Where(d => d.Allowed).Select(d => d.ComponentRef).Order(StringComparer.Ordinal).ToList();
    }

    internal static string StatusWord(CheckStatus status) => status switch
    {
        CheckStatus.NotApplicable => "not applicable",
        CheckStatus.Error => "unknown (error)",
        _ => status.ToString().ToLowerInvariant(),
    };
}
