using TechHealth.Core.Definitions;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class RadarMatcherTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    [Theory]
    // The first version rule whose range holds the version decides the ring; otherwise the entry's ring.
    [InlineData("pkg:npm/lodash", "4.17.15", "lodash", "hold")]
    [InlineData("pkg:npm/lodash", "4.17.20", "lodash", "hold")]
    [InlineData("pkg:npm/lodash", "4.17.21", "lodash", "adopt")]
    [InlineData("pkg:npm/lodash", "4.18.0", "lodash", "adopt")]
    // SemVer order, not string order: 4.9.0 is below 4.17.21.
    [InlineData("pkg:npm/lodash", "4.9.0", "lodash", "hold")]
    // A pre-release of the floor is still below it.
    [InlineData("pkg:npm/lodash", "4.17.21-rc.1", "lodash", "hold")]
    [InlineData("pkg:runtime/java", "11", "java", "hold")]
    [InlineData("pkg:runtime/java", "17", "java", "trial")]
    [InlineData("pkg:runtime/java", "21", "java", "adopt")]
    [InlineData("pkg:npm/moment", "2.29.4", "moment", "hold")]
    public void Version_rules_pick_the_ring(string purl, string version, string entry, string ring)
    {
        var match = new RadarMatcher(Radar()).Match(Dep(purl, version), Today);
        match.Entry!.Id.ShouldBe(entry);
        match.Ring.ShouldBe(ring);
        match.VersionUnknown.ShouldBeFalse();
    }

    [Theory]
    [InlineData("pkg:maven/org.springframework/spring-core", "spring-core")]
    [InlineData("pkg:maven/org.springframework/spring-web", "spring")]
    public void The_most_specific_pattern_wins(string purl, string entry)
        => new RadarMatcher(Radar()).Match(Dep(purl, "6.1.0"), Today).Entry!.Id.ShouldBe(entry);

    [Fact]
    public void Technology_no_entry_covers_is_unlisted()
    {
        var match = new RadarMatcher(Radar()).Match(Dep("pkg:npm/left-pad", "1.3.0", "package.json"), Today);
        match.Listed.ShouldBeFalse();
        match.Ring.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("^4.17.0", true)]
    [InlineData("not a version!", false)]
    public void An_unknown_version_gets_the_entry_ring_and_is_flagged(string? version, bool unresolved)
    {
        var match = new RadarMatcher(Radar()).Match(Dep("pkg:npm/lodash", version, "package.json", unresolved: unresolved), Today);
        match.Ring.ShouldBe("adopt");
        match.VersionUnknown.ShouldBeTrue();
        match.RingUncertain.ShouldBeTrue();
    }

    [Theory]
    // retireBy 2027-01-31; lead time 90 days by default.
    [InlineData("2026-10-01", 90, RetirementState.None)]
    [InlineData("2026-11-02", 90, RetirementState.Retiring)]
    [InlineData("2027-01-30", 90, RetirementState.Retiring)]
    [InlineData("2027-01-31", 90, RetirementState.PastRetirement)]
    [InlineData("2027-06-01", 90, RetirementState.PastRetirement)]
    [InlineData("2026-12-31", 30, RetirementState.None)]
    [InlineData("2027-01-01", 30, RetirementState.Retiring)]
    public void Retirement_follows_the_lead_time(string today, int leadDays, RetirementState expected)
    {
        var matcher = new RadarMatcher(Radar(), new CertificationOptions { RetirementLeadTime = TimeSpan.FromDays(leadDays) });
        matcher.Match(Dep("pkg:npm/moment", "2.29.4", "package.json"), DateOnly.Parse(today)).Retirement.ShouldBe(expected);
    }

    [Fact]
    public void Matches_are_cached_per_package_and_version()
    {
        var matcher = new RadarMatcher(Radar());
        for (var i = 0; i < 100; i++)
        {
            matcher.Match(Dep("pkg:npm/moment", "2.29.4", $"app{i}/package.json"), Today);
            matcher.Match(Dep("pkg:npm/moment", "2.30.0", $"app{i}/package.json"), Today);
        }
        matcher.CachedPlacements.ShouldBe(2);
    }

    [Fact]
    public void A_dependency_message_names_package_version_file_line_and_the_rule()
    {
        var match = new RadarMatcher(Radar()).Match(Dep("pkg:npm/lodash", "4.17.15", "services/web/package.json", 42), Today);
        match.Describe().ShouldBe("lodash 4.17.15 in services/web/package.json line 42");
        match.RingReason().ShouldBe("below 4.17.21 (CVE-2021-23337)");
    }
}
