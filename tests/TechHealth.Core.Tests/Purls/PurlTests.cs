using TechHealth.Core.Purls;

namespace TechHealth.Core.Tests.Purls;

public class PurlTests
{
    [Theory]
    [InlineData("pkg:pypi/Django_Rest.Framework@3.15", "pkg:pypi/django-rest-framework@3.15")]
    [InlineData("pkg:npm/%40Angular/Core@17.0.0", "pkg:npm/%40angular/core@17.0.0")]
    [InlineData("pkg:nuget/Newtonsoft.Json@13.0.3", "pkg:nuget/newtonsoft.json@13.0.3")]
    [InlineData("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1")]
    [InlineData("pkg:github/Actions/Checkout@v4", "pkg:github/actions/checkout@v4")]
    [InlineData("pkg:docker/mcr.microsoft.com/dotnet/aspnet@10.0", "pkg:docker/mcr.microsoft.com/dotnet/aspnet@10.0")]
    [InlineData("PKG:golang/github.com/gin-gonic/gin@v1.10.0?type=module#sub", "pkg:golang/github.com/gin-gonic/gin@v1.10.0")]
    public void Package_urls_are_normalised_per_type(string text, string expected)
        => PackageUrl.Parse(text).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("pkg:maven/org.springframework.boot/*", "pkg:maven/org.springframework.boot/spring-boot-starter-web", true)]
    [InlineData("pkg:maven/org.springframework.boot/*", "pkg:maven/org.springframework/spring-core", false)]
    [InlineData("pkg:npm/@angular/*", "pkg:npm/@angular/core", true)]
    [InlineData("pkg:npm/@angular/*", "pkg:npm/angular", false)]
    [InlineData("pkg:nuget/Microsoft.AspNetCore.*", "pkg:nuget/Microsoft.AspNetCore.Authentication.JwtBearer", true)]
    [InlineData("pkg:nuget/Microsoft.AspNetCore.*", "pkg:nuget/Microsoft.Extensions.Http", false)]
    [InlineData("pkg:docker/mcr.microsoft.com/dotnet/*", "pkg:docker/mcr.microsoft.com/dotnet/aspnet", true)]
    [InlineData("pkg:docker/node", "pkg:docker/node", true)]
    [InlineData("pkg:docker/node", "pkg:npm/node", false)]
    [InlineData("pkg:pypi/Poetry_Core", "pkg:pypi/poetry-core", true)]
    [InlineData("pkg:github/actions/checkout", "pkg:github/actions/checkout-extra", false)]
    [InlineData("pkg:runtime/java", "pkg:runtime/Java", true)]
    public void Patterns_match_by_type_and_wildcard(string pattern, string purl, bool matches)
    {
        PurlPattern.TryParse(pattern, out var p, out var error).ShouldBeTrue(error);
        p!.Matches(PackageUrl.Parse(purl)).ShouldBe(matches);
    }

    [Theory]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    [InlineData("*c", "abcabc", true)]
    [InlineData("a**", "A", true)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("ab*ab", "ab", false)]
    [InlineData("ab*ab", "abab", true)]
    [InlineData("Spring-Boot*", "spring-boot-starter", true)]
    [InlineData("a?c", "abc", false)]
    public void Wildcards_match_any_run_of_characters_ignoring_case(string pattern, string text, bool matches)
        => PurlPattern.Wildcard(pattern, text).ShouldBe(matches);

    [Fact]
    public void A_pattern_of_many_wildcards_against_a_long_name_answers_instead_of_running_out_of_time()
    {
        // On a backtracking engine this pattern takes time that grows with the name's length to the power of its
        // wildcards: with a time limit it threw, and the rule using it could not run. The linear-time engine answers.
        PurlPattern.TryParse("pkg:npm/" + string.Concat(Enumerable.Repeat("a*", 12)) + "b", out var p, out var error).ShouldBeTrue(error);
        p!.Matches(PackageUrl.Parse("pkg:npm/" + new string('a', 20_000) + "c")).ShouldBeFalse();
        p.Matches(PackageUrl.Parse("pkg:npm/" + new string('a', 20_000) + "b")).ShouldBeTrue();
    }

    [Fact]
    public void A_pattern_with_a_version_is_refused()
    {
        PurlPattern.TryParse("pkg:npm/moment@2.29.4", out _, out var error).ShouldBeFalse();
        error!.ShouldContain("names a version");
    }
}
