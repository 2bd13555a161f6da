using System.Text.Json;

namespace TechHealth.OData.Tests;

/// <summary>Components queried through the feed give what SQL over the same SQLite file gives.</summary>
public sealed class ComponentQueryTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private const string Latest = "FROM components c LEFT JOIN component_evaluations e ON e.component_ref = c.ref AND e.evaluation_run_id = @run WHERE c.removed = 0";

    public static TheoryData<string, string> Filters => new()
    {
        { "Score gt 80", "e.score > 80" },
        { "Score le 12.5", "e.score <= 12.5" },
        { "Level eq 'gold'", "e.level = 'gold'" },
        { "Level eq null", "e.level IS NULL" },
        { "Level ne null and Type eq 'library'", "e.level IS NOT NULL AND c.type = 'library'" },
        { "Team eq 'group:default/team-a' or Type eq 'website'", "c.team_ref = 'group:default/team-a' OR c.type = 'website'" },
        { "Owner eq null", "c.owner_ref IS NULL" },
        { "contains(Name,'1') and Score ge 30", "instr(c.name, '1') > 0 AND e.score >= 30" },
        { "startswith(Repository,'repo-1')", "c.repository LIKE 'repo-1%'" },
        { "endswith(Name,'7') or length(Path) gt 8", "c.name LIKE '%7' OR length(c.path) > 8" },
        { "tolower(Lifecycle) eq 'experimental'", "lower(c.lifecycle) = 'experimental'" },
        { "toupper(Type) eq 'SERVICE' and not (Score lt 50)", "upper(c.type) = 'SERVICE' AND NOT (e.score < 50)" },
        { "Level in ('gold','silver')", "e.level IN ('gold','silver')" },
        { "Score add 10 gt 95", "e.score + 10 > 95" },
        { "Score mul 2 lt 40 and Title ne null", "e.score * 2 < 40 AND c.title IS NOT NULL" },
        { "Name gt 'c045'", "c.name > 'c045'" },
        { "year(FirstSeenAt) eq 2026 and day(FirstSeenAt) eq 2", "strftime('%Y-%d', c.first_seen_at) = '2026-02'" },
        { "FirstSeenAt gt 2026-05-02T00:00:00Z", "c.first_seen_at > '2026-05-02'" },
        { "FirstSeenAt lt 2026-05-02T00:00:00+02:00 and hour(FirstSeenAt) eq 8", "c.first_seen_at < '2026-05-01 22:00:00' AND strftime('%H', c.first_seen_at) = '08'" },
        { "substring(Name,1,2) eq '03' and indexof(Name,'3') eq 2", "substr(c.name, 2, 2) = '03' AND instr(c.name, '3') - 1 = 2" },
        { "round(Score div 10) eq 5", "round(e.score / 10.0) = 5" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filter_returns_the_rows_sql_returns(string filter, string where)
    {
        var expected = feed.Column($"SELECT c.ref {Latest} AND ({where}) ORDER BY c.ref").Cast<string>().ToList();
        var (rows, _, first) = await feed.GetAllAsync($"/odata/Components?$filter={Uri.EscapeDataString(filter)}&$count=true");
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(expected);
        first.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
        expected.Count.ShouldBeLessThan(FeedFixture.ComponentCount, $"'{filter}' should leave some rows out to prove anything");
    }

    [Fact]
    public void Every_filter_case_matches_at_least_one_component()
    {
        foreach (var row in Filters)
        {
            var where = (string)row[1];
            feed.Column($"SELECT c.ref {Latest} AND ({where})").Count.ShouldBeGreaterThan(0, where);
        }
    }

    [Theory]
    [InlineData("Level desc,Score", "e.level DESC, e.score ASC, c.ref")]
    [InlineData("Score desc", "e.score DESC, c.ref")]
    [InlineData("Team,Name desc", "c.team_ref, c.name DESC, c.ref")]
    [InlineData("length(Repository) desc,Ref desc", "length(c.repository) DESC, c.ref DESC")]
    public async Task Orderby_returns_the_sequence_sql_returns(string orderBy, string sqlOrder)
    {
        var expected = feed.Column($"SELECT c.ref {Latest} ORDER BY {sqlOrder}").Cast<string>().ToList();
        var (rows, pages, _) = await feed.GetAllAsync($"/odata/Components?$orderby={Uri.EscapeDataString(orderBy)}");
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(expected);
        pages.ShouldBe((FeedFixture.ComponentCount + FeedFixture.PageSize - 1) / FeedFixture.PageSize);
    }

    [Fact]
    public async Task Scores_and_levels_come_from_the_latest_evaluation_run()
    {
        var (rows, _, _) = await feed.GetAllAsync("/odata/Components?$select=Ref,Name,Score,Level");
        rows.Count.ShouldBe(FeedFixture.ComponentCount);
        foreach (var row in rows)
        {
            var i = int.Parse(row.GetProperty("Name").GetString()![1..]);
            row.GetProperty("Score").GetDouble().ShouldBe(FeedFixture.Score(i, round: 1));
            var level = row.GetProperty("Level");
            (level.ValueKind == JsonValueKind.Null ? null : level.GetString()).ShouldBe(FeedFixture.Level(FeedFixture.Score(i, 1)));
        }
    }

    [Fact]
    public async Task Server_driven_paging_sends_next_links_until_the_last_page()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$filter=Score%20ge%2010&$orderby=Name&$count=true");
        status.ShouldBe(200);
        body.GetProperty("value").GetArrayLength().ShouldBe(FeedFixture.PageSize);
        var next = body.GetProperty("@odata.nextLink").GetString()!;
        next.ShouldStartWith("http://localhost/odata/Components?");
        next.ShouldContain("$filter=Score%20ge%2010");
        next.ShouldContain("$orderby=Name");
        next.ShouldContain($"$skip={FeedFixture.PageSize}");

        var expected = feed.Column($"SELECT c.name {Latest} AND e.score >= 10 ORDER BY c.name").Cast<string>().ToList();
        var (rows, pages, _) = await feed.GetAllAsync("/odata/Components?$filter=Score%20ge%2010&$orderby=Name&$count=true");
        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(expected);
        pages.ShouldBe((expected.Count + FeedFixture.PageSize - 1) / FeedFixture.PageSize);
        body.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
    }

    [Fact]
    public async Task Without_orderby_pages_come_in_key_order_and_next_links_keep_the_options()
    {
        var (_, body, _) = await feed.GetJsonAsync("/odata/Components?$filter=Score%20ge%2010&$select=Name&$count=true");
        var next = body.GetProperty("@odata.nextLink").GetString()!;
        next.ShouldContain("$skip=25");
        next.ShouldContain("$select=Name");

        var expected = feed.Column($"SELECT c.name {Latest} AND e.score >= 10 ORDER BY c.ref").Cast<string>().ToList();
        var (rows, pages, first) = await feed.GetAllAsync("/odata/Components?$filter=Score%20ge%2010&$select=Name&$count=true");
        rows.Select(r => r.GetProperty("Name").GetString()).ShouldBe(expected);
        pages.ShouldBe((expected.Count + FeedFixture.PageSize - 1) / FeedFixture.PageSize);
        first.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
    }

    [Fact]
    public async Task Keyset_pages_respect_the_client_skip_and_top()
    {
        var expected = feed.Column($"SELECT c.ref {Latest} ORDER BY c.ref LIMIT 33 OFFSET 4").Cast<string>().ToList();
        var (rows, pages, _) = await feed.GetAllAsync("/odata/Components?$top=33&$skip=4", prefer: "odata.maxpagesize=10");
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(expected);
        pages.ShouldBe(4);
    }

    [Fact]
    public async Task Numeric_keys_page_by_keyset_too()
    {
        var expected = feed.Column("SELECT id FROM check_results WHERE evaluation_run_id = @run AND status = 'warn' ORDER BY id").Select(Convert.ToInt64).ToList();
        var (rows, pages, _) = await feed.GetAllAsync("/odata/CheckResults?$filter=Status%20eq%20'warn'&$select=Id");
        rows.Select(r => r.GetProperty("Id").GetInt64()).ShouldBe(expected);
        pages.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task Top_and_skip_page_within_the_client_window()
    {
        var expected = feed.Column($"SELECT c.ref {Latest} ORDER BY e.score DESC, c.ref LIMIT 33 OFFSET 4").Cast<string>().ToList();
        var (rows, pages, first) = await feed.GetAllAsync("/odata/Components?$orderby=Score%20desc&$top=33&$skip=4", prefer: "odata.maxpagesize=10");
        rows.Select(r => r.GetProperty("Ref").GetString()).ShouldBe(expected);
        pages.ShouldBe(4);
        first.GetProperty("value").GetArrayLength().ShouldBe(10);
    }

    [Fact]
    public async Task Prefer_maxpagesize_is_applied_and_said_so()
    {
        var (status, body, response) = await feed.GetJsonAsync("/odata/Components", prefer: "odata.maxpagesize=7");
        status.ShouldBe(200);
        body.GetProperty("value").GetArrayLength().ShouldBe(7);
        response.Headers.GetValues("Preference-Applied").ShouldContain("odata.maxpagesize=7");
    }

    [Fact]
    public async Task Top_smaller_than_a_page_sends_no_next_link()
    {
        var (_, body, _) = await feed.GetJsonAsync("/odata/Components?$top=5");
        body.GetProperty("value").GetArrayLength().ShouldBe(5);
        body.TryGetProperty("@odata.nextLink", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Select_writes_only_the_chosen_properties_and_says_so_in_the_context()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$select=Name,Score&$top=3");
        status.ShouldBe(200);
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components(Name,Score)");
        foreach (var row in body.GetProperty("value").EnumerateArray())
            row.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@')).ShouldBe(["Name", "Score"], ignoreOrder: true);
    }

    [Fact]
    public async Task Count_segment_answers_the_filtered_count_as_text()
    {
        var expected = feed.Column($"SELECT count(*) {Latest} AND c.type = 'service'").Single();
        var response = await feed.Client.GetAsync("/odata/Components/$count?$filter=Type%20eq%20'service'");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(expected!.ToString());
    }

    [Fact]
    public async Task Minimal_metadata_carries_the_context_and_count_but_no_ids()
    {
        var (_, body, response) = await feed.GetJsonAsync("/odata/Components?$count=true&$top=2");
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components");
        body.GetProperty("@odata.count").GetInt64().ShouldBe(FeedFixture.ComponentCount);
        body.GetProperty("value")[0].TryGetProperty("@odata.id", out _).ShouldBeFalse();
        response.Content.Headers.ContentType!.ToString().ShouldContain("odata.metadata=minimal");
        response.Headers.GetValues("OData-Version").ShouldContain("4.0");
    }

    [Fact]
    public async Task Full_metadata_adds_ids_and_types()
    {
        var (status, body, response) = await feed.GetJsonAsync("/odata/Components?$top=1&$select=Name&$format=application/json;odata.metadata=full");
        status.ShouldBe(200, body.ToString());
        var row = body.GetProperty("value")[0];
        row.GetProperty("@odata.type").GetString().ShouldBe("#TechHealth.Component");
        row.GetProperty("@odata.id").GetString().ShouldStartWith("http://localhost/odata/Components('component%3Adefault%2Fc");
        response.Content.Headers.ContentType!.ToString().ShouldContain("odata.metadata=full");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("application/json;odata.metadata=minimal")]
    public async Task Format_json_is_minimal_metadata(string format)
    {
        var (status, body, response) = await feed.GetJsonAsync($"/odata/Components?$top=1&$format={Uri.EscapeDataString(format)}");
        status.ShouldBe(200, body.ToString());
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components");
        response.Content.Headers.ContentType!.ToString().ShouldContain("odata.metadata=minimal");
    }

    [Fact]
    public async Task No_metadata_leaves_out_the_context()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$top=1", accept: "application/json;odata.metadata=none");
        status.ShouldBe(200);
        body.TryGetProperty("@odata.context", out _).ShouldBeFalse();
        body.GetProperty("value")[0].GetProperty("Ref").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task Power_bi_accept_header_gets_minimal_json()
    {
        var (status, body, response) = await feed.GetJsonAsync("/odata/Components?$top=1",
            accept: "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7");
        status.ShouldBe(200, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Fact]
    public async Task One_component_by_key()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components('component:default%2Fc007')");
        status.ShouldBe(200, body.ToString());
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components/$entity");
        body.GetProperty("Name").GetString().ShouldBe("c007");
        body.GetProperty("Score").GetDouble().ShouldBe(FeedFixture.Score(7, 1));
        body.GetProperty("FirstSeenAt").GetString().ShouldBe("2026-05-01T08:00:00Z");
    }

    [Fact]
    public async Task An_unknown_key_is_404()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components('component:default%2Fnope')");
        status.ShouldBe(404);
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("component:default/nope");
    }
}
