namespace TechHealth.Versioning.Tests;

public class Pep440OrderTests
{
    // PEP 440's own example of a fully ordered sequence.
    private static readonly string[] Ascending =
    [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
        "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
    ];

    public static TheoryData<string, string> AscendingPairs()
    {
        var data = new TheoryData<string, string>();
        for (var i = 0; i + 1 < Ascending.Length; i++) data.Add(Ascending[i], Ascending[i + 1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(AscendingPairs))]
    public void Pep440_example_sequence_is_ascending(string lower, string higher)
        => Order.Check(VersionScheme.Pep440, lower, "<", higher);

    [Theory]
    [InlineData("1.0.post1", ">", "1.0")]
    [InlineData("1.0", ">", "1.0rc1")]
    [InlineData("1.0rc1", ">", "1.0.dev1")]
    [InlineData("1.0a1", ">", "1.0.dev1")]
    [InlineData("1.0", "=", "1.0.0")]
    [InlineData("1", "=", "1.0.0.0")]
    [InlineData("1.0alpha1", "=", "1.0a1")]
    [InlineData("1.0-beta.2", "=", "1.0b2")]
    [InlineData("1.0c1", "=", "1.0rc1")]
    [InlineData("1.0pre1", "=", "1.0rc1")]
    [InlineData("1.0preview1", "=", "1.0rc1")]
    [InlineData("1.0-1", "=", "1.0.post1")]
    [InlineData("1.0rev1", "=", "1.0.post1")]
    [InlineData("1.0-r1", "=", "1.0.post1")]
    [InlineData("1.0.post", "=", "1.0.post0")]
    [InlineData("1.0a", "=", "1.0a0")]
    [InlineData("1.0-dev", "=", "1.0.dev0")]
    [InlineData("v1.0", "=", "1.0")]
    [InlineData("1.0RC1", "=", "1.0rc1")]
    [InlineData("1!1.0", ">", "2.0")] // epochs beat release numbers
    [InlineData("0!2.0", "=", "2.0")]
    [InlineData("1.0+ubuntu.1", ">", "1.0")]
    [InlineData("1.0+ubuntu.2", ">", "1.0+ubuntu.1")]
    [InlineData("1.0+ubuntu.10", ">", "1.0+ubuntu.9")]
    [InlineData("1.0+1", ">", "1.0+ubuntu")] // numeric local segments beat alphanumeric ones
    [InlineData("1.0+ubuntu.1", "<", "1.0.post1")]
    [InlineData("2.10", ">", "2.9")]
    [InlineData("1.0.dev1", "<", "1.0.dev2")]
    [InlineData("1.0a1.dev1", "<", "1.0a1")]
    [InlineData("1.0.post1.dev1", "<", "1.0.post1")]
    [InlineData("1.0.post1.dev1", ">", "1.0")]
    [InlineData("24.10", ">", "24.2")]
    public void Pep440_orders_and_normalises(string left, string relation, string right)
        => Order.Check(VersionScheme.Pep440, left, relation, right);

    [Theory]
    [InlineData("")]
    [InlineData("1.0-foo")]
    [InlineData("latest")]
    [InlineData("1.0+")]
    [InlineData("1.0+ubuntu..1")]
    [InlineData("1.0.x")]
    [InlineData(">=1.0")]
    [InlineData("1.0 rc1 x")]
    public void Pep440_rejects_malformed_versions_with_a_message(string text)
    {
        Versions.IsValid(VersionScheme.Pep440, text, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("2.31.0", 2, false)]
    [InlineData("1.0rc1", 1, true)]
    [InlineData("1.0.dev3", 1, true)]
    [InlineData("1.0.post1", 1, false)]
    [InlineData("1!3.0", 3, false)]
    public void Pep440_reports_major_and_prerelease(string text, int major, bool prerelease)
    {
        Versions.Major(VersionScheme.Pep440, text).ShouldBe(major);
        Versions.IsPrerelease(VersionScheme.Pep440, text).ShouldBe(prerelease);
    }
}
