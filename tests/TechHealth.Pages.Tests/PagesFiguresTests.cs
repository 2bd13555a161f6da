using System.Net;
using System.Text.Json;
using TechHealth.Api.Fleet;
using TechHealth.Fleet;

namespace TechHealth.Pages.Tests;

/// <summary>
/// The pages' HTML over the real service, and their figures against GraphQL's for the same run: what a department
/// head reads on a page is what the API answers.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class PagesFiguresTests(PagesService service)
{
    /// <summary>A page once every figure on it is read (history is read in the background after each run).</summary>
    private async Task<string> ReadyPageAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var html = await PageAsync(path);
            if (!html.Contains("data-pending", StringComparison.Ordinal) || attempt > 600) return html;
            await Task.Delay(100);
        }
    }

    private async Task<string> PageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await service.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body.Length > 2000 ? body[..2000] : body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return body;
    }

    [Fact]
    public async Task The_root_is_the_organisation_page_and_the_explorer_stays_at_graphql()
    {
        var html = await ReadyPageAsync("/");
        html.ShouldContain("<h1>Organisation</h1>");
        html.ShouldContain("<html lang=\"en\">");
        using var explorer = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        explorer.Headers.Accept.ParseAdd("text/html");
        using var response = await service.Http.SendAsync(explorer);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The explorer (Nitro, served from the HotChocolate package) is a script page, not the organisation page.
        var explorerHtml = await response.Content.ReadAsStringAsync();
        explorerHtml.ShouldContain("<script");
        explorerHtml.ShouldNotContain("<h1>Organisation</h1>");
    }

    [Fact]
    public async Task Organisation_figures_equal_graphql()
    {
        var data = await service.GraphQLAsync("""
            { organisation { componentCount averageScore levels { level count } gates { gateId allowed } failingMost { checkId failed errors } }
              departments { name rollup { componentCount averageScore } } }
            """);
        var org = data.GetProperty("organisation");
        var html = await ReadyPageAsync("/");
        Html.Figure(html, "components").ShouldBe(org.GetProperty("componentCount").GetInt32().ToString("#,0"));
        Html.Figure(html, "average-score").ShouldBe(Html.Score(org.GetProperty("averageScore").GetDouble()));
        foreach (var level in org.GetProperty("levels").EnumerateArray())
            Html.Figure(html, "level-" + level.GetProperty("level").GetString()).ShouldBe(level.GetProperty("count").GetInt32().ToString("#,0"));

        var gates = Html.Rows(html, "gate");
        gates.Count.ShouldBe(org.GetProperty("gates").GetArrayLength());
        foreach (var g in org.GetProperty("gates").EnumerateArray())
            Html.Cell(gates[g.GetProperty("gateId").GetString()!], "allowed").ShouldBe(g.GetProperty("allowed").GetInt32().ToString("#,0"));

        var failing = Html.Rows(html, "check");
        failing.Keys.ShouldBe(org.GetProperty("failingMost").EnumerateArray().Select(c => c.GetProperty("checkId").GetString()!).ToList(), ignoreOrder: true);
        foreach (var c in org.GetProperty("failingMost").EnumerateArray())
            Html.Cell(failing[c.GetProperty("checkId").GetString()!], "failing").ShouldBe((c.GetProperty("failed").GetInt32() + c.GetProperty("errors").GetInt32()).ToString());

        var departments = Html.Rows(html, "department");
        departments.Count.ShouldBe(data.GetProperty("departments").GetArrayLength());
        departments.Count.ShouldBeGreaterThan(0);
        foreach (var d in data.GetProperty("departments").EnumerateArray())
        {
            var row = departments[d.GetProperty("name").GetString()!];
            Html.Cell(row, "components").ShouldBe(d.GetProperty("rollup").GetProperty("componentCount").GetInt32().ToString("#,0"));
            Html.Cell(row, "average-score").ShouldBe(Html.Score(d.GetProperty("rollup").GetProperty("averageScore").GetDouble()));
        }
    }

    [Fact]
    public async Task Organisation_shows_the_hold_technology_new_since_the_previous_run_as_graphql_does()
    {
        var data = await service.GraphQLAsync("{ runDiff { from to newHoldUsage { component radarEntry version } } }");
        var diff = data.GetProperty("runDiff");
        var usages = diff.GetProperty("newHoldUsage").EnumerateArray().ToList();
        usages.ShouldContain(u => u.GetProperty("component").GetString()!.EndsWith(PagesService.HoldComponentRepository) && u.GetProperty("radarEntry").GetString() == "log4j");
        var html = await ReadyPageAsync("/");
        var section = html[html.IndexOf("id=\"new-hold\"", StringComparison.Ordinal)..];
        Html.Text(section).ShouldContain($"Run {diff.GetProperty("from").GetString()} to run {diff.GetProperty("to").GetString()}");
        foreach (var u in usages)
            section.ShouldContain($"href=\"/components/{u.GetProperty("component").GetString()!.Split('/').Last()}\"");
        Html.Text(section).ShouldContain("Apache Log4j");
    }

    [Fact]
    public async Task Organisation_trend_lists_every_stored_run()
    {
        var data = await service.GraphQLAsync("{ evaluationRuns(first: 30) { id componentCount averageScore } }");
        var runs = data.GetProperty("evaluationRuns").EnumerateArray().ToList();
        runs.Count.ShouldBe(3);
        var html = await ReadyPageAsync("/");
        var table = html[html.IndexOf("The same as a table", StringComparison.Ordinal)..];
        foreach (var r in runs)
            Html.Text(table).ShouldContain($"{r.GetProperty("id").GetString()} ");
        html.ShouldContain("aria-label=\"Components per level in the latest evaluation runs\"");
    }

    [Fact]
    public async Task Department_heatmap_counts_equal_graphql_and_the_report_downloads()
    {
        var departments = await service.GraphQLAsync("{ departments { name } }");
        var name = departments.GetProperty("departments")[0].GetProperty("name").GetString()!;
        var data = await service.GraphQLAsync("query($d: String!) { heatmap(kind: TEAMS_BY_CHECKS, scope: $d) { rows columns cells { row column passed total } } department(ref: $d) { rollup { componentCount averageScore } } }", new { d = name });
        var map = data.GetProperty("heatmap");

        var table = await ReadyPageAsync($"/departments/{name}?view=table");
        var rows = Html.Rows(table, "team");
        rows.Keys.ShouldBe(map.GetProperty("rows").EnumerateArray().Select(r => r.GetString()!).ToList(), ignoreOrder: true);
        foreach (var cell in map.GetProperty("cells").EnumerateArray())
        {
            var row = rows[cell.GetProperty("row").GetString()!];
            var td = System.Text.RegularExpressions.Regex.Match(row, $"data-check=\"{cell.GetProperty("column").GetString()}\" data-passed=\"(\\d*)\" data-total=\"(\\d*)\"");
            td.Success.ShouldBeTrue();
            td.Groups[1].Value.ShouldBe(cell.GetProperty("passed").GetInt32().ToString());
            td.Groups[2].Value.ShouldBe(cell.GetProperty("total").GetInt32().ToString());
        }
        Html.Figure(table, "components").ShouldBe(data.GetProperty("department").GetProperty("rollup").GetProperty("componentCount").GetInt32().ToString("#,0"));

        var picture = await PageAsync($"/departments/{name}");
        picture.ShouldContain("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        picture.ShouldContain("pass rate:");
        picture.ShouldContain($"href=\"/reports/departments/{name}.xlsx\"");
        using var report = await service.Http.GetAsync($"/reports/departments/{name}.xlsx");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        report.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task Team_scorecard_equals_graphql()
    {
        var data = await service.GraphQLAsync("""
            { component(name: "pages-hold-demo") { team { ref name components { name score level nextLevel { level } } rollup { componentCount averageScore } } } }
            """);
        var team = data.GetProperty("component").GetProperty("team");
        var html = await PageAsync($"/teams/{team.GetProperty("name").GetString()}");
        Html.Figure(html, "average-score").ShouldBe(Html.Score(team.GetProperty("rollup").GetProperty("averageScore").GetDouble()));
        var rows = Html.Rows(html, "component");
        rows.Count.ShouldBe(team.GetProperty("components").GetArrayLength());
        foreach (var c in team.GetProperty("components").EnumerateArray())
        {
            var row = rows[c.GetProperty("name").GetString()!];
            Html.Cell(row, "score").ShouldBe(Html.Score(c.GetProperty("score").GetDouble()));
            Html.Cell(row, "level").ShouldBe(c.GetProperty("level").GetString() ?? "none");
            Html.Cell(row, "next-level").ShouldBe(c.GetProperty("nextLevel").ValueKind == JsonValueKind.Null ? "top level" : c.GetProperty("nextLevel").GetProperty("level").GetString()!);
        }
        html.ShouldContain("id=\"fix-first\"");
    }

    [Fact]
    public async Task Component_page_shows_graphql_results_gates_evidence_links_and_the_badge()
    {
        var data = await service.GraphQLAsync("""
            { component(name: "pages-hold-demo") { score level nextLevel { level blocking { checkId } } results { checkId status } gates { gateId allowed } } }
            """);
        var c = data.GetProperty("component");
        var html = await PageAsync("/components/pages-hold-demo");
        Html.Figure(html, "score").ShouldBe(Html.Score(c.GetProperty("score").GetDouble()));
        Html.Figure(html, "level").ShouldBe(c.GetProperty("level").GetString() ?? "none");
        var results = Html.Rows(html, "check");
        foreach (var r in c.GetProperty("results").EnumerateArray())
        {
            var status = r.GetProperty("status").GetString()!.ToLowerInvariant().Replace('_', '-');
            results[r.GetProperty("checkId").GetString()!].ShouldContain($"status-{status}\">{status}<");
        }
        var gates = Html.Rows(html, "gate");
        foreach (var g in c.GetProperty("gates").EnumerateArray())
            Html.Cell(gates[g.GetProperty("gateId").GetString()!], "decision").ShouldBe(g.GetProperty("allowed").GetBoolean() ? "allowed" : "blocked");
        // The Log4j evidence names its line in pom.xml and links there, in the repository the catalog names.
        var line = System.Text.RegularExpressions.Regex.Match(html, @"log4j-core 2\.14\.1 in pom\.xml line (\d+)");
        line.Success.ShouldBeTrue();
        html.ShouldContain($"href=\"https://github.com/acme/pages-hold-demo/blob/HEAD/pom.xml#L{line.Groups[1].Value}\"");
        html.ShouldContain("[![tech health](http");
        html.ShouldContain("/badges/pages-hold-demo.svg)](http");
        // The checks blocking the next level come first, in the order GraphQL lists them.
        var blocking = c.GetProperty("nextLevel").GetProperty("blocking").EnumerateArray().Select(b => b.GetProperty("checkId").GetString()!).ToList();
        blocking.ShouldNotBeEmpty();
        var firstResults = results.Keys.Take(blocking.Count).ToList();
        firstResults.ShouldBe(blocking, ignoreOrder: true);
    }

    [Fact]
    public async Task Checks_and_radar_entries_equal_graphql()
    {
        var data = await service.GraphQLAsync("{ checks { id passRate { passed applicable failed errors } } radarEntry(id: \"log4j\") { usageCount usage { component } } }");
        var html = await PageAsync("/checks");
        var rows = Html.Rows(html, "check");
        foreach (var c in data.GetProperty("checks").EnumerateArray())
        {
            var row = rows[c.GetProperty("id").GetString()!];
            var rate = c.GetProperty("passRate");
            Html.Cell(row, "passed").ShouldBe(rate.GetProperty("passed").GetInt32().ToString());
            Html.Cell(row, "applicable").ShouldBe(rate.GetProperty("applicable").GetInt32().ToString());
            Html.Cell(row, "failing").ShouldBe((rate.GetProperty("failed").GetInt32() + rate.GetProperty("errors").GetInt32()).ToString());
        }
        var entry = await PageAsync("/radar/log4j");
        Html.Figure(entry, "usage").ShouldBe(data.GetProperty("radarEntry").GetProperty("usageCount").GetInt32().ToString());
        foreach (var u in data.GetProperty("radarEntry").GetProperty("usage").EnumerateArray())
            entry.ShouldContain($"href=\"/components/{u.GetProperty("component").GetString()}\"");
    }

    [Fact]
    public async Task Gate_pages_list_allowed_and_blocked_with_reasons_as_graphql()
    {
        var data = await service.GraphQLAsync("{ gates { id allowedCount blocked { component reasons } } }");
        foreach (var g in data.GetProperty("gates").EnumerateArray())
        {
            var html = await PageAsync($"/gates/{g.GetProperty("id").GetString()}");
            Html.Figure(html, "allowed").ShouldBe(g.GetProperty("allowedCount").GetInt32().ToString());
            var blocked = g.GetProperty("blocked").EnumerateArray().ToList();
            Html.Figure(html, "blocked").ShouldBe(blocked.Count.ToString());
            var rows = Html.Rows(html, "component");
            foreach (var b in blocked.Take(100))
                Html.Text(rows[b.GetProperty("component").GetString()!]).ShouldContain(b.GetProperty("reasons")[0].GetString()!);
        }
    }

    [Fact]
    public async Task Search_finds_components_teams_and_radar_entries_by_name()
    {
        var html = await PageAsync("/search?q=log4");
        html.ShouldContain("href=\"/radar/log4j\"");
        var component = await PageAsync("/search?q=pages-hold");
        component.ShouldContain("href=\"/components/pages-hold-demo\"");
        var team = await PageAsync("/search?q=team-");
        Html.Hrefs(team, "/teams/").ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("/components/no-such-component", "no-such-component")]
    [InlineData("/teams/no-such-team", "no-such-team")]
    [InlineData("/departments/no-such-department", "no-such-department")]
    [InlineData("/radar/no-such-entry", "no-such-entry")]
    [InlineData("/checks/no-such-check", "no-such-check")]
    [InlineData("/gates/no-such-gate", "no-such-gate")]
    public async Task An_unknown_name_is_a_404_page_naming_it(string path, string name)
    {
        var html = await PageAsync(path, HttpStatusCode.NotFound);
        Html.Text(html).ShouldContain($"'{name}'");
    }

    [Fact]
    public async Task Every_page_answers_and_holds_its_state_in_the_url()
    {
        foreach (var path in new[] { "/departments", "/teams", "/radar?ring=hold", "/checks", "/gates", "/exemptions", "/runs", "/runs?from=1&to=3", "/search?q=x", "/dashboard" })
        {
            using var response = await service.Http.GetAsync(path);
            response.IsSuccessStatusCode.ShouldBeTrue(path);
        }
        Html.Text(await PageAsync("/radar?ring=hold")).ShouldContain("Entries (hold)");
        var diff = await ReadyPageAsync("/runs?from=1&to=3");
        diff.ShouldContain("From run 1 to run 3");
        diff.ShouldContain("value=\"1\" id=\"from-1\" checked");
    }

    [Fact]
    public async Task Team_and_department_trends_equal_graphql()
    {
        var data = await service.GraphQLAsync("""
            { component(name: "pages-hold-demo") { team { name trend(first: 30) { runId componentCount averageScore levels { level count } } } }
              departments { name trend(first: 30) { runId componentCount averageScore levels { level count } } } }
            """);
        var team = data.GetProperty("component").GetProperty("team");
        var department = data.GetProperty("departments")[0];
        foreach (var (path, trend) in new[] { ($"/teams/{team.GetProperty("name").GetString()}", team.GetProperty("trend")), ($"/departments/{department.GetProperty("name").GetString()}", department.GetProperty("trend")) })
        {
            var rows = Html.Rows(await ReadyPageAsync(path), "run");
            // Three stored runs: a trend that drops one (or shows none) fails here, not only on a figure.
            trend.GetArrayLength().ShouldBe(3, path);
            rows.Keys.ShouldBe(trend.EnumerateArray().Select(p => p.GetProperty("runId").GetString()!).ToList(), ignoreOrder: true, path);
            foreach (var point in trend.EnumerateArray())
            {
                var row = rows[point.GetProperty("runId").GetString()!];
                Html.Cell(row, "components").ShouldBe(point.GetProperty("componentCount").GetInt32().ToString(), path);
                Html.Cell(row, "average-score").ShouldBe(Html.Score(point.GetProperty("averageScore").GetDouble()), path);
                foreach (var level in point.GetProperty("levels").EnumerateArray())
                    Html.Cell(row, "level-" + level.GetProperty("level").GetString()).ShouldBe(level.GetProperty("count").GetInt32().ToString(), path);
            }
        }
    }

    [Fact]
    public async Task Trends_from_each_runs_totals_equal_each_group_read_from_the_store()
    {
        // The shared trends read each stored run once and fold it by team and department; every group's trend must be
        // the one a query filtered on that group gives, to the last bit of the average.
        var store = service.Services.GetRequiredService<TechHealth.Storage.EvaluationStore>();
        var levels = service.Services.GetRequiredService<FleetState>().Current!.Levels;
        var window = await service.Services.GetRequiredService<RunTrends>().ReadAsync(30, CancellationToken.None);
        var all = await store.LoadRecentScoreHistoryAsync(30);
        var teams = all.Select(r => r.TeamRef).OfType<string>().Distinct().ToList();
        var departments = all.Select(r => r.DepartmentRef).OfType<string>().Distinct().ToList();
        teams.Count.ShouldBeGreaterThan(1);
        departments.Count.ShouldBeGreaterThan(1);
        async Task<List<(long, double, int, string)>> ExpectedAsync(string? team, string? department)
            => (await store.LoadRecentScoreHistoryAsync(30, team, department)).GroupBy(r => (r.RunId, r.EvaluatedAt)).OrderBy(g => g.Key.EvaluatedAt)
                .Select(g => (g.Key.RunId, Math.Round(g.Average(r => r.Score), 2), g.Count(),
                    string.Join(",", levels.Append("none").Select(l => g.Count(r => (r.Level ?? "none") == l)))))
                .ToList();
        static List<(long, double, int, string)> Actual(IReadOnlyList<RunFigures> points)
            => points.Select(p => (p.RunId, p.AverageScore, p.ComponentCount, string.Join(",", p.Levels.Select(l => l.Count)))).ToList();
        foreach (var t in teams) Actual(window.Team(levels, t)).ShouldBe(await ExpectedAsync(t, null), t);
        foreach (var d in departments) Actual(window.Department(levels, d)).ShouldBe(await ExpectedAsync(null, d), d);
        window.Team(levels, "group:default/no-such-team").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_teams_list_reaches_every_team_graphql_lists_page_by_page()
    {
        var data = await service.GraphQLAsync("{ teams { ref name } }");
        var expected = data.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        var seen = new List<string>();
        var path = "/teams";
        for (var pages = 0; path is not null; pages++)
        {
            pages.ShouldBeLessThan(100);
            var html = await PageAsync(path);
            seen.AddRange(Html.Hrefs(html, "/teams/").Select(h => Uri.UnescapeDataString(h["/teams/".Length..])));
            var next = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\"");
            path = next.Success ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;
        }
        seen.ShouldBe(expected, ignoreOrder: true);
    }
}
