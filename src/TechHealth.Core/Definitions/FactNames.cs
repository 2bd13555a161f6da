namespace TechHealth.Core.Definitions;

/// <summary>
/// The named facts the harvest writes for every component and checks may test with <c>{ fact: NAME, ... }</c>.
/// Owns the names only; harvesters decide the values. Dates are ISO-8601, booleans "true"/"false", counts integers.
/// </summary>
public static class FactNames
{
    public const string Owner = "owner";
    public const string Type = "type";
    public const string Lifecycle = "lifecycle";
    public const string Tier = "tier";
    public const string System = "system";
    public const string ReadmePresent = "readme.present";
    public const string DocsPresent = "docs.present";
    public const string CodeownersPresent = "codeowners.present";
    public const string LicensePresent = "license.present";
    public const string CiPresent = "ci.present";
    public const string CiProvider = "ci.provider";
    public const string TestsPresent = "tests.present";
    public const string LockfilePresent = "lockfile.present";
    public const string ManifestsPresent = "manifests.present";
    public const string GitLastCommit = "git.lastCommit";
    public const string CatalogPresent = "catalog.present";
    public const string DependenciesCount = "dependencies.count";
    public const string DependenciesUnresolved = "dependencies.unresolved";
    /// <summary>Scan issues on the component's files: declarations the harvest saw but could not read or resolve, files it could not parse.</summary>
    public const string HarvestIssues = "harvest.issues";
    /// <summary>The catalog file describing the component (repository-relative) and the line its entity starts on.</summary>
    public const string CatalogFile = "catalog.file";
    public const string CatalogLine = "catalog.line";
    /// <summary>How many problems the catalog file has against Backstage's entity schemas (each one a scan issue with file and line).</summary>
    public const string CatalogProblems = "catalog.problems";

    /// <summary>
    /// Prefix of the facts holding a file's text, <c>file:&lt;path relative to the component&gt;</c>. The scan keeps the text
    /// only of files matching a glob that some check's <c>file: { glob, contains }</c> names; these are not in <see cref="All"/>,
    /// since a check reaches them through a file condition, never by fact name.
    /// </summary>
    public const string FileContentPrefix = "file:";

    /// <summary>Every name above; a check naming another fact loads with a warning, since it would always be unknown.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Owner, Type, Lifecycle, Tier, System, ReadmePresent, DocsPresent, CodeownersPresent, LicensePresent, CiPresent,
        CiProvider, TestsPresent, LockfilePresent, ManifestsPresent, GitLastCommit, CatalogPresent, DependenciesCount,
        DependenciesUnresolved, HarvestIssues, CatalogFile, CatalogLine, CatalogProblems,
    };
}
