namespace TechHealth.GraphQL.Tests.Validation;

/// <summary>Each validation rule of the specification with the reference implementation's message and locations.</summary>
public class ValidationRuleTests
{
    private static readonly Schema Schema = TestSchemas.Build();

    [Theory]
    [InlineData("ExecutableDefinitions", "{ str } type T { a: Int }", "The \"T\" definition is not executable.", "1:9")]
    [InlineData("UniqueOperationNames", "query A { str } query A { nn }", "There can be only one operation named \"A\".", "1:7,1:23")]
    [InlineData("LoneAnonymousOperation", "{ str } query B { nn }", "This anonymous operation must be the only defined operation.", "1:1")]
    [InlineData("KnownTypeNames", "query ($x: Strin) { str }", "Variable \"$x\" is never used. | Unknown type \"Strin\". Did you mean \"String\" or \"In\"?", "1:8;1:12")]
    [InlineData("FragmentsOnCompositeTypes", "{ ...F } fragment F on String { a }", "Fragment \"F\" cannot condition on non composite type \"String\".", "1:24")]
    [InlineData("VariablesAreInputTypes", "query ($x: Dog) { arg(b: \"x\") }", "Variable \"$x\" is never used. | Variable \"$x\" cannot be non-input type \"Dog\".", "1:8;1:12")]
    [InlineData("ScalarLeafs", "{ dog }", "Field \"dog\" of type \"Dog\" must have a selection of subfields. Did you mean \"dog { ... }\"?", "1:3")]
    [InlineData("ScalarLeafsSubselection", "{ str { a } }", "Field \"str\" must not have a selection since type \"String\" has no subfields.", "1:7")]
    [InlineData("FieldsOnCorrectType", "{ dog { nam } }", "Cannot query field \"nam\" on type \"Dog\". Did you mean \"name\"?", "1:9")]
    [InlineData("FieldsOnCorrectTypeInlineSuggestion", "{ pet { barkVolume } }", "Cannot query field \"barkVolume\" on type \"Pet\". Did you mean to use an inline fragment on \"Dog\"?", "1:9")]
    [InlineData("UniqueFragmentNames", "{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { name }", "There can be only one fragment named \"F\".", "1:27,1:54")]
    [InlineData("KnownFragmentNames", "{ dog { ...Missing } }", "Unknown fragment \"Missing\".", "1:12")]
    [InlineData("NoUnusedFragments", "fragment F on Dog { name } { str }", "Fragment \"F\" is never used.", "1:1")]
    [InlineData("PossibleFragmentSpreads", "{ dog { ... on Cat { meowVolume } } }", "Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\".", "1:9")]
    [InlineData("NoFragmentCycles", "{ dog { ...F } } fragment F on Dog { ...G } fragment G on Dog { ...F }", "Cannot spread fragment \"F\" within itself via \"G\".", "1:38,1:65")]
    [InlineData("UniqueVariableNames", "query ($x: Int, $x: Int) { arg(a: $x, b: \"x\") }", "There can be only one variable named \"$x\".", "1:9,1:18")]
    [InlineData("NoUndefinedVariables", "query Q { arg(b: $nope) }", "Variable \"$nope\" is not defined by operation \"Q\".", "1:18,1:1")]
    [InlineData("NoUnusedVariables", "query Q($x: Int) { str }", "Variable \"$x\" is never used in operation \"Q\".", "1:9")]
    [InlineData("KnownDirectives", "{ str @unknown }", "Unknown directive \"@unknown\".", "1:7")]
    [InlineData("KnownDirectivesLocation", "query @skip(if: true) { str }", "Directive \"@skip\" may not be used on QUERY.", "1:7")]
    [InlineData("UniqueDirectivesPerLocation", "{ str @skip(if: true) @skip(if: false) }", "The directive \"@skip\" can only be used once at this location.", "1:7,1:23")]
    [InlineData("KnownArgumentNames", "{ arg(b: \"x\", limt: 1) }", "Unknown argument \"limt\" on field \"Query.arg\".", "1:15")]
    [InlineData("KnownArgumentNamesDirective", "{ str @skip(iff: true) }", "Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"? | Argument \"@skip(if:)\" of type \"Boolean!\" is required, but it was not provided.", "1:13;1:7")]
    [InlineData("UniqueArgumentNames", "{ arg(b: \"x\", b: \"y\") }", "There can be only one argument named \"b\".", "1:7,1:15")]
    [InlineData("ValuesOfCorrectType", "{ arg(a: \"x\", b: \"y\") }", "Int cannot represent non-integer value: \"x\"", "1:10")]
    [InlineData("ValuesOfCorrectTypeEnum", "{ arg(b: \"x\", e: EMPIR) }", "Value \"EMPIR\" does not exist in \"Episode\" enum. Did you mean the enum value \"EMPIRE\"?", "1:18")]
    [InlineData("ValuesOfCorrectTypeInputField", "{ arg(b: \"x\", i: {y: \"q\"}) }", "Expected value of type \"In\" to include required field \"x\", found: { y: \"q\" }.", "1:18")]
    [InlineData("ValuesOfCorrectTypeOneOf", "{ arg(b: \"x\", o: {a: 1, b: \"2\"}) }", "Within OneOf Input Object type \"One\", exactly one field must be specified, and the value for that field must be non-null.", "1:18")]
    [InlineData("ProvidedRequiredArguments", "{ arg }", "Argument \"Query.arg(b:)\" of type \"String!\" is required, but it was not provided.", "1:3")]
    [InlineData("ProvidedRequiredArgumentsDirective", "{ str @include }", "Argument \"@include(if:)\" of type \"Boolean!\" is required, but it was not provided.", "1:7")]
    [InlineData("VariablesInAllowedPosition", "query ($a: String) { arg(a: $a, b: \"x\") }", "Variable \"$a\" of type \"String\" used in position expecting type \"Int\".", "1:8,1:29")]
    [InlineData("VariablesInAllowedPositionOneOf", "query ($v: Int) { arg(b: \"x\", o: {a: $v}) }", "Variable \"$v\" is of type \"Int\" but must be non-nullable to be used for OneOf Input Object \"One\".", "1:8,1:38")]
    [InlineData("OverlappingFieldsCanBeMerged", "{ dog { name: nickname name } }", "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", "1:9,1:24")]
    [InlineData("OverlappingFieldsArguments", "{ dog { doesKnowCommand(dogCommand: EMPIRE) doesKnowCommand(dogCommand: JEDI) } }", "Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", "1:9,1:45")]
    [InlineData("OverlappingFieldsTypes", "{ pet { ... on Dog { x: name } ... on Cat { x: meowVolume } } }", "Fields \"x\" conflict because they return conflicting types \"String\" and \"Int\". Use different aliases on the fields to fetch both if this was intentional.", "1:22,1:45")]
    [InlineData("UniqueInputFieldNames", "{ arg(b: \"x\", i: {x: 1, x: 2}) }", "There can be only one input field named \"x\".", "1:19,1:25")]
    [InlineData("MaxIntrospectionDepth", "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }", "Maximum introspection depth exceeded", "1:3")]
    [InlineData("KnownOperationTypes", "subscription { str }", "The subscription operation is not supported by the schema.", "1:1")]
    public void Invalid_document_reports_reference_message_and_locations(string rule, string query, string messages, string locations)
    {
        var errors = Validator.Validate(Schema, Parser.Parse(query));
        string.Join(" | ", errors.Select(e => e.Message)).ShouldBe(messages, rule);
        string.Join(";", errors.Select(e => string.Join(",", (e.Locations ?? Array.Empty<SourceLocation>()).Select(l => $"{l.Line}:{l.Column}"))))
            .ShouldBe(locations, rule);
    }

    [Theory]
    [InlineData("{ hero { id name ... on Human { height } } }")]
    [InlineData("query Q($id: ID!, $e: Episode = JEDI) { human(id: $id) { name } hero(episode: $e) { id } }")]
    [InlineData("{ dog { ...F } } fragment F on Dog { name nickname }")]
    [InlineData("query ($v: Int!) { arg(b: \"x\", o: {a: $v}) }")]
    [InlineData("query ($s: String = \"d\") { arg(b: $s) }")]
    [InlineData("{ pet { ... on Dog { x: barkVolume } ... on Cat { x: meowVolume } } }")]
    [InlineData("{ __type(name: \"Dog\") { fields { name type { name } } } }")]
    [InlineData("{ search(limit: 5) { ... on Human { name } ... on Droid { primaryFunction } } }")]
    public void Valid_documents_produce_no_errors(string query) =>
        Validator.Validate(Schema, Parser.Parse(query)).ShouldBeEmpty();

    [Fact]
    public void Subscriptions_must_select_one_non_introspection_root_field()
    {
        var schema = SchemaBuilder.FromSdl("type Query { a: Int } type Subscription { a: Int b: Int }").Build();
        Validator.Validate(schema, Parser.Parse("subscription S { a b }")).Single().Message
            .ShouldBe("Subscription \"S\" must select only one top level field.");
        Validator.Validate(schema, Parser.Parse("subscription { __typename }")).Single().Message
            .ShouldBe("Anonymous Subscription must not select an introspection top level field.");
    }

    [Fact]
    public void Validation_stops_after_one_hundred_errors()
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 150).Select(i => $"f{i}")) + " }";
        var errors = Validator.Validate(Schema, Parser.Parse(query));
        errors.Count.ShouldBe(101);
        errors[^1].Message.ShouldBe("Too many validation errors, error limit reached. Validation aborted.");
    }
}
