namespace TechHealth.GraphQL.Tests.Types;

public class IntrospectionTests
{
    private static async Task<ExecutionResult> Introspect(Schema schema) =>
        await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = Introspection.FullQuery });

    [Fact]
    public async Task Full_introspection_query_runs_without_errors_and_lists_types_in_reference_order()
    {
        var result = await Introspect(SchemaBuilder.FromSdl("type Query { a(x: Int): Foo b: ID } type Foo { f: Float s: String } scalar Int enum E {A} interface I { x: Boolean }").Build());
        result.Errors.ShouldBeEmpty();
        var schema = (IReadOnlyDictionary<string, object?>)result.Data!["__schema"]!;
        var names = ((List<object?>)schema["types"]!).Select(t => ((IReadOnlyDictionary<string, object?>)t!)["name"]).ToList();
        // The order graphql-js buildSchema gives the same SDL.
        names.ShouldBe(new object?[]
        {
            "Query", "ID", "Foo", "Float", "String", "Int", "E", "I", "Boolean", "__Schema", "__Type", "__TypeKind", "__Field",
            "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation",
        });
    }

    [Fact]
    public async Task Introspection_reports_deprecations_defaults_one_of_specified_by_and_repeatable()
    {
        var schema = SchemaBuilder.FromSdl("""
            scalar Url @specifiedBy(url: "https://tools.ietf.org/html/rfc3986")
            directive @tag(name: String! = "x") repeatable on FIELD_DEFINITION
            input Pick @oneOf { id: ID name: String @deprecated(reason: "use id") }
            enum Color { RED GREEN @deprecated }
            type Query { old: Int @deprecated(reason: "gone") find(by: Pick, limit: Int = 5, color: Color = RED): Url @tag }
            """).Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest
        {
            Query = """
                {
                  url: __type(name: "Url") { specifiedByURL }
                  pick: __type(name: "Pick") { isOneOf inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
                  color: __type(name: "Color") { enumValues { name } all: enumValues(includeDeprecated: true) { name } }
                  query: __type(name: "Query") { fields { name } all: fields(includeDeprecated: true) { name args { name defaultValue } } }
                  __schema { directives { name isRepeatable } }
                }
                """,
        });
        result.Errors.ShouldBeEmpty();
        var json = result.ToJson();
        json.ShouldContain("\"specifiedByURL\":\"https://tools.ietf.org/html/rfc3986\"");
        json.ShouldContain("\"isOneOf\":true");
        json.ShouldContain("{\"name\":\"name\",\"isDeprecated\":true,\"deprecationReason\":\"use id\"}");
        json.ShouldContain("\"enumValues\":[{\"name\":\"RED\"}],\"all\":[{\"name\":\"RED\"},{\"name\":\"GREEN\"}]");
        json.ShouldContain("\"fields\":[{\"name\":\"find\"}]");
        json.ShouldContain("{\"name\":\"limit\",\"defaultValue\":\"5\"},{\"name\":\"color\",\"defaultValue\":\"RED\"}");
        json.ShouldContain("{\"name\":\"tag\",\"isRepeatable\":true}");
    }

    [Fact]
    public async Task Typename_and_type_lookup_work_and_unknown_type_is_null()
    {
        var result = await Executor.ExecuteAsync(TestSchemas.Build(), new GraphQLRequest { Query = "{ __typename t: __type(name: \"Nope\") { name } l: __type(name: \"Human\") { fields { type { kind ofType { name } } } } }" });
        result.Errors.ShouldBeEmpty();
        result.ToJson().ShouldStartWith("{\"data\":{\"__typename\":\"Query\",\"t\":null,\"l\":{\"fields\":[{\"type\":{\"kind\":\"NON_NULL\",\"ofType\":{\"name\":\"ID\"}}}");
    }
}
