using System.Text.Json;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// The committed output of tools/graphql-reference/run.mjs: every corpus document with the result graphql-js gives.
/// It owns reading that file; comparing lives in <see cref="ResponseComparison"/>.
/// </summary>
internal sealed class ExpectedResults
{
    private static readonly Lazy<ExpectedResults> Committed = new(() =>
        Parse(File.ReadAllText(Path.Combine(ReferenceImplementation.ConformanceFolder, "expected.json"))));

    private ExpectedResults(string generator, string printedSchema, IReadOnlyList<ConformanceCase> cases)
    {
        Generator = generator;
        PrintedSchema = printedSchema;
        Cases = cases;
        ById = cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public string Generator { get; }
    public string PrintedSchema { get; }
    public IReadOnlyList<ConformanceCase> Cases { get; }
    public IReadOnlyDictionary<string, ConformanceCase> ById { get; }

    public static ExpectedResults Load() => Committed.Value;

    public static ExpectedResults Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ConformanceCase(
            c.GetProperty("id").GetString()!,
            c.GetProperty("document").GetString()!,
            c.GetProperty("variables").ValueKind == JsonValueKind.Object ? c.GetProperty("variables").Clone() : null,
            c.GetProperty("operationName").GetString(),
            c.GetProperty("stage").GetString()!,
            c.GetProperty("result").Clone())).ToList();
        return new ExpectedResults(root.GetProperty("generator").GetString()!, root.GetProperty("printedSchema").GetString()!, cases);
    }
}

/// <summary>One corpus document, its request inputs, and graphql-js's answer to it.</summary>
internal sealed record ConformanceCase(
    string Id, string Document, JsonElement? Variables, string? OperationName, string Stage, JsonElement Result);
