using System.Text.Json;

namespace TechHealth.GraphQL.Tests.Conformance;

/// <summary>
/// Holds our engine to graphql-js, the reference implementation: every corpus document must give the same parse
/// errors, validation errors and execution result; the committed expected results must equal a fresh graphql-js
/// run; and our introspection and SDL printing must round-trip through graphql-js.
/// </summary>
public sealed class ConformanceTests
{
    public static IEnumerable<object[]> CaseIds() => ExpectedResults.Load().Cases.Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Document_gives_the_same_result_as_graphql_js(string id)
    {
        var expectedCase = ExpectedResults.Load().ById[id];
        var actual = await RunOurEngineAsync(expectedCase);

        AssertSameOrKnownDifference(id, actual, ResponseComparison.Canonical(expectedCase.Result), expectedCase.Document);
    }

    /// <summary>Asserts equality, or, for an entry of known-differences.json, that the difference still exists.</summary>
    private static void AssertSameOrKnownDifference(string id, string actual, string expected, string document)
    {
        var known = KnownDifferences.Load().GetValueOrDefault(id);
        if (known is null && actual != expected)
        {
            // The first difference leads the message: test logs cut long messages, and a whole introspection
            // result on one line hides where the two answers part.
            throw new Xunit.Sdk.XunitException(
                $"conformance case: {id}\n{FirstDifference(actual, expected)}\n--- document ---\n{document}\n" +
                $"--- graphql-js ---\n{expected}\n--- ours ---\n{actual}");
        }
        if (known is not null && actual == expected)
        {
            throw new Xunit.Sdk.XunitException(
                $"conformance case: {id} now matches graphql-js; remove it from known-differences.json (listed because: {known}).");
        }
    }

    internal static string FirstDifference(string actual, string expected)
    {
        var index = 0;
        while (index < actual.Length && index < expected.Length && actual[index] == expected[index]) index++;
        var start = Math.Max(0, index - 60);
        string Around(string text) => text.Substring(start, Math.Min(text.Length - start, 180)).ReplaceLineEndings("\\n");
        return $"first difference at character {index}:\n  graphql-js: ...{Around(expected)}\n  ours:       ...{Around(actual)}";
    }

    [Fact]
    public void Corpus_has_at_least_320_documents_of_every_kind()
    {
        var cases = ExpectedResults.Load().Cases;
        cases.Count.ShouldBeGreaterThanOrEqualTo(320);
        foreach (var stage in new[] { "parse", "validation", "request", "execution" })
        {
            cases.Count(c => c.Stage == stage).ShouldBeGreaterThan(20, stage);
        }
    }

    [Fact]
    public async Task Committed_expected_results_equal_a_fresh_graphql_js_run()
    {
        var fresh = await ReferenceImplementation.RunNodeAsync("run.mjs", null, ReferenceImplementation.ConformanceFolder);
        var committed = await File.ReadAllTextAsync(Path.Combine(ReferenceImplementation.ConformanceFolder, "expected.json"));

        fresh.ReplaceLineEndings("\n").ShouldBe(committed.ReplaceLineEndings("\n"),
            "expected.json is stale: run 'node run.mjs ../../tests/TechHealth.GraphQL.Tests/Conformance ../../tests/TechHealth.GraphQL.Tests/Conformance/expected.json' in tools/graphql-reference.");
    }

    [Fact]
    public void Our_schema_printer_matches_graphql_js_print_schema()
    {
        AssertSameOrKnownDifference("schema-printer", SchemaPrinter.Print(ConformanceSchema.Instance),
            ExpectedResults.Load().PrintedSchema, "schema.graphql");
    }

    [Fact]
    public async Task Our_introspection_rebuilt_by_graphql_js_prints_our_sdl()
    {
        var introspection = ExpectedResults.Load().ById["e05-introspection/full-introspection"];
        var result = await Executor.ExecuteAsync(ConformanceSchema.Instance,
            new GraphQLRequest { Query = introspection.Document }, Options());
        result.Errors.ShouldBeEmpty();

        var rebuilt = await ReferenceImplementation.RunNodeAsync("roundtrip.mjs", result.ToJson());

        AssertSameOrKnownDifference("introspection-round-trip", SchemaPrinter.Print(ConformanceSchema.Instance),
            rebuilt, introspection.Document);
    }

    [Fact]
    public void Known_differences_name_existing_cases()
    {
        var ids = ExpectedResults.Load().ById;
        foreach (var id in KnownDifferences.Load().Keys)
        {
            (ids.ContainsKey(id) || id is "schema-printer" or "introspection-round-trip").ShouldBeTrue(id);
        }
    }

    private static ExecutionOptions Options() => new()
    {
        RootValue = ConformanceSchema.RootValue,
        Limits = new ExecutionLimits(),
    };

    private static async Task<string> RunOurEngineAsync(ConformanceCase c)
    {
        var schema = ConformanceSchema.Instance;
        var request = new GraphQLRequest
        {
            Query = c.Document,
            OperationName = c.OperationName,
            Variables = c.Variables is { } variables ? (IReadOnlyDictionary<string, object?>)ConformanceSchema.ToPlain(variables)! : null,
        };
        try
        {
            // Documents naming subscriptions go through Subscribe, which answers queries and mutations once as well.
            if (!c.Document.Contains("subscription", StringComparison.Ordinal))
                return ResponseComparison.Canonical(ToJson(await Executor.ExecuteAsync(schema, request, Options())));
            var outcome = await Executor.SubscribeAsync(schema, request, Options());
            if (outcome.Result is { } single) return ResponseComparison.Canonical(ToJson(single));
            var events = new List<string>();
            await foreach (var result in outcome.Events!) events.Add(result.ToJson());
            using var stream = JsonDocument.Parse($"{{\"events\":[{string.Join(',', events)}]}}");
            return ResponseComparison.Canonical(stream.RootElement);
        }
        catch (Exception e)
        {
            // An engine that throws instead of answering differs from graphql-js; show how, without aborting the run.
            return $"exception: {e.GetType().Name}: {e.Message}\n";
        }
    }

    private static JsonElement ToJson(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(result.ToJson());
        return document.RootElement.Clone();
    }
}
