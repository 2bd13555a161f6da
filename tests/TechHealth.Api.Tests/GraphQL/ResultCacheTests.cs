using TechHealth.Api.Fleet;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// Answers kept per snapshot: a repeated query on the same evaluation run is answered from the cache with the same
/// bytes; variables, live fields, errors and a new run are each respected.
/// </summary>
[Collection(ServiceCollection.Name)]
public class ResultCacheTests(TechHealthFactory factory)
{
    // Each test names the operation differently: a document of its own, so no other test has kept its answers.
    private static string TeamQuery(string operation) => $$"""
        query {{operation}}($team: String!) {
          team(ref: $team) {
            name
            rollup { componentCount averageScore levels { level count share } failingMost { checkId failed rate } }
            components { name score level toFix { checkId status } }
          }
        }
        """;

    private ResultCache Cache => factory.Services.GetRequiredService<ResultCache>();

    private async Task<string[]> TeamsAsync(HttpClient client)
        => (await GraphQLCalls.PostAsync(client, "{ teams { name } }")).Ok().GetProperty("teams").Items().Select(t => t.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task A_query_asked_again_on_the_same_run_is_answered_from_the_cache_with_the_same_bytes()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var team = (await TeamsAsync(client))[0];
        var query = TeamQuery("FirstAndSecond");
        var (hits, misses, kept) = (Cache.Hits, Cache.Misses, Cache.KeptBytes);

        var first = await GraphQLCalls.PostAsync(client, query, new { team });
        first.Ok().GetProperty("team").GetProperty("name").GetString().ShouldBe(team);
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((0L, 1L));
        // The answer's data is what is kept, and counted against the limit.
        (Cache.KeptBytes - kept).ShouldBeGreaterThanOrEqualTo(first.Body.Length - "{\"data\":}".Length);

        var second = await GraphQLCalls.PostAsync(client, query, new { team });
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((1L, 1L));
        second.Body.ShouldBe(first.Body);
    }

    [Fact]
    public async Task Answers_are_kept_per_variables_and_the_spacing_of_the_json_does_not_matter()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var teams = await TeamsAsync(client);
        teams.Length.ShouldBeGreaterThan(1);
        var query = TeamQuery("PerVariables");

        var a = await GraphQLCalls.PostAsync(client, query, new { team = teams[0] });
        var b = await GraphQLCalls.PostAsync(client, query, new { team = teams[1] });
        a.Ok().GetProperty("team").GetProperty("name").GetString().ShouldBe(teams[0]);
        b.Ok().GetProperty("team").GetProperty("name").GetString().ShouldBe(teams[1]);
        b.Body.ShouldNotBe(a.Body);

        // The same variables written differently are the same request.
        var hits = Cache.Hits;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent($$"""{ "variables" : {  "team" : "{{teams[1]}}" }, "query": {{System.Text.Json.JsonSerializer.Serialize(query)}} }""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        (await response.Content.ReadAsStringAsync()).ShouldBe(b.Body);
        (Cache.Hits - hits).ShouldBe(1L);
    }

    [Theory]
    [InlineData("{ scanRuns(first: 1) { id } }")]
    [InlineData("{ evaluationRuns(first: 1) { id } }")]
    [InlineData("{ exemptions { id } }")]
    [InlineData("{ definitions { version } }")]
    [InlineData("{ scanProgress { running } }")]
    [InlineData("{ teams { name trend(first: 2) { averageScore } } }")]
    [InlineData("{ components(first: 2) { edges { node { name history(first: 2) { score } } } } }")]
    [InlineData("query { ...Live } fragment Live on Query { components(first: 1) { edges { node { ... on Component { exemptions { id } } } } } }")]
    public async Task A_query_that_selects_a_field_read_from_the_store_the_clock_or_a_scan_under_way_is_always_executed(string query)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var (hits, misses) = (Cache.Hits, Cache.Misses);
        for (var i = 0; i < 2; i++)
            (await GraphQLCalls.PostAsync(client, query)).Ok();
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((0L, 0L));
    }

    [Fact]
    public async Task An_answer_with_errors_is_not_kept()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var (hits, misses) = (Cache.Hits, Cache.Misses);
        for (var i = 0; i < 2; i++)
            (await GraphQLCalls.PostAsync(client, """{ heatmap(kind: COMPONENTS_BY_CHECKS, scope: "no-such-team") { title } }""")).HasErrors.ShouldBeTrue();
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((0L, 0L));
    }

    [Fact]
    public async Task A_new_evaluation_run_starts_an_empty_cache()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        const string query = "{ organisation { componentCount averageScore } }\n# a new run";
        await GraphQLCalls.PostAsync(client, query);
        var (hits, misses) = (Cache.Hits, Cache.Misses);
        var before = await GraphQLCalls.PostAsync(client, query);
        (Cache.Hits - hits).ShouldBe(1L);

        var previous = factory.Services.GetRequiredService<FleetState>().Current;
        await factory.Services.GetRequiredService<EvaluationService>().EvaluateAsync(EvaluationTrigger.Manual, store: false);
        factory.Services.GetRequiredService<FleetState>().Current.ShouldNotBeSameAs(previous);

        var after = await GraphQLCalls.PostAsync(client, query);
        after.Body.ShouldBe(before.Body); // the same fleet evaluated again gives the same figures...
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((1L, 1L)); // ...but they were computed afresh from the new run
    }
}

/// <summary>A small service of its own with <c>TechHealth:GraphQL:ResultCacheMegabytes</c> set, started for one test class.</summary>
public abstract class ResultCacheSizedTests(int megabytes) : IAsyncLifetime
{
    private sealed class Factory(int megabytes) : TechHealthFactory(components: 8, new Dictionary<string, string?> { ["TechHealth:GraphQL:ResultCacheMegabytes"] = megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    protected TechHealthFactory Service { get; } = new Factory(megabytes);

    public Task InitializeAsync() => Service.ReadyAsync();

    public Task DisposeAsync() => Service.DisposeAsync().AsTask();
}

/// <summary>With <c>TechHealth:GraphQL:ResultCacheMegabytes</c> 0, every query is executed.</summary>
public class ResultCacheOffTests() : ResultCacheSizedTests(megabytes: 0)
{
    [Fact]
    public async Task Nothing_is_kept_when_the_cache_is_off()
    {
        using var client = Service.CreateClient();
        var first = await GraphQLCalls.PostAsync(client, "{ organisation { componentCount averageScore } }");
        var second = await GraphQLCalls.PostAsync(client, "{ organisation { componentCount averageScore } }");
        second.Body.ShouldBe(first.Body);
        var cache = Service.Services.GetRequiredService<ResultCache>();
        cache.Enabled.ShouldBeFalse();
        (cache.Hits, cache.Misses).ShouldBe((0L, 0L));
    }
}

/// <summary>With a 1 MB bound, answers beyond it are executed each time and what is kept stays within it.</summary>
public class ResultCacheBoundTests() : ResultCacheSizedTests(megabytes: 1)
{
    [Fact]
    public async Task Distinct_queries_do_not_take_more_memory_than_the_bound()
    {
        using var client = Service.CreateClient();
        var cache = Service.Services.GetRequiredService<ResultCache>();
        long answered = 0;
        // Each document differs by an alias, so each is a request of its own: well over 1 MB of answers in all.
        for (var i = 0; i < 120; i++)
        {
            var answer = await GraphQLCalls.PostAsync(client, $"{{ c{i}: components(first: 100) {{ edges {{ node {{ name results {{ checkId status message }} }} }} }} }}");
            answer.Ok();
            answered += answer.Body.Length;
        }
        answered.ShouldBeGreaterThan(2L * 1024 * 1024);
        cache.Misses.ShouldBe(120);
        // Refused and evicted answers are taken off the count as the cache calls back (on the thread pool).
        var until = DateTime.UtcNow.AddSeconds(10);
        while (cache.KeptBytes > 1024 * 1024 && DateTime.UtcNow < until) await Task.Delay(50);
        cache.KeptBytes.ShouldBeInRange(1L, 1024 * 1024);
    }

    [Fact]
    public async Task An_answer_larger_than_a_sixteenth_of_the_bound_is_not_kept()
    {
        using var client = Service.CreateClient();
        var cache = Service.Services.GetRequiredService<ResultCache>();
        var query = "{ " + string.Concat(Enumerable.Range(0, 6).Select(i => $"c{i}: components(first: 100) {{ edges {{ node {{ name results {{ checkId status message evidence {{ message file line }} }} }} }} }} ")) + "}";
        var misses = cache.Misses;
        var first = await GraphQLCalls.PostAsync(client, query);
        first.Ok();
        first.Body.Length.ShouldBeGreaterThan(1024 * 1024 / 16);
        var second = await GraphQLCalls.PostAsync(client, query);
        second.Body.ShouldBe(first.Body);
        (cache.Misses - misses).ShouldBe(0L);
    }
}
