using System.Text.RegularExpressions;
using TechHealth.Core.Yaml;

namespace TechHealth.Core.Catalog;

/// <summary>
/// Holds one catalog document to Backstage's own entity rules (packages/catalog-model: the Entity envelope and
/// EntityMeta schemas, the per-kind schemas, and the Kubernetes-style name validators): the envelope's required
/// fields, the spec fields each known kind requires, name and namespace syntax, and the syntax of the entity
/// references a spec holds. Each problem names the line of the field, or of its parent when the field is missing.
/// Kinds Backstage does not define are held to the envelope only.
/// </summary>
public static partial class EntitySchema
{
    /// <summary>Required spec fields per kind, as Backstage's kind schemas list them (v1alpha1).</summary>
    private static readonly Dictionary<string, string[]> RequiredSpec = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Component"] = ["type", "lifecycle", "owner"],
        ["API"] = ["type", "lifecycle", "owner", "definition"],
        ["Resource"] = ["type", "owner"],
        ["System"] = ["owner"],
        ["Domain"] = ["owner"],
        ["Group"] = ["type", "children"],
        ["User"] = [],
        ["Location"] = [],
    };

    /// <summary>Spec fields holding one entity reference, and the kind a reference without one defaults to.</summary>
    private static readonly (string Field, string DefaultKind)[] SingleRefs =
        [("owner", "group"), ("system", "system"), ("domain", "domain"), ("subcomponentOf", "component"), ("parent", "group")];

    /// <summary>Spec fields holding a list of entity references.</summary>
    private static readonly string[] ListRefs = ["providesApis", "consumesApis", "dependsOn", "dependencyOf", "children", "members", "memberOf"];

    // Backstage's name rule: 1-63 characters, alphanumeric runs separated by single '-', '_' or '.'.
    [GeneratedRegex("^([A-Za-z0-9]+[-_.])*[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // Namespaces are DNS labels: lower case letters, digits and single dashes, 1-63 characters.
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();

    // apiVersion is "group/version" (backstage.io/v1alpha1) or a bare version.
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[a-z0-9A-Z.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    /// <summary>Every way the document breaks Backstage's entity rules; empty when it keeps them all.</summary>
    public static IReadOnlyList<CatalogProblem> Validate(YamlMap entity, string file)
    {
        var problems = new List<CatalogProblem>();
        void Problem(YamlValue at, string message) => problems.Add(new CatalogProblem(file, at.Line, at.Column, message));

        var kind = entity["kind"]?.Text?.Trim();
        var label = kind ?? "entity";
        var apiVersion = entity["apiVersion"];
        if (apiVersion?.Text is not { Length: > 0 } version) Problem(apiVersion ?? entity, $"the {label} has no apiVersion; add apiVersion: backstage.io/v1alpha1");
        else if (!ApiVersionPattern().IsMatch(version.Trim())) Problem(apiVersion, $"apiVersion '{version}' is not of the form group/version, e.g. backstage.io/v1alpha1");
        if (kind is not null && !KindPattern().IsMatch(kind)) Problem(entity["kind"]!, $"kind '{kind}' must be letters and digits starting with a letter");

        if (entity["metadata"] is not YamlMap metadata) return problems;
        var nameNode = metadata["name"];
        var name = nameNode?.Text?.Trim();
        if (name is not null && nameNode is not null)
        {
            if (name.Length > 63) Problem(nameNode, $"metadata.name '{name}' is {name.Length} characters long; Backstage allows at most 63");
            else if (!NamePattern().IsMatch(name)) Problem(nameNode, $"metadata.name '{name}' must be letters and digits separated by single '-', '_' or '.'");
        }
        if (metadata["namespace"] is { } nsNode && nsNode.Text?.Trim() is { } ns && (ns.Length > 63 || !NamespacePattern().IsMatch(ns)))
            Problem(nsNode, $"metadata.namespace '{ns}' must be lower-case letters, digits and single dashes, at most 63 characters");
        StringMap(metadata, "annotations", Problem);
        StringMap(metadata, "labels", Problem);
        if (metadata["tags"] is { } tags and not YamlList && tags is not YamlText { IsNull: true }) Problem(tags, "metadata.tags must be a list of words");

        if (kind is null || !RequiredSpec.TryGetValue(kind, out var required)) return problems;
        var spec = entity["spec"];
        if (spec is not YamlMap specMap)
        {
            Problem(spec ?? entity, $"the {kind} '{name}' has no spec; Backstage requires one" + (required.Length > 0 ? $" with {string.Join(", ", required.Select(r => "spec." + r))}" : ""));
            return problems;
        }
        foreach (var field in required)
        {
            var value = specMap[field];
            var empty = value is null || value is YamlText { IsNull: true } || value is YamlText t && t.Value.Trim().Length == 0;
            if (empty) Problem(value ?? specMap, $"the {kind} '{name}' has no spec.{field}, which Backstage requires; add spec.{field}");
        }
        if (kind.Equals("Group", StringComparison.OrdinalIgnoreCase) && specMap["children"] is { } children and not YamlList && children is not YamlText { IsNull: true })
            Problem(children, "spec.children must be a list of group references (it may be empty: children: [])");

        foreach (var (field, defaultKind) in SingleRefs)
            if (specMap[field] is YamlText { IsNull: false } refText && EntityReferenceProblem(refText.Value.Trim(), defaultKind) is { } why)
                Problem(refText, $"spec.{field} '{refText.Value.Trim()}' is not an entity reference: {why}");
        foreach (var field in ListRefs)
            if (specMap[field] is YamlList list)
                foreach (var item in list.Items)
                    if (item is YamlText { IsNull: false } itemText && EntityReferenceProblem(itemText.Value.Trim(), "component") is { } why)
                        Problem(itemText, $"an item of spec.{field}, '{itemText.Value.Trim()}', is not an entity reference: {why}");
        return problems;
    }

    /// <summary>
    /// Why <paramref name="text"/> is not an entity reference <c>[kind:][namespace/]name</c> as Backstage parses one,
    /// or null when it is.
    /// </summary>
    public static string? EntityReferenceProblem(string text, string defaultKind = "component")
    {
        if (text.Length == 0) return "it is empty";
        var rest = text;
        var colon = rest.IndexOf(':');
        if (colon == 0) return "nothing stands before ':' where the kind goes";
        if (colon > 0)
        {
            var kind = rest[..colon];
            if (!KindPattern().IsMatch(kind)) return $"'{kind}' is not a kind";
            rest = rest[(colon + 1)..];
            if (rest.Contains(':')) return "it holds more than one ':'";
        }
        var slash = rest.IndexOf('/');
        if (slash == 0) return "nothing stands before '/' where the namespace goes";
        if (slash > 0)
        {
            var ns = rest[..slash];
            if (ns.Length > 63 || !NamespacePattern().IsMatch(ns.ToLowerInvariant())) return $"'{ns}' is not a namespace";
            rest = rest[(slash + 1)..];
            if (rest.Contains('/')) return "it holds more than one '/'";
        }
        if (rest.Length == 0) return "the name is missing";
        if (rest.Length > 63 || !NamePattern().IsMatch(rest)) return $"'{rest}' is not a valid name (letters and digits separated by single '-', '_' or '.')";
        return null;
    }

    private static void StringMap(YamlMap metadata, string field, Action<YamlValue, string> problem)
    {
        var node = metadata[field];
        if (node is null || node is YamlText { IsNull: true }) return;
        if (node is not YamlMap map) { problem(node, $"metadata.{field} must be a mapping of keys to text"); return; }
        foreach (var (key, value) in map.Pairs)
            if (value is not YamlText) problem(value, $"metadata.{field}.{key.Value} must be text, but is {value.Shape}");
    }
}
