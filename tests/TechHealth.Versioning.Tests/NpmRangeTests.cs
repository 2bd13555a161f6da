namespace TechHealth.Versioning.Tests;

public class NpmRangeTests
{
    [Theory]
    [InlineData("^1.2.3", "1.2.3", true)]
    [InlineData("^1.2.3", "1.9.9", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^1.2.3", "1.2.2", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("^1.2", "1.2.0", true)]
    [InlineData("^1.2", "1.1.9", false)]
    [InlineData("^1.x", "1.0.0", true)]
    [InlineData("^0.x", "0.9.0", true)]
    [InlineData("^0.x", "1.0.0", false)]
    [InlineData("^0.0", "0.0.9", true)]
    [InlineData("^0.0", "0.1.0", false)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1.2", "1.2.0", true)]
    [InlineData("~1", "1.9.0", true)]
    [InlineData("~1", "2.0.0", false)]
    [InlineData("~>1.2.3", "1.2.5", true)]
    [InlineData("1.x", "1.5.0", true)]
    [InlineData("1.x", "2.0.0", false)]
    [InlineData("1.2.x", "1.2.7", true)]
    [InlineData("1.2.*", "1.3.0", false)]
    [InlineData("1", "1.4.0", true)]
    [InlineData("1.2", "1.2.99", true)]
    [InlineData("*", "3.0.0", true)]
    [InlineData("", "0.0.1", true)]
    [InlineData("x", "9.9.9", true)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData("=1.2.3", "1.2.3", true)]
    [InlineData("v1.2.3", "1.2.3", true)]
    [InlineData("1.2.3 - 2.3.4", "2.3.4", true)]
    [InlineData("1.2.3 - 2.3.4", "2.3.5", false)]
    [InlineData("1.2 - 2.3.4", "1.2.0", true)]
    [InlineData("1.2.3 - 2.3", "2.3.9", true)]
    [InlineData("1.2.3 - 2.3", "2.4.0", false)]
    [InlineData("1.2.3 - 2", "2.9.9", true)]
    [InlineData("1.2.3 - 2", "3.0.0", false)]
    [InlineData(">=1.2.7 <1.3.0", "1.2.8", true)]
    [InlineData(">=1.2.7 <1.3.0", "1.3.0", false)]
    [InlineData(">= 1.2.7 < 1.3.0", "1.2.7", true)]
    [InlineData("1.2.7 || >=1.2.9 <2.0.0", "1.2.8", false)]
    [InlineData("1.2.7 || >=1.2.9 <2.0.0", "1.4.6", true)]
    [InlineData(">1", "1.9.9", false)]
    [InlineData(">1", "2.0.0", true)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData("<1.2", "1.1.9", true)]
    [InlineData("<1.2", "1.2.0", false)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<=1.2", "1.3.0", false)]
    [InlineData(">*", "1.0.0", false)]
    [InlineData("<*", "1.0.0", false)]
    // Pre-releases: only let in by a comparator naming a pre-release of the same major.minor.patch.
    [InlineData("<2.0.0", "2.0.0-beta", false)] // the trap: pure order says yes, npm says no
    [InlineData("^1.0.0", "2.0.0-beta", false)]
    [InlineData("^1.0.0", "1.5.0-beta", false)]
    [InlineData(">1.2.3-alpha.3", "1.2.3-alpha.7", true)]
    [InlineData(">1.2.3-alpha.3", "3.4.5-alpha.9", false)]
    [InlineData(">1.2.3-alpha.3", "3.4.5", true)]
    [InlineData("^1.2.3-beta.2", "1.2.3-beta.4", true)]
    [InlineData("^1.2.3-beta.2", "1.2.4-beta.2", false)]
    [InlineData("~1.2.3-beta.2", "1.2.3-beta.4", true)]
    [InlineData(">=2.0.0-alpha <2.0.0", "2.0.0-beta", true)]
    [InlineData("*", "1.0.0-rc.1", false)]
    [InlineData("1.0.0-rc.1", "1.0.0-rc.1", true)]
    [InlineData("^1.2.3", "1.2.3+build.5", true)]
    public void Npm_ranges_match_like_node_semver(string range, string version, bool expected)
    {
        var parsed = VersionRange.ParseNative(range, VersionScheme.SemVer);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected, $"{range} contains {version}");
    }

    [Theory]
    [InlineData("^1.2.3", "1.2.3", "2.0.0", false)]
    [InlineData("~1.2", "1.2.0", "1.3.0", false)]
    [InlineData(">=2", "2.0.0", null, false)]
    [InlineData("1.2.3 - 2.3.4", "1.2.3", "2.3.4", true)]
    [InlineData("<3", null, "3.0.0", false)]
    [InlineData("*", null, null, false)]
    [InlineData("^1.2.3 || ^2.0.0", "1.2.3", "3.0.0", false)]
    [InlineData("1.2.3", "1.2.3", "1.2.3", true)]
    public void Npm_ranges_report_their_bounds(string range, string? lowest, string? upper, bool upperInclusive)
    {
        var parsed = VersionRange.ParseNative(range, VersionScheme.SemVer).Value!;
        parsed.LowestVersion.ShouldBe(lowest);
        parsed.UpperBound.ShouldBe(upper);
        if (upper is not null) parsed.UpperBoundInclusive.ShouldBe(upperInclusive);
    }

    [Theory]
    [InlineData("latest", "dist-tag")]
    [InlineData("next", "dist-tag")]
    [InlineData("git+https://github.com/a/b.git", "git or URL")]
    [InlineData("github:a/b", "github:")]
    [InlineData("file:../lib", "file:")]
    [InlineData("workspace:*", "workspace:")]
    [InlineData("npm:other@1.0.0", "npm:")]
    [InlineData("^1.2.3.4", "'^1.2.3.4'")]
    [InlineData(">=abc", "'>=abc'")]
    [InlineData("1.x.3", "after a wildcard")]
    [InlineData("^1.2-beta", "pre-release")]
    [InlineData(">=", "no version")]
    public void Malformed_npm_ranges_give_a_message(string range, string expectedInMessage)
    {
        var parsed = VersionRange.ParseNative(range, VersionScheme.SemVer);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }
}

public class CargoRequirementTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3", true)] // bare = caret
    [InlineData("1.2.3", "1.9.0", true)]
    [InlineData("1.2.3", "2.0.0", false)]
    [InlineData("1.2", "1.2.0", true)]
    [InlineData("1.2", "1.1.0", false)]
    [InlineData("1", "1.99.0", true)]
    [InlineData("0.2.3", "0.2.9", true)]
    [InlineData("0.2.3", "0.3.0", false)]
    [InlineData("0.0.3", "0.0.4", false)]
    [InlineData("0.0", "0.0.7", true)]
    [InlineData("0.0", "0.1.0", false)]
    [InlineData("0", "0.9.9", true)]
    [InlineData("0", "1.0.0", false)]
    [InlineData("^1.2.3", "1.2.4", true)]
    [InlineData("=1.2.3", "1.2.4", false)]
    [InlineData("=1.2", "1.2.9", true)]
    [InlineData("=1.2", "1.3.0", false)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.5.0", true)]
    [InlineData(">=1.2.0, <1.5.0", "1.4.9", true)]
    [InlineData(">=1.2.0, <1.5.0", "1.5.0", false)]
    [InlineData(">= 1.2, < 2", "1.9.0", true)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("*", "7.0.0", true)]
    [InlineData("1.*", "1.8.0", true)]
    [InlineData("1.*", "2.0.0", false)]
    [InlineData("1.2.*", "1.2.3", true)]
    [InlineData("1.2.3", "2.0.0-alpha", false)]
    [InlineData("1.2.3-alpha.1", "1.2.3-alpha.2", true)]
    [InlineData("1.2.3", "1.2.4-alpha", false)]
    public void Cargo_requirements_match_like_cargo(string requirement, string version, bool expected)
    {
        var parsed = VersionRange.ParseNative(requirement, "cargo");
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected, $"{requirement} contains {version}");
    }

    [Theory]
    [InlineData("1.2", "1.2.0")]
    [InlineData("~1.2.3", "1.2.3")]
    [InlineData(">=1.5, <2", "1.5.0")]
    [InlineData("<2", null)]
    public void Cargo_requirements_report_their_lowest_version(string requirement, string? lowest)
        => VersionRange.ParseNative(requirement, "cargo").Value!.LowestVersion.ShouldBe(lowest);

    [Fact]
    public void A_bare_version_is_a_caret_for_cargo_but_exact_for_npm()
    {
        VersionRange.ParseNative("1.2.3", "cargo").Value!.Contains("1.3.0").ShouldBeTrue();
        VersionRange.ParseNative("1.2.3", "npm").Value!.Contains("1.3.0").ShouldBeFalse();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(">=1.0,", "empty part")]
    [InlineData("v1.2.3", "'v' prefix")]
    [InlineData("1.2.3.4", "'1.2.3.4'")]
    [InlineData(">=", "no version")]
    public void Malformed_cargo_requirements_give_a_message(string requirement, string expectedInMessage)
    {
        var parsed = VersionRange.ParseNative(requirement, "cargo");
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }
}
