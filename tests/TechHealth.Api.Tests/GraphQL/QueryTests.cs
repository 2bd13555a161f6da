using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>The tech-health schema's reads, through the real HTTP pipeline of a service that scanned a generated fleet.</summary>
[Collection(ServiceCollection.Name)]
public class QueryTests(TechHealthFactory factory)
{
    private static readonly string[] Passing = ["PASS", "EXEMPT", "NOT_APPLICABLE"];

    private async Task<HttpClient> ClientAsync()
    {
        await factory.ReadyAsync();
        return factory.CreateClient();
    }

    private static async Task<List<JsonElement>> AllComponentsAsync(HttpClient client, string fields)
    {
        var data = (await GraphQLCalls.PostAsync(client, $"{{ components(first: 1000) {{ totalCount nodes {{ {fields} }} }} }}")).Ok();
        return data.GetProperty("components").GetProperty("nodes").Items().ToList();
    }

    [Fact]
    public async Task A_field_error_names_its_path_and_where_in_the_document_the_field_is()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        // The heatmap of a team's components needs a team: the resolver refuses, and the error says which field, where.
        var answer = await GraphQLCalls.PostAsync(client, "{\n  organisation { componentCount }\n  map: heatmap(kind: COMPONENTS_BY_CHECKS) { title }\n}");
        var error = answer.FirstError;
        error.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ShouldBe(["map"]);
        var location = error.GetProperty("locations").EnumerateArray().ShouldHaveSingleItem();
        location.GetProperty("line").GetInt32().ShouldBe(3);
        location.GetProperty("column").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Team_scores_and_what_to_fix_match_the_components_the_team_owns()
    {
        using var client = await ClientAsync();
        var teams = (await GraphQLCalls.PostAsync(client, "{ teams { ref name rollup { componentCount averageScore } } }")).Ok().GetProperty("teams").Items().ToList();
        teams.Count.ShouldBeGreaterThan(1);
        var team = teams.OrderByDescending(t => t.GetProperty("rollup").GetProperty("componentCount").GetInt32()).First();
        var teamRef = team.GetProperty("ref").GetString()!;

        var data = (await GraphQLCalls.PostAsync(client, """
            query($team: String!) {
              team(ref: $team) {
                name
                rollup { componentCount averageScore failingMost { checkId failed } }
                components { name score level toFix { checkId status message remediation } }
              }
            }
            """, new { team = teamRef })).Ok().GetProperty("team");
        var components = data.GetProperty("components").Items().ToList();
        data.GetProperty("rollup").GetProperty("componentCount").GetInt32().ShouldBe(components.Count);
        var mean = components.Average(c => c.GetProperty("score").GetDouble());
        data.GetProperty("rollup").GetProperty("averageScore").GetDouble().ShouldBe(mean, 0.05);

        var toFix = components.SelectMany(c => c.GetProperty("toFix").Items()).ToList();
        toFix.ShouldNotBeEmpty();
        toFix.ShouldAllBe(r => new[] { "FAIL", "WARN", "ERROR" }.Contains(r.GetProperty("status").GetString()));
        toFix.ShouldAllBe(r => r.GetProperty("message").GetString()!.Length > 0);

        // The team's most failing check is failed by exactly as many of its components as the rollup says.
        var worst = data.GetProperty("rollup").GetProperty("failingMost")[0];
        var worstId = worst.GetProperty("checkId").GetString();
        var failing = components.Count(c => c.GetProperty("toFix").Items().Any(r => r.GetProperty("checkId").GetString() == worstId && r.GetProperty("status").GetString() == "FAIL"));
        worst.GetProperty("failed").GetInt32().ShouldBe(failing);
    }

    [Fact]
    public async Task Department_heatmap_with_chosen_rows_and_columns_keeps_only_those_cells()
    {
        using var client = await ClientAsync();
        var full = (await GraphQLCalls.PostAsync(client, "{ heatmap(kind: DEPARTMENTS_BY_CHECKS) { rows columns cells { row column value passed total } } }")).Ok().GetProperty("heatmap");
        var rows = full.GetProperty("rows").Strings();
        var columns = full.GetProperty("columns").Strings();
        rows.Count.ShouldBeGreaterThan(2);
        columns.Count.ShouldBeGreaterThan(3);
        string[] pickRows = [rows[0], rows[2]];
        string[] pickColumns = [columns[1], columns[3]];

        var part = (await GraphQLCalls.PostAsync(client, """
            query($rows: [String!], $columns: [String!]) {
              heatmap(kind: DEPARTMENTS_BY_CHECKS, rows: $rows, columns: $columns) { rows columns cells { row column value passed total } }
            }
            """, new { rows = pickRows, columns = pickColumns })).Ok().GetProperty("heatmap");
        part.GetProperty("rows").Strings().ShouldBe(pickRows);
        part.GetProperty("columns").Strings().ShouldBe(pickColumns);
        var cells = part.GetProperty("cells").Items().ToList();
        cells.Count.ShouldBe(4);
        foreach (var cell in cells)
        {
            var same = full.GetProperty("cells").Items().Single(c => c.GetProperty("row").GetString() == cell.GetProperty("row").GetString()
                && c.GetProperty("column").GetString() == cell.GetProperty("column").GetString());
            cell.GetProperty("passed").GetInt32().ShouldBe(same.GetProperty("passed").GetInt32());
            cell.GetProperty("total").GetInt32().ShouldBe(same.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task Gate_allows_exactly_the_components_at_its_level_with_its_required_checks_passing()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var gates = (await GraphQLCalls.PostAsync(client, "{ gates { id minLevel requireChecks blockedLifecycles allowedCount allowed blocked { component reasons } } }")).Ok().GetProperty("gates").Items().ToList();
        gates.ShouldNotBeEmpty();
        var components = await AllComponentsAsync(client, "name level lifecycle results { checkId status }");
        var levels = snapshot.Levels.ToList();

        foreach (var gate in gates)
        {
            var minRank = levels.IndexOf(gate.GetProperty("minLevel").GetString()!);
            var required = gate.GetProperty("requireChecks").Strings();
            var blockedLifecycles = gate.GetProperty("blockedLifecycles").Strings();
            if (blockedLifecycles.Count == 0) blockedLifecycles = ["deprecated"];
            var expected = components.Where(c =>
                    c.GetProperty("level").GetString() is { } level && levels.IndexOf(level) >= minRank
                    && required.All(id => c.GetProperty("results").Items().Where(r => r.GetProperty("checkId").GetString() == id).All(r => Passing.Contains(r.GetProperty("status").GetString())))
                    && !(c.GetProperty("lifecycle").GetString() is { } lc && blockedLifecycles.Contains(lc)))
                .Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();

            gate.GetProperty("allowed").Strings().ShouldBe(expected, $"gate {gate.GetProperty("id")}");
            gate.GetProperty("allowedCount").GetInt32().ShouldBe(expected.Count);
            var blocked = gate.GetProperty("blocked").Items().ToList();
            (blocked.Count + expected.Count).ShouldBe(components.Count);
            blocked.ShouldAllBe(b => b.GetProperty("reasons").GetArrayLength() > 0);
        }
    }

    [Theory]
    [InlineData("team")]
    [InlineData("department")]
    [InlineData("level")]
    [InlineData("failingCheck")]
    [InlineData("radarEntry")]
    public async Task Components_filter_keeps_exactly_the_matching_components(string filter)
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var all = await AllComponentsAsync(client, "name level team { ref department { ref } } results { checkId status } dependencies { radarEntry { id } }");
        all.Count.ShouldBe(snapshot.Components.Count);

        // The value is the most common one in the fleet, so the filter keeps some components and drops others.
        Func<JsonElement, IEnumerable<string>> valuesOf = filter switch
        {
            "team" => c => c.GetProperty("team").ValueKind == JsonValueKind.Object ? [c.GetProperty("team").GetProperty("ref").GetString()!] : [],
            "department" => c => c.GetProperty("team") is { ValueKind: JsonValueKind.Object } t && t.GetProperty("department") is { ValueKind: JsonValueKind.Object } d ? [d.GetProperty("ref").GetString()!] : [],
            "level" => c => [c.GetProperty("level").GetString() ?? "none"],
            "failingCheck" => c => c.GetProperty("results").Items().Where(r => r.GetProperty("status").GetString() is "FAIL" or "ERROR").Select(r => r.GetProperty("checkId").GetString()!),
            "radarEntry" => c => c.GetProperty("dependencies").Items().Where(d => d.GetProperty("radarEntry").ValueKind == JsonValueKind.Object).Select(d => d.GetProperty("radarEntry").GetProperty("id").GetString()!).Distinct(),
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        var value = all.SelectMany(valuesOf).GroupBy(v => v).Where(g => g.Count() < all.Count).OrderByDescending(g => g.Count()).First().Key;
        var expected = all.Where(c => valuesOf(c).Contains(value)).Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.OrdinalIgnoreCase).ToList();

        var answer = (await GraphQLCalls.PostAsync(client, "query($f: ComponentFilter) { components(filter: $f, first: 1000) { totalCount nodes { name } } }",
            new { f = new Dictionary<string, string> { [filter] = value } })).Ok().GetProperty("components");
        var names = answer.GetProperty("nodes").Items().Select(n => n.GetProperty("name").GetString()!).ToList();
        names.ShouldBe(expected, $"{filter} = {value}");
        answer.GetProperty("totalCount").GetInt32().ShouldBe(expected.Count);
        names.Count.ShouldBeLessThan(all.Count);
    }

    [Fact]
    public async Task Cursor_pages_concatenate_to_the_whole_list()
    {
        using var client = await ClientAsync();
        var whole = (await AllComponentsAsync(client, "name")).Select(c => c.GetProperty("name").GetString()).ToList();
        var paged = new List<string?>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = (await GraphQLCalls.PostAsync(client, "query($after: String) { components(first: 7, after: $after) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }", new { after }))
                .Ok().GetProperty("components");
            paged.AddRange(page.GetProperty("edges").Items().Select(e => e.GetProperty("node").GetProperty("name").GetString()));
            pages++;
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()) break;
            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
            pages.ShouldBeLessThan(100);
        }
        paged.ShouldBe(whole);
        pages.ShouldBe((whole.Count + 6) / 7);
    }

    [Fact]
    public async Task A_cursor_the_API_never_gave_out_is_an_error_naming_it()
    {
        using var client = await ClientAsync();
        var answer = await GraphQLCalls.PostAsync(client, """{ components(first: 5, after: "not-a-cursor") { nodes { name } } }""");
        answer.HasErrors.ShouldBeTrue(answer.Body);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("not-a-cursor");
        answer.FirstErrorCode.ShouldBe("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Radar_entry_usage_lists_the_components_that_use_it_with_versions()
    {
        using var client = await ClientAsync();
        var entries = (await GraphQLCalls.PostAsync(client, "{ radar { entries { id usageCount } } }")).Ok().GetProperty("radar").GetProperty("entries").Items().ToList();
        var used = entries.OrderByDescending(e => e.GetProperty("usageCount").GetInt32()).First();
        var id = used.GetProperty("id").GetString()!;
        used.GetProperty("usageCount").GetInt32().ShouldBeGreaterThan(0);

        var entry = (await GraphQLCalls.PostAsync(client, "query($id: ID!) { radarEntry(id: $id) { id ring usageCount usage { component version ring file line } } }", new { id }))
            .Ok().GetProperty("radarEntry");
        var usage = entry.GetProperty("usage").Items().ToList();
        usage.Select(u => u.GetProperty("component").GetString()).Distinct().Count().ShouldBe(entry.GetProperty("usageCount").GetInt32());
        usage.ShouldAllBe(u => u.GetProperty("file").GetString()!.Length > 0);

        var users = (await GraphQLCalls.PostAsync(client, "query($id: String) { components(filter: { radarEntry: $id }, first: 1000) { nodes { name } } }", new { id }))
            .Ok().GetProperty("components").GetProperty("nodes").Items().Select(n => n.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToList();
        usage.Select(u => u.GetProperty("component").GetString()).Distinct().Order(StringComparer.Ordinal).ToList().ShouldBe(users);
    }

    [Fact]
    public async Task Checks_pass_rates_are_the_share_of_applicable_components_that_pass()
    {
        using var client = await ClientAsync();
        var checks = (await GraphQLCalls.PostAsync(client, "{ checks { id level passRate { passed exempt failed errors applicable rate } } }")).Ok().GetProperty("checks").Items().ToList();
        checks.Count.ShouldBeGreaterThan(10);
        var components = await AllComponentsAsync(client, "results { checkId status }");
        foreach (var check in checks)
        {
            var id = check.GetProperty("id").GetString();
            var statuses = components.SelectMany(c => c.GetProperty("results").Items()).Where(r => r.GetProperty("checkId").GetString() == id).Select(r => r.GetProperty("status").GetString()).ToList();
            var rate = check.GetProperty("passRate");
            // A rollup counts warn and exempt as passed (exempt is also shown on its own).
            rate.GetProperty("passed").GetInt32().ShouldBe(statuses.Count(s => s is "PASS" or "WARN" or "EXEMPT"), $"check {id}");
            rate.GetProperty("exempt").GetInt32().ShouldBe(statuses.Count(s => s == "EXEMPT"), $"check {id}");
            rate.GetProperty("failed").GetInt32().ShouldBe(statuses.Count(s => s == "FAIL"), $"check {id}");
            rate.GetProperty("applicable").GetInt32().ShouldBe(statuses.Count(s => s != "NOT_APPLICABLE"), $"check {id}");
        }
    }

    [Fact]
    public async Task Scan_and_evaluation_runs_are_listed_newest_first()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var data = (await GraphQLCalls.PostAsync(client, "{ scanRuns { id status components } evaluationRuns { id trigger componentCount averageScore evaluatedAt } }")).Ok();
        var scans = data.GetProperty("scanRuns").Items().ToList();
        scans.ShouldNotBeEmpty();
        scans[^1].GetProperty("components").GetInt32().ShouldBe(snapshot.Components.Count);
        var runs = data.GetProperty("evaluationRuns").Items().ToList();
        runs.ShouldNotBeEmpty();
        runs.Select(r => long.Parse(r.GetProperty("id").GetString()!)).ShouldBeInOrder(SortDirection.Descending);
        runs[^1].GetProperty("trigger").GetString().ShouldBe("scan");
        runs[^1].GetProperty("componentCount").GetInt32().ShouldBe(snapshot.Components.Count);
    }

    [Fact]
    public async Task RunDiff_between_a_run_and_itself_is_empty_and_a_bad_id_is_refused()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var id = snapshot.Run!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var diff = (await GraphQLCalls.PostAsync(client, "query($id: ID) { runDiff(from: $id, to: $id) { from to levelChanges { component } checkFlips { component } } }", new { id }))
            .Ok().GetProperty("runDiff");
        diff.GetProperty("levelChanges").GetArrayLength().ShouldBe(0);
        diff.GetProperty("checkFlips").GetArrayLength().ShouldBe(0);

        var bad = await GraphQLCalls.PostAsync(client, """{ runDiff(from: "abc", to: "1") { from } }""");
        bad.HasErrors.ShouldBeTrue(bad.Body);
        bad.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("'from'");
    }

    [Fact]
    public async Task History_of_every_component_is_read_with_one_store_query()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        // Warm up: the first request pays for opening the connection and compiling the query.
        (await GraphQLCalls.PostAsync(client, "{ components(first: 1) { nodes { history { score } } } }")).Ok();

        var before = factory.StoreCommands.Readers;
        var data = (await GraphQLCalls.PostAsync(client, "{ components(first: 1000) { nodes { name history { runId score level } } } }")).Ok();
        var after = factory.StoreCommands.Readers;

        var nodes = data.GetProperty("components").GetProperty("nodes").Items().ToList();
        nodes.Count.ShouldBe(snapshot.Components.Count);
        nodes.ShouldAllBe(n => n.GetProperty("history").GetArrayLength() > 0);
        (after - before).ShouldBe(1);
    }
}
