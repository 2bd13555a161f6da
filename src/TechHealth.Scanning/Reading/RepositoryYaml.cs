using TechHealth.Core.Facts;
using TechHealth.Core.Yaml;
using TechHealth.Scanning.Harvesters;

namespace TechHealth.Scanning.Reading;

/// <summary>
/// The scanner's way into YAML: Core's <see cref="SafeYaml"/> (the one YAML reader of the product, with alias-bomb,
/// depth and node limits and merge keys) with limits sized for what repositories hold. Every document that cannot be
/// read becomes an issue on the file; the documents that can are still harvested.
/// </summary>
public static class RepositoryYaml
{
    /// <summary>Nesting a repository file may reach; generous for Helm values and lock files, still bounded.</summary>
    public const int MaxNesting = 128;

    /// <summary>The readable documents of <paramref name="text"/>, at most <paramref name="maxNodes"/> nodes counting alias uses.</summary>
    public static IReadOnlyList<YamlValue> Documents(string file, string text, long maxNodes, HarvestSink sink, ScanIssueSeverity severity)
    {
        // The repository reader already refused files over its size limit, so size is not limited twice here.
        var limits = new YamlLimits { MaxBytes = long.MaxValue, MaxDepth = MaxNesting, MaxNodes = maxNodes, MaxAliasExpansion = maxNodes };
        var read = SafeYaml.Read(text, limits);
        foreach (var issue in read.Issues) sink.Issue(severity, file, issue.Line, issue.Message);
        return [.. read.Documents.Select(d => d.Root).OfType<YamlValue>()];
    }
}
