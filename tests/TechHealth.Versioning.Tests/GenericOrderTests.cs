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
