using System.Text.Json;
using Npgsql;
using TechHealth.Storage;
using TechHealth.Storage.Tests;
using Xunit.Abstractions;

namespace TechHealth.OData.Tests;

/// <summary>
/// The same fleet seeded into PostgreSQL answers every query exactly as SQLite does: the translated
/// filters and orderings are plain EF expressions that both providers turn into SQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFeedTests(PostgresServer postgres, FeedFixture sqlite, ITestOutputHelper output) : IClassFixture<FeedFixture>
{
    private static IEnumerable<string> Queries()
    {
        foreach (var row in ComponentQueryTests.Filters)
            yield return "/odata/Components?$count=true&$filter=" + Uri.EscapeDataString((string)row[0]);
        yield return "/odata/Components?$orderby=" + Uri.EscapeDataString("Level desc,Score");
        yield return "/odata/Components?$orderby=" + Uri.EscapeDataString("Team,Name desc");
        yield return "/odata/Components?$top=33&$skip=4";
        yield return "/odata/Teams?$count=true";
        yield return "/odata/Teams?$filter=" + Uri.EscapeDataString("AverageScore gt 50") + "&$orderby=" + Uri.EscapeDataString("ComponentCount desc,AverageScore desc");
        yield return "/odata/Departments?$orderby=Name";
        yield return "/odata/CheckResults?$count=true&$filter=" + Uri.EscapeDataString("Status eq 'fail' and Level eq 'gold'");
        yield return "/odata/CheckResults?$filter=" + Uri.EscapeDataString("ExemptUntil lt 2027-06-01 and Team eq 'group:default/team-b'");
        yield return "/odata/Dependencies?$count=true&$filter=" + Uri.EscapeDataString("Ecosystem eq 'npm' and Version ne null") + "&$orderby=" + Uri.EscapeDataString("Version desc");
        yield return "/odata/Dependencies?$filter=" + Uri.EscapeDataString("Direct and not Unresolved and Line gt 10 and startswith(Purl,'pkg:maven/')");
        yield return "/odata/Dependencies?$count=true&$filter=" + Uri.EscapeDataString("Condition eq null and Ecosystem eq 'maven'");
        yield return "/odata/Dependencies?$filter=" + Uri.EscapeDataString("Condition ne null") + "&$orderby=" + Uri.EscapeDataString("Condition desc");
        yield return "/odata/Components?$expand=" + Uri.EscapeDataString("CheckResults($filter=Status eq 'fail' or Status eq 'warn';$orderby=Level desc,CheckId;$count=true;$select=CheckId,Status,Level)");
        yield return "/odata/Teams?$expand=" + Uri.EscapeDataString("Components($orderby=Score desc;$top=3;$skip=1;$count=true;$select=Ref,Score,Level),OwningDepartment");
        yield return "/odata/Departments?$expand=" + Uri.EscapeDataString("Teams($orderby=AverageScore desc;$expand=Components($select=Name,Score;$filter=Score gt 40))");
        yield return "/odata/Components?$select=Ref&$expand=" + Uri.EscapeDataString("OwningTeam($select=Name,AverageScore),Dependencies($filter=Condition ne null or startswith(Purl,'pkg:npm/');$select=Purl,Condition)");
    }

    [Fact]
    public async Task Postgresql_answers_every_query_as_sqlite_does()
    {
        if (postgres.Unavailable is not null)
        {
            output.WriteLine(postgres.Unavailable);
            return;
        }
        var commands = new CommandCapture();
        var running = await FeedFixture.StartAsync(new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = await postgres.CreateDatabaseAsync() }, commands);
        await using var app = running.App;
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var url in Queries())
        {
            var (expected, _, expectedFirst) = await sqlite.GetAllAsync(url);
            var (status, body, _) = await FeedFixture.GetJsonAsync(running.Client, url);
            if (status != 200) { mismatches.Add($"{url}: PostgreSQL answered {status}: {body}"); continue; }
            var (actual, _, actualFirst) = await FeedFixture.GetAllAsync(running.Client, url);
            if (actual.Count != expected.Count) { mismatches.Add($"{url}: {actual.Count} rows on PostgreSQL, {expected.Count} on SQLite"); continue; }
            if (expectedFirst.TryGetProperty("@odata.count", out var count) && actualFirst.GetProperty("@odata.count").GetInt64() != count.GetInt64())
                mismatches.Add($"{url}: @odata.count differs");
            for (var i = 0; i < actual.Count; i++)
                if (Difference(expected[i], actual[i]) is { } difference) { mismatches.Add($"{url}: row {i}: {difference}"); break; }
            compared += actual.Count;
        }
        output.WriteLine($"{compared} rows compared over {Queries().Count()} queries");
        mismatches.ShouldBeEmpty();
        compared.ShouldBeGreaterThan(300);

        // On PostgreSQL too a page of parents costs one statement per expanded collection (the team is joined).
        commands.Clear();
        var (expandStatus, _, _) = await FeedFixture.GetJsonAsync(running.Client, "/odata/Components?$expand=CheckResults,Dependencies,OwningTeam");
        expandStatus.ShouldBe(200);
        commands.Texts.Count.ShouldBe(3, string.Join("\n---\n", commands.Texts));
        // Nulls are placed explicitly so PostgreSQL orders as SQLite does.
        commands.Clear();
        (await FeedFixture.GetJsonAsync(running.Client, "/odata/Components?$orderby=Level")).Item1.ShouldBe(200);
        commands.Texts.Single().ShouldMatch(@"ORDER BY CASE\s+WHEN [\w""]+\.""Level"" IS NULL THEN 0\s+ELSE 1\s+END");
        NpgsqlConnection.ClearAllPools();
    }

    private static string? Difference(JsonElement expected, JsonElement actual, string path = "")
    {
        if (expected.ValueKind != actual.ValueKind) return $"{path} is {actual.GetRawText()} on PostgreSQL, {expected.GetRawText()} on SQLite";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expected.EnumerateObject())
                {
                    if (!actual.TryGetProperty(property.Name, out var other)) return $"{path}/{property.Name} is missing on PostgreSQL";
                    if (Difference(property.Value, other, $"{path}/{property.Name}") is { } difference) return difference;
                }
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{path} has {actual.GetArrayLength()} items on PostgreSQL, {expected.GetArrayLength()} on SQLite";
                // Expanded collections compare item by item, in order: nested $orderby must sort alike on both.
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    if (Difference(expected[i], actual[i], $"{path}[{i}]") is { } difference) return difference;
                return null;
            case JsonValueKind.Number:
                return Math.Abs(expected.GetDouble() - actual.GetDouble()) < 1e-9 ? null : $"{path} is {actual.GetRawText()} on PostgreSQL, {expected.GetRawText()} on SQLite";
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path} is {actual.GetRawText()} on PostgreSQL, {expected.GetRawText()} on SQLite";
        }
    }
}
