using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class RollupTests
{
    // eng (department) > platform (plain group) > team-a, team-b; eng > web; sales (department) > team-s.
    private static readonly OrgGroup[] Groups =
    [
        Group("eng", "department", null),
        Group("platform", "group", "eng"),
        Group("team-a", "team", "platform"),
        Group("team-b", "team", "platform"),
        Group("web", "team", "eng"),
        Group("sales", "department", null),
        Group("team-s", "team", "sales"),
    ];

    private static readonly CheckDefinition[] Checks =
    [
        Check("readme", "bronze", File("README.md")),
        Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] })),
        Check("ci", "silver", File("Jenkinsfile")),
    ];

    private static FleetRollup Rollup()
    {
        var defs = Definitions(Checks, gates: [Gate("deps", "silver")]);
        var compiled = CheckCompiler.Compile(defs);
        var components = new[]
        {
            Component("a1", "group:default/team-a", files: ["README.md", "Jenkinsfile"], deps: [Dep("pkg:npm/lodash", "4.17.21", "package.json")]),
            Component("a2", "team-a", files: ["README.md"], deps: [Dep("pkg:npm/lodash", "4.17.15", "package.json")]),
            Component("b1", "group:team-b", files: ["README.md", "Jenkinsfile"], deps: [Dep("pkg:npm/moment", "2.29.4", "package.json")]),
            Component("w1", "group:default/web", files: ["README.md"], deps: [Dep("pkg:npm/date-fns", "3.0.0", "package.json"), Dep("pkg:npm/left-pad", "1.3.0", "package.json")]),
            Component("s1", "group:default/team-s"),
            Component("orphan", null, files: ["README.md", "Jenkinsfile"]),
            Component("ghost", "group:default/ghosts", files: ["README.md"]),
        };
        var fleet = compiled.EvaluateFleet(components, ExemptionBook.Empty, Now);
        return FleetRollup.From(fleet, new OrgChart(Groups), compiled);
    }

    [Fact]
    public void A_department_counts_every_team_under_it_at_any_depth()
    {
        var eng = Rollup().Department("group:default/eng");
        eng.ComponentCount.ShouldBe(4);
        eng.AverageScore.ShouldBe((100 + 100.0 / 3 + 200.0 / 3 + 200.0 / 3) / 4, 0.1);
        eng.Levels.Select(l => (l.Level, l.Count, l.Share)).ShouldBe([("none", 2, 0.5), ("bronze", 1, 0.25), ("silver", 0, 0), ("gold", 1, 0.25)]);
        Rollup().Department("sales").ComponentCount.ShouldBe(1);
        Rollup().Department("platform").ComponentCount.ShouldBe(3);
    }

    [Fact]
    public void The_organisation_counts_unowned_and_unknown_owners_too()
    {
        var rollup = Rollup();
        rollup.Organisation().ComponentCount.ShouldBe(7);
        rollup.Team(FleetRollup.Unowned).ComponentCount.ShouldBe(1);
        rollup.Teams().Select(t => t.Name).ShouldBe(["(no owner)", "ghosts", "platform", "team-a", "team-b", "team-s", "web"], ignoreOrder: true);
        rollup.Teams().Single(t => t.Name == "platform").ComponentCount.ShouldBe(0);
    }

    [Fact]
    public void Pass_rates_and_the_checks_failing_most()
    {
        var eng = Rollup().Department("eng");
        eng.Checks.Select(c => (c.CheckId, c.Passed, c.Applicable, c.Rate)).ShouldBe([("readme", 4, 4, 1.0), ("no-hold", 2, 4, 0.5), ("ci", 2, 4, 0.5)]);
        eng.FailingMost.Select(c => c.CheckId).ShouldBe(["ci", "no-hold"]);
    }

    [Fact]
    public void Ring_shares_include_unlisted_technology()
    {
        var eng = Rollup().Department("eng");
        eng.Rings.Select(r => (r.Ring, r.Count, r.Share)).ShouldBe([("adopt", 2, 0.4), ("trial", 0, 0), ("assess", 0, 0), ("hold", 2, 0.4), ("unlisted", 1, 0.2)]);
    }

    [Fact]
    public void Golden_adoption_counts_components_using_an_entry_only_in_the_golden_ring()
    {
        var adoption = Rollup().Department("eng").Adoption.ToDictionary(a => a.RadarEntry);
        adoption["lodash"].ShouldBe(new GoldenAdoption("lodash", 1, 2, 0.5));
        adoption["moment"].ShouldBe(new GoldenAdoption("moment", 0, 1, 0));
        adoption["date-fns"].ShouldBe(new GoldenAdoption("date-fns", 1, 1, 1));
        adoption["node"].ShouldBe(new GoldenAdoption("node", 0, 0, null));
    }

    [Fact]
    public void Gate_counts_per_group()
    {
        var rollup = Rollup();
        rollup.Department("eng").Gates.Single().ShouldBe(new GateCount("deps", 1, 4));
        rollup.Organisation().Gates.Single().ShouldBe(new GateCount("deps", 2, 7));
    }

    [Fact]
    public void Teams_by_checks_cells_carry_value_and_counts()
    {
        var map = Rollup().TeamsByChecks();
        map.Columns.ShouldBe(["readme", "no-hold", "ci"]);
        map.Cell("group:default/team-a", "no-hold").ShouldBe(new HeatmapCell("group:default/team-a", "no-hold", 0.5, 1, 1, 2));
        map.Cell("group:default/team-s", "readme").ShouldBe(new HeatmapCell("group:default/team-s", "readme", 0, 0, 1, 1));
        map.Rows.ShouldNotContain("group:default/platform");
    }

    [Fact]
    public void Departments_by_checks_roll_up_nested_teams()
    {
        var map = Rollup().DepartmentsByChecks();
        map.Rows.ShouldBe(["group:default/eng", "group:default/sales"]);
        map.Cell("group:default/eng", "ci").ShouldBe(new HeatmapCell("group:default/eng", "ci", 0.5, 2, 2, 4));
    }

    [Fact]
    public void Teams_by_radar_quadrant_and_ring()
    {
        var map = Rollup().TeamsByRadar();
        map.Cell("group:default/team-a", "frameworks-and-libraries/hold").ShouldBe(new HeatmapCell("group:default/team-a", "frameworks-and-libraries/hold", 0.5, 1, 1, 2));
        map.Cell("group:default/web", "unlisted").ShouldBe(new HeatmapCell("group:default/web", "unlisted", 0.5, 1, 1, 2));
        map.Cell("group:default/web", "languages-and-runtimes/adopt")!.Value.ShouldBeNull();
    }

    [Fact]
    public void Components_by_checks_within_a_team()
    {
        var map = Rollup().ComponentsByChecks("team-a");
        map.RowLabels.ShouldBe(["a1", "a2"]);
        var cell = map.Cell("component:default/a2", "no-hold")!;
        (cell.Value, cell.Status, cell.Failed, cell.Total).ShouldBe((0.0, CheckStatus.Fail, 1, 1));
        map.Cell("component:default/a1", "ci")!.Value.ShouldBe(1);
    }

    [Fact]
    public void The_org_chart_survives_a_parent_cycle()
    {
        var org = new OrgChart([Group("x", "team", "y"), Group("y", "group", "x")]);
        org.IsWithin("x", "y").ShouldBeTrue();
        org.DepartmentOf("x").ShouldBeNull();
    }
}
