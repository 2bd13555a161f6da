namespace TechHealth.GraphQL.Tests.Execution;

public class QueryLimitsTests
{
    private static readonly Schema Schema = SchemaBuilder.FromSdl("""
        type Query { node: Node nodes(first: Int, limit: Int): [Node] }
        type Node { id: Int child: Node children(first: Int): [Node] }
        """).Build();

    private static Task<ExecutionResult> Run(string query, ExecutionLimits limits, IReadOnlyDictionary<string, object?>? variables = null) =>
        Executor.ExecuteAsync(Schema, new GraphQLRequest { Query = query, Variables = variables }, new ExecutionOptions { Limits = limits });

    [Fact]
    public async Task Deep_nesting_is_refused_with_the_depth_and_limit()
    {
        var query = "{ node " + string.Concat(Enumerable.Repeat("{ child ", 22)) + "{ id }" + new string('}', 22) + " }";
        var result = await Run(query, new ExecutionLimits { MaxDepth = 15 });
        result.ErrorKind.ShouldBe(GraphQLErrorKind.Limit);
        result.Errors.Single().Message.ShouldBe("Query depth 24 exceeds the limit of 15.");
        result.Errors.Single().Extensions!["limit"].ShouldBe("MaxDepth");
    }

    [Fact]
    public async Task Depth_counts_through_fragments()
    {
        var result = await Run("{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { id } }", new ExecutionLimits { MaxDepth = 3 });
        result.Errors.Single().Message.ShouldBe("Query depth 4 exceeds the limit of 3.");
    }

    [Fact]
    public async Task Alias_floods_are_refused()
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 60).Select(i => $"a{i}: node {{ id }}")) + " }";
        var result = await Run(query, new ExecutionLimits { MaxAliases = 50 });
        result.Errors.Single().Message.ShouldBe("Query uses 60 aliases, exceeding the limit of 50.");
    }

    [Fact]
    public void Cost_multiplies_nested_list_sizes_from_arguments_variables_and_defaults()
    {
        var document = Parser.Parse("query ($n: Int) { nodes(first: 100) { id children(first: $n) { id children { id } } } }");
        var operation = (OperationDefinitionNode)document.Definitions[0];
        var m = QueryLimits.Measure(Schema, operation, new Dictionary<string, FragmentDefinitionNode>(), new Dictionary<string, object?> { ["n"] = 20 }, 10);
        // nodes 1 + 100 * (id 1 + children (1 + 20 * (id 1 + children (1 + 10 * id 1))))
        m.Cost.ShouldBe(1 + 100 * (1 + 1 + 20 * (1 + 1 + 10 * 1)));
        m.Depth.ShouldBe(4);
    }

    [Fact]
    public async Task Expensive_lists_are_refused_before_any_resolver_runs()
    {
        var ran = false;
        var schema = SchemaBuilder.FromSdl("type Query { nodes(first: Int): [Node] } type Node { id: Int children(first: Int): [Node] }")
            .Resolve("Query", "nodes", _ =>
            {
                ran = true;
                return Array.Empty<object>();
            })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ nodes(first: 1000) { children(first: 1000) { id } } }" },
            new ExecutionOptions { Limits = new ExecutionLimits { MaxCost = 10_000 } });
        result.Errors.Single().Message.ShouldBe("Query cost 1001001 exceeds the limit of 10000.");
        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task Huge_documents_and_token_floods_are_refused()
    {
        var big = "{ " + new string(' ', 2000) + "node { id } }";
        (await Run(big, new ExecutionLimits { MaxDocumentLength = 1000 })).Errors.Single().Message
            .ShouldBe($"Document length {big.Length} exceeds the limit of 1000 characters.");
        var tokens = "{ " + string.Join(" ", Enumerable.Range(0, 100).Select(i => "node { id }")) + " }";
        var result = await Run(tokens, new ExecutionLimits { MaxTokens = 50 });
        result.ErrorKind.ShouldBe(GraphQLErrorKind.Limit);
        result.Errors.Single().Message.ShouldBe("Document has more than 50 tokens, exceeding the limit of 50.");
    }

    [Fact]
    public async Task Queries_within_limits_execute()
    {
        var result = await Run("{ nodes(first: 2) { id } }", ExecutionLimits.Recommended);
        result.Errors.ShouldBeEmpty();
        result.HasData.ShouldBeTrue();
    }

    [Fact]
    public async Task Token_limit_applies_to_documents_already_validated_for_the_schema()
    {
        const string query = "{ nodes(first: 2) { id child { id } } }";
        (await Run(query, new ExecutionLimits())).Errors.ShouldBeEmpty();
        var refused = await Run(query, new ExecutionLimits { MaxTokens = 5 });
        refused.ErrorKind.ShouldBe(GraphQLErrorKind.Limit);
        refused.Errors.Single().Message.ShouldBe("Document has more than 5 tokens, exceeding the limit of 5.");
    }
}
