using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;

namespace TechHealth.Scanning.Tests;

/// <summary>Finds facts in what a harvester collected by purl key, failing the test with the facts found when the key is missing or repeated.</summary>
public static class HarvestSinkQueries
{
    /// <summary>The one fact whose purl key (without version) is <paramref name="purlKey"/>; fails the test when there is not exactly one.</summary>
    public static DependencyFact Single(this HarvestSink sink, string purlKey)
    {
        var matches = sink.Dependencies.Where(d => d.Purl.Key == purlKey).ToList();
        matches.Count.ShouldBe(1, $"expected one fact for {purlKey}; found: {string.Join(", ", sink.Dependencies.Select(d => $"{d.Purl.Key}@{d.Version} ({d.File}:{d.Line})"))}");
        return matches[0];
    }

    public static bool Has(this HarvestSink sink, string purlKey) => sink.Dependencies.Any(d => d.Purl.Key == purlKey);
}
