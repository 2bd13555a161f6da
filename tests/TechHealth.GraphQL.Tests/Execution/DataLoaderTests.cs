namespace TechHealth.GraphQL.Tests.Execution;

public class DataLoaderTests
{
    private sealed record Component(int Id, int OwnerId);

    [Fact]
    public async Task A_thousand_list_items_load_their_owners_with_one_batch_call()
    {
        var batchCalls = 0;
        var keysSeen = 0;
        var schema = SchemaBuilder.FromSdl("type Query { components: [Component!]! } type Component { id: Int! owner: Team } type Team { name: String! }")
            .Resolve("Query", "components", _ => Enumerable.Range(1, 1000).Select(i => new Component(i, i % 7)).ToList())
            .Resolve("Component", "owner", async ctx =>
            {
                var loader = ctx.GetLoader<int, Dictionary<string, object?>>("teams", async (keys, ct) =>
                {
                    Interlocked.Increment(ref batchCalls);
                    keysSeen += keys.Count;
                    await Task.Delay(5, ct);
                    return keys.ToDictionary(k => k, k => new Dictionary<string, object?> { ["name"] = $"team-{k}" });
                });
                return await loader.LoadAsync(((Component)ctx.Source!).OwnerId);
            })
            .Build();

        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ components { id owner { name } } }" });

        result.Errors.ShouldBeEmpty();
        batchCalls.ShouldBe(1);
        keysSeen.ShouldBe(7);
        var components = (List<object?>)result.Data!["components"]!;
        components.Count.ShouldBe(1000);
        ((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)components[9]!)["owner"]!)["name"].ShouldBe("team-3");
    }

    [Fact]
    public async Task Nested_levels_batch_once_per_level()
    {
        var calls = new List<int>();
        var schema = SchemaBuilder.FromSdl("type Query { nodes: [Node] } type Node { id: Int child: Node }")
            .Resolve("Query", "nodes", _ => Enumerable.Range(0, 50).Select(i => new Dictionary<string, object?> { ["id"] = i }).ToList())
            .Resolve("Node", "child", async ctx =>
            {
                var loader = ctx.GetLoader<int, Dictionary<string, object?>>("child", keys =>
                {
                    lock (calls) calls.Add(keys.Count);
                    return keys.ToDictionary(k => k, k => new Dictionary<string, object?> { ["id"] = k + 1000 });
                });
                var id = (int)((Dictionary<string, object?>)ctx.Source!)["id"]!;
                return await loader.LoadAsync(id);
            })
            .Build();

        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ nodes { child { id child { id } } } }" });

        result.Errors.ShouldBeEmpty();
        calls.ShouldBe(new[] { 50, 50 });
    }

    [Fact]
    public async Task Batch_failure_becomes_an_error_on_each_waiting_field()
    {
        var schema = SchemaBuilder.FromSdl("type Query { items: [Item] } type Item { value: Int }")
            .Resolve("Query", "items", _ => new[] { 1, 2 })
            .Resolve("Item", "value", async ctx =>
            {
                var loader = ctx.GetLoader<int, int>("broken", (keys, _) => throw new InvalidOperationException("database down"));
                return await loader.LoadAsync((int)ctx.Source!);
            })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ items { value } }" });
        result.Errors.Select(e => string.Join(".", e.Path!)).ShouldBe(new[] { "items.0.value", "items.1.value" });
        result.Errors.ShouldAllBe(e => e.Message == "database down");
    }
}
