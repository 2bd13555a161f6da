using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TechHealth.Pages.Tests;

/// <summary>
/// The pages in Debian's Chromium on a real Kestrel port: a department head and a team lead click from the
/// organisation down to a component and back, the figures match GraphQL's, axe-core finds no serious or critical
/// violation, and each page is saved as a screenshot.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class BrowserTests(PagesService service)
{
    /// <summary>Opens a page and reloads it until the figures read in the background after a run are all there.</summary>
    private static async Task OpenReadyAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        for (var attempt = 0; attempt < 300 && await page.Locator("[data-pending]").CountAsync() > 0; attempt++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }
    }

    private static async Task ExpectAccessibleAsync(IPage page)
    {
        var violations = await Axe.SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"{page.Url}:\n{string.Join("\n", violations)}");
    }


    [Fact]
    public async Task A_reader_clicks_from_the_organisation_to_a_component_and_back()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };

        await OpenReadyAsync(page, service.Address.ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Organisation");
        await ExpectAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("organisation.png") });

        // A department head: the department's heatmap and its report.
        var department = page.Locator("tr[data-department] th a").First;
        var departmentName = await department.TextContentAsync();
        await department.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/departments/"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(departmentName!.Trim());
        await Assertions.Expect(page.Locator("svg.heatmap")).ToBeVisibleAsync();
        var departmentSlug = page.Url.Split("/departments/")[1].Split('?', '#')[0];
        var departmentData = await service.GraphQLAsync("query($d: String!) { department(ref: $d) { rollup { componentCount averageScore } } }", new { d = departmentSlug });
        (await page.Locator("[data-figure=components]").TextContentAsync())!.Trim()
            .ShouldBe(departmentData.GetProperty("department").GetProperty("rollup").GetProperty("componentCount").GetInt32().ToString("#,0"));
        await ExpectAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("department.png") });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the Excel report" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        (await download.FailureAsync()).ShouldBeNull();

        // The heatmap as a table, the same view in the URL.
        await page.GetByRole(AriaRole.Link, new() { Name = "Show as a table" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?view=table"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("table.heatmap-table")).ToBeVisibleAsync();
        await ExpectAccessibleAsync(page);

        // A team lead: the team's scorecard, then a component's evidence.
        var team = page.Locator("table.heatmap-table tr[data-team] th a").First;
        await team.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/teams/"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        var teamTitle = (await page.Locator("h1").TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("#fix-first")).ToBeVisibleAsync();
        await ExpectAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("team.png"), FullPage = true });

        var component = page.Locator("tr[data-component] th a").First;
        var componentName = (await component.TextContentAsync())!.Trim();
        await component.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/components/"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(componentName);
        var componentData = await service.GraphQLAsync("query($n: String!) { component(name: $n) { score level } }", new { n = componentName });
        (await page.Locator("[data-figure=score]").TextContentAsync())!.Trim().ShouldBe(Html.Score(componentData.GetProperty("component").GetProperty("score").GetDouble()));
        await Assertions.Expect(page.Locator("#results")).ToBeVisibleAsync();
        (await page.Locator("#badge-markdown").InputValueAsync()).ShouldContain($"/badges/{componentName}.svg");
        await ExpectAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("component.png") });

        // And back up by the breadcrumbs.
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = teamTitle, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(teamTitle);
        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = "Organisation" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Organisation");
        failed.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_other_page_passes_axe_and_is_saved_as_a_screenshot()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var checks = await service.GraphQLAsync("{ checks { id } gates { id } departments { name } }");
        var paths = new[]
        {
            "/departments", "/teams", "/radar", "/radar/log4j", "/checks", $"/checks/{checks.GetProperty("checks")[0].GetProperty("id").GetString()}",
            "/gates", $"/gates/{checks.GetProperty("gates")[0].GetProperty("id").GetString()}", "/exemptions", "/runs?from=1&to=3", "/search?q=team",
            "/sign-in", "/components/no-such-component",
        };
        foreach (var path in paths)
        {
            await OpenReadyAsync(page, new Uri(service.Address, path).ToString());
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            await ExpectAccessibleAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath(Regex.Replace(path.Trim('/'), "[^a-zA-Z0-9]+", "-") + ".png") });
        }
    }

    [Fact]
    public async Task Each_radar_blip_is_a_link_to_its_entry_reachable_by_keyboard()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(service.Address, "/radar").ToString());
        var data = await service.GraphQLAsync("{ radarEntry(id: \"log4j\") { title } }");
        var blip = page.Locator("svg a[href='/radar/log4j']");
        await blip.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/radar/log4j$"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(data.GetProperty("radarEntry").GetProperty("title").GetString()!);
    }

    [Fact]
    public async Task Pages_read_without_javascript_fit_a_phone_and_print_as_a_report()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var departments = await service.GraphQLAsync("{ departments { name } }");
        var name = departments.GetProperty("departments")[0].GetProperty("name").GetString();

        var noScript = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        var phone = await noScript.NewPageAsync();
        await phone.GotoAsync(new Uri(service.Address, $"/departments/{name}").ToString());
        await Assertions.Expect(phone.Locator("svg.heatmap")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("#teams + .scroll table")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("department-phone.png") });
        // Wide tables and pictures scroll inside their own box: the page itself never scrolls sideways on a phone.
        var body = await phone.Locator("main").BoundingBoxAsync();
        body!.Width.ShouldBeLessThanOrEqualTo(390);

        var print = await browser.NewPageAsync();
        await print.GotoAsync(new Uri(service.Address, $"/departments/{name}").ToString());
        await print.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(print.Locator("header.site")).ToBeHiddenAsync();
        await Assertions.Expect(print.Locator("h2#heatmap")).ToBeVisibleAsync();
        var pdf = await print.PdfAsync(new PagePdfOptions { Format = "A4" });
        pdf.Length.ShouldBeGreaterThan(10_000);
    }
}
