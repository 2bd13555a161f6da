namespace TechHealth.Versioning.Tests;

public class SemVerOrderTests
{
    [Theory]
    [InlineData("1.0.0", "<", "2.0.0")]
    [InlineData("2.0.0", "<", "2.1.0")]
    [InlineData("2.1.0", "<", "2.1.1")]
    [InlineData("1.9.0", "<", "1.10.0")] // numeric, not string order
    [InlineData("1.0.0-alpha", "<", "1.0.0")]
    [InlineData("1.0.0-alpha", "<", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "<", "1.0.0-alpha.beta")] // numeric identifiers sort below alphanumeric
    [InlineData("1.0.0-alpha.beta", "<", "1.0.0-beta")]
    [InlineData("1.0.0-beta", "<", "1.0.0-beta.2")]
    [InlineData("1.0.0-beta.2", "<", "1.0.0-beta.11")]
    [InlineData("1.0.0-beta.11", "<", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.1", "<", "1.0.0")]
    [InlineData("1.0.0+build.1", "=", "1.0.0+build.2")] // build metadata ignored
    [InlineData("1.0.0+20130313144700", "=", "1.0.0")]
    [InlineData("v1.2.3", "=", "1.2.3")] // loose v prefix
    [InlineData("=1.2.3", "=", "1.2.3")]
    [InlineData(" 1.2.3 ", "=", "1.2.3")]
    [InlineData("1.0.0-RC.1", "<", "1.0.0-rc.1")] // pre-release identifiers compare in ASCII order
    [InlineData("1.0.0-2", "<", "1.0.0-10")]
    [InlineData("1.0.0-0", "<", "1.0.0-alpha")]
    [InlineData("0.0.1", "<", "0.1.0")]
    [InlineData("10.0.0", ">", "9.99.99")]
    [InlineData("1.2.3-x-y-z.-", "<", "1.2.3")]
    [InlineData("1.0.0-99999999999999999999", ">", "1.0.0-9999999999999999999")] // larger than a long
    public void SemVer_orders_by_the_spec(string left, string relation, string right)
        => Order.Check(VersionScheme.SemVer, left, relation, right);

    [Theory]
    [InlineData("1.2")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.x")]
    [InlineData("1.2.3 beta")]
    [InlineData("^1.2.3")]
    [InlineData("99999999999999999999.0.0")]
    public void SemVer_rejects_malformed_versions_with_a_message(string text)
    {
        Versions.IsValid(VersionScheme.SemVer, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Malformed_versions_sort_below_valid_ones_instead_of_throwing()
    {
        Versions.Compare(VersionScheme.SemVer, "garbage", "0.0.1").ShouldBeLessThan(0);
        Versions.Compare(VersionScheme.SemVer, "0.0.1", "garbage").ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("1.2.3", 1, false)]
    [InlineData("v12.0.0-rc.1", 12, true)]
    [InlineData("0.1.0+build", 0, false)]
    public void SemVer_reports_major_and_prerelease(string text, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.SemVer, text).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.SemVer, text).ShouldBe(prerelease);
    }

    [Fact]
    public void Sorting_with_the_scheme_comparer_uses_numeric_order()
    {
        var sorted = new[] { "1.10.0", "1.2.0", "1.2.0-beta", "1.9.1" }.Order(Versions.Comparer(VersionScheme.SemVer)).ToArray();
        sorted.ShouldBe(["1.2.0-beta", "1.2.0", "1.9.1", "1.10.0"]);
    }
}
