namespace TechHealth.Versioning.Tests;

public class Pep440SpecifierTests
{
    [Theory]
    [InlineData("~=2.2", "2.2", true)]
    [InlineData("~=2.2", "2.9", true)]
    [InlineData("~=2.2", "3.0", false)]
    [InlineData("~=2.2", "2.1", false)]
    [InlineData("~=1.4.5", "1.4.9", true)]
    [InlineData("~=1.4.5", "1.5.0", false)]
    [InlineData("~=2.2.post3", "2.2.post4", true)]
    [InlineData("==1.*", "1.9.3", true)]
    [InlineData("==1.*", "2.0", false)]
    [InlineData("==1.1.*", "1.1.post1", true)]
    [InlineData("==1.1.*", "1.1a1", true)]
    [InlineData("==1.1.*", "1.10", false)] // numeric prefix, not text prefix
    [InlineData("!=1.5.*", "1.5.2", false)]
    [InlineData("!=1.5.*", "1.6", true)]
    [InlineData("==1.0", "1.0.0", true)]
    [InlineData("==1.0", "1.0+ubuntu.1", true)] // a specifier without a local label ignores the candidate's
    [InlineData("==1.0+ubuntu.1", "1.0+ubuntu.2", false)]
    [InlineData("!=1.0", "1.0.1", true)]
    [InlineData("!=1.0", "1.0.0", false)]
    [InlineData(">=2.0,<3", "2.31.0", true)]
    [InlineData(">=2.0,<3", "3.0", false)]
    [InlineData(">= 2.0 , < 3", "2.5", true)]
    [InlineData("<3.0", "3.0rc1", false)] // <V excludes pre-releases of V
    [InlineData("<3.0rc2", "3.0rc1", true)]
    [InlineData(">1.0", "1.0.post1", false)] // >V excludes post-releases of V
    [InlineData(">1.0.post1", "1.0.post2", true)]
    [InlineData(">1.0", "1.0+local", false)]
    [InlineData(">1.0", "1.0.1", true)]
    [InlineData("<=1.0", "1.0", true)]
    [InlineData("<=2.2", "2.2+local.1", true)] // <= and >= ignore the candidate's local label
    [InlineData(">=2.2", "2.2+local.1", true)]
    [InlineData("<2.2", "2.2+local.1", false)]
    [InlineData("===1.0.0-custom", "1.0.0-CUSTOM", true)]
    [InlineData("===1.0", "1.0.0", false)]
    [InlineData("", "0.1", true)]
    [InlineData("*", "0.1", true)]
    [InlineData("^1.2.3", "1.9", true)] // Poetry caret
    [InlineData("^1.2.3", "2.0", false)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3.1", true)]
    [InlineData("~1.2.3", "1.2.9", true)] // Poetry tilde
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("1.2.3", "1.2.3", true)] // Poetry bare version is exact
    [InlineData("1.2.*", "1.2.8", true)]
    [InlineData(">=1.0,<2.0 || >=3.0", "3.1", true)]
    [InlineData(">=1!2.0", "3.0", false)] // epoch 0 is below every epoch 1 version
    [InlineData(">=1!2.0", "1!2.1", true)]
    public void Pep440_specifiers_match_like_packaging(string specifier, string version, bool expected)
    {
        var parsed = VersionRange.ParseNative(specifier, VersionScheme.Pep440);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected, $"{specifier} contains {version}");
    }

    [Theory]
    [InlineData("~=2.2", "2.2", "3")]
    [InlineData(">=2.0,<3", "2.0", "3")]
    [InlineData("==1.4.*", "1.4", "1.5")]
    [InlineData("<3", null, "3")]
    [InlineData("^1.2.3", "1.2.3", "2")]
    public void Pep440_specifiers_report_their_bounds(string specifier, string? lowest, string? upper)
    {
        var parsed = VersionRange.ParseNative(specifier, VersionScheme.Pep440).Value!;
        parsed.LowestVersion.ShouldBe(lowest);
        parsed.UpperBound.ShouldBe(upper);
    }

    [Theory]
    [InlineData("~=2", "two release numbers")]
    [InlineData(">=1.0,", "empty clause")]
    [InlineData(">=1.0-foo", "'>=1.0-foo'")]
    [InlineData(">=1.*", "only allowed with == and !=")]
    [InlineData("==", "no version")]
    [InlineData("==abc.*", "'==abc.*'")]
    public void Malformed_pep440_specifiers_give_a_message(string specifier, string expectedInMessage)
    {
        var parsed = VersionRange.ParseNative(specifier, VersionScheme.Pep440);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }
}
