using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class ExemptionTests
{
    private static readonly CheckDefinition Ci = Check("ci-configured", "bronze", File("Jenkinsfile"));

    [Theory]
    // The exemption expires 2027-03-31: in force up to the day before, gone on its date.
    [InlineData("2027-03-01T00:00:00Z", CheckStatus.Exempt)]
    [InlineData("2027-03-30T23:59:59Z", CheckStatus.Exempt)]
    [InlineData("2027-03-31T00:00:00Z", CheckStatus.Fail)]
    [InlineData("2027-04-15T00:00:00Z", CheckStatus.Fail)]
    public void An_exemption_stops_applying_on_its_expiry_date(string now, CheckStatus expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now));
        var defs = Definitions([Ci], exemptions: [new ExemptionDefinition("payments-api", "ci-configured", "vendor build", "architecture-board", new DateOnly(2027, 3, 31), new SourceLocation("checks/exemptions.yaml", 2, 5))]);
        var compiled = CheckCompiler.Compile(defs);
        var result = compiled.Evaluate(Component("payments-api"), ExemptionBook.From(defs.Checks), clock).Results.Single();
        result.Status.ShouldBe(expected);
        if (expected == CheckStatus.Exempt)
        {
            result.ExemptUntil.ShouldBe(new DateOnly(2027, 3, 31));
            result.ExemptionReason.ShouldBe("vendor build");
            result.Message.ShouldContain("approved by architecture-board");
            result.Message.ShouldContain("no file matches Jenkinsfile");
        }
    }

    [Fact]
    public void Advancing_the_fake_clock_past_expiry_changes_the_result()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 30, 12, 0, 0, TimeSpan.Zero));
        var compiled = CheckCompiler.Compile(Definitions([Ci]));
        var book = new ExemptionBook([new Exemption("component:default/payments-api", "*", "migration", "cto", new DateOnly(2027, 3, 31), "store")]);
        compiled.Evaluate(Component("payments-api"), book, clock).Results.Single().Status.ShouldBe(CheckStatus.Exempt);
        clock.Advance(TimeSpan.FromDays(1));
        compiled.Evaluate(Component("payments-api"), book, clock).Results.Single().Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void An_exemption_does_not_touch_a_passing_check_or_another_component()
    {
        var compiled = CheckCompiler.Compile(Definitions([Ci]));
        var book = new ExemptionBook([new Exemption("payments-api", "ci-configured", "r", "a", new DateOnly(2030, 1, 1))]);
        compiled.Evaluate(Component("payments-api", files: ["Jenkinsfile"]), book, Now).Results.Single().Status.ShouldBe(CheckStatus.Pass);
        compiled.Evaluate(Component("orders-api"), book, Now).Results.Single().Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void Exemptions_in_force_are_listed_with_their_expiry_soonest_first()
    {
        var book = ExemptionBook.From(
            new CheckSet(Levels, [], [new ExemptionDefinition("a", "x", "r", "board", new DateOnly(2027, 6, 1), SourceLocation.None)], []),
            [
                new Exemption("b", "y", "r", "lead", new DateOnly(2027, 1, 1), "store"),
                new Exemption("c", "z", "r", "lead", new DateOnly(2026, 11, 21), "store"),
            ]);
        var clock = new FakeTimeProvider(Now);
        var inForce = book.InForce(clock);
        inForce.Select(e => (e.Exemption.Component, e.DaysLeft)).ShouldBe([("b", 41), ("a", 192)]);
        book.Expired(DateOnly.FromDateTime(Now.UtcDateTime)).Single().Component.ShouldBe("c");
    }
}
