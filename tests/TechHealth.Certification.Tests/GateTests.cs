using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class GateTests
{
    private static ComponentEvaluation Eval(string name, string? level, string? lifecycle = "production", CheckStatus tests = CheckStatus.Pass)
        => new($"component:default/{name}", name, "group:default/team-a", 80, level,
            [new CheckResult("has-tests", "silver", tests, tests == CheckStatus.Pass ? "ok" : "no tests found", [], null)]) { Lifecycle = lifecycle };

    private static readonly CheckSet Checks = new(Levels, [], [],
    [
        Gate("deps", "silver"),
        Gate("migrations", "gold", ["has-tests"]),
        Gate("experiments", "bronze", blocked: ["experimental"]),
    ]);

    [Theory]
    [InlineData("deps", "silver", "production", CheckStatus.Pass, true, "")]
    [InlineData("deps", "gold", "production", CheckStatus.Pass, true, "")]
    [InlineData("deps", "bronze", "production", CheckStatus.Pass, false, "level bronze below required silver")]
    [InlineData("deps", null, "production", CheckStatus.Pass, false, "no level earned, below required silver")]
    [InlineData("deps", "gold", "deprecated", CheckStatus.Pass, false, "lifecycle deprecated is blocked")]
    [InlineData("migrations", "gold", "production", CheckStatus.Fail, false, "required check has-tests is fail: no tests found")]
    [InlineData("migrations", "gold", "production", CheckStatus.Exempt, true, "")]
    [InlineData("migrations", "gold", "production", CheckStatus.Error, false, "has-tests is unknown (error)")]
    [InlineData("experiments", "gold", "experimental", CheckStatus.Pass, false, "lifecycle experimental is blocked")]
    [InlineData("experiments", "gold", "deprecated", CheckStatus.Pass, true, "")]   // its own list replaces the default
    public void A_gate_allows_or_says_why_not(string gateId, string? level, string lifecycle, CheckStatus tests, bool allowed, string reason)
    {
        var gates = new GateEvaluator(Checks);
        var decision = gates.Decide(Checks.Gates.Single(g => g.Id == gateId), Eval("a", level, lifecycle, tests));
        decision.Allowed.ShouldBe(allowed);
        if (!allowed) decision.Reasons.ShouldContain(r => r.Contains(reason));
        else decision.Reasons.ShouldBeEmpty();
    }

    [Fact]
    public void Every_reason_is_given_not_just_the_first()
    {
        var decision = new GateEvaluator(Checks).Decide(Checks.Gates[1], Eval("a", "bronze", "deprecated", CheckStatus.Fail));
        decision.Reasons.Count.ShouldBe(3);
    }

    [Fact]
    public void The_allowed_list_is_what_a_bot_consumes()
    {
        var gates = new GateEvaluator(Checks);
        var evaluations = new[] { Eval("zeta", "gold"), Eval("alpha", "silver"), Eval("beta", "bronze"), Eval("old", "gold", "deprecated") };
        gates.Allowed("deps", evaluations).ShouldBe(["component:default/alpha", "component:default/zeta"]);
        Should.Throw<ArgumentException>(() => gates.Allowed("nope", evaluations)).Message.ShouldContain("known: deps, migrations, experiments");
    }
}
