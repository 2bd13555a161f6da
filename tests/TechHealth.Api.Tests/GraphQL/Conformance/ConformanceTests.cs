using System.Text.Json;
using HotChocolate;
using HotChocolate.Execution;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// Holds the service's GraphQL server (HotChocolate, as the service configures it) to graphql-js, the reference
/// implementation: every corpus document must be accepted or refused alike, with errors at the same locations and
/// paths and the same data (messages are each engine's own wording); the committed expected results must equal a
/// fresh graphql-js run. Where HotChocolate differs, known-differences.json says why.
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
        var committed = await File.ReadAllTextAsync(System.IO.Path.Combine(ReferenceImplementation.ConformanceFolder, "expected.json"));

        fresh.ReplaceLineEndings("\n").ShouldBe(committed.ReplaceLineEndings("\n"),
            "expected.json is stale: run 'node run.mjs ../../tests/TechHealth.Api.Tests/GraphQL/Conformance ../../tests/TechHealth.Api.Tests/GraphQL/Conformance/expected.json' in tools/graphql-reference.");
    }

    [Fact]
    public void Known_differences_name_existing_cases()
    {
        var ids = ExpectedResults.Load().ById;
        foreach (var id in KnownDifferences.Load().Keys)
        {
            ids.ContainsKey(id).ShouldBeTrue(id);
        }
    }

    private static async Task<string> RunOurEngineAsync(ConformanceCase c)
    {
        var executor = await ConformanceSchema.ExecutorAsync();
        try
        {
            var request = ConformanceSchema.Request(c.Document).SetOperationName(c.OperationName);
            if (c.Variables is { } variables) request.SetVariableValues((IReadOnlyDictionary<string, object?>)ConformanceSchema.ToPlain(variables)!);
            var outcome = await executor.ExecuteAsync(request.Build());
            if (outcome is IResponseStream stream)
            {
                var events = new List<string>();
                await foreach (var result in stream.ReadResultsAsync()) events.Add(result.ToJson());
                using var all = JsonDocument.Parse($"{{\"events\":[{string.Join(',', events)}]}}");
                return ResponseComparison.Canonical(all.RootElement);
            }
            using var single = JsonDocument.Parse(outcome.ToJson());
            return ResponseComparison.Canonical(single.RootElement);
        }
        catch (Exception e)
        {
            // An engine that throws instead of answering differs from graphql-js; show how, without aborting the run.
            return $"exception: {e.GetType().Name}: {e.Message}\n";
        }
    }
}
