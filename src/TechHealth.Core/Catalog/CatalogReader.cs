using TechHealth.Core.Yaml;

namespace TechHealth.Core.Catalog;

/// <summary>Something wrong with one catalog document: it was skipped, the others were kept.</summary>
public sealed record CatalogProblem(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>The entities read from one catalog file and the problems with the documents that were skipped.</summary>
public sealed record CatalogParseResult(IReadOnlyList<CatalogEntity> Entities, IReadOnlyList<CatalogProblem> Problems)
{
    /// <summary>
    /// Where the entities that were read break Backstage's entity rules (<see cref="EntitySchema"/>): a missing required
    /// spec field, a bad name or reference. The entity is still read; Backstage itself would refuse it.
    /// </summary>
    public IReadOnlyList<CatalogProblem> Violations { get; init; } = [];
}

/// <summary>
/// Reads Backstage catalog files (<c>catalog-info.yaml</c> and friends): every document of every kind, with the line
/// it starts on. A bad document is reported and skipped; the rest of the file is kept. Uses <see cref="SafeYaml"/>,
/// so hostile files are refused within its limits. Owns parsing only: it resolves no references.
/// </summary>
public static class CatalogReader
{
    public static CatalogParseResult ReadFile(string path, string? displayName = null, YamlLimits? limits = null)
    {
        var name = displayName ?? path;
        var info = new FileInfo(path);
        limits ??= YamlLimits.Default;
        if (!info.Exists) return new([], [new CatalogProblem(name, 0, 0, "file not found")]);
        if (info.Length > limits.MaxBytes)
            return new([], [new CatalogProblem(name, 0, 0, $"the file is {info.Length:N0} bytes, over the limit of {limits.MaxBytes:N0} bytes")]);
        return Parse(File.ReadAllText(path), name, limits);
    }

    public static CatalogParseResult Parse(string yamlText, string file, YamlLimits? limits = null)
    {
        var read = SafeYaml.Read(yamlText, limits);
        var problems = read.Issues.Select(i => new CatalogProblem(file, i.Line, i.Column, i.Message)).ToList();
        var entities = new List<CatalogEntity>();
        var violations = new List<CatalogProblem>();
        foreach (var document in read.Documents)
        {
            if (document.Root is null) continue;
            var entity = ReadEntity(document.Root, file, problems);
            if (entity is null) continue;
            entities.Add(entity);
            violations.AddRange(EntitySchema.Validate((YamlMap)document.Root, file));
        }
        return new CatalogParseResult(entities, problems) { Violations = violations };
    }

    private static CatalogEntity? ReadEntity(YamlValue root, string file, List<CatalogProblem> problems)
    {
        void Problem(YamlValue at, string message) => problems.Add(new CatalogProblem(file, at.Line, at.Column, message));

        if (root is not YamlMap map) { Problem(root, $"a catalog document must be a mapping, but is {root.Shape}; document skipped"); return null; }
        var kind = Scalar(map["kind"]);
        if (kind is null) { Problem(map, "the document has no 'kind' (Component, Group, System, ...); document skipped"); return null; }
        if (map["metadata"] is not YamlMap metadata) { Problem(map["metadata"] ?? map, $"the {kind} has no 'metadata' mapping; document skipped"); return null; }
        var name = Scalar(metadata["name"]);
        if (name is null) { Problem(metadata, $"the {kind} has no 'metadata.name'; document skipped"); return null; }
        if (name.Contains(':') || name.Contains('/')) { Problem(metadata["name"]!, $"the {kind} name '{name}' may not contain ':' or '/'; document skipped"); return null; }

        var spec = new Dictionary<string, string>(StringComparer.Ordinal);
        var children = new List<string>();
        if (map["spec"] is YamlMap specMap)
        {
            foreach (var (key, value) in specMap.Pairs)
            {
                var flat = Flatten(value);
                if (flat is not null) spec[key.Value] = string.Join(",", flat);
                if (key.Value == "children" && flat is not null) children.AddRange(flat);
            }
        }
        else if (map["spec"] is { } badSpec && badSpec is not YamlText { IsNull: true })
            Problem(badSpec, $"'spec' of {kind} '{name}' must be a mapping; its spec was ignored");

        return new CatalogEntity
        {
            Kind = kind,
            Name = name,
            Namespace = Scalar(metadata["namespace"]) ?? "default",
            Title = Scalar(metadata["title"]),
            Description = Scalar(metadata["description"]),
            Annotations = Strings(metadata["annotations"]),
            Labels = Strings(metadata["labels"]),
            Tags = metadata["tags"] is YamlList tags ? tags.Items.OfType<YamlText>().Where(t => !t.IsNull).Select(t => t.Value).ToList() : [],
            Spec = spec,
            Children = children,
            File = file,
            Line = map.Line,
        };
    }

    private static string? Scalar(YamlValue? node) => node is YamlText { IsNull: false } t && t.Value.Trim().Length > 0 ? t.Value.Trim() : null;

    private static IReadOnlyDictionary<string, string> Strings(YamlValue? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not YamlMap map) return result;
        foreach (var (key, value) in map.Pairs)
            if (value is YamlText t) result[key.Value] = t.IsNull ? "" : t.Value;
        return result;
    }

    /// <summary>Scalars as themselves, lists of scalars as their items; nested mappings have no flat form.</summary>
    private static List<string>? Flatten(YamlValue value) => value switch
    {
        YamlText { IsNull: true } => null,
        YamlText t => [t.Value.Trim()],
        YamlList l => l.Items.OfType<YamlText>().Where(t => !t.IsNull).Select(t => t.Value.Trim()).ToList(),
        _ => null,
    };
}
