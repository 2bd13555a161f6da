using TechHealth.Scanning.Harvesters;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Tests.Harvesters;

public class DeclaredVersionTests
{
    [Theory]
    [InlineData("^18.2.0", VersionScheme.SemVer, "18.2.0")]
    [InlineData("~5.3.0", VersionScheme.SemVer, "5.3.0")]
    [InlineData(">=18.17.0", VersionScheme.SemVer, "18.17.0")]
    [InlineData("2.29.4", VersionScheme.SemVer, "2.29.4")]
    [InlineData("[8.0.0, 9.0.0)", VersionScheme.NuGet, "8.0.0")]
    [InlineData("13.0.1", VersionScheme.NuGet, "13.0.1")]
    [InlineData("v1.2.3", VersionScheme.Go, "v1.2.3")]
    [InlineData("<2.0.0", VersionScheme.SemVer, null)]  // no lower bound: cannot be known
    [InlineData("latest", VersionScheme.SemVer, null)]
    [InlineData("", VersionScheme.SemVer, null)]
    public void The_lowest_version_a_declaration_allows(string declared, VersionScheme scheme, string? lowest)
    {
        DeclaredVersion.Lowest(declared, scheme).ShouldBe(lowest);
    }
}
