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
    public void The_text_names_level_score_and_each_failing_check_with_evidence_and_remediation()
    {
        var text = LocalEvaluation.FormatText(Evaluate(), Levels);
        text.ShouldContain("level: bronze");
        text.ShouldContain("score: 33.3 / 100");
        text.ShouldContain("[silver] no-hold: lodash 4.17.15 in services/web/package.json line 42 is on hold: below 4.17.21 (CVE-2021-23337)");
        text.ShouldContain("fix: Upgrade lodash to 4.17.21 or later.");
        text.ShouldContain("[gold] coverage: unknown: fact 'coverage.percent' was not harvested");
        text.ShouldContain("next level: silver, held back by no-hold");
        text.IndexOf("FAILING", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("UNKNOWN", StringComparison.Ordinal));
    }

    [Fact]
    public void The_json_shape_carries_statuses_evidence_and_the_min_level_verdict()
    {
        using var doc = JsonDocument.Parse(LocalEvaluation.FormatJson(Evaluate(), Levels, "silver"));
        var root = doc.RootElement;
        root.GetProperty("level").GetString().ShouldBe("bronze");
        root.GetProperty("meetsMinLevel").GetBoolean().ShouldBeFalse();
        var checks = root.GetProperty("checks").EnumerateArray().ToList();
        checks.Select(c => c.GetProperty("status").GetString()).ShouldBe(["pass", "fail", "error"]);
        checks[1].GetProperty("evidence")[0].GetProperty("line").GetInt32().ShouldBe(42);
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
