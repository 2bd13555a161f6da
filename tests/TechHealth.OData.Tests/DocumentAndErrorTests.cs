using System.Net;
using System.Text.Json;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace TechHealth.OData.Tests;

/// <summary>The service document, CSDL, OData error bodies, and proof that filters and orderings run in SQL.</summary>
public sealed class DocumentAndErrorTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private static readonly string[] Sets = ["Components", "Teams", "Departments", "CheckResults", "Dependencies", "RadarEntries"];

    [Fact]
    public async Task Service_document_lists_every_entity_set()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata");
        status.ShouldBe(200);
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata");
        body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ShouldBe(Sets, ignoreOrder: true);
        body.GetProperty("value").EnumerateArray().ShouldAllBe(v => v.GetProperty("kind").GetString() == "EntitySet");
    }

    [Fact]
    public async Task Metadata_is_csdl_that_reads_back_with_keys_and_types()
    {
        var response = await feed.Client.GetAsync("/odata/$metadata");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        CsdlReader.TryParse(reader, out var model, out var errors).ShouldBeTrue(string.Join("; ", errors?.Select(e => e.ErrorMessage) ?? []));

        model.EntityContainer.EntitySets().Select(s => s.Name).ShouldBe(Sets, ignoreOrder: true);
        var component = (IEdmEntityType)model.FindDeclaredType("TechHealth.Component");
        component.Key().Single().Name.ShouldBe("Ref");
        component.FindProperty("Score").Type.FullName().ShouldBe("Edm.Double");
        component.FindProperty("Score").Type.IsNullable.ShouldBeTrue();
        component.FindProperty("LastSeenAt").Type.FullName().ShouldBe("Edm.DateTimeOffset");
        component.FindProperty("Level").Type.FullName().ShouldBe("Edm.String");
        var team = (IEdmEntityType)model.FindDeclaredType("TechHealth.Team");
        team.StructuralProperties().Select(p => p.Name).ShouldBe(
            ["Ref", "Name", "Title", "Type", "Parent", "Department", "ComponentCount", "AverageScore", "MinScore", "BronzeCount", "SilverCount", "GoldCount", "NoLevelCount"], ignoreOrder: true);
        var check = (IEdmEntityType)model.FindDeclaredType("TechHealth.CheckResult");
        check.Key().Single().Type.FullName().ShouldBe("Edm.Int64");
        check.FindProperty("ExemptUntil").Type.FullName().ShouldBe("Edm.Date");
        ((IEdmEntityType)model.FindDeclaredType("TechHealth.Department")).FindProperty("TeamCount").Type.FullName().ShouldBe("Edm.Int32");
        var dependency = (IEdmEntityType)model.FindDeclaredType("TechHealth.Dependency");
        dependency.FindProperty("Condition").Type.FullName().ShouldBe("Edm.String");
        dependency.FindProperty("Condition").Type.IsNullable.ShouldBeTrue();
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/odata/Components?$filter=Name%20eq", "$filter" },
        { "/odata/Components?$filter=Nope%20eq%201", "Nope" },
        { "/odata/Components?$filter=Score%20eq%20'high'", "$filter" },
        { "/odata/Components?$orderby=Nope", "Nope" },
        { "/odata/Components?$top=-1", "$top" },
        { "/odata/Components?$top=abc", "$top" },
        { "/odata/Components?$skip=x", "$skip" },
        { "/odata/Components?$count=maybe", "$count" },
        { "/odata/Components?$select=Nope", "Nope" },
        { "/odata/Components?$expand=Team", "Team" },
        { "/odata/Components?$skiptoken=%27component:default/c001%27&$orderby=Name", "$orderby" },
        { "/odata/Components?$skiptoken=12", "skiptoken" },
        { "/odata/Components?$foo=1", "$foo" },
        { "/odata/Components?$top=1&$top=2", "$top" },
        { "/odata/Components?$filter=Name", "boolean" },
        { "/odata/Components?$filter=geo.distance(Name,Name)%20gt%201", "$filter" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_is_400_with_an_odata_error_naming_the_fault(string url, string named)
    {
        var (status, body, response) = await feed.GetJsonAsync(url);
        status.ShouldBe(400, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var error = body.GetProperty("error");
        error.GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace();
        error.GetProperty("message").GetString()!.ShouldContain(named, Case.Insensitive);
    }

    [Theory]
    [InlineData("/odata/Widgets")]
    [InlineData("/odata/Components('component:default%2Fmissing')")]
    [InlineData("/odata/Components('component:default%2Fc001')/CheckResults(1)")]
    public async Task What_is_not_there_is_404_with_an_odata_error(string url)
    {
        var (status, body, _) = await feed.GetJsonAsync(url);
        status.ShouldBe(404);
        body.GetProperty("error").GetProperty("code").GetString().ShouldBe("NotFound");
    }

    [Fact]
    public async Task An_unacceptable_format_is_406()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$format=xml");
        status.ShouldBe(406);
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("JSON");
    }

    [Fact]
    public async Task Filter_and_orderby_reach_the_database_as_where_and_order_by()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync("/odata/Components?$filter=" + Uri.EscapeDataString("Score gt 40 and contains(Name,'2')") + "&$orderby=Score%20desc&$top=5&$count=true");
        status.ShouldBe(200, body.ToString());
        var sql = feed.Commands.Texts.Where(t => t.Contains("\"components\"")).ToList();
        sql.Count.ShouldBe(2, string.Join("\n---\n", sql));
        var count = sql.Single(t => t.Contains("COUNT(*)"));
        count.ShouldContain("WHERE");
        count.ShouldContain("\"Score\" > @");
        count.ShouldContain("instr(");
        var page = sql.Single(t => !t.Contains("COUNT(*)"));
        page.ShouldContain("WHERE");
        page.ShouldMatch(@"WHERE .*""Score"" > @\w+ AND instr\(""\w+"".""Name"", @\w+\) > 0");
        // Score may be null, so nulls are placed explicitly (last, descending) before the score itself; the key breaks ties.
        page.ShouldMatch(@"ORDER BY CASE\s+WHEN ""\w+"".""Score"" IS NULL THEN 0\s+ELSE 1\s+END DESC, ""\w+"".""Score"" DESC, ""\w+"".""Ref""");
        page.ShouldContain("LIMIT");
        // Literals go in as parameters, never spliced into the SQL text.
        page.ShouldNotContain("'2'");
    }

    [Fact]
    public async Task Team_figures_are_grouped_in_sql_and_filtered_there()
    {
        feed.Commands.Clear();
        var (status, _, _) = await feed.GetJsonAsync("/odata/Teams?$filter=GoldCount%20ge%201&$orderby=AverageScore%20desc");
        status.ShouldBe(200);
        var sql = feed.Commands.Texts.Single(t => t.Contains("\"groups\""));
        sql.ShouldContain("GROUP BY e.\"team_ref\"");
        sql.ShouldContain("WHEN e.\"level\" = 'gold'");
        sql.ShouldMatch(@"ORDER BY [\s\S]*?""AverageScore"" DESC");
        // GoldCount is the third level slot.
        sql.ShouldMatch(@"WHERE ""\w+"".""Level2"" >= @");
    }

    [Fact]
    public async Task Dependency_filters_run_in_sql()
    {
        feed.Commands.Clear();
        var (status, _, _) = await feed.GetJsonAsync("/odata/Dependencies?$filter=" + Uri.EscapeDataString("startswith(Purl,'pkg:npm/') and Line ge 11") + "&$orderby=File");
        status.ShouldBe(200);
        var sql = feed.Commands.Texts.Single(t => t.Contains("\"dependencies\""));
        sql.ShouldMatch(@"""\w+"".""Line"" >= @");
        sql.ShouldContain("LIKE");
        sql.ShouldMatch(@"ORDER BY ""\w+"".""File""");
    }

    [Fact]
    public void Level_ids_become_edm_property_names()
    {
        FeedEdmModel.LevelProperties(["bronze", "silver", "gold"]).Select(p => p.Property).ShouldBe(["BronzeCount", "SilverCount", "GoldCount"]);
        FeedEdmModel.PropertyName("business-critical").ShouldBe("BusinessCritical");
        FeedEdmModel.PropertyName("1st").ShouldBe("Level1st");
        Should.Throw<InvalidOperationException>(() => FeedEdmModel.Build(["gold", "Gold"])).Message.ShouldContain("GoldCount");
        Should.Throw<InvalidOperationException>(() => FeedEdmModel.Build(["no-level"])).Message.ShouldContain("'no-level'");
    }

    [Fact]
    public async Task One_check_result_by_its_numeric_key()
    {
        var id = Convert.ToInt64(feed.Column("SELECT max(id) FROM check_results WHERE evaluation_run_id = @run").Single());
        var (status, body, _) = await feed.GetJsonAsync($"/odata/CheckResults({id})?$select=Id,CheckId");
        status.ShouldBe(200, body.ToString());
        body.GetProperty("Id").GetInt64().ShouldBe(id);
        body.GetProperty("CheckId").GetString().ShouldBe("check-5");
    }

    [Fact]
    public async Task A_check_result_of_an_older_run_is_not_in_the_feed()
    {
        var old = Convert.ToInt64(feed.Column($"SELECT min(id) FROM check_results WHERE evaluation_run_id = {feed.OlderRunId}").Single());
        var (status, _, _) = await feed.GetJsonAsync($"/odata/CheckResults({old})");
        status.ShouldBe(404);
    }
}
