namespace TechHealth.Versioning.Tests;

public class ComparatorRangeTests
{
    [Theory]
    [InlineData(VersionScheme.SemVer, ">=2.17.1 <3", "2.17.1", true)]
    [InlineData(VersionScheme.SemVer, ">=2.17.1 <3", "2.17.0", false)]
    [InlineData(VersionScheme.SemVer, ">=2.17.1 <3", "2.99.0", true)]
    [InlineData(VersionScheme.SemVer, ">=2.17.1 <3", "3.0.0", false)]
    [InlineData(VersionScheme.SemVer, "<2.17.1", "2.17.0", true)]
    [InlineData(VersionScheme.SemVer, "<2.17.1", "2.9.9", true)] // numeric, not string
    [InlineData(VersionScheme.SemVer, "<2.17.1", "2.17.1", false)]
    [InlineData(VersionScheme.SemVer, "<2.0.0", "2.0.0-beta", true)] // radar: pure order, a pre-release of 2.0.0 is below it
    [InlineData(VersionScheme.SemVer, "=1.2.3", "1.2.3", true)]
    [InlineData(VersionScheme.SemVer, "1.2.3", "1.2.4", false)]
    [InlineData(VersionScheme.SemVer, "1.2.3", "v1.2.3", true)]
    [InlineData(VersionScheme.SemVer, "<1 || >=3", "0.9.0", true)]
    [InlineData(VersionScheme.SemVer, "<1 || >=3", "2.0.0", false)]
    [InlineData(VersionScheme.SemVer, "<1 || >=3", "3.1.0", true)]
    [InlineData(VersionScheme.SemVer, "1.x", "1.9.0", true)]
    [InlineData(VersionScheme.SemVer, "1.x", "2.0.0", false)]
    [InlineData(VersionScheme.SemVer, "1.2.*", "1.2.9", true)]
    [InlineData(VersionScheme.SemVer, "1.2.*", "1.3.0", false)]
    [InlineData(VersionScheme.SemVer, "!=1.2.3", "1.2.4", true)]
    [InlineData(VersionScheme.SemVer, "!=1.2.3", "1.2.3", false)]
    [InlineData(VersionScheme.SemVer, ">= 2.0 < 2.5", "2.4.9", true)]
    [InlineData(VersionScheme.SemVer, ">1.0.0", "1.0.0", false)]
    [InlineData(VersionScheme.SemVer, "<=1.0.0", "1.0.0", true)]
    [InlineData(VersionScheme.SemVer, "*", "0.0.1", true)]
    [InlineData(VersionScheme.SemVer, ">=1.0.0", "garbage", false)]
    [InlineData(VersionScheme.Generic, ">=21", "21", true)]
    [InlineData(VersionScheme.Generic, ">=21", "17", false)]
    [InlineData(VersionScheme.Generic, "<3.9", "3.12", false)]
    [InlineData(VersionScheme.Generic, "<3.10", "3.9", true)]
    [InlineData(VersionScheme.Generic, "<v4", "v3", true)]
    [InlineData(VersionScheme.Generic, "3.x", "3.12.1", true)]
    [InlineData(VersionScheme.Generic, "3.12.x", "3.13", false)]
    [InlineData(VersionScheme.Generic, "8 || 10", "10.0", true)]
    [InlineData(VersionScheme.Generic, "8 || 10", "9", false)]
    public void Radar_comparators_use_the_scheme_order(VersionScheme scheme, string range, string version, bool expected)
    {
        var parsed = VersionRange.ParseComparators(range, scheme);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected);
    }

    [Theory]
    [InlineData(VersionScheme.SemVer, ">=1.2.3 <2", "1.2.3", "2", false)]
    [InlineData(VersionScheme.SemVer, "<2", null, "2", false)]
    [InlineData(VersionScheme.SemVer, ">=2", "2", null, false)]
    [InlineData(VersionScheme.SemVer, ">1", null, null, false)]
    [InlineData(VersionScheme.SemVer, "1.2.3", "1.2.3", "1.2.3", true)]
    [InlineData(VersionScheme.SemVer, ">=1 <2 || >=3 <=4", "1", "4", true)]
    [InlineData(VersionScheme.Generic, "3.x", "3", "4", false)]
    [InlineData(VersionScheme.Generic, ">=17 || <11", null, null, false)]
    public void Radar_ranges_report_their_bounds(VersionScheme scheme, string range, string? lowest, string? upper, bool upperInclusive)
    {
        var parsed = VersionRange.ParseComparators(range, scheme).Value!;
        parsed.LowestVersion.ShouldBe(lowest);
        parsed.UpperBound.ShouldBe(upper);
        if (upper is not null) parsed.UpperBoundInclusive.ShouldBe(upperInclusive);
    }

    [Theory]
    [InlineData(VersionScheme.SemVer, "", "empty")]
    [InlineData(VersionScheme.SemVer, ">=1.0.0 ||", "empty alternative")]
    [InlineData(VersionScheme.SemVer, ">=", "no version")]
    [InlineData(VersionScheme.SemVer, ">=abc", "'>=abc'")]
    [InlineData(VersionScheme.SemVer, ">=1.0.0 <two", "'<two'")]
    [InlineData(VersionScheme.SemVer, ">=1.x", "wildcard")]
    [InlineData(VersionScheme.SemVer, "1.a.x", "dotted numbers")]
    [InlineData(VersionScheme.Generic, "~> 2", "'~>")]
    public void Malformed_radar_ranges_give_a_message_naming_the_bad_token(VersionScheme scheme, string range, string expectedInMessage)
    {
        var parsed = VersionRange.ParseComparators(range, scheme);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }
}
