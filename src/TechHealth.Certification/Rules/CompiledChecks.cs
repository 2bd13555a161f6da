using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>One check turned into delegates: whether it applies to a component, and its rule.</summary>
internal sealed record CompiledCheck(CheckDefinition Definition, Func<ComponentFacts, bool> Applies, Func<EvaluationContext, Outcome> Rule);

/// <summary>A whole fleet evaluated in one go: each component's evaluation and its technologies matched to the radar.</summary>
public sealed record FleetEvaluation(
    DateTimeOffset At,
    string DefinitionsVersion,
    IReadOnlyList<ComponentEvaluation> Evaluations,
    IReadOnlyDictionary<string, IReadOnlyList<RadarMatch>> Technologies)
{
    /// <summary>
    /// Until when the same facts, definitions and exemptions give this same evaluation: the next UTC midnight, or the
    /// earliest moment a check's age-in-days comparison changes (null when not known, e.g. built elsewhere).
    /// </summary>
    public DateTimeOffset? StableUntil { get; init; }

    /// <summary>Every use of a technology in the given ring (by default the hold ring), for run diffs.</summary>
    public IReadOnlyList<HoldUsage> HoldUsage(string holdRing)
        => Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Listed && string.Equals(m.Ring, holdRing, StringComparison.OrdinalIgnoreCase))
                .Select(m => new HoldUsage(kv.Key, m.Entry!.Id, m.PurlKey, m.Dependency.Version, m.Dependency.Where, m.Dependency.Condition)))
            .Distinct()
            .ToList();
}

/// <summary>
/// The checks and radar of one definitions version, compiled to delegates and ready to evaluate any number of
/// components, concurrently. Owns evaluation (applicability, rules, exemptions, score, level); it does no I/O and
/// never reads the clock: <c>now</c> is always passed in by a caller holding a TimeProvider.
/// </summary>
public sealed class CompiledChecks
{
    private readonly CompiledCheck[] _checks;

    internal CompiledChecks(DefinitionSet definitions, CertificationOptions options, RadarMatcher matcher, CompiledCheck[] checks, IReadOnlyList<DefinitionProblem> problems)
    {
        Definitions = definitions;
        Options = options;
        Matcher = matcher;
        _checks = checks;
        Problems = problems;
    }

    public DefinitionSet Definitions { get; }
    public CertificationOptions Options { get; }
    public RadarMatcher Matcher { get; }
    public string Version => Definitions.Version;
    public IReadOnlyList<string> Levels => Definitions.Checks.Levels;

    /// <summary>What compiling found wrong (unknown operators, bad regexes, unknown rings); such checks evaluate to error.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }

    /// <summary>The ring whose users a run diff reports as new hold technology.</summary>
    public string HoldRing => Options.HoldRing ?? (Definitions.Radar.Rings.Count > 0 ? Definitions.Radar.Rings[^1].Id : "hold");

    /// <summary>Evaluates every check for one component as of <paramref name="now"/>.</summary>
    public ComponentEvaluation Evaluate(ComponentFacts component, ExemptionBook exemptions, DateTimeOffset now)
        => Evaluate(new EvaluationContext(component, Matcher, now), exemptions);

    /// <summary>Evaluates one component as of the clock's current time.</summary>
    public ComponentEvaluation Evaluate(ComponentFacts component, ExemptionBook exemptions, TimeProvider clock)
        => Evaluate(component, exemptions, clock.GetUtcNow());

    /// <summary>Evaluates a fleet as of the clock's current time.</summary>
    public FleetEvaluation EvaluateFleet(IReadOnlyList<ComponentFacts> components, ExemptionBook exemptions, TimeProvider clock)
        => EvaluateFleet(components, exemptions, clock.GetUtcNow());

    /// <summary>The component's technologies matched to the radar as of <paramref name="now"/>.</summary>
    public IReadOnlyList<RadarMatch> MatchTechnologies(ComponentFacts component, DateTimeOffset now)
        => Matcher.MatchAll(component, DateOnly.FromDateTime(now.UtcDateTime));

    /// <summary>Evaluates a fleet in parallel; the output keeps the input order.</summary>
    public FleetEvaluation EvaluateFleet(IReadOnlyList<ComponentFacts> components, ExemptionBook exemptions, DateTimeOffset now)
    {
        var evaluations = new ComponentEvaluation[components.Count];
        var technologies = new IReadOnlyList<RadarMatch>[components.Count];
        var stable = new DateTimeOffset[components.Count];
        Parallel.For(0, components.Count, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, i =>
        {
            var ctx = new EvaluationContext(components[i], Matcher, now);
            evaluations[i] = Evaluate(ctx, exemptions);
            technologies[i] = ctx.Matches;
            stable[i] = ctx.StableUntil;
        });
        var byRef = new Dictionary<string, IReadOnlyList<RadarMatch>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < components.Count; i++) byRef[evaluations[i].ComponentRef] = technologies[i];
        var stableUntil = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        foreach (var s in stable) if (s < stableUntil) stableUntil = s;
        return new FleetEvaluation(now, Version, evaluations, byRef) { StableUntil = stableUntil };
    }

    private ComponentEvaluation Evaluate(EvaluationContext ctx, ExemptionBook exemptions)
    {
        var component = ctx.Component;
        var results = new CheckResult[_checks.Length];
        for (var i = 0; i < _checks.Length; i++)
            results[i] = Run(_checks[i], ctx, exemptions);
        var card = Scoring.Card(results);
        return new ComponentEvaluation(component.Ref, component.Name, component.Owner, card.Score, Scoring.Level(results, Levels), results)
        {
            Lifecycle = component.Lifecycle,
            Type = component.Type,
            DefinitionsVersion = Version,
            EvaluatedAt = ctx.Now,
        };
    }

    private static CheckResult Run(CompiledCheck check, EvaluationContext ctx, ExemptionBook exemptions)
    {
        var def = check.Definition;
        if (!check.Applies(ctx.Component))
            return new CheckResult(def.Id, def.Level, CheckStatus.NotApplicable, NotApplicableMessage(def, ctx.Component), [], null, def.Weight);

        Outcome outcome;
        try
        {
            outcome = check.Rule(ctx);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A rule that throws is a rule that could not run: unknown, never a pass, and the rest of the checks go on.
            outcome = Outcome.Unknown($"rule could not run: {ex.GetType().Name}: {ex.Message}");
        }

        var (status, message, evidence) = outcome.Truth switch
        {
            Truth.True when outcome.Warnings.Count > 0 => (CheckStatus.Warn, outcome.WarningSummary ?? string.Join("; ", outcome.Warnings.Select(w => w.Message)), outcome.Warnings),
            Truth.True => (CheckStatus.Pass, outcome.Message, outcome.Evidence),
            Truth.False => (CheckStatus.Fail, outcome.Message, outcome.Evidence),
            _ => (CheckStatus.Error, "cannot be decided: " + outcome.Message, outcome.Evidence),
        };
        if (status == CheckStatus.Pass)
            return new CheckResult(def.Id, def.Level, status, message, evidence, null, def.Weight);

        var exemption = exemptions.Find(ctx.Component.Name, ctx.Component.Ref, def.Id, ctx.Today);
        if (exemption is not null)
            return new CheckResult(def.Id, def.Level, CheckStatus.Exempt,
                $"exempt until {exemption.Expires:yyyy-MM-dd} (approved by {exemption.ApprovedBy}: {exemption.Reason}); without the exemption: {status.ToString().ToLowerInvariant()}: {message}",
                evidence, def.Remediation, def.Weight, exemption.Reason, exemption.Expires);

        return new CheckResult(def.Id, def.Level, status, message, evidence, def.Remediation, def.Weight);
    }

    private static string NotApplicableMessage(CheckDefinition def, ComponentFacts c)
        => $"applies to {Describe(def.AppliesTo!)}; this component is type {c.Type ?? "unknown"}, lifecycle {c.Lifecycle ?? "unknown"}, tier {c.Tier ?? "unknown"}";

    private static string Describe(AppliesTo a)
    {
        var parts = new List<string>();
        if (a.Types.Count > 0) parts.Add("type " + string.Join("/", a.Types));
        if (a.Lifecycles.Count > 0) parts.Add("lifecycle " + string.Join("/", a.Lifecycles));
        if (a.Tiers.Count > 0) parts.Add("tier " + string.Join("/", a.Tiers));
        return string.Join(", ", parts);
    }
}

/// <summary>
/// One component's use of a technology in the hold ring, as kept per run for run diffs. Condition is the dependency's
/// build condition (profile:&lt;id&gt;, target:&lt;cfg&gt;), null when every build uses it.
/// </summary>
public sealed record HoldUsage(string ComponentRef, string RadarEntry, string Purl, string? Version, string Where, string? Condition = null);
