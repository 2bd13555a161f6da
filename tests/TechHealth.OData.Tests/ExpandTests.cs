using System.Net;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;
using TechHealth.Storage;

namespace TechHealth.OData.Tests;

/// <summary>Navigation properties in the CSDL, $expand with nested options against SQL over the same data, one query per navigation per page, and the limits.</summary>
public sealed class ExpandTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private static string Url(string path, string expand, string? rest = null)
        => $"/odata/{path}?$expand={Uri.EscapeDataString(expand)}{(rest is null ? "" : "&" + rest)}";

    private static string? Text(JsonElement row, string name)
        => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetString();

    private static IEnumerable<string> Names(JsonElement row) => row.EnumerateObject().Select(p => p.Name).Where(n => !n.Contains('@'));

    [Fact]
    public async Task Metadata_declares_navigation_properties_and_their_entity_set_bindings()
    {
        var response = await feed.Client.GetAsync("/odata/$metadata");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        CsdlReader.TryParse(reader, out var model, out var errors).ShouldBeTrue(string.Join("; ", errors?.Select(e => e.ErrorMessage) ?? []));
        model.Validate(out var validation).ShouldBeTrue(string.Join("; ", validation.Select(e => e.ErrorMessage)));

        IEdmNavigationProperty Navigation(string type, string name)
            => ((IEdmEntityType)model.FindDeclaredType("TechHealth." + type)).FindProperty(name).ShouldBeAssignableTo<IEdmNavigationProperty>()!;

        var checkResults = Navigation("Component", "CheckResults");
        checkResults.TargetMultiplicity().ShouldBe(EdmMultiplicity.Many);
        checkResults.ToEntityType().Name.ShouldBe("CheckResult");
        // Microsoft.AspNetCore.OData's model builder declares each direction on its own: no partners or referential
        // constraints in $metadata (Power BI and Excel join on the entity set bindings and the key columns).
        Navigation("CheckResult", "Component").TargetMultiplicity().ShouldBe(EdmMultiplicity.ZeroOrOne);
        Navigation("Dependency", "Component").TargetMultiplicity().ShouldBe(EdmMultiplicity.ZeroOrOne);
        Navigation("Component", "Dependencies").TargetMultiplicity().ShouldBe(EdmMultiplicity.Many);
        var team = Navigation("Component", "OwningTeam");
        team.TargetMultiplicity().ShouldBe(EdmMultiplicity.ZeroOrOne);
        Navigation("Team", "OwningDepartment").TargetMultiplicity().ShouldBe(EdmMultiplicity.ZeroOrOne);
        Navigation("Team", "Components").TargetMultiplicity().ShouldBe(EdmMultiplicity.Many);
        Navigation("Department", "Teams").TargetMultiplicity().ShouldBe(EdmMultiplicity.Many);
        Navigation("Department", "Components").TargetMultiplicity().ShouldBe(EdmMultiplicity.Many);

        var components = model.EntityContainer.FindEntitySet("Components");
        components.FindNavigationTarget(checkResults).Name.ShouldBe("CheckResults");
        components.FindNavigationTarget(team).Name.ShouldBe("Teams");
        model.EntityContainer.FindEntitySet("Departments").FindNavigationTarget(Navigation("Department", "Teams")).Name.ShouldBe("Teams");
    }

    [Fact]
    public async Task Expanded_check_results_with_nested_filter_and_select_are_what_sql_gives()
    {
        var expected = feed.Column("SELECT component_ref || '|' || check_id || '|' || message FROM check_results WHERE evaluation_run_id = @run AND status = 'fail' ORDER BY component_ref, id")
            .Cast<string>().ToList();
        var (rows, pages, first) = await feed.GetAllAsync(Url("Components", "CheckResults($filter=Status eq 'fail';$select=CheckId,Message)", "$select=Ref"));
        first.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components(Ref,CheckResults(CheckId,Message))");
        rows.Count.ShouldBe(FeedFixture.ComponentCount);
        pages.ShouldBe(3);
        var actual = new List<string>();
        foreach (var row in rows)
        {
            Names(row).ShouldBe(["Ref", "CheckResults"], ignoreOrder: true);
            foreach (var check in row.GetProperty("CheckResults").EnumerateArray())
            {
                Names(check).ShouldBe(["CheckId", "Message"], ignoreOrder: true);
                actual.Add($"{Text(row, "Ref")}|{Text(check, "CheckId")}|{Text(check, "Message")}");
            }
        }
        actual.ShouldBe(expected);
        expected.Count.ShouldBeInRange(10, FeedFixture.ComponentCount * 6 - 10);
    }

    [Fact]
    public async Task A_page_loads_each_expanded_navigation_with_one_query_for_all_its_parents()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync(Url("Components", "CheckResults($filter=Status eq 'fail'),Dependencies($orderby=Line desc),OwningTeam"));
        status.ShouldBe(200, body.ToString());
        body.GetProperty("value").GetArrayLength().ShouldBe(FeedFixture.PageSize);
        var sql = feed.Commands.Texts;
        // The page of components with their teams joined, then one statement per expanded collection; never one per component.
        sql.Count.ShouldBe(3, string.Join("\n---\n", sql));
        var checks = sql.Single(t => t.Contains("\"span_check_results\""));
        checks.ShouldMatch(@"""Status"" = @\w+");
        var dependencies = sql.Single(t => t.Contains("\"dependencies\"") && !t.Contains("\"span_check_results\""));
        dependencies.ShouldMatch(@"ORDER BY [\s\S]*""Line"" DESC");
        sql.First().ShouldContain("\"groups\"");
    }

    [Fact]
    public async Task Nested_orderby_top_skip_and_count_match_sql_per_parent()
    {
        var (rows, _, first) = await feed.GetAllAsync(Url("Teams", "Components($orderby=Score desc;$top=3;$skip=1;$count=true;$select=Ref,Score)", "$orderby=Name"));
        first.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Teams(Components(Ref,Score))");
        rows.Count.ShouldBe(FeedFixture.Teams.Length + 1);
        foreach (var team in rows)
        {
            var teamRef = Text(team, "Ref");
            var where = $"FROM components c LEFT JOIN component_evaluations e ON e.component_ref = c.ref AND e.evaluation_run_id = @run WHERE c.removed = 0 AND c.team_ref = '{teamRef}'";
            var expected = feed.Column($"SELECT c.ref {where} ORDER BY e.score IS NULL, e.score DESC, c.ref LIMIT 3 OFFSET 1").Cast<string>().ToList();
            team.GetProperty("Components").EnumerateArray().Select(c => Text(c, "Ref")).ShouldBe(expected);
            team.GetProperty("Components@odata.count").GetInt64().ShouldBe(Convert.ToInt64(feed.Column($"SELECT count(*) {where}").Single()));
        }
        rows.Single(t => Text(t, "Name") == "team-idle").GetProperty("Components").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Nested_top_is_cut_per_parent_in_sql()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync(Url("Teams", "Components($orderby=Score desc;$top=3;$select=Ref)", "$select=Ref"));
        status.ShouldBe(200, body.ToString());
        body.GetProperty("value").EnumerateArray().ShouldAllBe(t => t.GetProperty("Components").GetArrayLength() <= 3);
        // Each team's window is cut in SQL (ROW_NUMBER per team, EF's split query for the expanded collection).
        var sql = feed.Commands.Texts.Single(t => t.Contains("ROW_NUMBER"));
        sql.ShouldMatch(@"ROW_NUMBER\(\) OVER\(PARTITION BY ""\w+"".""Team"" ORDER BY [\s\S]*?""Score"" DESC");
    }

    [Fact]
    public async Task Two_levels_expand_departments_teams_and_their_components()
    {
        feed.Commands.Clear();
        var (status, body, _) = await feed.GetJsonAsync(Url("Departments", "Teams($select=Name;$expand=Components($select=Name;$orderby=Name)),Components($count=true;$top=0)", "$select=Name&$orderby=Name"));
        status.ShouldBe(200, body.ToString());
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Departments(Name,Teams(Name,Components(Name)),Components())");
        // The departments, then one split query per expanded collection (teams, their components, the counts).
        feed.Commands.Texts.Count.ShouldBe(4, string.Join("\n---\n", feed.Commands.Texts));
        foreach (var department in body.GetProperty("value").EnumerateArray())
        {
            var name = Text(department, "Name");
            var teams = department.GetProperty("Teams").EnumerateArray().ToList();
            teams.Select(t => Text(t, "Name")).ShouldBe(feed.Column($"SELECT name FROM groups WHERE type = 'team' AND department_ref = 'group:default/{name}' ORDER BY ref").Cast<string>());
            foreach (var team in teams)
                team.GetProperty("Components").EnumerateArray().Select(c => Text(c, "Name")).ShouldBe(
                    feed.Column($"SELECT name FROM components WHERE removed = 0 AND team_ref = 'group:default/{Text(team, "Name")}' ORDER BY name").Cast<string>());
            department.GetProperty("Components").GetArrayLength().ShouldBe(0);
            department.GetProperty("Components@odata.count").GetInt64().ShouldBe(
                Convert.ToInt64(feed.Column($"SELECT count(*) FROM components WHERE removed = 0 AND department_ref = 'group:default/{name}'").Single()));
        }
    }

    [Fact]
    public async Task A_single_navigation_expands_to_the_row_or_null()
    {
        var (rows, _, _) = await feed.GetAllAsync(Url("Components", "OwningTeam($select=Name,Title;$expand=OwningDepartment($select=Name))", "$select=Name,Team"));
        rows.Count.ShouldBe(FeedFixture.ComponentCount);
        foreach (var row in rows)
        {
            var team = row.GetProperty("OwningTeam");
            if (Text(row, "Team") is null) { team.ValueKind.ShouldBe(JsonValueKind.Null); continue; }
            ("group:default/" + Text(team, "Name")).ShouldBe(Text(row, "Team"));
            var department = feed.Column($"SELECT d.name FROM groups t JOIN groups d ON d.ref = t.department_ref WHERE t.ref = '{Text(row, "Team")}'").Single();
            Text(team.GetProperty("OwningDepartment"), "Name").ShouldBe(department);
        }
        rows.ShouldContain(r => r.GetProperty("OwningTeam").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Check_results_expand_their_component()
    {
        var (status, body, _) = await feed.GetJsonAsync(Url("CheckResults", "Component($select=Name,Score)", "$select=ComponentRef&$top=8"));
        status.ShouldBe(200, body.ToString());
        foreach (var row in body.GetProperty("value").EnumerateArray())
        {
            var component = row.GetProperty("Component");
            ("component:default/" + Text(component, "Name")).ShouldBe(Text(row, "ComponentRef"));
            var i = int.Parse(Text(component, "Name")![1..]);
            component.GetProperty("Score").GetDouble().ShouldBe(FeedFixture.Score(i, 1));
        }
    }

    [Fact]
    public async Task Navigation_urls_answer_like_the_expansion_does()
    {
        const string c = "Components('component:default%2Fc003')";
        var expected = feed.Column("SELECT check_id FROM check_results WHERE evaluation_run_id = @run AND component_ref = 'component:default/c003' AND status <> 'pass' ORDER BY check_id DESC")
            .Cast<string>().ToList();
        var (status, body, _) = await feed.GetJsonAsync($"/odata/{c}/CheckResults?$filter=Status%20ne%20'pass'&$orderby=CheckId%20desc&$count=true");
        status.ShouldBe(200, body.ToString());
        body.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#CheckResults");
        body.GetProperty("value").EnumerateArray().Select(r => Text(r, "CheckId")).ShouldBe(expected);
        body.GetProperty("@odata.count").GetInt64().ShouldBe(expected.Count);
        (await feed.Client.GetStringAsync($"/odata/{c}/Dependencies/$count")).ShouldBe("4");

        var (teamStatus, team, _) = await feed.GetJsonAsync($"/odata/{c}/OwningTeam");
        teamStatus.ShouldBe(200, team.ToString());
        team.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Teams/$entity");
        Text(team, "Ref").ShouldBe("group:default/" + FeedFixture.Team(3));

        var (oneStatus, one, _) = await feed.GetJsonAsync($"/odata/{c}?$expand=" + Uri.EscapeDataString("CheckResults($filter=Status ne 'pass';$orderby=CheckId desc;$select=CheckId)"));
        oneStatus.ShouldBe(200, one.ToString());
        one.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/odata/$metadata#Components(CheckResults(CheckId))/$entity");
        one.GetProperty("CheckResults").EnumerateArray().Select(r => Text(r, "CheckId")).ShouldBe(expected);

        (await feed.Client.GetAsync("/odata/Components('component:default%2Fc010')/OwningTeam")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await feed.Client.GetAsync("/odata/Components('component:default%2Fnope')/CheckResults")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Full_metadata_identifies_expanded_rows()
    {
        var (status, body, _) = await feed.GetJsonAsync(Url("Components", "OwningTeam($select=Name)", "$top=1&$skip=1&$select=Name&$format=application/json;odata.metadata=full"));
        status.ShouldBe(200, body.ToString());
        var row = body.GetProperty("value")[0];
        row.TryGetProperty("OwningTeam", out var owning).ShouldBeTrue(body.ToString());
        owning.TryGetProperty("@odata.id", out var id).ShouldBeTrue(body.ToString());
        id.GetString().ShouldBe("http://localhost/odata/Teams('group%3Adefault%2Fteam-b')");
    }

    [Fact]
    public async Task A_client_reads_the_expanded_payload_back_with_odata_message_reader()
    {
        var response = await feed.Client.GetAsync(Url("Components", "CheckResults($filter=Status eq 'fail';$count=true),OwningTeam", "$top=4"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var model = FeedEdmModel.Build(["bronze", "silver", "gold"]);
        var message = new ClientResponseMessage(response, await response.Content.ReadAsStreamAsync());
        using var reader = new ODataMessageReader(message, new ODataMessageReaderSettings { BaseUri = new Uri("http://localhost/odata/") }, model);
        var sets = reader.CreateODataResourceSetReader(model.EntityContainer.FindEntitySet("Components"), (IEdmEntityType)model.FindDeclaredType("TechHealth.Component"));

        // What each resource being read holds: the resources nested in it and the counts of its nested collections.
        var open = new Stack<(List<ODataResource> Children, List<long?> Counts)>();
        var components = new List<(ODataResource Component, List<ODataResource> Children, List<long?> Counts)>();
        while (sets.Read())
        {
            switch (sets.State)
            {
                case ODataReaderState.ResourceStart:
                    open.Push(([], []));
                    break;
                case ODataReaderState.ResourceEnd:
                    var (children, counts) = open.Pop();
                    if (sets.Item is not ODataResource resource) break;
                    if (open.Count > 0) open.Peek().Children.Add(resource);
                    else components.Add((resource, children, counts));
                    break;
                case ODataReaderState.ResourceSetEnd when open.Count > 0:
                    open.Peek().Counts.Add(((ODataResourceSet)sets.Item).Count);
                    break;
            }
        }

        components.Count.ShouldBe(4);
        foreach (var (component, children, counts) in components)
        {
            var componentRef = (string)component.Properties.OfType<ODataProperty>().Single(p => p.Name == "Ref").Value;
            var fails = Convert.ToInt64(feed.Column($"SELECT count(*) FROM check_results WHERE evaluation_run_id = @run AND status = 'fail' AND component_ref = '{componentRef}'").Single());
            children.Count(r => r.TypeName == "TechHealth.CheckResult").ShouldBe((int)fails);
            children.ShouldAllBe(r => r.TypeName != "TechHealth.CheckResult" || (string)r.Properties.OfType<ODataProperty>().Single(p => p.Name == "Status").Value == "fail");
            counts.ShouldBe([fails]);
            var team = (string)component.Properties.OfType<ODataProperty>().Single(p => p.Name == "Team").Value;
            children.Single(r => r.TypeName == "TechHealth.Team").Properties.OfType<ODataProperty>().Single(p => p.Name == "Ref").Value.ShouldBe(team);
        }
    }

    [Fact]
    public async Task Expand_star_expands_every_navigation_of_the_set()
    {
        var (status, body, _) = await feed.GetJsonAsync("/odata/Teams?$expand=*&$select=Name&$filter=Name%20eq%20'team-b'");
        status.ShouldBe(200, body.ToString());
        var team = body.GetProperty("value").EnumerateArray().Single();
        Names(team).ShouldBe(["Name", "Components", "OwningDepartment"], ignoreOrder: true);
        team.GetProperty("Components").GetArrayLength().ShouldBe(Convert.ToInt32(feed.Column("SELECT count(*) FROM components WHERE removed = 0 AND team_ref = 'group:default/team-b'").Single()));
        Text(team.GetProperty("OwningDepartment"), "Name").ShouldBe("engineering");
    }

    public static TheoryData<string, string> BadExpands => new()
    {
        { Url("Components", "Nope"), "Nope" },
        { Url("Components", "Team"), "Team" },
        { Url("Departments", "Teams($expand=Components($expand=CheckResults))"), "MaxExpansionDepth" },
        { Url("Components", "CheckResults($filter=Nope eq 1)"), "Nope" },
        { Url("Components", "CheckResults($filter=Status eq)"), "Status eq" },
        { Url("Components", "CheckResults($top=-1)"), "Top option" },
        { Url("Components", "CheckResults($levels=2)"), "$level" },
    };

    [Theory]
    [MemberData(nameof(BadExpands))]
    public async Task A_bad_expand_is_400_with_an_odata_error_naming_the_problem(string url, string named)
    {
        var (status, body, _) = await feed.GetJsonAsync(url);
        status.ShouldBe(400, body.ToString());
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain(named, Case.Insensitive);
    }

    [Fact]
    public async Task A_collection_longer_than_the_limit_ends_in_a_next_link_that_gives_the_rest()
    {
        var (app, client) = await StartAsync(o => { o.MaxExpandedItems = 4; o.MaxPageSize = 10; });
        await using var running = app;
        var (status, body, _) = await FeedFixture.GetJsonAsync(client, Url("Components", "CheckResults($orderby=CheckId desc;$select=CheckId;$count=true)", "$top=2"));
        status.ShouldBe(200, body.ToString());
        var first = body.GetProperty("value")[0];
        first.GetProperty("CheckResults").GetArrayLength().ShouldBe(4);
        first.GetProperty("CheckResults@odata.count").GetInt64().ShouldBe(6);
        var next = first.GetProperty("CheckResults@odata.nextLink").GetString()!;
        // Microsoft.AspNetCore.OData writes the key as a path segment and resumes after the last row ($skiptoken).
        next.ShouldStartWith("http://localhost/odata/Components/component%3Adefault%2Fc000/CheckResults?");
        next.ShouldContain("$skiptoken=");

        var (rest, _, _) = await FeedFixture.GetAllAsync(client, next);
        first.GetProperty("CheckResults").EnumerateArray().Concat(rest).Select(r => Text(r, "CheckId"))
            .ShouldBe(["check-5", "check-4", "check-3", "check-2", "check-1", "check-0"]);
        rest.ShouldAllBe(r => Names(r).SequenceEqual(new[] { "CheckId" }));

        var (limited, limitedBody, _) = await FeedFixture.GetJsonAsync(client, Url("Components", "CheckResults($top=3)", "$top=1"));
        limited.ShouldBe(200);
        limitedBody.GetProperty("value")[0].TryGetProperty("CheckResults@odata.nextLink", out _).ShouldBeFalse();
    }

    private async Task<(WebApplication App, HttpClient Client)> StartAsync(Action<ODataFeedOptions> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddTechHealthStorage(new StorageOptions { ConnectionString = $"Data Source={feed.DatabasePath}" });
        builder.Services.AddODataFeed(configure);
        var app = builder.Build();
        app.MapODataFeed("/odata");
        await app.StartAsync();
        return (app, app.GetTestClient());
    }

    /// <summary>An HTTP response as ODataMessageReader reads it.</summary>
    private sealed class ClientResponseMessage(HttpResponseMessage response, Stream body) : IODataResponseMessage
    {
        public IEnumerable<KeyValuePair<string, string>> Headers => response.Headers.Concat(response.Content.Headers)
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
        public int StatusCode { get => (int)response.StatusCode; set => throw new NotSupportedException(); }
        public string? GetHeader(string headerName) => Headers.FirstOrDefault(h => h.Key.Equals(headerName, StringComparison.OrdinalIgnoreCase)).Value;
        public void SetHeader(string headerName, string headerValue) => throw new NotSupportedException();
        public Stream GetStream() => body;
    }
}
