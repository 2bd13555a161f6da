using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class HistoryTests
{
    private static readonly CheckDefinition[] Checks =
    [
        Check("readme", "bronze", File("README.md")),
        Check("no-hold", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] })),
    ];

    private static IReadOnlyList<ComponentFacts> Fleet() =>
    [
        Component("c1", "team-a", files: ["README.md"], deps: [Dep("pkg:npm/date-fns", "3.0.0", "package.json", 4)]),
        Component("c2", "team-a", files: ["README.md"], deps: [Dep("pkg:npm/lodash", "4.17.21", "package.json")]),
        Component("c3", "team-b", files: ["README.md"], deps: [Dep("pkg:npm/date-fns", "2.30.0", "package.json", 9)]),
        Component("c4", "team-b", files: ["README.md"]),
    ];

    private static Radar WithDateFnsOn(string ring)
    {
        var radar = Radar();
        return radar with { Entries = radar.Entries.Select(e => e.Id == "date-fns" ? e with { Ring = ring } : e).ToList() };
    }

    private static RunSnapshot RunWith(string id, Radar radar, DateTimeOffset at)
    {
        var compiled = CheckCompiler.Compile(Definitions(Checks, radar, version: id));
        return RunSnapshot.From(id, compiled.EvaluateFleet(Fleet(), ExemptionBook.Empty, at), compiled.HoldRing);
    }

    [Fact]
    public void Flipping_a_radar_entry_to_hold_shows_exactly_its_users_in_the_diff()
    {
        var before = RunWith("r1", WithDateFnsOn("adopt"), Now);
        var after = RunWith("r2", WithDateFnsOn("hold"), Now.AddMinutes(5));
        var diff = RunComparison.Diff(before, after, Levels);

        diff.LevelChanges.ShouldBe(
        [
            new LevelChange("component:default/c1", "c1", "gold", "bronze", ChangeDirection.Down),
            new LevelChange("component:default/c3", "c3", "gold", "bronze", ChangeDirection.Down),
        ]);
        diff.CheckFlips.Select(f => (f.ComponentRef, f.CheckId, f.From, f.To, f.Direction)).ShouldBe(
        [
            ("component:default/c1", "no-hold", CheckStatus.Pass, CheckStatus.Fail, ChangeDirection.Down),
            ("component:default/c3", "no-hold", CheckStatus.Pass, CheckStatus.Fail, ChangeDirection.Down),
        ]);
        diff.CheckFlips[0].Message.ShouldBe("1 library on hold");
        diff.NewHoldTechnology.Select(h => (h.ComponentRef, h.RadarEntry, h.Version)).ShouldBe([("component:default/c1", "date-fns", "3.0.0"), ("component:default/c3", "date-fns", "2.30.0")]);
        diff.ScoreDeltas.Select(d => (d.ComponentRef, d.Delta)).ShouldBe([("component:default/c1", -50.0), ("component:default/c3", -50.0)]);
        diff.AddedComponents.ShouldBeEmpty();
        diff.RemovedComponents.ShouldBeEmpty();

        // The back flip reverses it and lists no new hold technology.
        var back = RunComparison.Diff(after, before, Levels);
        back.LevelChanges.ShouldAllBe(c => c.Direction == ChangeDirection.Up);
        back.NewHoldTechnology.ShouldBeEmpty();
    }

    [Fact]
    public void Team_figures_move_with_the_flip()
    {
        var org = new OrgChart([Group("dept", "department", null), Group("team-a", "team", "dept"), Group("team-b", "team", "dept")]);
        var runs = new[] { RunWith("r1", WithDateFnsOn("adopt"), Now), RunWith("r2", WithDateFnsOn("hold"), Now.AddDays(1)) };
        var teamA = Trends.ForTeam(runs, "team-a", Levels);
        teamA.Select(p => p.Score).ShouldBe([100.0, 75.0]);
        // Gold has no checks of its own here, so clearing silver earns gold.
        teamA[1].Levels.Where(l => l.Count > 0).Select(l => (l.Level, l.Count)).ShouldBe([("bronze", 1), ("gold", 1)]);
        Trends.ForDepartment(runs, "dept", org, Levels).Select(p => p.Score).ShouldBe([100.0, 75.0]);
        Trends.ForOrganisation(runs, Levels).Select(p => p.ComponentCount).ShouldBe([4, 4]);
        Trends.ForComponent(runs.Reverse(), "component:default/c3").Select(p => (p.RunId, p.Level)).ShouldBe([("r1", "gold"), ("r2", "bronze")]);
    }

    [Fact]
    public void A_hold_library_moving_from_a_Maven_profile_into_the_main_build_is_new_hold_technology()
    {
        var compiled = CheckCompiler.Compile(Definitions(Checks, WithDateFnsOn("hold"), version: "v1"));
        RunSnapshot RunOf(string id, string? condition)
        {
            var fleet = new[] { Component("c1", "team-a", files: ["README.md"], deps: [Dep("pkg:npm/date-fns", "3.0.0", "package.json", 4) with { Condition = condition }]) };
            return RunSnapshot.From(id, compiled.EvaluateFleet(fleet, ExemptionBook.Empty, Now), compiled.HoldRing);
        }
        var inProfile = RunOf("r1", "profile:legacy");
        var inMainBuild = RunOf("r2", null);

        inProfile.HoldUsage.Single().Condition.ShouldBe("profile:legacy");
        inProfile.Evaluations.Single().Results.Single(r => r.CheckId == "no-hold").Evidence.Single().Condition.ShouldBe("profile:legacy");

        var diff = RunComparison.Diff(inProfile, inMainBuild, Levels);
        diff.NewHoldTechnology.Select(h => (h.ComponentRef, h.RadarEntry, h.Version, h.Condition)).ShouldBe([("component:default/c1", "date-fns", "3.0.0", (string?)null)]);
        RunComparison.Diff(inMainBuild, RunOf("r3", "profile:legacy"), Levels).NewHoldTechnology.Single().Condition.ShouldBe("profile:legacy");
        RunComparison.Diff(inProfile, RunOf("r4", "profile:legacy"), Levels).NewHoldTechnology.ShouldBeEmpty();
    }

    [Fact]
    public void Components_added_and_removed_between_runs_are_listed()
    {
        var e = (string name) => new ComponentEvaluation($"component:default/{name}", name, null, 100, "gold", []);
        var diff = RunComparison.Diff(new RunSnapshot("a", Now, [e("x"), e("y")], []), new RunSnapshot("b", Now, [e("y"), e("z")], []), Levels);
        diff.AddedComponents.ShouldBe(["component:default/z"]);
        diff.RemovedComponents.ShouldBe(["component:default/x"]);
    }

}

/// <summary>The steps the service composes for one run (compile, evaluate, decide gates, roll up, snapshot), end to end on a fake clock.</summary>
public class CertificationRunTests
{
    private sealed record Run(CompiledChecks Compiled, FleetEvaluation Fleet, RunSnapshot Snapshot, IReadOnlyList<GateDecision> Gates, FleetRollup Rollup, IReadOnlyList<ExemptionInForce> ExemptionsInForce);

    private static Run Certify(CheckCompiler compiler, TimeProvider clock, string runId, DefinitionSet defs, IReadOnlyList<ComponentFacts> fleet, IEnumerable<OrgGroup> groups)
    {
        var compiled = compiler.GetOrCompile(defs);
        var exemptions = ExemptionBook.From(defs.Checks);
        var now = clock.GetUtcNow();
        var evaluated = compiled.EvaluateFleet(fleet, exemptions, now);
        var gates = new GateEvaluator(defs.Checks).DecideAll(evaluated.Evaluations);
        var rollup = new FleetRollup(evaluated.Evaluations, evaluated.Technologies, new OrgChart(groups), defs.Checks, defs.Radar, gates, CertificationOptions.Default);
        return new Run(compiled, evaluated, RunSnapshot.From(runId, evaluated, compiled.HoldRing), gates, rollup, exemptions.InForce(DateOnly.FromDateTime(now.UtcDateTime)));
    }

    [Fact]
    public void A_run_evaluates_gates_rolls_up_and_snapshots_with_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Now);
        var compiler = new CheckCompiler(CertificationOptions.Default);
        var defs = Definitions(
            [Check("readme", "bronze", File("README.md")), Check("no-hold", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }))],
            exemptions: [new ExemptionDefinition("b", "no-hold", "migrating", "board", new DateOnly(2026, 12, 1), SourceLocation.None)],
            gates: [Gate("deps", "silver")]);
        var fleet = new[]
        {
            Component("a", "team-a", files: ["README.md"]),
            Component("b", "team-a", files: ["README.md"], deps: [Dep("pkg:npm/moment", "2.29.4", "package.json")]),
        };
        var groups = new[] { Group("dept", "department", null), Group("team-a", "team", "dept") };

        var run = Certify(compiler, clock, "run-1", defs, fleet, groups);
        run.Snapshot.At.ShouldBe(Now);
        run.Gates.Count(g => g.Allowed).ShouldBe(2);
        run.Rollup.Department("dept").Gates.Single().Allowed.ShouldBe(2);
        run.ExemptionsInForce.Single().DaysLeft.ShouldBe(10);
        run.Snapshot.HoldUsage.Single().RadarEntry.ShouldBe("moment");
        compiler.GetOrCompile(defs).ShouldBeSameAs(run.Compiled);

        clock.Advance(TimeSpan.FromDays(10));
        var later = Certify(compiler, clock, "run-2", defs, fleet, groups);
        later.Fleet.Evaluations.Single(e => e.ComponentName == "b").Level.ShouldBe("bronze");
        RunComparison.Diff(run.Snapshot, later.Snapshot, Levels).LevelChanges.Single().ComponentRef.ShouldBe("component:default/b");
    }
}
