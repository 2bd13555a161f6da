namespace TechHealth.GraphQL.Tests.Language;

public class ParserTests
{
    [Fact]
    public void Executable_document_parses_operations_variables_fragments_and_directives()
    {
        var doc = Parser.Parse("""
            query Q($id: ID! = "1", $list: [Int!] @dir) @op {
              alias: field(arg: $id, obj: {a: [1, 2.5, "s", true, null, ENUM]}) @include(if: true) {
                ...Frag
                ... on T { x }
                ... @skip(if: false) { y }
              }
            }
            fragment Frag on T { z }
            """);
        doc.Definitions.Count.ShouldBe(2);
        var op = doc.Definitions[0].ShouldBeOfType<OperationDefinitionNode>();
        op.Name!.Value.ShouldBe("Q");
        op.VariableDefinitions.Count.ShouldBe(2);
        op.VariableDefinitions[0].Type.ShouldBeOfType<NonNullTypeNode>();
        op.VariableDefinitions[1].Directives.Single().Name.Value.ShouldBe("dir");
        var field = op.SelectionSet.Selections[0].ShouldBeOfType<FieldNode>();
        field.Alias!.Value.ShouldBe("alias");
        field.ResponseKey.ShouldBe("alias");
        var obj = field.Arguments[1].Value.ShouldBeOfType<ObjectValueNode>();
        obj.Fields[0].Value.ShouldBeOfType<ListValueNode>().Values.Count.ShouldBe(6);
        field.SelectionSet!.Selections[0].ShouldBeOfType<FragmentSpreadNode>();
        field.SelectionSet.Selections[1].ShouldBeOfType<InlineFragmentNode>().TypeCondition!.Name.Value.ShouldBe("T");
        field.SelectionSet.Selections[2].ShouldBeOfType<InlineFragmentNode>().TypeCondition.ShouldBeNull();
        doc.Definitions[1].ShouldBeOfType<FragmentDefinitionNode>().TypeCondition.Name.Value.ShouldBe("T");
    }

    [Fact]
    public void Sdl_parses_descriptions_interfaces_extensions_and_repeatable_directives()
    {
        var doc = Parser.Parse(""""
            "schema desc"
            schema @a { query: Q mutation: M }
            """Type desc"""
            type T implements & A & B @key { "f" f("a" x: Int = 1 @deprecated): [String!]! }
            interface A implements B { f: Int }
            union U = | X | Y
            enum E { ONE "two" TWO @deprecated(reason: "x") }
            input I @oneOf { a: Int, b: String = "d" }
            scalar S @specifiedBy(url: "u")
            directive @d(x: Int) repeatable on FIELD | OBJECT
            extend type T { g: Int }
            extend schema @b
            extend union U = Z
            """");
        doc.Definitions.Count.ShouldBe(11);
        doc.Definitions[0].ShouldBeOfType<SchemaDefinitionNode>().Description!.Value.ShouldBe("schema desc");
        var t = doc.Definitions[1].ShouldBeOfType<ObjectTypeDefinitionNode>();
        t.Description!.Block.ShouldBeTrue();
        t.Interfaces.Select(i => i.Name.Value).ShouldBe(new[] { "A", "B" });
        t.Fields[0].Arguments[0].DefaultValue.ShouldBeOfType<IntValueNode>().Value.ShouldBe("1");
        doc.Definitions[2].ShouldBeOfType<InterfaceTypeDefinitionNode>().Interfaces.Single().Name.Value.ShouldBe("B");
        doc.Definitions[3].ShouldBeOfType<UnionTypeDefinitionNode>().Types.Count.ShouldBe(2);
        doc.Definitions[4].ShouldBeOfType<EnumTypeDefinitionNode>().Values[1].Description!.Value.ShouldBe("two");
        var d = doc.Definitions[7].ShouldBeOfType<DirectiveDefinitionNode>();
        d.Repeatable.ShouldBeTrue();
        d.Locations.Select(l => l.Value).ShouldBe(new[] { "FIELD", "OBJECT" });
        doc.Definitions[8].ShouldBeOfType<ObjectTypeDefinitionNode>().IsExtension.ShouldBeTrue();
        doc.Definitions[9].ShouldBeOfType<SchemaDefinitionNode>().IsExtension.ShouldBeTrue();
    }

    [Theory]
    [InlineData("{", "Syntax Error: Expected Name, found <EOF>.", 1, 2)]
    [InlineData("{ a(b: $) }", "Syntax Error: Expected Name, found \")\".", 1, 9)]
    [InlineData("{ a: }", "Syntax Error: Expected Name, found \"}\".", 1, 6)]
    [InlineData("{ ..on }", "Syntax Error: Unexpected \"..\", did you mean \"...\"?", 1, 3)]
    [InlineData("fragment on on on { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10)]
    [InlineData("query Q($a: Int = $b) { a }", "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 19)]
    [InlineData("\"desc\" { a }", "Syntax Error: Unexpected description, descriptions are not supported on shorthand queries.", 1, 1)]
    [InlineData("\"desc\" extend type A { a: Int }", "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1)]
    [InlineData("{ a(b: [1, 2 }", "Syntax Error: Unexpected \"}\".", 1, 14)]
    [InlineData("{ a }\n\n}", "Syntax Error: Unexpected \"}\".", 3, 1)]
    [InlineData("enum E { true }", "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10)]
    [InlineData("directive @d on NOWHERE", "Syntax Error: Unexpected Name \"NOWHERE\".", 1, 17)]
    [InlineData("extend type T", "Syntax Error: Unexpected <EOF>.", 1, 14)]
    [InlineData("type T { f: }", "Syntax Error: Expected Name, found \"}\".", 1, 13)]
    [InlineData("", "Syntax Error: Unexpected <EOF>.", 1, 1)]
    public void Syntax_errors_match_reference_wording_and_location(string text, string message, int line, int column)
    {
        var ex = Should.Throw<GraphQLSyntaxException>(() => Parser.Parse(text));
        ex.Message.ShouldBe(message);
        ex.Locations[0].ShouldBe(new SourceLocation(line, column));
    }

    [Fact]
    public void Token_limit_stops_parsing_early()
    {
        var ex = Should.Throw<TokenLimitException>(() => Parser.Parse("{ a b c d e f }", new ParseOptions { MaxTokens = 4 }));
        ex.Limit.ShouldBe(4);
    }

    [Fact]
    public void Printer_round_trips_values_and_types()
    {
        Printer.Print(Parser.ParseValue("{a: [1, 2.5, \"s\\n\", true, null, E, $v]}")).ShouldBe("{ a: [1, 2.5, \"s\\n\", true, null, E, $v] }");
        Printer.Print(Parser.ParseType("[[Int!]]!")).ShouldBe("[[Int!]]!");
    }
}
