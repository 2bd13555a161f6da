namespace TechHealth.Core.Definitions;

/// <summary>
/// A consistent radar and check set, loaded together. The <see cref="Version"/> is a content hash of every
/// file read, so results can say which definitions produced them and compiled rules can be cached per version.
/// </summary>
public sealed record DefinitionSet(Radar Radar, CheckSet Checks, string Version, DateTimeOffset LoadedAt)
{
    public static readonly DefinitionSet Empty = new(Radar.Empty, CheckSet.Empty, "empty", DateTimeOffset.MinValue);
}

/// <summary>The outcome of loading: the definitions (null when any error was found) and every problem seen.</summary>
public sealed record DefinitionLoadResult(DefinitionSet? Definitions, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}
