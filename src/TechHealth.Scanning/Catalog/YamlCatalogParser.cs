using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Catalog;

/// <summary>
/// The scanner's own small Backstage catalog reader: <c>kind</c>, <c>metadata</c> (name, namespace, title,
/// description, annotations, labels, tags) and <c>spec</c> flattened to strings, within the YAML limits.
/// It does not validate entity schemas beyond what the scanner needs.
/// </summary>
public sealed class YamlCatalogParser(int maxYamlNodes = 100_000) : ICatalogParser
{
    public IReadOnlyList<CatalogEntity> Parse(string file, string text, ICollection<ScanIssue> issues)
    {
        if (!SafeYaml.TryParseAll(text, maxYamlNodes, out var docs, out var error, out var line))
        {
            issues.Add(new ScanIssue(ScanIssueSeverity.Error, file, line, $"catalog file not read: {error}"));
            return [];
        }
        var result = new List<CatalogEntity>();
        foreach (var doc in docs)
        {
            if (doc is YScalar { Value: null }) continue;
            if (doc is not YMap map) { issues.Add(new ScanIssue(ScanIssueSeverity.Error, file, doc.Line, "catalog document is not a mapping")); continue; }
            var kind = map["kind"]?.Text;
            var metadata = map["metadata"];
            var name = metadata?["name"]?.Text;
            if (string.IsNullOrWhiteSpace(kind)) { issues.Add(new ScanIssue(ScanIssueSeverity.Error, file, doc.Line, "catalog document has no 'kind'")); continue; }
            if (string.IsNullOrWhiteSpace(name)) { issues.Add(new ScanIssue(ScanIssueSeverity.Error, file, doc.Line, $"{kind} has no 'metadata.name'")); continue; }
            var spec = new Dictionary<string, string>(StringComparer.Ordinal);
            var children = new List<string>();
            if (map["spec"] is YMap specMap)
                foreach (var (key, value) in specMap.Pairs)
                {
                    if (value.Text is { } t) spec[key] = t;
                    else if (value is YSeq seq)
                    {
                        var items = seq.Children.Select(c => c.Text).Where(c => c is not null).ToList();
                        spec[key] = string.Join(',', items);
                        if (key == "children") children.AddRange(items!);
                    }
                    else if (value is YMap inner)
                        foreach (var (k2, v2) in inner.Pairs) if (v2.Text is { } t2) spec[key + "." + k2] = t2;
                }
            result.Add(new CatalogEntity
            {
                Kind = kind.Trim(),
                Name = name.Trim(),
                Namespace = metadata?["namespace"]?.Text?.Trim() is { Length: > 0 } ns ? ns : "default",
                Title = metadata?["title"]?.Text,
                Description = metadata?["description"]?.Text,
                Annotations = StringMap(metadata?["annotations"]),
                Labels = StringMap(metadata?["labels"]),
                Tags = metadata?["tags"]?.Items.Select(t => t.Text).OfType<string>().ToList() ?? [],
                Spec = spec,
                Children = children,
                File = file,
                Line = doc.Line,
            });
        }
        return result;
    }

    private static Dictionary<string, string> StringMap(YNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in node?.Entries ?? []) if (v.Text is { } t) map[k] = t;
        return map;
    }
}
