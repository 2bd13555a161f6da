using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Yaml;

namespace TechHealth.Scanning.Catalog;

/// <summary>
/// The scanner's default catalog parser: the definitions project's <see cref="CatalogReader"/> (full Backstage entity
/// rules, bad documents skipped with file and line) within the scanner's YAML limits. Problems become component
/// issues as errors. Owns only the translation between the two shapes.
/// </summary>
public sealed class BackstageCatalogParser(long maxBytes, int maxYamlNodes) : ICatalogParser
{
    private readonly YamlLimits _limits = YamlLimits.Default with { MaxBytes = maxBytes, MaxAliasExpansion = maxYamlNodes };

    public IReadOnlyList<CatalogEntity> Parse(string file, string text, ICollection<ScanIssue> issues)
    {
        var result = CatalogReader.Parse(text, file, _limits);
        foreach (var p in result.Problems) issues.Add(new ScanIssue(ScanIssueSeverity.Error, p.File, p.Line, $"catalog: {p.Message}"));
        // Backstage would refuse these entities; they are still read, and checks count them (catalog.problems).
        foreach (var v in result.Violations) issues.Add(new ScanIssue(ScanIssueSeverity.Warning, v.File, v.Line, $"catalog: {v.Message}"));
        return result.Entities;
    }
}
