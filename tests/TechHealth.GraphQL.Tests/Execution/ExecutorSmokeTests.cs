namespace TechHealth.GraphQL.Tests.Execution;

public class ExecutorSmokeTests
{
    private sealed record Book(string Title, int Pages, string? Author);

    private static Schema BuildSchema() =>
        SchemaBuilder.FromSdl("""
            type Query {
              hello(name: String = "world"): String!
              books: [Book!]!
              slow: Int
            }
            type Book { title: String! pages: Int author: String }
            """)
            .Resolve("Query", "hello", ctx => $"Hello {ctx.Arguments["name"]}")
            .Resolve("Query", "books", _ => new[] { new Book("A", 10, null), new Book("B", 20, "Z") })
            .Resolve("Query", "slow", async ctx =>
            {
                await Task.Delay(5, ctx.CancellationToken);
                return 42;
            })
            .Build();

    [Fact]
    public async Task Query_with_default_argument_async_resolver_and_list_of_objects_serializes_in_field_order()
    {
        var result = await Executor.ExecuteAsync(BuildSchema(), new GraphQLRequest
        {
            Query = "{ slow hello books { pages title } other: hello(name: \"you\") }",
        });

        result.Errors.ShouldBeEmpty();
        result.ToJson().ShouldBe("""{"data":{"slow":42,"hello":"Hello world","books":[{"pages":10,"title":"A"},{"pages":20,"title":"B"}],"other":"Hello you"}}""");
    }
}
