using System.Diagnostics;
using System.Text;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>Queries meant to exhaust the service are refused before they run, quickly, naming the limit they broke.</summary>
[Collection(ServiceCollection.Name)]
public class AbusiveQueryTests(TechHealthFactory factory)
{
    public static TheoryData<string, string, string> Abusive => new()
    {
        { "deep nesting", DeepQuery(12), "MaxDepth" },
        { "alias flood", "{ " + string.Concat(Enumerable.Range(0, 200).Select(i => $"a{i}: organisation {{ componentCount }} ")) + "}", "MaxAliases" },
        { "huge document", "{ organisation { componentCount } }" + new string(' ', 200_000), "MaxDocumentLength" },
        { "expensive lists", "{ teams { components(first: 10000) { dependencies { radarEntry { usage { component team } } } results { evidence { message } } } } }", "MaxCost" },
    };

    private static string DeepQuery(int levels)
    {
        var sb = new StringBuilder("{ teams { ");
        for (var i = 0; i < levels; i++) sb.Append("components { team { ");
        sb.Append("name");
        for (var i = 0; i < levels; i++) sb.Append(" } }");
        return sb.Append(" } }").ToString();
    }

    [Theory]
    [MemberData(nameof(Abusive))]
    public async Task An_abusive_query_is_refused_before_it_runs_naming_the_limit(string kind, string query, string limit)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, query);
        answer.HasErrors.ShouldBeTrue($"{kind}: {answer.Body[..Math.Min(300, answer.Body.Length)]}");
        answer.Root.TryGetProperty("data", out _).ShouldBeFalse(kind);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("limit");
        answer.FirstErrorCode.ShouldBe("LIMIT_EXCEEDED");
        answer.FirstError.GetProperty("extensions").GetProperty("limit").GetString().ShouldBe(limit);
    }

    [Fact]
    public async Task A_normal_query_answers_while_abusive_queries_pour_in()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var stop = new CancellationTokenSource();
        var abusers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var refused = 0;
            var queries = Abusive.Select(row => (string)row[1]).ToList();
            while (!stop.IsCancellationRequested)
            {
                var answer = await GraphQLCalls.PostAsync(client, queries[refused % queries.Count]);
                answer.HasErrors.ShouldBeTrue();
                refused++;
            }
            return refused;
        })).ToList();

        await Task.Delay(300);
        var normal = (await GraphQLCalls.PostAsync(client, "{ organisation { componentCount averageScore } teams { name rollup { averageScore } } }")).Ok();
        await stop.CancelAsync();
        var refusals = await Task.WhenAll(abusers);

        normal.GetProperty("organisation").GetProperty("componentCount").GetInt32().ShouldBe(40);
        refusals.Sum().ShouldBeGreaterThan(4);
    }
}
