namespace TechHealth.Versioning.Tests;

public class MavenOrderTests
{
    // Maven's own published orderings (ComparableVersionTest), each list strictly ascending.
    private static readonly string[] Qualifiers =
    [
        "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2",
        "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot",
        "1-1", "1-2", "1-123",
    ];

    private static readonly string[] Numbers =
    [
        "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1", "2.2",
        "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m",
    ];

    private static readonly string[] Releases =
    [
        "1.17.0-alpha", "1.17.0-RC1", "1.17.0-SNAPSHOT", "1.17.0", "1.17.0-sp", "1.17.1", "1.17.10",
        "2.0-SNAPSHOT", "2.0",
    ];

    public static TheoryData<string, string> AscendingPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var list in new[] { Qualifiers, Numbers, Releases })
        {
            for (var i = 0; i + 1 < list.Length; i++) data.Add(list[i], list[i + 1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AscendingPairs))]
    public void Maven_published_orderings_hold_pairwise(string lower, string higher)
        => Order.Check(VersionScheme.Maven, lower, "<", higher);

    [Fact]
    public void Maven_published_orderings_hold_for_every_pair_not_just_neighbours()
    {
        var wrong = new List<string>();
        foreach (var list in new[] { Qualifiers, Numbers, Releases })
        {
            for (var i = 0; i < list.Length; i++)
                for (var j = i + 1; j < list.Length; j++)
                    if (Versions.Compare(VersionScheme.Maven, list[i], list[j]) >= 0) wrong.Add($"{list[i]} < {list[j]}");
        }
        wrong.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("1.0-alpha10", ">", "1.0-alpha9")] // alpha10 > alpha9: the number after a qualifier is numeric
    [InlineData("1.0-sp1", ">", "1.0")]
    [InlineData("1.17.0.RELEASE-sp", ">", "1.17.0")]
    [InlineData("1.17.0.RELEASE-sp", "<", "1.17.1")]
    [InlineData("2.10", ">", "2.9")]
    [InlineData("1-1", "<", "1.1")]
    [InlineData("1.0", "=", "1")]
    [InlineData("1.0.0", "=", "1")]
    [InlineData("1-ga", "=", "1")]
    [InlineData("1.0-final", "=", "1")]
    [InlineData("2.17.1.Final", "=", "2.17.1")]
    [InlineData("5.3.20.RELEASE", "=", "5.3.20")]
    [InlineData("1.0.0.RELEASE", "=", "1-release")]
    [InlineData("1a1", "=", "1-alpha-1")]
    [InlineData("1alpha1", "=", "1-a1")]
    [InlineData("2.0.a", "=", "2-a")]
    [InlineData("2.0.0.a", "=", "2-a")]
    [InlineData("1.0.0.M1", "=", "1-milestone-1")]
    [InlineData("1b2", "=", "1-beta-2")]
    [InlineData("1rc", "=", "1-cr")]
    [InlineData("1.RC", "=", "1-rc")]
    [InlineData("1-SNAPSHOT", "=", "1.0-snapshot")]
    [InlineData("12345678901234567890", "=", "12345678901234567890.0")]
    [InlineData("12345678901234567890", ">", "1234567890123456789")]
    [InlineData("1-0.1", ">", "1")]
    [InlineData("1-0-alpha", "<", "1")]
    [InlineData("1.9", "<", "1.10")]
    [InlineData("2.17.0", "<", "2.17.1")]
    [InlineData("2.17.1", "<", "2.18.0")]
    [InlineData("2.0-beta9", "<", "2.0-rc1")]
    [InlineData("2.0-rc1", "<", "2.0")]
    [InlineData("1.0-SNAPSHOT", "<", "1.0")]
    [InlineData("1.0-rc1", "<", "1.0-SNAPSHOT")] // snapshot sorts after rc
    [InlineData("1.0-sp", "<", "1.0-foo")] // unknown qualifiers after sp
    [InlineData("1.0-foo", "<", "1.0-goo")] // unknown qualifiers lexically
    [InlineData("1.0-FOO", "=", "1.0-foo")] // case-insensitive
    [InlineData("32.1.3-jre", ">", "32.1.2-jre")] // Guava
    [InlineData("32.1.3-android", "<", "32.1.3-jre")]
    [InlineData("31.1-jre", "<", "32.0.0-jre")]
    [InlineData("1.2.3.4", ">", "1.2.3")]
    [InlineData("6.0.0.Alpha7", "<", "6.0.0.Beta1")] // Hibernate
    [InlineData("6.0.0.CR2", "<", "6.0.0.Final")]
    [InlineData("3.0.0-M5", "<", "3.0.0")]
    [InlineData("3.0.0-M5", ">", "3.0.0-beta-1")]
    public void Maven_follows_ComparableVersion(string left, string relation, string right)
        => Order.Check(VersionScheme.Maven, left, relation, right);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("${log4j.version}")]
    [InlineData("[1.0,2.0)")]
    [InlineData("1.0 beta")]
    [InlineData("LATEST")]
    [InlineData("RELEASE")]
    [InlineData("final")]
    public void Maven_rejects_what_is_not_a_version_with_a_message(string text)
    {
        Versions.IsValid(VersionScheme.Maven, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("2.17.1", 2, false)]
    [InlineData("1.0-SNAPSHOT", 1, true)]
    [InlineData("6.0.0.Beta1", 6, true)]
    [InlineData("5.3.20.RELEASE", 5, false)]
    [InlineData("1.0-sp1", 1, false)]
    [InlineData("3.0.0-M5", 3, true)]
    [InlineData("32.1.3-jre", 32, false)]
    public void Maven_reports_major_and_prerelease(string text, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.Maven, text).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.Maven, text).ShouldBe(prerelease);
    }
}
