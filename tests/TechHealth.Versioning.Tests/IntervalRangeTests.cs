namespace TechHealth.Versioning.Tests;

public class IntervalRangeTests
{
    [Theory]
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "1.0", true)]
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "1.5.3", true)]
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "2.0", false)]
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "2.0-SNAPSHOT", true)] // Maven order: 2.0-SNAPSHOT < 2.0
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "0.9", false)]
    [InlineData(VersionScheme.Maven, "(1.0,2.0]", "1.0", false)]
    [InlineData(VersionScheme.Maven, "(1.0,2.0]", "2.0.0", true)]
    [InlineData(VersionScheme.Maven, "(,1.0]", "0.1", true)]
    [InlineData(VersionScheme.Maven, "(,1.0]", "1.0.1", false)]
    [InlineData(VersionScheme.Maven, "[1.5]", "1.5", true)]
    [InlineData(VersionScheme.Maven, "[1.5]", "1.5.0", true)]
    [InlineData(VersionScheme.Maven, "[1.5]", "1.5.1", false)]
    [InlineData(VersionScheme.Maven, "[1.5,)", "99", true)]
    [InlineData(VersionScheme.Maven, "(,1.0],[1.2,)", "1.1", false)]
    [InlineData(VersionScheme.Maven, "(,1.0],[1.2,)", "1.2", true)]
    [InlineData(VersionScheme.Maven, "(,1.0],[1.2,)", "0.5", true)]
    [InlineData(VersionScheme.Maven, "(,1.1),(1.1,)", "1.1", false)]
    [InlineData(VersionScheme.Maven, "[2.17.1,3)", "2.17.1.Final", true)]
    [InlineData(VersionScheme.Maven, "1.0", "1.0", true)] // soft requirement: this or newer
    [InlineData(VersionScheme.Maven, "1.0", "2.5", true)]
    [InlineData(VersionScheme.Maven, "1.0", "0.9", false)]
    [InlineData(VersionScheme.Maven, "1.+", "1.9", true)] // Gradle dynamic version
    [InlineData(VersionScheme.Maven, "1.+", "2.0", false)]
    [InlineData(VersionScheme.Maven, "1.2.+", "1.2.7", true)]
    [InlineData(VersionScheme.Maven, "+", "0.1", true)]
    [InlineData(VersionScheme.NuGet, "[1.0,2.0)", "1.0.0.0", true)]
    [InlineData(VersionScheme.NuGet, "[1.0,2.0)", "2.0.0", false)]
    [InlineData(VersionScheme.NuGet, "[1.0,2.0)", "1.9.9.9", true)]
    [InlineData(VersionScheme.NuGet, "(,1.0]", "1.0.0", true)]
    [InlineData(VersionScheme.NuGet, "[1.5]", "1.5.0.0", true)]
    [InlineData(VersionScheme.NuGet, "[1.5]", "1.5.0.1", false)]
    [InlineData(VersionScheme.NuGet, "1.0", "1.0.0", true)] // NuGet minimum version
    [InlineData(VersionScheme.NuGet, "1.0", "13.0.3", true)]
    [InlineData(VersionScheme.NuGet, "1.0", "0.9.0", false)]
    [InlineData(VersionScheme.NuGet, "6.*", "6.0.1", true)]
    [InlineData(VersionScheme.NuGet, "6.*", "7.0.0", false)]
    [InlineData(VersionScheme.NuGet, "6.0.*", "6.0.36", true)]
    [InlineData(VersionScheme.NuGet, "1.0.0-*", "1.0.0-beta", true)]
    [InlineData(VersionScheme.NuGet, "1.0.0-*", "0.9.0", false)]
    [InlineData(VersionScheme.NuGet, "*", "0.0.1", true)]
    [InlineData(VersionScheme.NuGet, "[1.0.0-beta,1.0.0]", "1.0.0-RC", true)]
    public void Intervals_match_by_the_scheme_order(VersionScheme scheme, string range, string version, bool expected)
    {
        var parsed = VersionRange.ParseNative(range, scheme);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected, $"{range} contains {version}");
    }

    [Theory]
    [InlineData(VersionScheme.Maven, "[1.0,2.0)", "1.0", "2.0", false)]
    [InlineData(VersionScheme.Maven, "(,1.0]", null, "1.0", true)]
    [InlineData(VersionScheme.Maven, "[1.5]", "1.5", "1.5", true)]
    [InlineData(VersionScheme.Maven, "1.0", "1.0", null, false)]
    [InlineData(VersionScheme.Maven, "(1.0,2.0)", null, "2.0", false)]
    [InlineData(VersionScheme.Maven, "(,1.0],[1.2,)", null, null, false)]
    [InlineData(VersionScheme.NuGet, "1.0", "1.0", null, false)]
    [InlineData(VersionScheme.NuGet, "[1.0,2.0)", "1.0", "2.0", false)]
    [InlineData(VersionScheme.NuGet, "6.*", "6", "7", false)]
    public void Intervals_report_their_bounds(VersionScheme scheme, string range, string? lowest, string? upper, bool upperInclusive)
    {
        var parsed = VersionRange.ParseNative(range, scheme).Value!;
        parsed.LowestVersion.ShouldBe(lowest);
        parsed.UpperBound.ShouldBe(upper);
        if (upper is not null) parsed.UpperBoundInclusive.ShouldBe(upperInclusive);
    }

    [Theory]
    [InlineData(VersionScheme.Maven, "", "empty")]
    [InlineData(VersionScheme.Maven, "[1.0,2.0", "not closed")]
    [InlineData(VersionScheme.Maven, "(1.0)", "[version]")]
    [InlineData(VersionScheme.Maven, "[2.0,1.0]", "not below")]
    [InlineData(VersionScheme.Maven, "[1.0,2.0,3.0]", "more than one")]
    [InlineData(VersionScheme.Maven, "[1.0,2.0) x", "expected ','")]
    [InlineData(VersionScheme.Maven, "[1.0,2.0),", "followed by another interval")]
    [InlineData(VersionScheme.Maven, "(,)", "no bound")]
    [InlineData(VersionScheme.Maven, "${project.version}", "property")]
    [InlineData(VersionScheme.Maven, "latest.release", "dynamic")]
    [InlineData(VersionScheme.Maven, "1.0,2.0", "must start with")]
    [InlineData(VersionScheme.NuGet, "[1.0,2.0),[3.0,)", "single interval")]
    [InlineData(VersionScheme.NuGet, "[abc,2.0)", "'abc'")]
    [InlineData(VersionScheme.NuGet, "$(Version)", "MSBuild property")]
    public void Malformed_intervals_give_a_message(VersionScheme scheme, string range, string expectedInMessage)
    {
        var parsed = VersionRange.ParseNative(range, scheme);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }
}
