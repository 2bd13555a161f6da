using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>How one component's results add up: the score and the counts and weights behind it.</summary>
public sealed record ScoreCard(
    double Score,
    double PassedWeight,
    double ExemptWeight,
    double ApplicableWeight,
    int Passed,
    int Warned,
    int Exempt,
    int Failed,
    int Errors,
    int NotApplicable);

/// <summary>
/// The score and level formulas, and nothing else (docs/scoring.md states them for people):
/// <list type="bullet">
/// <item><b>Applicable</b> results are every status except <see cref="CheckStatus.NotApplicable"/>.</item>
/// <item><b>Passed</b> results are <see cref="CheckStatus.Pass"/>, <see cref="CheckStatus.Warn"/> (a warning passes but is shown)
/// and <see cref="CheckStatus.Exempt"/> (counted as passed, reported separately). <see cref="CheckStatus.Fail"/> and
/// <see cref="CheckStatus.Error"/> (unknown) are not passed.</item>
/// <item><b>Score</b> = 100 × Σ weight(passed) / Σ weight(applicable), rounded to one decimal; 100 when nothing applies.</item>
/// <item><b>Level</b> = the highest level L such that every check of L and of every level below L is passed or not applicable;
/// null when the lowest level is not earned. A level with no applicable checks is earned trivially when those below it are.</item>
/// </list>
/// </summary>
public static class Scoring
{
    public static bool IsPassed(CheckStatus status) => status is CheckStatus.Pass or CheckStatus.Warn or CheckStatus.Exempt;

    public static bool IsApplicable(CheckStatus status) => status != CheckStatus.NotApplicable;

    /// <summary>Counts as passed for a level: passed or not applicable. Error blocks, as an unknown is never a pass.</summary>
    public static bool ClearsLevel(CheckStatus status) => IsPassed(status) || status == CheckStatus.NotApplicable;

    public static ScoreCard Card(IReadOnlyList<CheckResult> results)
    {
        double passedWeight = 0, exemptWeight = 0, applicableWeight = 0;
        int passed = 0, warned = 0, exempt = 0, failed = 0, errors = 0, na = 0;
        foreach (var r in results)
        {
            var w = r.Weight < 0 ? 0 : r.Weight;
            switch (r.Status)
            {
                case CheckStatus.Pass: passed++; break;
                case CheckStatus.Warn: warned++; break;
                case CheckStatus.Exempt: exempt++; exemptWeight += w; break;
                case CheckStatus.Fail: failed++; break;
                case CheckStatus.Error: errors++; break;
                case CheckStatus.NotApplicable: na++; continue;
            }
            applicableWeight += w;
            if (IsPassed(r.Status)) passedWeight += w;
        }
        var score = applicableWeight <= 0 ? 100 : Math.Round(100 * passedWeight / applicableWeight, 1, MidpointRounding.AwayFromZero);
        return new ScoreCard(score, passedWeight, exemptWeight, applicableWeight, passed, warned, exempt, failed, errors, na);
    }

    public static double Score(IReadOnlyList<CheckResult> results) => Card(results).Score;

    /// <summary>The highest level earned, cumulatively; null when not even the lowest level is.</summary>
    public static string? Level(IReadOnlyList<CheckResult> results, IReadOnlyList<string> levels)
    {
        string? earned = null;
        foreach (var level in levels)
        {
            foreach (var r in results)
                if (string.Equals(r.Level, level, StringComparison.OrdinalIgnoreCase) && !ClearsLevel(r.Status))
                    return earned;
            earned = level;
        }
        return earned;
    }

    /// <summary>The next level above the one earned and the results that hold the component back from it (empty at the top).</summary>
    public static (string? NextLevel, IReadOnlyList<CheckResult> Blocking) NextLevel(ComponentEvaluation evaluation, IReadOnlyList<string> levels)
    {
        var rank = RankOf(evaluation.Level, levels);
        if (rank + 1 >= levels.Count) return (null, []);
        var next = levels[rank + 1];
        var blocking = evaluation.Results
            .Where(r => RankOf(r.Level, levels) is var lr && lr >= 0 && lr <= rank + 1 && !ClearsLevel(r.Status))
            .ToList();
        return (next, blocking);
    }

    /// <summary>0 for the lowest level, -1 for none or an unknown name.</summary>
    public static int RankOf(string? level, IReadOnlyList<string> levels)
    {
        if (level is null) return -1;
        for (var i = 0; i < levels.Count; i++)
            if (string.Equals(levels[i], level, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
