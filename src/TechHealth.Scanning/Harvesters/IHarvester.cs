using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// Reads one ecosystem's manifests and lock files in a repository and writes down what it depends on.
/// A harvester produces facts only: it never evaluates checks and never touches the radar.
/// It works on a whole repository (so a Maven module can find its parent) and records the file and line
/// of every fact; the scanner assigns facts to components by the folder they were found in.
/// </summary>
public interface IHarvester
{
    /// <summary>Short name used in logs and scan issues: dotnet, npm, maven, gradle, python, go, rust, containers, ci.</summary>
    string Name { get; }

    /// <summary>True when the file (repository-relative, forward slashes) is one this harvester reads; used to fingerprint repositories.</summary>
    bool Wants(string relativePath);

    /// <summary>Harvests the repository. Problems with one file go to <see cref="HarvestSink.Issue"/>; exceptions are for bugs only.</summary>
    void Harvest(IRepositoryReader repository, HarvestSink sink);
}

/// <summary>
/// A safe, read-only view of one repository: the files below its root that survived the safety rules
/// (no symlinks out of the tree, size and depth limits), and their text.
/// </summary>
public interface IRepositoryReader
{
    /// <summary>The repository's name (its folder name).</summary>
    string Name { get; }

    /// <summary>Repository-relative paths, forward slashes, sorted ordinally.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>Reads a file's text; false (with the reason) when it is missing, too large or not readable.</summary>
    bool TryReadText(string relativePath, out string text, out string? reason);
}

/// <summary>Collects what harvesters find in one repository.</summary>
public sealed class HarvestSink
{
    private readonly List<DependencyFact> _dependencies = [];
    private readonly List<ScanIssue> _issues = [];
    private readonly Dictionary<string, Dictionary<string, string>> _facts = new(StringComparer.Ordinal);

    public IReadOnlyList<DependencyFact> Dependencies => _dependencies;
    public IReadOnlyList<ScanIssue> Issues => _issues;

    /// <summary>Named facts per folder (repository-relative, "" for the root): the component owning the folder gets them.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> FactsByFolder => _facts;

    public void Add(DependencyFact dependency) => _dependencies.Add(dependency);

    public void Issue(ScanIssueSeverity severity, string file, int line, string message) => _issues.Add(new ScanIssue(severity, file, line, message));

    public void Fact(string folder, string key, string value)
    {
        if (!_facts.TryGetValue(folder, out var map)) _facts[folder] = map = new Dictionary<string, string>(StringComparer.Ordinal);
        map[key] = value;
    }
}
