using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;

namespace TechHealth.Scanning.Tests;

/// <summary>Finds facts in what a harvester collected by purl key, failing the test with the facts found when the key is missing or repeated.</summary>
public static class HarvestSinkQueries
{
    /// <summary>
    /// The one fact whose purl key (without version) is <paramref name="purlKey"/>, leaving out managed versions (a central
    /// PackageVersion, dependencyManagement or catalog entry recorded where written; see <see cref="SingleManaged"/>);
    /// fails the test when there is not exactly one.
    /// </summary>
    public static DependencyFact Single(this HarvestSink sink, string purlKey) => One(sink, purlKey, managed: false);

    /// <summary>The one managed-scope fact for <paramref name="purlKey"/>.</summary>
    public static DependencyFact SingleManaged(this HarvestSink sink, string purlKey) => One(sink, purlKey, managed: true);

    private static DependencyFact One(HarvestSink sink, string purlKey, bool managed)
    {
        var matches = sink.Dependencies.Where(d => d.Purl.Key == purlKey && (d.Scope == DependencyScope.Managed) == managed).ToList();
        matches.Count.ShouldBe(1, $"expected one fact for {purlKey}; found: {string.Join(", ", sink.Dependencies.Select(d => $"{d.Purl.Key}@{d.Version} ({d.File}:{d.Line})"))}");
        return matches[0];
    }

    /// <summary>True when a fact other than a managed version names <paramref name="purlKey"/>.</summary>
    public static bool Has(this HarvestSink sink, string purlKey) => sink.Dependencies.Any(d => d.Purl.Key == purlKey && d.Scope != DependencyScope.Managed);
}
