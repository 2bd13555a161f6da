using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>The curl commands in docs/graphql.md, sent exactly as written to a running service.</summary>
[Collection(ServiceCollection.Name)]
public partial class DocumentedQueryTests(TechHealthFactory factory)
{
    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^curl -s (?<url>\S+) -H 'Content-Type: application/json' -d '(?<json>[^']*)'\s*$")]
    private static partial Regex Curl();

    public static IReadOnlyList<string> CurlCommands()
        => BashBlock().Matches(File.ReadAllText(Path.Combine(TechHealthFactory.RepositoryRoot, "docs", "graphql.md")))
            .SelectMany(m => m.Groups["body"].Value.Split('\n'))
            .Where(line => line.StartsWith("curl ", StringComparison.Ordinal))
            .ToList();

    public static TheoryData<string> Commands() => new(CurlCommands());

    [Fact]
    public void The_doc_shows_team_scores_a_department_heatmap_and_gate_eligibility()
    {
        var commands = CurlCommands();
        commands.Count.ShouldBe(3);
        commands.ShouldContain(c => c.Contains("query TeamScores"));
        commands.ShouldContain(c => c.Contains("query DepartmentHeatmap"));
        commands.ShouldContain(c => c.Contains("query GateEligibility"));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_documented_curl_command_answers_without_errors(string command)
    {
        var match = Curl().Match(command);
        match.Success.ShouldBeTrue($"not in the documented curl form: {command}");
        match.Groups["url"].Value.ShouldBe("http://localhost:5080/graphql");
        using var body = JsonDocument.Parse(match.Groups["json"].Value);

        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/graphql", new StringContent(match.Groups["json"].Value, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        using var answer = JsonDocument.Parse(text);
        answer.RootElement.TryGetProperty("errors", out _).ShouldBeFalse(text);
        var data = answer.RootElement.GetProperty("data");
        var root = data.EnumerateObject().Single().Value;
        root.ValueKind.ShouldBe(JsonValueKind.Object, text);
        // Each example must show something: a team with components, a heatmap with its cells, a gate with its decisions.
        var shown = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).Sum(p => p.Value.GetArrayLength());
        shown.ShouldBeGreaterThan(0, text);
        if (root.TryGetProperty("cells", out var cells)) cells.GetArrayLength().ShouldBe(8, text);
    }
}
