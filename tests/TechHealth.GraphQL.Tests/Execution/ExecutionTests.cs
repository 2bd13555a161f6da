using System.Text.Json;

namespace TechHealth.GraphQL.Tests.Execution;

public class ExecutionTests
{
    private static readonly Dictionary<string, object?> Root = new()
    {
        ["hero"] = new Dictionary<string, object?>
        {
            ["__typename"] = "Human", ["id"] = "1", ["name"] = "Luke", ["height"] = 1.72,
            ["friends"] = new List<object?> { new Dictionary<string, object?> { ["__typename"] = "Droid", ["id"] = "2", ["name"] = "R2" }, null },
        },
        ["nonNullList"] = new List<object?> { "a", null },
        ["numbers"] = new List<object?> { 1, 1.5, 1e21, 1e-7, 123456789012L },
        ["nn"] = null,
        ["nested"] = new Dictionary<string, object?>
        {
            ["a"] = new Dictionary<string, object?> { ["b"] = null },
            ["b"] = "top",
            ["c"] = new List<object?> { new Dictionary<string, object?> { ["b"] = "ok", ["d"] = 1.5 } },
            ["d"] = "7",
        },
    };

    private static async Task<string> Run(string query, object? variables = null, Schema? schema = null, object? root = null)
    {
        var request = new GraphQLRequest
        {
            Query = query,
            VariablesJson = variables is null ? null : JsonSerializer.SerializeToElement(variables),
        };
        var result = await Executor.ExecuteAsync(schema ?? TestSchemas.Build(), request, new ExecutionOptions { RootValue = root ?? Root });
        return result.ToJson();
    }

    [Fact]
    public async Task Interfaces_resolve_by_typename_and_fragments_apply_per_runtime_type()
    {
        var json = await Run("{ hero { __typename name ... on Human { height } friends { name ... on Droid { id } } } }");
        json.ShouldBe("""{"data":{"hero":{"__typename":"Human","name":"Luke","height":1.72,"friends":[{"name":"R2","id":"2"},null]}}}""");
    }

    [Fact]
    public async Task Null_in_non_null_list_item_nulls_the_nearest_nullable_parent()
    {
        var json = await Run("{ nonNullList str }");
        json.ShouldBe("""{"errors":[{"message":"Cannot return null for non-nullable field Query.nonNullList.","locations":[{"line":1,"column":3}],"path":["nonNullList",1]}],"data":null}""");
    }

    [Fact]
    public async Task Non_null_error_inside_object_nulls_that_object_and_keeps_siblings()
    {
        var json = await Run("{ nested { a { b } b c { d } d } }");
        json.ShouldBe("""{"errors":[{"message":"Cannot return null for non-nullable field Nested.b.","locations":[{"line":1,"column":16}],"path":["nested","a","b"]},{"message":"Int cannot represent non-integer value: 1.5","locations":[{"line":1,"column":26}],"path":["nested","c",0,"d"]}],"data":{"nested":{"a":null,"b":"top","c":[{"d":null}],"d":7}}}""");
    }

    [Fact]
    public async Task Floats_serialize_like_javascript()
    {
        var json = await Run("{ numbers }");
        json.ShouldBe("""{"data":{"numbers":[1,1.5,1e+21,1e-7,123456789012]}}""");
    }

    [Fact]
    public async Task Skip_and_include_remove_fields()
    {
        var json = await Run("query ($no: Boolean!) { a: str @skip(if: true) b: str @include(if: $no) hero @include(if: true) { name } }", new { no = false });
        json.ShouldBe("""{"data":{"hero":{"name":"Luke"}}}""");
    }

    [Theory]
    [InlineData("query ($a: Int) { arg(a: $a, b: \"x\") }", """{"a":"abc"}""", "Variable \"$a\" has invalid value: Int cannot represent non-integer value: \"abc\"")]
    [InlineData("query ($a: Int!) { arg(a: $a, b: \"x\") }", "{}", "Variable \"$a\" has invalid value: Expected a value of non-null type \"Int!\" to be provided.")]
    [InlineData("query ($a: Int!) { arg(a: $a, b: \"x\") }", """{"a":null}""", "Variable \"$a\" has invalid value: Expected value of non-null type \"Int!\" not to be null.")]
    [InlineData("query ($i: In) { arg(b: \"x\", i: $i) }", """{"i":{"x":1,"q":2}}""", "Variable \"$i\" has invalid value: Expected value of type \"In\" not to include unknown field \"q\". Did you mean \"x\", \"y\", or \"z\"? Found: { x: 1, q: 2 }.")]
    [InlineData("query ($o: One) { arg(b: \"x\", o: $o) }", """{"o":{"a":1,"b":"x"}}""", "Variable \"$o\" has invalid value: Within OneOf Input Object type \"One\", exactly one field must be specified, and the value for that field must be non-null.")]
    [InlineData("query ($e: Episode) { arg(b: \"x\", e: $e) }", """{"e":"JED"}""", "Variable \"$e\" has invalid value: Value \"JED\" does not exist in \"Episode\" enum. Did you mean the enum value \"JEDI\"?")]
    [InlineData("query ($c: [Int!]) { arg(b: \"x\", c: $c) }", """{"c":[1,null]}""", "Variable \"$c\" has invalid value at [1]: Expected value of non-null type \"Int!\" not to be null.")]
    [InlineData("query ($i: In) { arg(b: \"x\", i: $i) }", """{"i":{"x":1,"z":[{"y":"a"}]}}""", "Variable \"$i\" has invalid value at .z[0]: Expected value of type \"In\" to include required field \"x\", found: { y: \"a\" }.")]
    public async Task Variable_coercion_errors_use_reference_messages(string query, string variables, string message)
    {
        var result = await Executor.ExecuteAsync(TestSchemas.Build(), new GraphQLRequest
        {
            Query = query,
            VariablesJson = JsonDocument.Parse(variables).RootElement,
        });
        result.ErrorKind.ShouldBe(GraphQLErrorKind.VariableCoercion);
        result.HasData.ShouldBeFalse();
        result.Errors.Single().Message.ShouldBe(message);
    }

    [Fact]
    public async Task Arguments_receive_coerced_values_and_defaults()
    {
        IReadOnlyDictionary<string, object?>? seen = null;
        var schema = SchemaBuilder.FromSdl(TestSchemas.Sdl)
            .Resolve("Query", "arg", ctx =>
            {
                seen = ctx.Arguments;
                return "ok";
            })
            .Build();
        var json = await Run("query ($n: [Int!] = [1, 2]) { arg(b: \"x\", c: $n, i: {x: 3}, e: EMPIRE, f: 2, id: 7) }", schema: schema);
        json.ShouldBe("""{"data":{"arg":"ok"}}""");
        seen!["c"].ShouldBe(new List<object?> { 1, 2 });
        ((IReadOnlyDictionary<string, object?>)seen["i"]!)["y"].ShouldBe("d");
        seen["e"].ShouldBe("EMPIRE");
        seen["f"].ShouldBe(2.0);
        seen["id"].ShouldBe("7");
    }

    private sealed class Counter
    {
        public int Value;
    }

    [Fact]
    public async Task Mutation_fields_run_one_after_another_in_document_order()
    {
        var counter = new Counter();
        var log = new List<string>();
        var schema = SchemaBuilder.FromSdl("type Query { a: Int } type Mutation { inc(by: Int!): Int }")
            .Resolve("Mutation", "inc", async ctx =>
            {
                var by = ctx.Argument<int>("by");
                log.Add($"start {by}");
                await Task.Delay(by == 1 ? 30 : 1);
                counter.Value += by;
                log.Add($"end {by}");
                return counter.Value;
            })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "mutation { first: inc(by: 1) second: inc(by: 10) }" });
        result.ToJson().ShouldBe("""{"data":{"first":1,"second":11}}""");
        log.ShouldBe(new[] { "start 1", "end 1", "start 10", "end 10" });
    }

    [Fact]
    public async Task Query_fields_with_async_resolvers_run_concurrently_but_keep_field_order()
    {
        // "first" can only finish once "second" has started, which proves both are in flight together.
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schema = SchemaBuilder.FromSdl("type Query { first: Int second: Int }")
            .Resolve("Query", "first", async _ =>
            {
                await secondStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
                return 1;
            })
            .Resolve("Query", "second", async _ =>
            {
                secondStarted.TrySetResult();
                await Task.Yield();
                return 2;
            })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ first second }" });
        result.ToJson().ShouldBe("""{"data":{"first":1,"second":2}}""");
    }

    [Fact]
    public async Task Resolver_exceptions_become_errors_with_path_and_graphql_exception_extensions()
    {
        var schema = SchemaBuilder.FromSdl("type Query { a: Int b: String c: Int! }")
            .Resolve("Query", "a", _ => throw new InvalidOperationException("boom"))
            .Resolve("Query", "b", _ => throw new GraphQLException("Not allowed", new Dictionary<string, object?> { ["code"] = "FORBIDDEN" }))
            .Resolve("Query", "c", _ => 3)
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ a b c }" });
        result.ToJson().ShouldBe("""{"errors":[{"message":"boom","locations":[{"line":1,"column":3}],"path":["a"]},{"message":"Not allowed","locations":[{"line":1,"column":5}],"path":["b"],"extensions":{"code":"FORBIDDEN"}}],"data":{"a":null,"b":null,"c":3}}""");
        result.ErrorKind.ShouldBe(GraphQLErrorKind.Execution);
        result.Errors[0].OriginalException.ShouldBeOfType<InvalidOperationException>();

        var masked = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ a }" }, new ExecutionOptions { ExposeExceptionMessages = false });
        masked.Errors.Single().Message.ShouldBe("Unexpected error.");
    }

    private sealed record Dog(string Name, int BarkVolume);

    private sealed record Cat(string Name, int MeowVolume);

    [Fact]
    public async Task Default_resolver_reads_clr_properties_case_insensitively_and_clr_type_names_resolve_unions()
    {
        var schema = SchemaBuilder.FromSdl("type Query { pets: [CatOrDog] } union CatOrDog = Cat | Dog type Dog { name: String barkVolume: Int } type Cat { name: String meowVolume: Int }")
            .Resolve("Query", "pets", _ => new object[] { new Dog("Rex", 3), new Cat("Tom", 1) })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ pets { __typename ... on Dog { name barkVolume } ... on Cat { meowVolume } } }" });
        result.ToJson().ShouldBe("""{"data":{"pets":[{"__typename":"Dog","name":"Rex","barkVolume":3},{"__typename":"Cat","meowVolume":1}]}}""");
    }

    [Fact]
    public async Task Resolve_type_binding_and_unresolvable_abstract_values_report_errors()
    {
        var schema = SchemaBuilder.FromSdl("type Query { pet: Pet other: Pet } interface Pet { name: String } type Dog implements Pet { name: String }")
            .Resolve("Query", "pet", _ => new Dictionary<string, object?> { ["name"] = "Rex" })
            .Resolve("Query", "other", _ => 42)
            .ResolveType("Pet", (value, _) => value is int ? null : "Dog")
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ pet { name } other { name } }" });
        result.Data!["pet"].ShouldNotBeNull();
        result.Errors.Single().Message.ShouldBe("Abstract type \"Pet\" must resolve to an Object type at runtime for field \"Query.other\". Either the \"Pet\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.");
    }

    [Fact]
    public async Task Custom_scalars_convert_input_literals_variables_and_output()
    {
        var schema = SchemaBuilder.FromSdl("scalar Date type Query { next(d: Date!): Date }")
            .ScalarType("Date",
                serialize: v => ((DateOnly)v!).ToString("yyyy-MM-dd"),
                parseValue: v => DateOnly.Parse((string)v!),
                parseLiteral: node => node is StringValueNode s ? DateOnly.Parse(s.Value) : throw new GraphQLException("Date must be a string."))
            .Resolve("Query", "next", ctx => ctx.Argument<DateOnly>("d").AddDays(1))
            .Build();
        (await Run("{ next(d: \"2024-02-28\") }", schema: schema)).ShouldBe("""{"data":{"next":"2024-02-29"}}""");
        (await Run("query ($d: Date!) { next(d: $d) }", new { d = "2024-12-31" }, schema)).ShouldBe("""{"data":{"next":"2025-01-01"}}""");
        (await Run("{ next(d: 5) }", schema: schema)).ShouldContain("Date must be a string.");
    }

    [Fact]
    public async Task Operation_selection_errors_are_request_errors()
    {
        var schema = TestSchemas.Build();
        (await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "query A { str } query B { str }" })).Errors.Single().Message
            .ShouldBe("Must provide operation name if query contains multiple operations.");
        var unknown = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "query A { str }", OperationName = "C" });
        unknown.Errors.Single().Message.ShouldBe("Unknown operation named \"C\".");
        unknown.ErrorKind.ShouldBe(GraphQLErrorKind.Request);
        (await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = null })).Errors.Single().Message.ShouldBe("Must provide query string.");
        (await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "" })).Errors.Single().Message.ShouldBe("Syntax Error: Unexpected <EOF>.");
    }

    [Fact]
    public async Task Mutations_can_be_forbidden_for_a_request()
    {
        var schema = SchemaBuilder.FromSdl("type Query { a: Int } type Mutation { m: Int }").Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "mutation { m }" },
            new ExecutionOptions { AllowedOperations = AllowedOperations.Query });
        result.ErrorKind.ShouldBe(GraphQLErrorKind.OperationNotAllowed);
        result.HasData.ShouldBeFalse();
    }

    [Fact]
    public async Task Parse_and_validation_failures_have_no_data_entry()
    {
        var parse = await Executor.ExecuteAsync(TestSchemas.Build(), new GraphQLRequest { Query = "{ str" });
        parse.ErrorKind.ShouldBe(GraphQLErrorKind.Parse);
        parse.ToJson().ShouldBe("""{"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":6}]}]}""");
        var invalid = await Executor.ExecuteAsync(TestSchemas.Build(), new GraphQLRequest { Query = "{ nope }" });
        invalid.ErrorKind.ShouldBe(GraphQLErrorKind.Validation);
        invalid.HasData.ShouldBeFalse();
    }

    [Fact]
    public async Task Timeout_returns_a_limit_error_naming_the_time_limit()
    {
        var resolverToken = CancellationToken.None;
        var schema = SchemaBuilder.FromSdl("type Query { slow: Int }")
            .Resolve("Query", "slow", async ctx =>
            {
                resolverToken = ctx.CancellationToken;
                await Task.Delay(TimeSpan.FromMinutes(5), ctx.CancellationToken);
                return 1;
            })
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ slow }" },
            new ExecutionOptions { Limits = new ExecutionLimits { Timeout = TimeSpan.FromMilliseconds(100) } });
        // The answer came back while the resolver still had minutes to wait, because its token was cancelled.
        resolverToken.IsCancellationRequested.ShouldBeTrue();
        result.ErrorKind.ShouldBe(GraphQLErrorKind.Limit);
        result.Errors.Single().Message.ShouldBe("Execution exceeded the time limit of 100 ms.");
    }

    [Fact]
    public async Task Caller_cancellation_cancels_execution()
    {
        var schema = SchemaBuilder.FromSdl("type Query { slow: Int }")
            .Resolve("Query", "slow", async ctx =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ctx.CancellationToken);
                return 1;
            })
            .Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Should.ThrowAsync<OperationCanceledException>(() =>
            Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ slow }" }, new ExecutionOptions { CancellationToken = cts.Token }));
    }

    [Fact]
    public async Task Resolve_context_exposes_path_services_and_user_context()
    {
        string? seen = null;
        var schema = SchemaBuilder.FromSdl("type Query { items: [Item] } type Item { who: String }")
            .Resolve("Query", "items", _ => new object[] { new object() })
            .Resolve("Item", "who", ctx =>
            {
                seen = string.Join("/", ctx.Path) + " " + ctx.UserContext["user"] + " " + ctx.ParentType.Name + "." + ctx.FieldName;
                return "x";
            })
            .Build();
        var options = new ExecutionOptions { UserContext = new Dictionary<string, object?> { ["user"] = "ada" } };
        await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ items { who } }" }, options);
        seen.ShouldBe("items/0/who ada Item.who");
    }
}

public class ExecutorEntryPointTests
{
    [Fact]
    public async Task Graphql_executor_runs_queries_with_its_default_options()
    {
        var schema = SchemaBuilder.FromSdl("type Query { greet(name: String!): String }")
            .Resolve("Query", "greet", ctx => "hi " + ctx.Argument<string>("name"))
            .Build();
        var executor = new GraphQLExecutor(schema, new ExecutionOptions { Limits = ExecutionLimits.Recommended });
        var result = await executor.ExecuteAsync("query ($n: String!) { greet(name: $n) }", new Dictionary<string, object?> { ["n"] = "ada" });
        result.ToJson().ShouldBe("""{"data":{"greet":"hi ada"}}""");
    }

    [Fact]
    public async Task Non_null_root_failure_writes_data_null_after_errors()
    {
        var schema = SchemaBuilder.FromSdl("type Query { must: String! }").Resolve("Query", "must", _ => null).Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ must }" });
        result.HasData.ShouldBeTrue();
        result.Data.ShouldBeNull();
        result.ToJson().ShouldBe("""{"errors":[{"message":"Cannot return null for non-nullable field Query.must.","locations":[{"line":1,"column":3}],"path":["must"]}],"data":null}""");
    }

    [Fact]
    public async Task Unvalidated_documents_report_argument_coercion_errors_at_the_field()
    {
        var schema = SchemaBuilder.FromSdl("type Query { f(n: Int!): Int }").Resolve("Query", "f", ctx => ctx.Argument<int>("n")).Build();
        var document = Parser.Parse("{ f(n: \"x\") g: f }");
        var result = await Executor.ExecuteAsync(schema, document, new GraphQLRequest(), validate: false);
        result.Errors.Select(e => e.Message).ShouldBe(new[]
        {
            "Argument \"Query.f(n:)\" has invalid value: Int cannot represent non-integer value: \"x\"",
            "Argument \"Query.f(n:)\" of required type \"Int!\" was not provided.",
        });
        result.Errors[0].Locations!.Single().ShouldBe(new SourceLocation(1, 8));
    }
}
