namespace TechHealth.GraphQL.Tests.Types;

public class SchemaBuilderTests
{
    [Theory]
    [InlineData("type Query { a: Foo }", "Unknown type \"Foo\". (line 1, column 17)")]
    [InlineData("type Query { a: Int a: String }", "Field \"Query.a\" can only be defined once. (line 1, column 14)")]
    [InlineData("type Query { a: Int } type Query { b: Int }", "There can be only one type named \"Query\". (line 1, column 6)")]
    [InlineData("type Query { a(x: Int, x: Int): Int }", "Argument \"Query.a(x:)\" can only be defined once. (line 1, column 16)")]
    [InlineData("type Query { a: Int @unknown }", "Unknown directive \"@unknown\". (line 1, column 21)")]
    [InlineData("type Query { a: Int @skip(if: true) }", "Directive \"@skip\" may not be used on FIELD_DEFINITION. (line 1, column 21)")]
    [InlineData("extend type Foo { a: Int } type Query { a: Int }", "Cannot extend type \"Foo\" because it is not defined. (line 1, column 13)")]
    [InlineData("scalar S extend type S { a: Int } type Query { a: S }", "Cannot extend non-object type \"S\". (line 1, column 1)")]
    [InlineData("enum E { A A } type Query { e: E }", "Enum value \"E.A\" can only be defined once. (line 1, column 10)")]
    [InlineData("type Query { a: Int @deprecated @deprecated }", "The directive \"@deprecated\" can only be used once at this location. (line 1, column 21)")]
    [InlineData("directive @d(a: Int!) on FIELD_DEFINITION type Query { a: Int @d }", "Argument \"@d(a:)\" of type \"Int!\" is required, but it was not provided. (line 1, column 63)")]
    [InlineData("type Query { a: In } input In { a: Int }", "The type of Query.a must be Output Type but got: In. (line 1, column 17)")]
    [InlineData("interface I { a: Int } type Query implements I { b: Int }", "Interface field I.a expected but Query does not provide it. (line 1, column 15)")]
    [InlineData("input A { b: B! } input B { a: A! } type Query { f(a: A): Int }", "Input Object A cannot be provided a finite value because it references itself through fields: A.b, B.a. (line 1, column 11)")]
    [InlineData("input O @oneOf { a: Int! } type Query { f(o: O): Int }", "OneOf input field O.a must be nullable. (line 1, column 18)")]
    [InlineData("type Query { __a: Int }", "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection. (line 1, column 14)")]
    [InlineData("type Query", "Type Query must define one or more fields. (line 1, column 1)")]
    [InlineData("type Foo { a: Int }", "Query root type must be provided.")]
    [InlineData("type Query { a: Int", "Syntax Error: Expected Name, found <EOF>. (line 1, column 20)")]
    public void Invalid_sdl_is_refused_with_each_problem_and_its_position(string sdl, string problem)
    {
        var ex = Should.Throw<SchemaException>(() => SchemaBuilder.FromSdl(sdl).Build());
        ex.Problems.ShouldContain(problem);
    }

    [Fact]
    public void Bindings_to_unknown_types_or_fields_are_reported()
    {
        var ex = Should.Throw<SchemaException>(() => SchemaBuilder.FromSdl("type Query { a: Int }")
            .Resolve("Query", "b", _ => 1)
            .Resolve("Nope", "a", _ => 1)
            .ScalarType("Date", v => v, v => v, n => n)
            .Build());
        ex.Problems.Count.ShouldBe(3);
        ex.Problems.ShouldContain("Cannot bind resolver Query.b: type \"Query\" has no field \"b\".");
    }

    [Fact]
    public void Schema_definition_and_extensions_set_root_types()
    {
        var schema = SchemaBuilder.FromSdl("schema { query: Root } type Root { a: Int } type Writes { w: Int } extend schema { mutation: Writes }").Build();
        schema.QueryType.Name.ShouldBe("Root");
        schema.MutationType!.Name.ShouldBe("Writes");
        schema.GetPossibleTypes(schema.GetType("Root")!).Single().Name.ShouldBe("Root");
    }

    [Fact]
    public async Task Enum_values_can_bind_internal_values()
    {
        var schema = SchemaBuilder.FromSdl("enum Level { GOLD SILVER } type Query { best: Level echo(l: Level): String }")
            .EnumValue("Level", "GOLD", 3)
            .EnumValue("Level", "SILVER", 2)
            .Resolve("Query", "best", _ => 3)
            .Resolve("Query", "echo", ctx => ctx.Arguments["l"]!.ToString())
            .Build();
        var result = await Executor.ExecuteAsync(schema, new GraphQLRequest { Query = "{ best echo(l: SILVER) }" });
        result.ToJson().ShouldBe("""{"data":{"best":"GOLD","echo":"2"}}""");
    }
}
