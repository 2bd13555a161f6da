namespace TechHealth.Versioning.Tests;

public class GoOrderTests
{
    [Theory]
    [InlineData("v1.2.3", "<", "v1.10.0")]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.0")] // pseudo-version before any release: pre-release of v0.0.0
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.0-20200101000000-aaaaaaaaaaaa")] // ordered by timestamp
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", ">", "v1.2.3")] // vX.Y.(Z+1)-0.ts-hash sorts after vX.Y.Z
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4")]
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4-rc.1")]
    [InlineData("v1.2.3-pre.0.20191109021931-daa7c04131f5", ">", "v1.2.3-pre")] // pseudo-version after a pre-release
    [InlineData("v2.0.0+incompatible", "=", "v2.0.0")]
    [InlineData("v2.1.0+incompatible", ">", "v2.0.0+incompatible")]
    [InlineData("v1", "=", "v1.0.0")]
    [InlineData("v1.2", "=", "v1.2.0")]
    [InlineData("1.21.0", "=", "v1.21.0")]
    public void Go_orders_module_versions(string left, string relation, string right)
        => Order.Check(VersionScheme.Go, left, relation, right);

    [Theory]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", 0, true)]
    [InlineData("v2.3.1+incompatible", 2, false)]
    [InlineData("v1.5.0", 1, false)]
    public void Go_reports_major_and_prerelease(string text, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.Go, text).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.Go, text).ShouldBe(prerelease);
    }

    [Theory]
    [InlineData("")]
    [InlineData("master")]
    [InlineData("v1.2.3.4")]
    [InlineData("v1.2-pre")]
    public void Go_rejects_malformed_versions_with_a_message(string text)
    {
        Versions.IsValid(VersionScheme.Go, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }
}

public class NuGetOrderTests
{
    [Theory]
    [InlineData("1.0.0.0", "=", "1.0.0")] // four parts, a zero revision is no revision
    [InlineData("1.0", "=", "1.0.0")]
    [InlineData("1.0.0.1", ">", "1.0.0")]
    [InlineData("1.0.0.10", ">", "1.0.0.9")]
    [InlineData("4.5.6.7", "<", "4.5.7")]
    [InlineData("1.0.0-BETA", "=", "1.0.0-beta")] // labels case-insensitive
    [InlineData("1.0.0-beta", "<", "1.0.0")]
    [InlineData("1.0.0-beta.2", "<", "1.0.0-beta.10")]
    [InlineData("1.0.0-alpha", "<", "1.0.0-beta")]
    [InlineData("1.0.0+build", "=", "1.0.0")]
    [InlineData("13.0.3", ">", "13.0.1")]
    [InlineData("8.0.10", ">", "8.0.9")]
    [InlineData("10.0.0-preview.1.25080.5", "<", "10.0.0-rc.1.25451.107")]
    public void NuGet_orders_like_NuGet_Versioning(string left, string relation, string right)
        => Order.Check(VersionScheme.NuGet, left, relation, right);

    [Theory]
    [InlineData("")]
    [InlineData("$(SomeVersion)")]
    [InlineData("1.0.0.0.0")]
    [InlineData("abc")]
    [InlineData("1.0.0-")]
    public void NuGet_rejects_malformed_versions_with_a_message(string text)
    {
        Versions.IsValid(VersionScheme.NuGet, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("13.0.3", 13, false)]
    [InlineData("1.0.0.0", 1, false)]
    [InlineData("9.0.0-rc.2", 9, true)]
    public void NuGet_reports_major_and_prerelease(string text, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.NuGet, text).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.NuGet, text).ShouldBe(prerelease);
    }
}

public class ContainerTagOrderTests
{
    [Theory]
    [InlineData("21-jre", ">", "17-jre")]
    [InlineData("21-jre", "=", "21-jdk")] // the variant does not order
    [InlineData("3.12-slim", ">", "3.9-slim")]
    [InlineData("3.12-slim", "=", "3.12")]
    [InlineData("8.0", "<", "9.0")]
    [InlineData("8.0", "=", "8")]
    [InlineData("22-alpine3.20", ">", "20-alpine3.20")]
    [InlineData("22-alpine3.19", "=", "22-alpine3.20")]
    [InlineData("1.23.4-bookworm", ">", "1.23")]
    [InlineData("1.23.4-bookworm", "<", "1.24-alpine")]
    [InlineData("v2.10.1", ">", "v2.9.8")]
    [InlineData("2024.01.15", "<", "2024.02.01")]
    public void Container_tags_compare_their_numeric_prefix(string left, string relation, string right)
        => Order.Check(VersionScheme.ContainerTag, left, relation, right);

    [Theory]
    [InlineData("21-jre", "21", "jre")]
    [InlineData("3.12-slim", "3.12", "slim")]
    [InlineData("8.0", "8.0", null)]
    [InlineData("22-alpine3.20", "22", "alpine3.20")]
    [InlineData("1.23.4-bookworm", "1.23.4", "bookworm")]
    [InlineData("3.13.0rc1-slim", "3.13.0", "rc1-slim")]
    [InlineData("17_jdk", "17", "jdk")]
    [InlineData("latest", null, "latest")]
    [InlineData("alpine3.20", null, "alpine3.20")]
    public void Container_tags_split_into_version_and_variant(string tag, string? version, string? variant)
        => Versions.SplitContainerTag(tag).ShouldBe((version, variant));

    [Theory]
    [InlineData("latest")]
    [InlineData("")]
    [InlineData("sha256:abc")]
    [InlineData("stable-slim")]
    public void Container_tags_without_a_version_are_rejected_with_a_message(string tag)
    {
        Versions.IsValid(VersionScheme.ContainerTag, tag, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("21-jre", 21, false)]
    [InlineData("3.13.0rc1-slim", 3, true)]
    [InlineData("22-alpine3.20", 22, false)]
    public void Container_tags_report_major_and_prerelease(string tag, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.ContainerTag, tag).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.ContainerTag, tag).ShouldBe(prerelease);
    }
}
