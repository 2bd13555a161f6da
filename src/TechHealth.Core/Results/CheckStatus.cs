namespace TechHealth.Core.Results;

/// <summary>The outcome of one check on one component. Error means unknown: it never counts as a pass.</summary>
public enum CheckStatus { Pass, Fail, Warn, Exempt, NotApplicable, Error }

/// <summary>One piece of evidence behind a result: what was seen, where.</summary>
public sealed record Evidence(string Message, string? File = null, int Line = 0, string? Purl = null, string? Version = null, string? RadarEntry = null, string? Ring = null)
{
    /// <summary>
    /// The dependency's build condition (<see cref="Facts.DependencyFact.Condition"/>): <c>profile:&lt;id&gt;</c> or
    /// <c>target:&lt;cfg&gt;</c> when only some builds use it, null when every build does or the evidence is not a dependency.
    /// </summary>
    public string? Condition { get; init; }

    /// <summary>The test, fixture, example or end-to-end folder the evidence comes from ("e2e/"), null when it describes what ships.</summary>
    public string? TestFolder { get; init; }
}

/// <summary>The result of one check for one component in one evaluation run.</summary>
public sealed record CheckResult(
    string CheckId,
    string Level,
    CheckStatus Status,
    string Message,
    IReadOnlyList<Evidence> Evidence,
    string? Remediation,
    double Weight = 1,
    string? ExemptionReason = null,
    DateOnly? ExemptUntil = null);

/// <summary>A component's certification in one run: every check's result, the score and the level earned.</summary>
public sealed record ComponentEvaluation(
    string ComponentRef,
    string ComponentName,
    string? Owner,
    /// <summary>0..100, weighted share of applicable checks passed (exempt counts as passed).</summary>
    double Score,
    /// <summary>The highest level earned; null when not even the lowest one is.</summary>
    string? Level,
    IReadOnlyList<CheckResult> Results)
{
    /// <summary>The component's <c>spec.lifecycle</c> when evaluated (gates block some lifecycles).</summary>
    public string? Lifecycle { get; init; }
    /// <summary>The component's <c>spec.type</c> when evaluated.</summary>
    public string? Type { get; init; }
    /// <summary>The <see cref="Definitions.DefinitionSet.Version"/> that produced the results.</summary>
    public string? DefinitionsVersion { get; init; }
    public DateTimeOffset? EvaluatedAt { get; init; }
}
