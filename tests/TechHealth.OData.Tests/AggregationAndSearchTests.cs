using System.Text.Json;

namespace TechHealth.OData.Tests;

/// <summary>What Microsoft.AspNetCore.OData adds: $apply, $compute and $search, run in SQL; and what the store cannot run is a 400.</summary>
public sealed class AggregationAndSearchTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private const string Latest = "FROM components c LEFT JOIN component_evaluations e ON e.component_ref = c.ref AND e.evaluation_run_id = @run WHERE c.removed = 0";

    [Fact]
    public async Task Apply_groups_and_aggregates_in_sql()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$apply=" + Uri.EscapeDataString("groupby((Team),aggregate(Score with average as AverageScore,$count as Count))"));
        status.ShouldBe(200, body.ToString());
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components(Team,Count,AverageScore)");
        var rows = body.GetProperty("value").EnumerateArray()
            .ToDictionary(r => r.GetProperty("Team").GetString() ?? "", r => (Count: r.GetProperty("Count").GetInt64(), Average: r.GetProperty("AverageScore").GetDouble()));
        foreach (var team in FeedFixture.Teams)
        {
            var teamRef = $"group:default/{team}";
            rows[teamRef].Count.ShouldBe(Convert.ToInt64(feed.Column($"SELECT count(*) {Latest} AND c.team_ref = '{teamRef}'").Single()));
            rows[teamRef].Average.ShouldBe(Convert.ToDouble(feed.Column($"SELECT avg(e.score) {Latest} AND c.team_ref = '{teamRef}'").Single()), 1e-9);
        }
        feed.Commands.Texts.ShouldHaveSingleItem().ShouldContain("GROUP BY");
    }

    [Fact]
    public async Task Apply_filters_then_counts_failures_per_department_and_check()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/CheckResults?$apply=" + Uri.EscapeDataString("filter(Status eq 'fail')/groupby((Department,CheckId),aggregate($count as Failures))"));
        status.ShouldBe(200, body.ToString());
        var rows = body.GetProperty("value").EnumerateArray().ToList();
        rows.Sum(r => r.GetProperty("Failures").GetInt64())
            .ShouldBe(Convert.ToInt64(feed.Column("SELECT count(*) FROM check_results WHERE evaluation_run_id = @run AND status = 'fail'").Single()));
        var engineering = rows.Single(r => r.GetProperty("Department").GetString() == "group:default/engineering" && r.GetProperty("CheckId").GetString() == "check-0");
        engineering.GetProperty("Failures").GetInt64().ShouldBe(Convert.ToInt64(feed.Column(
            "SELECT count(*) FROM check_results r JOIN component_evaluations e ON e.evaluation_run_id = r.evaluation_run_id AND e.component_ref = r.component_ref " +
            "WHERE r.evaluation_run_id = @run AND r.status = 'fail' AND r.check_id = 'check-0' AND e.department_ref = 'group:default/engineering'").Single()));
    }

    [Fact]
    public async Task Compute_adds_a_column_that_select_and_filter_use()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$compute=" + Uri.EscapeDataString("Score mul 2 as Doubled") +
            "&$filter=" + Uri.EscapeDataString("Doubled gt 150") + "&$select=Name,Doubled&$orderby=Name");
        status.ShouldBe(200, body.ToString());
        var expected = feed.Column($"SELECT c.name {Latest} AND e.score * 2 > 150 ORDER BY c.name").Cast<string>().ToList();
        expected.Count.ShouldBeGreaterThan(3);
        var rows = body.GetProperty("value").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(expected);
        rows.ShouldAllBe(r => r.GetProperty("Doubled").GetDouble() > 150);
        feed.Commands.Texts.ShouldContain(t => t.Contains("WHERE") && t.Contains("\"Score\" * @"));
    }

    [Theory]
    // Terms with digits are phrases in OData's $search grammar (a bare word is letters only).
    [InlineData("\"c01\"", "c.name LIKE '%c01%'")]
    [InlineData("\"c01\" AND NOT \"c015\"", "c.name LIKE '%c01%' AND c.name <> 'c015'")]
    [InlineData("\"c02\" OR \"Component 3\"", "c.name LIKE '%c02%' OR lower(c.title) LIKE '%component 3%'")]
    [InlineData("component", "lower(c.title) LIKE '%component%'")]
    public async Task Search_matches_names_titles_and_descriptions_in_sql(string search, string where)
    {
        feed.Commands.Clear();
        var (rows, _, _) = await feed.GetAllAsync("/odata/Components?$search=" + Uri.EscapeDataString(search) + "&$select=Name&$orderby=Name");
        var expected = feed.Column($"SELECT c.name {Latest} AND ({where}) ORDER BY c.name").Cast<string>().ToList();
        expected.ShouldNotBeEmpty();
        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(expected);
        feed.Commands.Texts.ShouldAllBe(t => t.Contains("lower("));
    }

    [Fact]
    public async Task A_query_sqlite_cannot_translate_is_a_400_that_says_why()
    {
        var (status, body, response) = await feed.GetJsonAsync("/odata/Components?$filter=" + Uri.EscapeDataString("FirstSeenAt add duration'P1D' gt LastSeenAt"));
        status.ShouldBe(400);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body.GetProperty("error").GetProperty("code").GetString().ShouldBe("UntranslatableQuery");
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("cannot be run in the database");
    }

    [Fact]
    public async Task A_function_the_package_does_not_implement_is_a_400_not_a_500()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$filter=" + Uri.EscapeDataString("totaloffsetminutes(FirstSeenAt) eq 0"));
        status.ShouldBe(400, body.ToString());
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("totaloffsetminutes");
    }

    [Fact]
    public async Task A_paged_collection_expanded_inside_a_paged_collection_answers_whole_on_sqlite()
    {
        // EF's SQLite provider cannot window a collection inside a collection in one statement (no APPLY); the feed
        // reads each expanded collection with a statement of its own, so this answers completely instead of failing.
        var (status, body, _) = await feed.GetJsonAsync("/odata/Departments?$orderby=Name&$expand=" + Uri.EscapeDataString("Teams($orderby=Name;$top=2;$expand=Components($orderby=Name;$top=2;$select=Name))"));
        status.ShouldBe(200, body.ToString());
        var departments = body.GetProperty("value").EnumerateArray().ToList();
        departments.Count.ShouldBe(2);
        foreach (var department in departments)
        {
            var teams = department.GetProperty("Teams").EnumerateArray().ToList();
            teams.Select(t => t.GetProperty("Name").GetString()).ShouldBe(feed.Column(
                $"SELECT name FROM groups WHERE type = 'team' AND department_ref = '{department.GetProperty("Ref").GetString()}' ORDER BY name LIMIT 2").Cast<string>());
            foreach (var team in teams)
                team.GetProperty("Components").EnumerateArray().Select(c => c.GetProperty("Name").GetString()).ShouldBe(feed.Column(
                    $"SELECT c.name {Latest} AND c.team_ref = '{team.GetProperty("Ref").GetString()}' ORDER BY c.name LIMIT 2").Cast<string>());
        }
    }
}
