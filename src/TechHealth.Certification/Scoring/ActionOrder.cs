using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// The order a team works through its results in: the level it is working towards first, then the levels above it
/// (lowest first), then the levels it has earned; within a level failures, then what cannot be decided, warnings,
/// exemptions, passes and what does not apply; then by check id. The command line, GraphQL's <c>toFix</c> and the
/// reports all use this one order.
/// </summary>
public static class ActionOrder
{
    /// <summary>The results of <paramref name="evaluation"/> in the order a team acts on them.</summary>
    public static IReadOnlyList<CheckResult> Sort(ComponentEvaluation evaluation, IReadOnlyList<string> levels)
        => Sort(evaluation.Results, evaluation.Level, levels);

    /// <summary><paramref name="results"/> of a component that has earned <paramref name="earned"/> (null: none), in action order.</summary>
    public static IReadOnlyList<CheckResult> Sort(IEnumerable<CheckResult> results, string? earned, IReadOnlyList<string> levels)
    {
        var next = Scoring.RankOf(earned, levels) + 1;
        return results
            .OrderBy(r => LevelPosition(Scoring.RankOf(r.Level, levels), next, levels.Count))
            .ThenBy(r => StatusPosition(r.Status))
            .ThenBy(r => r.CheckId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The results a team has to act on (fail, cannot be decided, warn), in action order.</summary>
    public static IReadOnlyList<CheckResult> ToFix(ComponentEvaluation evaluation, IReadOnlyList<string> levels)
        => Sort(evaluation.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error or CheckStatus.Warn), evaluation.Level, levels);

    private static int LevelPosition(int rank, int next, int count)
    {
        if (rank < 0) return count * 2; // a level the definitions no longer know goes last
        return rank >= next ? rank - next : count + rank;
    }

    public static int StatusPosition(CheckStatus status) => status switch
    {
        CheckStatus.Fail => 0,
        CheckStatus.Error => 1,
        CheckStatus.Warn => 2,
        CheckStatus.Exempt => 3,
        CheckStatus.Pass => 4,
        _ => 5,
    };
}
