namespace TechHealth.Versioning.Tests;

public class GenericOrderTests
{
    [Theory]
    [InlineData("21", ">", "17")]
    [InlineData("3.12", ">", "3.9")]
    [InlineData("3.12", "=", "3.12.0")]
    [InlineData("1.23.4", ">", "1.23")]
    [InlineData("v4", ">", "v3")]
    [InlineData("v4", "=", "4")]
    [InlineData("v4.1.0", ">", "v4")]
    [InlineData("2.10", ">", "2.9")]
    [InlineData("3.13.0rc1", "<", "3.13.0")]
    [InlineData("3.13.0rc2", "<", "3.13.0rc10")]
    [InlineData("3.13.0-beta", "<", "3.13.0-rc1")]
    [InlineData("21.0.1+12", "=", "21.0.1")] // build suffix ignored
    [InlineData("8.0.100", "<", "8.0.400")]
    [InlineData("18.20.4", "<", "20.11.0")]
    [InlineData("1.22", "<", "1.22.1")]
    public void Generic_versions_compare_numerically(string left, string relation, string right)
        => Order.Check(VersionScheme.Generic, left, relation, right);

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("main")]
    [InlineData("v")]
    [InlineData("1.2 3")]
    [InlineData("1.2/3")]
    public void Generic_rejects_text_without_a_leading_number(string text)
    {
        Versions.IsValid(VersionScheme.Generic, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("21", 21)]
    [InlineData("v4", 4)]
    [InlineData("3.12.1", 3)]
    [InlineData("nonsense", null)]
    public void Generic_major_is_the_first_number(string text, int? major)
        => Versions.Major(VersionScheme.Generic, text).ShouldBe(major);
}

public class MaxVersionTests
{
    [Theory]
    [InlineData(VersionScheme.Maven, "2.9.1,2.17.1,2.17.0,3.0.0-beta1,garbage${x}", false, "2.17.1")]
    [InlineData(VersionScheme.Maven, "2.9.1,2.17.1,3.0.0-beta1", true, "3.0.0-beta1")]
    [InlineData(VersionScheme.SemVer, "1.2.3,1.10.0,1.9.9,2.0.0-rc.1", false, "1.10.0")]
    [InlineData(VersionScheme.Pep440, "1.0,1.0.post1,1.1rc1", false, "1.0.post1")]
    [InlineData(VersionScheme.Generic, "v3,v4,v10", false, "v10")]
    [InlineData(VersionScheme.NuGet, "13.0.1,13.0.3,6.0.0", false, "13.0.3")]
    [InlineData(VersionScheme.SemVer, "latest,next", false, null)]
    public void Max_picks_the_highest_by_the_scheme_order(VersionScheme scheme, string list, bool includePrereleases, string? expected)
        => Versions.Max(scheme, list.Split(','), includePrereleases).ShouldBe(expected);
}
