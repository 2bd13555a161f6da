using System.Text.Json;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// Reads known-differences.json: corpus cases where our engine is known to differ from graphql-js, each with the
/// reason. Those cases are asserted to still differ, so a fix is noticed and the entry removed.
/// </summary>
internal static class KnownDifferences
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Entries = new(Read);

    public static IReadOnlyDictionary<string, string> Load() => Entries.Value;

    private static IReadOnlyDictionary<string, string> Read()
    {
        var path = Path.Combine(ReferenceImplementation.ConformanceFolder, "known-differences.json");
        if (!File.Exists(path)) return new Dictionary<string, string>();
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("differences").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("reason").GetString()!);
    }
}
