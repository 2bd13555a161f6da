using System.Text.Json;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class LocalEvaluationTests
{
    private static ComponentEvaluation Evaluate()
    {
        var compiled = CheckCompiler.Compile(Definitions(
        [
            Check("readme", "bronze", File("README.md")),
            Check("no-hold", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }), remediation: "Upgrade lodash to 4.17.21 or later."),
            Check("coverage", "gold", Fact("coverage.percent", "greaterThan", "80")),
        ]));
        return compiled.Evaluate(Component("web", files: ["README.md"], deps: [Dep("pkg:npm/lodash", "4.17.15", "services/web/package.json", 42)]), ExemptionBook.Empty, Now);
    }

    [Fact]
    public void The_text_leads_with_the_level_worked_towards_and_states_each_finding_once()
    {
        var text = LocalEvaluation.FormatText(Evaluate(), Levels);
        text.ShouldContain("level: bronze");
        text.ShouldContain("score: 33.3 / 100");
        text.ShouldContain("next level: silver, held back by no-hold");
        text.ShouldContain("FAIL   no-hold: 1 library on hold [F1]");
        text.ShouldContain("fix: Upgrade lodash to 4.17.21 or later.");
        text.ShouldContain("CANNOT coverage: cannot be decided: no harvester provides the fact 'coverage.percent'");
        text.ShouldContain("F1 lodash 4.17.15 in services/web/package.json line 42 is on hold: below 4.17.21 (CVE-2021-23337); radar entry lodash (no-hold)");
        // silver, the level the component works towards, comes before gold; bronze is earned and its passes are not listed.
        text.IndexOf("silver (working towards)", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("\ngold", StringComparison.Ordinal));
        text.ShouldNotContain("readme:");
        LocalEvaluation.FormatText(Evaluate(), Levels, verbose: true).ShouldContain("pass   readme: README.md exists");
    }

    [Fact]
    public void The_compact_text_shows_ten_findings_and_says_where_the_rest_are()
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("no-hold", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }))]));
        var deps = Enumerable.Range(1, 14).Select(i => Dep("pkg:npm/lodash", "4.17.15", $"apps/a{i}/package.json", i)).ToList();
        var evaluation = compiled.Evaluate(Component("web", deps: deps), ExemptionBook.Empty, Now);

        var text = LocalEvaluation.FormatText(evaluation, Levels);
        text.ShouldContain("FAIL   no-hold: 14 libraries on hold [F1, F2, F3, F4, F5, F6, ...]");
        text.ShouldContain("F10 lodash");
        text.ShouldNotContain("F11 lodash");
        text.ShouldContain("... and 4 more (--verbose or --json lists them all)");
        LocalEvaluation.FormatText(evaluation, Levels, verbose: true).ShouldContain("F14 lodash 4.17.15 in apps/a14/package.json line 14");
    }

    [Fact]
    public void The_json_lists_checks_in_action_order_and_refers_to_findings_by_id()
    {
        using var doc = JsonDocument.Parse(LocalEvaluation.FormatJson(Evaluate(), Levels, "silver"));
        var root = doc.RootElement;
        root.GetProperty("level").GetString().ShouldBe("bronze");
        root.GetProperty("nextLevel").GetString().ShouldBe("silver");
        root.GetProperty("meetsMinLevel").GetBoolean().ShouldBeFalse();
        var checks = root.GetProperty("checks").EnumerateArray().ToList();
        checks.Select(c => (c.GetProperty("id").GetString(), c.GetProperty("status").GetString())).ShouldBe([("no-hold", "fail"), ("coverage", "error"), ("readme", "pass")]);
        checks[0].GetProperty("findings").EnumerateArray().Select(f => f.GetString()).ShouldBe(["F1"]);
        var finding = root.GetProperty("findings").EnumerateArray().Single();
        finding.GetProperty("id").GetString().ShouldBe("F1");
        finding.GetProperty("line").GetInt32().ShouldBe(42);
        finding.GetProperty("ring").GetString().ShouldBe("hold");
        finding.GetProperty("checks").EnumerateArray().Select(c => c.GetString()).ShouldBe(["no-hold"]);
        root.GetProperty("summary").GetProperty("failed").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("gold", "silver", true)]
    [InlineData("silver", "silver", true)]
    [InlineData("bronze", "silver", false)]
    [InlineData(null, "bronze", false)]
    public void Meets_level_compares_by_level_order(string? level, string min, bool expected)
        => LocalEvaluation.MeetsLevel(new ComponentEvaluation("c", "c", null, 0, level, []), min, Levels).ShouldBe(expected);

    [Fact]
    public void An_unknown_min_level_is_refused_naming_the_levels()
        => Should.Throw<ArgumentException>(() => LocalEvaluation.MeetsLevel(new ComponentEvaluation("c", "c", null, 0, "gold", []), "platinum", Levels))
            .Message.ShouldContain("bronze, silver, gold");
}
