using System.Globalization;
using System.Text.Json;

namespace TechHealth.OData.Tests;

/// <summary>Teams, Departments, CheckResults, Dependencies and RadarEntries agree with SQL (or the radar) over the same data.</summary>
public sealed class RollupAndFactSetTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private static string? Text(JsonElement row, string name)
        => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetString();

    private static double? Number(JsonElement row, string name)
        => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDouble();

    [Fact]
    public async Task Teams_carry_the_latest_runs_counts_averages_and_levels()
    {
        var (rows, _, _) = await feed.GetAllAsync("/odata/Teams");
        var teams = feed.Column("SELECT ref FROM groups WHERE type = 'team' ORDER BY ref").Cast<string>().ToList();
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(teams);
        foreach (var row in rows)
        {
            var team = row.GetProperty("Ref").GetString()!;
            var where = $"FROM component_evaluations WHERE evaluation_run_id = @run AND team_ref = '{team}'";
            row.GetProperty("ComponentCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) {where}").Single()));
            var average = feed.Column($"SELECT avg(score) {where}").Single();
            if (average is null) Number(row, "AverageScore").ShouldBeNull();
            else Number(row, "AverageScore")!.Value.ShouldBe(Convert.ToDouble(average, CultureInfo.InvariantCulture), 1e-9);
            row.GetProperty("GoldCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) {where} AND level = 'gold'").Single()));
            row.GetProperty("SilverCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) {where} AND level = 'silver'").Single()));
            row.GetProperty("BronzeCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) {where} AND level = 'bronze'").Single()));
            row.GetProperty("NoLevelCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) {where} AND level IS NULL").Single()));
        }
        var idle = rows.Single(r => r.GetProperty("Name").GetString() == "team-idle");
        idle.GetProperty("ComponentCount").GetInt32().ShouldBe(0);
        Number(idle, "AverageScore").ShouldBeNull();
    }

    [Fact]
    public async Task Teams_filter_and_order_on_the_computed_figures()
    {
        var expected = feed.Column("""
            SELECT team_ref FROM component_evaluations WHERE evaluation_run_id = @run AND team_ref IS NOT NULL
            GROUP BY team_ref HAVING avg(score) > 50 ORDER BY count(*) DESC, avg(score) DESC
            """).Cast<string>().ToList();
        expected.Count.ShouldBeInRange(1, 4);
        var (rows, _, first) = await feed.GetAllAsync("/odata/Teams?$filter=AverageScore%20gt%2050&$orderby=ComponentCount%20desc,AverageScore%20desc&$count=true");
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(expected);
        first.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
    }

    [Fact]
    public async Task Departments_count_their_teams_and_components()
    {
        var (rows, _, _) = await feed.GetAllAsync("/odata/Departments?$orderby=Name");
        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(["engineering", "operations"]);
        foreach (var row in rows)
        {
            var department = row.GetProperty("Ref").GetString()!;
            row.GetProperty("TeamCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) FROM groups WHERE department_ref = '{department}' AND type = 'team'").Single()));
            row.GetProperty("ComponentCount").GetInt32().ShouldBe(Convert.ToInt32(feed.Column($"SELECT count(*) FROM component_evaluations WHERE evaluation_run_id = @run AND department_ref = '{department}'").Single()));
            row.GetProperty("ComponentCount").GetInt32().ShouldBeGreaterThan(0);
        }
        rows.Single(r => r.GetProperty("Name").GetString() == "operations").GetProperty("TeamCount").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Check_results_are_those_of_the_latest_run_only()
    {
        var expected = feed.Column("SELECT id FROM check_results WHERE evaluation_run_id = @run AND status = 'fail' AND level = 'gold' ORDER BY id")
            .Select(Convert.ToInt64).ToList();
        expected.ShouldNotBeEmpty();
        var (rows, _, first) = await feed.GetAllAsync("/odata/CheckResults?$filter=Status%20eq%20'fail'%20and%20Level%20eq%20'gold'&$count=true");
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
        first.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
        rows.ShouldAllBe(r => r.GetProperty("EvaluationRunId").GetInt64() == feed.LatestRunId);
        rows.ShouldAllBe(r => r.GetProperty("Evidence").GetString()!.Contains("pom.xml"));
    }

    [Fact]
    public async Task Check_results_filter_on_dates_and_team()
    {
        var expected = feed.Column("""
            SELECT r.id FROM check_results r JOIN component_evaluations e ON e.evaluation_run_id = r.evaluation_run_id AND e.component_ref = r.component_ref
            WHERE r.evaluation_run_id = @run AND r.exempt_until < '2027-06-01' AND e.team_ref = 'group:default/team-b' ORDER BY r.id
            """).Select(Convert.ToInt64).ToList();
        expected.ShouldNotBeEmpty();
        var (rows, _, _) = await feed.GetAllAsync("/odata/CheckResults?$filter=" + Uri.EscapeDataString("ExemptUntil lt 2027-06-01 and Team eq 'group:default/team-b'"));
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
        rows.ShouldAllBe(r => string.CompareOrdinal(r.GetProperty("ExemptUntil").GetString(), "2027-06-01") < 0);
    }

    [Fact]
    public async Task Dependencies_are_those_of_each_components_current_snapshot()
    {
        var expected = feed.Column("""
            SELECT d.id FROM dependencies d JOIN components c ON c.current_snapshot_id = d.snapshot_id
            WHERE c.removed = 0 AND d.ecosystem = 'npm' AND d.version IS NOT NULL ORDER BY d.version DESC, d.id
            """).Select(Convert.ToInt64).ToList();
        var all = Convert.ToInt64(feed.Column("SELECT count(*) FROM dependencies").Single());
        expected.Count.ShouldBeGreaterThan(FeedFixture.PageSize);
        var (rows, _, first) = await feed.GetAllAsync("/odata/Dependencies?$filter=" + Uri.EscapeDataString("Ecosystem eq 'npm' and Version ne null") + "&$orderby=Version%20desc&$count=true");
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
        first.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
        var current = Convert.ToInt64(feed.Column("SELECT count(*) FROM dependencies d JOIN components c ON c.current_snapshot_id = d.snapshot_id").Single());
        current.ShouldBeLessThanOrEqualTo(all);
        var (_, counted, _) = await feed.GetJsonAsync("/odata/Dependencies?$count=true&$top=0");
        counted.GetProperty("@odata.count").GetInt64().ShouldBe(current);
    }

    [Fact]
    public async Task Dependencies_filter_on_booleans_and_numbers()
    {
        var expected = feed.Column("""
            SELECT d.id FROM dependencies d JOIN components c ON c.current_snapshot_id = d.snapshot_id
            WHERE c.removed = 0 AND d.direct = 1 AND d.unresolved = 0 AND d.line gt 10 ORDER BY d.id
            """.Replace(" gt ", " > ")).Select(Convert.ToInt64).ToList();
        expected.ShouldNotBeEmpty();
        var (rows, _, _) = await feed.GetAllAsync("/odata/Dependencies?$filter=" + Uri.EscapeDataString("Direct and not Unresolved and Line gt 10"));
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Condition eq null", "d.condition IS NULL")]
    [InlineData("Condition ne null", "d.condition IS NOT NULL")]
    [InlineData("Condition eq 'profile:legacy'", "d.condition = 'profile:legacy'")]
    [InlineData("startswith(Condition,'profile:') and Ecosystem eq 'maven'", "d.condition LIKE 'profile:%' AND d.ecosystem = 'maven'")]
    public async Task Dependencies_filter_on_their_build_condition(string filter, string where)
    {
        var expected = feed.Column($"""
            SELECT d.id FROM dependencies d JOIN components c ON c.current_snapshot_id = d.snapshot_id
            WHERE c.removed = 0 AND {where} ORDER BY d.id
            """).Select(Convert.ToInt64).ToList();
        expected.ShouldNotBeEmpty();
        var (rows, _, _) = await feed.GetAllAsync("/odata/Dependencies?$filter=" + Uri.EscapeDataString(filter));
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
        if (filter == "Condition eq null")
            rows.ShouldAllBe(r => r.GetProperty("Condition").ValueKind == System.Text.Json.JsonValueKind.Null);
        else
            rows.ShouldAllBe(r => r.GetProperty("Condition").GetString()!.StartsWith("profile:"));
    }

    [Theory]
    [InlineData("Ring eq 'hold'", new[] { "jenkins", "moment" })]
    [InlineData("RetireBy lt 2027-06-01", new[] { "moment" })]
    [InlineData("contains(Description,'Java')", new[] { "log4j" })]
    [InlineData("contains(tolower(Tags),'dates') or RingOrder eq 1", new[] { "bazel", "date-fns" })]
    [InlineData("LastMoved ne null", new[] { "jenkins" })]
    [InlineData("Quadrant eq 'tools' and RingName eq 'Trial'", new[] { "bazel" })]
    public async Task Radar_entries_come_from_the_radar_in_force(string filter, string[] expected)
    {
        var (rows, _, _) = await feed.GetAllAsync("/odata/RadarEntries?$filter=" + Uri.EscapeDataString(filter));
        rows.Select(r => r.GetProperty("Id").GetString()).ShouldBe(expected);
    }

    [Fact]
    public async Task Radar_entries_order_by_ring_then_title()
    {
        var expected = FeedFixture.Radar.Entries
            .OrderBy(e => FeedFixture.Radar.Rings.ToList().FindIndex(r => r.Id == e.Ring)).ThenBy(e => e.Title, StringComparer.Ordinal)
            .Select(e => e.Id).ToList();
        var (rows, _, _) = await feed.GetAllAsync("/odata/RadarEntries?$orderby=RingOrder,Title&$select=Id,Title,RingName");
        rows.Select(r => r.GetProperty("Id").GetString()).ShouldBe(expected);
        Text(rows[0], "RingName").ShouldBe("Adopt");
    }
}
