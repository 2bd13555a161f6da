using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// The plain words for each fact the harvest provides, so a verdict reads as a sentence ("no README found",
/// "catalog-info.yaml declares no spec.lifecycle") rather than as a fact name and a value. Also decides what a fact
/// the harvest did not write means: for most facts, that the harvest looked and found nothing (a plain no); only a
/// fact that cannot be known without its source (the last commit of a folder that is not a git repository) or that
/// no harvester provides stays unknown.
/// </summary>
internal static class FactWords
{
    /// <summary>Catalog fields: the fact name and the spec field it is read from.</summary>
    private static readonly Dictionary<string, string> CatalogFields = new(StringComparer.Ordinal)
    {
        [FactNames.Owner] = "spec.owner", ["component.owner"] = "spec.owner",
        [FactNames.Type] = "spec.type", ["component.type"] = "spec.type",
        [FactNames.Lifecycle] = "spec.lifecycle", ["component.lifecycle"] = "spec.lifecycle",
        [FactNames.Tier] = "spec.tier", ["component.tier"] = "spec.tier",
        [FactNames.System] = "spec.system", ["component.system"] = "spec.system",
    };

    /// <summary>Yes/no facts: what is present when the fact is "true".</summary>
    private static readonly Dictionary<string, string> Presence = new(StringComparer.Ordinal)
    {
        [FactNames.ReadmePresent] = "a README",
        [FactNames.DocsPresent] = "documentation (mkdocs.yml or docs/)",
        [FactNames.CodeownersPresent] = "a CODEOWNERS file",
        [FactNames.LicensePresent] = "a licence file",
        [FactNames.CiPresent] = "a CI configuration",
        [FactNames.TestsPresent] = "tests",
        [FactNames.LockfilePresent] = "a committed lock file",
        [FactNames.ManifestsPresent] = "a build manifest",
        [FactNames.CatalogPresent] = "a catalog file (catalog-info.yaml)",
    };

    /// <summary>Counting facts: what is counted, in the plural.</summary>
    private static readonly Dictionary<string, string> Counts = new(StringComparer.Ordinal)
    {
        [FactNames.DependenciesUnresolved] = "dependencies without a known version",
        [FactNames.DependenciesCount] = "dependencies",
        [FactNames.CatalogProblems] = "problems in the catalog file against Backstage's entity rules",
    };

    public static string? CatalogField(string fact) => CatalogFields.GetValueOrDefault(fact);
    public static string? PresenceOf(string fact) => Presence.GetValueOrDefault(fact);
    public static bool IsCount(string fact) => Counts.ContainsKey(fact);

    /// <summary>The fact as a noun phrase: "spec.lifecycle", "the CI provider", "dependencies without a known version".</summary>
    public static string Noun(string fact) => fact switch
    {
        _ when CatalogFields.TryGetValue(fact, out var field) => field,
        _ when Counts.TryGetValue(fact, out var counted) => "the number of " + counted,
        FactNames.CiProvider => "the CI provider",
        FactNames.GitLastCommit => "the last commit",
        "component.name" => "metadata.name",
        _ when Presence.TryGetValue(fact, out var present) => present,
        _ => $"'{fact}'",
    };

    /// <summary>"12 dependencies without a known version" (or "1 dependency ...").</summary>
    public static string Count(string fact, string value)
    {
        var counted = Counts.GetValueOrDefault(fact) ?? Noun(fact);
        return value == "1" && counted.StartsWith("dependencies", StringComparison.Ordinal) ? "1 dependency" + counted["dependencies".Length..]
            : value == "1" && counted.StartsWith("problems", StringComparison.Ordinal) ? "1 problem" + counted["problems".Length..]
            : $"{value} {counted}";
    }

    /// <summary>
    /// The value a fact has when the harvest did not write it: "0" for counts, "false" for presence; null when absence
    /// means the fact cannot be known (so the condition is unknown, saying why).
    /// </summary>
    public static string? AbsentValue(string fact)
        => IsCount(fact) ? "0" : Presence.ContainsKey(fact) ? "false" : null;

    /// <summary>Why a fact that is absent cannot be decided, for an unknown verdict.</summary>
    public static string WhyUnknown(string fact, ComponentFacts component) => fact switch
    {
        FactNames.GitLastCommit => "the date of the last commit is unknown: the folder was not read as a git repository",
        FactNames.CiProvider => "no CI configuration was found, so there is no CI provider to compare",
        _ when FactNames.All.Contains(fact) => $"the harvest wrote no value for {Noun(fact)}",
        _ => $"no harvester provides the fact '{fact}' (a check may only name the facts listed in checks/README.md)",
    };

    /// <summary>Where the component's catalog entity is written: "catalog-info.yaml" and its line, or null with no catalog.</summary>
    public static (string File, int Line)? CatalogFile(ComponentFacts component)
    {
        if (!component.Facts.TryGetValue(FactNames.CatalogFile, out var file) || file.Length == 0) return null;
        var line = component.Facts.TryGetValue(FactNames.CatalogLine, out var l) && int.TryParse(l, out var n) ? n : 0;
        return (file, line);
    }

    /// <summary>What was counted for a counting fact, one evidence item each with file and line.</summary>
    public static IReadOnlyList<Evidence> Counted(string fact, ComponentFacts component) => fact switch
    {
        FactNames.DependenciesUnresolved => component.Dependencies.Where(d => d.Unresolved)
            .Select(d => new Evidence(d switch
            {
                { Ecosystem: "docker", Declared: { } image } when !image.Contains(':') && !image.Contains('@') => $"{d.DisplayName} in {d.Where}: no tag, so the image floats with latest",
                { Declared: { Length: > 0 } decl } => $"{d.DisplayName} in {d.Where}: version '{decl}' cannot be resolved",
                _ => $"{d.DisplayName} in {d.Where}: no version declared there",
            }, d.File, d.Line, d.Purl.Key, Version: d.Declared))
            .ToList(),
        FactNames.CatalogProblems => CatalogIssues(component)
            .Select(i => new Evidence($"{i.File}{(i.Line > 0 ? $" line {i.Line}" : "")}: {i.Message["catalog: ".Length..]}", i.File, i.Line)).ToList(),
        _ => [],
    };

    /// <summary>The scan issues that are problems of the catalog file (unreadable documents, Backstage rule violations).</summary>
    public static IEnumerable<ScanIssue> CatalogIssues(ComponentFacts component)
        => component.Issues.Where(i => i.Message.StartsWith("catalog: ", StringComparison.Ordinal));
}
