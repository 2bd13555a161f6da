using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

/// <summary>
/// How long an evaluation holds for the same facts: until the next UTC midnight, or until an age-in-days comparison
/// next changes (its day count or its verdict), whichever comes first; a rescan before then may reuse it.
/// </summary>
public class StableUntilTests
{
    private static FleetEvaluation Evaluate(string lastCommit, DateTimeOffset now, string op = "newerThanDays", string days = "90")
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("active", "bronze", Fact("git.lastCommit", op, days))]));
        var component = Component("api", facts: new Dictionary<string, string> { ["git.lastCommit"] = lastCommit });
        return compiled.EvaluateFleet([component], new ExemptionBook([]), now);
    }

    [Fact]
    public void Without_an_age_check_it_holds_until_the_next_utc_midnight()
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("readme", "bronze", Fact("readme.present", "exists"))]));
        var fleet = compiled.EvaluateFleet([Component("api")], new ExemptionBook([]), new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero));
        fleet.StableUntil.ShouldBe(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void An_age_in_days_holds_only_until_its_next_whole_day_which_can_come_before_midnight()
    {
        // Committed at 10:00 UTC: at 09:30 the age is 35 days and 23.5 hours; it turns 36 days at 10:00 today.
        var now = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
        var fleet = Evaluate("2026-11-01T10:00:00Z", now);
        fleet.StableUntil.ShouldBe(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        fleet.Evaluations[0].Results[0].Message.ShouldContain("35 days ago");
        // Just after that moment the message reads differently: the bound is exact, not a guess.
        Evaluate("2026-11-01T10:00:00Z", fleet.StableUntil!.Value).Evaluations[0].Results[0].Message.ShouldContain("36 days ago");
        // After 10:00 the next change is tomorrow's 10:00, so midnight comes first.
        Evaluate("2026-11-01T10:00:00Z", now.AddHours(1)).StableUntil.ShouldBe(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_verdict_that_flips_mid_day_bounds_the_evaluation_at_that_instant()
    {
        // Exactly 90 days old at 2026-12-07 15:00 UTC: "newer than 90 days" passes before and fails after.
        var before = Evaluate("2026-09-08T15:00:00Z", new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero));
        before.Evaluations[0].Results[0].Status.ShouldBe(CheckStatus.Pass);
        before.StableUntil.ShouldBe(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero));
        Evaluate("2026-09-08T15:00:00Z", new DateTimeOffset(2026, 12, 7, 15, 0, 1, TimeSpan.Zero)).Evaluations[0].Results[0].Status.ShouldBe(CheckStatus.Fail);
        // On the boundary itself the next tick differs, so it holds for no time at all.
        var on = new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);
        Evaluate("2026-09-08T15:00:00Z", on, "olderThanDays").StableUntil.ShouldBe(on);
    }

    [Fact]
    public void A_fleet_holds_until_its_earliest_component_changes()
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("active", "bronze", Fact("git.lastCommit", "newerThanDays", "90"))]));
        var now = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        ComponentFacts At(string name, string when) => Component(name, facts: new Dictionary<string, string> { ["git.lastCommit"] = when });
        var fleet = compiled.EvaluateFleet([At("a", "2026-11-01T20:00:00Z"), At("b", "2026-11-01T12:00:00Z"), At("c", "2026-11-01T09:30:00Z")], new ExemptionBook([]), now);
        fleet.StableUntil.ShouldBe(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero));
    }
}
