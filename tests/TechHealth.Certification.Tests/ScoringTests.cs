using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class ScoringTests
{
    private static CheckResult R(string level, CheckStatus status, double weight = 1) => new($"{level}-{status}-{weight}", level, status, "", [], null, weight);

    private static CheckStatus S(char c) => c switch
    {
        'P' => CheckStatus.Pass, 'F' => CheckStatus.Fail, 'W' => CheckStatus.Warn, 'X' => CheckStatus.Exempt, 'N' => CheckStatus.NotApplicable, 'E' => CheckStatus.Error,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    [Theory]
    // Statuses per level as bronze|silver|gold; P pass, F fail, W warn, X exempt, N not applicable, E error.
    [InlineData("PP|PP|PP", "gold")]
    [InlineData("PP|PP|PF", "silver")]
    [InlineData("PP|PF|PP", "bronze")]          // gold's checks pass, but silver's do not: levels are cumulative
    [InlineData("PF|PP|PP", null)]
    [InlineData("PX|PW|PN", "gold")]            // exempt, warn and not-applicable all clear a level
    [InlineData("PE|PP|PP", null)]              // an error (unknown) blocks, it is never a pass
    [InlineData("NN|NN|NN", "gold")]
    [InlineData("PP||PP", "gold")]              // a level without checks is earned when those below are
    [InlineData("PP||PF", "silver")]
    public void Levels_are_earned_cumulatively(string statuses, string? expected)
    {
        var parts = statuses.Split('|');
        var results = parts.SelectMany((p, i) => p.Select(c => R(Levels[i], S(c)))).ToList();
        Scoring.Level(results, Levels).ShouldBe(expected);
    }

    [Theory]
    // (statuses, weights, expected score)
    [InlineData("PPFF", "1,1,1,1", 50)]
    [InlineData("PXFF", "1,1,1,1", 50)]        // exempt counts as passed
    [InlineData("PWFF", "1,1,1,1", 50)]        // a warning passes
    [InlineData("PPFN", "1,1,1,5", 66.7)]      // not applicable is left out, whatever its weight
    [InlineData("PPFE", "1,1,1,1", 50)]        // an error is applicable and not passed
    [InlineData("PF", "3,1", 75)]              // weights
    [InlineData("NN", "1,1", 100)]             // nothing applies
    [InlineData("PF", "0,1", 0)]
    public void Score_is_the_weighted_share_of_applicable_checks_passed(string statuses, string weights, double expected)
    {
        var w = weights.Split(',').Select(double.Parse).ToArray();
        var results = statuses.Select((c, i) => R("bronze", S(c), w[i])).ToList();
        Scoring.Score(results).ShouldBe(expected);
    }

    [Fact]
    public void The_score_card_shows_exempt_separately()
    {
        var card = Scoring.Card([R("bronze", CheckStatus.Pass, 2), R("bronze", CheckStatus.Exempt, 3), R("bronze", CheckStatus.Fail), R("bronze", CheckStatus.NotApplicable)]);
        card.ShouldBe(new ScoreCard(83.3, 5, 3, 6, 1, 0, 1, 1, 0, 1));
    }

    [Fact]
    public void Next_level_names_the_checks_holding_the_component_back()
    {
        var evaluation = new ComponentEvaluation("component:default/a", "a", null, 50, "bronze",
        [
            new CheckResult("readme", "bronze", CheckStatus.Pass, "", [], null),
            new CheckResult("ci", "silver", CheckStatus.Fail, "", [], null),
            new CheckResult("runtime", "silver", CheckStatus.Error, "", [], null),
            new CheckResult("sbom", "gold", CheckStatus.Fail, "", [], null),
        ]);
        var (next, blocking) = Scoring.NextLevel(evaluation, Levels);
        next.ShouldBe("silver");
        blocking.Select(b => b.CheckId).ShouldBe(["ci", "runtime"]);
    }
}
