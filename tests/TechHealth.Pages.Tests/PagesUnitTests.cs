using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using TechHealth.Certification;
using TechHealth.Core.Facts;
using TechHealth.Pages.Charts;

namespace TechHealth.Pages.Tests;

/// <summary>The parts of the pages that need no service: charts, links, credentials, and the page before any evaluation.</summary>
public sealed class PagesUnitTests
{
    [Fact]
    public void Heatmap_picture_escapes_names_and_prints_each_value_beside_its_colour()
    {
        var map = new Heatmap("t", ["group:default/a"], ["<b>A&B</b>"], ["check-1", "check-2"],
            [new HeatmapCell("group:default/a", "check-1", 0.25, 1, 3, 4), new HeatmapCell("group:default/a", "check-2", null, 0, 0, 0)]);
        var svg = HeatmapPicture.Render(map, map.Rows, map.RowLabels, _ => "/teams/a", Links.Check, "label <x>");
        svg.ShouldNotContain("<b>");
        svg.ShouldContain("&lt;b&gt;A&amp;B&lt;/b&gt;");
        svg.ShouldContain(">25</text>");
        svg.ShouldContain("1 of 4 passed (25%), 3 failing");
        svg.ShouldContain("does not apply");
        svg.ShouldContain(HeatmapPicture.ColorOf(0.25).Fill);
    }

    [Fact]
    public void Heatmap_table_escapes_names_gives_each_cell_its_counts_and_marks_a_cell_that_does_not_apply()
    {
        var map = new Heatmap("t", ["group:default/a"], ["<b>A&B</b>"], ["check-1", "check-2"], []);
        HeatmapCell?[][] cells = [[new HeatmapCell("group:default/a", "check-1", 0.25, 1, 3, 4), null]];
        var html = HeatmapTable.Render(map, cells, _ => "/teams/a", Links.Check);
        html.ShouldNotContain("<b>");
        html.ShouldContain("&lt;b&gt;A&amp;B&lt;/b&gt;");
        html.ShouldContain("data-check=\"check-1\" data-passed=\"1\" data-total=\"4\"><span>25%<br /><small>1/4 (3 failing, 0 exempt)</small>");
        html.ShouldContain($"background:{HeatmapPicture.ColorOf(0.25).Fill}");
        html.ShouldContain("data-check=\"check-2\"><span>–</span>");
        html.ShouldContain("<tr data-team=\"group:default/a\">");
    }

    [Theory]
    [InlineData(0.0, "#b2182b")]
    [InlineData(0.199, "#b2182b")]
    [InlineData(0.2, "#ef8a62")]
    [InlineData(0.79, "#92c5de")]
    [InlineData(1.0, "#2166ac")]
    [InlineData(null, "#f0f0f0")]
    public void Heatmap_colour_steps(double? value, string fill) => HeatmapPicture.ColorOf(value).Fill.ShouldBe(fill);

    [Theory]
    [InlineData("acme/payments", "pom.xml", 42, "https://github.com/acme/payments/blob/HEAD/pom.xml#L42")]
    [InlineData("acme/payments", "services/api/package.json", 0, "https://github.com/acme/payments/blob/HEAD/services/api/package.json")]
    [InlineData("acme/pay ments", "pom.xml", 1, null)]
    [InlineData("javascript:alert(1)", "pom.xml", 1, null)]
    public void Evidence_links_only_to_a_repository_the_catalog_names(string slug, string file, int line, string? expected)
    {
        var component = new ComponentFacts { Name = "x", Source = "s", Repository = "r", Annotations = new Dictionary<string, string> { ["github.com/project-slug"] = slug } };
        RepositoryLinks.FileUrl(component, file, line).ShouldBe(expected);
    }

    [Fact]
    public void A_source_location_url_links_into_its_tree_and_other_schemes_are_ignored()
    {
        ComponentFacts With(string location) => new() { Name = "x", Source = "s", Repository = "r", Annotations = new Dictionary<string, string> { ["backstage.io/source-location"] = location } };
        RepositoryLinks.FileUrl(With("url:https://git.example/acme/x/tree/main/svc/"), "svc/pom.xml", 3).ShouldBe("https://git.example/acme/x/blob/main/svc/svc/pom.xml#L3");
        RepositoryLinks.FileUrl(With("url:file:///etc"), "pom.xml", 3).ShouldBeNull();
    }

    [Theory]
    [InlineData("/teams/a?x=1", "/teams/a?x=1")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData(null, "/")]
    public void Sign_in_returns_only_to_a_path_of_this_site(string? returnUrl, string expected) => SignIn.SafeReturn(returnUrl).ShouldBe(expected);

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", true)]
    [InlineData("th_0123456789abcdef", false)]
    [InlineData("eyJ.only-one-dot", false)]
    public void A_credential_is_a_bearer_token_when_it_is_shaped_like_one(string credential, bool token) => PageCredentials.LooksLikeToken(credential).ShouldBe(token);

    [Fact]
    public async Task Before_the_first_evaluation_every_page_says_so_with_503()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddTechHealthPages();
        builder.Services.AddSingleton(TimeProvider.System);
        await using var app = builder.Build();
        app.MapTechHealthPages(new TechHealthPagesOptions { Fleet = _ => null });
        await app.StartAsync();
        using var client = app.GetTestClient();
        using var response = await client.GetAsync("/teams");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.ToString().ShouldBe("10");
        (await response.Content.ReadAsStringAsync()).ShouldContain("The first scan and evaluation have not finished yet.");
    }

    [Fact]
    public void Share_bar_names_every_count_so_colour_is_not_the_only_signal()
    {
        var svg = ShareBar.Render([new LevelCount("none", 2, 0.5), new LevelCount("bronze", 1, 0.25), new LevelCount("gold", 1, 0.25)], ["bronze", "silver", "gold"]);
        svg.ShouldContain("aria-label=\"1 bronze, 0 silver, 1 gold, 2 none\"");
    }
}
