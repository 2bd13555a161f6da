using System.Globalization;
using System.Text.RegularExpressions;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Config;

/// <summary>
/// The named facts about a component's files that checks ask about: readme, docs, CODEOWNERS, licence, tests, lock
/// files, manifests, catalog, and dependency counts. Worked out per component from the files under its folder
/// (CODEOWNERS, LICENSE and CI also count at the repository root, since they apply to the whole repository).
/// Owns these fact names; it reads no file contents.
/// </summary>
public static partial class ConfigFacts
{
    private static readonly HashSet<string> LockFiles = new(StringComparer.Ordinal)
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "packages.lock.json", "poetry.lock", "uv.lock",
        "Pipfile.lock", "Cargo.lock", "go.sum", "gradle.lockfile", "composer.lock", "Gemfile.lock", "pdm.lock",
    };

    private static readonly HashSet<string> Manifests = new(StringComparer.Ordinal)
    {
        "package.json", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "pyproject.toml",
        "setup.py", "setup.cfg", "Pipfile", "go.mod", "Cargo.toml", "Directory.Packages.props", "packages.config", "composer.json", "Gemfile",
    };

    private static readonly HashSet<string> TestFolders = new(StringComparer.OrdinalIgnoreCase) { "test", "tests", "__tests__", "spec", "specs", "testing", "e2e" };

    /// <summary>Computes the facts for a component at <paramref name="componentPath"/> owning <paramref name="files"/> (repository-relative).</summary>
    public static Dictionary<string, string> Compute(string componentPath, IReadOnlyList<string> files, IReadOnlyList<string> repositoryFiles,
        IReadOnlyList<DependencyFact> dependencies, IReadOnlyCollection<string> catalogFileNames)
    {
        string Local(string f) => componentPath.Length == 0 ? f : f[(componentPath.Length + 1)..];
        var local = files.Select(Local).ToList();
        var rootLevel = local.Where(f => !f.Contains('/')).ToList();
        bool AtComponentOrRepoRoot(Func<string, bool> test, params string[] folders)
            => local.Any(f => folders.Any(folder => RepoPaths.FolderOf(f) == folder) && test(RepoPaths.FileName(f)))
               || repositoryFiles.Any(f => folders.Any(folder => RepoPaths.FolderOf(f) == folder) && test(RepoPaths.FileName(f)));

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["readme.present"] = Bool(rootLevel.Any(f => f.StartsWith("README", StringComparison.OrdinalIgnoreCase) || f.StartsWith("readme", StringComparison.Ordinal))),
            ["docs.present"] = Bool(local.Any(f => f is "mkdocs.yml" or "mkdocs.yaml" || f.StartsWith("docs/", StringComparison.Ordinal))),
            ["codeowners.present"] = Bool(AtComponentOrRepoRoot(n => n == "CODEOWNERS", "", ".github", "docs", ".gitlab")),
            ["license.present"] = Bool(AtComponentOrRepoRoot(n => n.StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase) || n.StartsWith("LICENCE", StringComparison.OrdinalIgnoreCase) || n.StartsWith("COPYING", StringComparison.Ordinal), "")),
            ["tests.present"] = Bool(local.Any(IsTestFile)),
            ["lockfile.present"] = Bool(local.Any(f => LockFiles.Contains(RepoPaths.FileName(f)))),
            ["manifests.present"] = Bool(local.Any(f => Manifests.Contains(RepoPaths.FileName(f)) || ProjectFile().IsMatch(f) || Requirements().IsMatch(RepoPaths.FileName(f)))),
            ["catalog.present"] = Bool(rootLevel.Any(catalogFileNames.Contains)),
            // Managed versions (central PackageVersions, dependencyManagement, catalog entries) are not dependencies of their own.
            ["dependencies.count"] = dependencies.Count(d => d.Direct && d.Kind == TechnologyKind.Library && d.Scope != DependencyScope.Managed).ToString(CultureInfo.InvariantCulture),
            ["dependencies.transitive"] = dependencies.Count(d => !d.Direct).ToString(CultureInfo.InvariantCulture),
            ["dependencies.unresolved"] = dependencies.Count(d => d.Unresolved).ToString(CultureInfo.InvariantCulture),
            ["files.count"] = files.Count.ToString(CultureInfo.InvariantCulture),
        };
        return facts;
    }

    /// <summary>True for manifest and lock file names of any ecosystem (whether or not a harvester reads them): they belong in fingerprints.</summary>
    public static bool IsManifestOrLock(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return LockFiles.Contains(name) || Manifests.Contains(name) || ProjectFile().IsMatch(name) || Requirements().IsMatch(name)
            || name is "CODEOWNERS" or "mkdocs.yml" or "mkdocs.yaml" or "libs.versions.toml" or "gradle.properties" or ".python-version" or "rust-toolchain.toml";
    }

    /// <summary>Test folders, test projects and the test file names of each ecosystem.</summary>
    public static bool IsTestFile(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (TestFolders.Contains(segments[i])) return true;
            if (segments[i] == "src" && i + 1 < segments.Length - 1 && segments[i + 1] == "test") return true;
        }
        var name = segments[^1];
        return TestFileName().IsMatch(name);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    [GeneratedRegex(@"(Tests?\.(cs|fs|vb)proj|_test\.go|^test_.*\.py|_test\.py|\.(spec|test)\.(ts|tsx|js|jsx|mjs|cjs)|Tests?\.(java|kt|cs|scala)|_spec\.rb)$")]
    private static partial Regex TestFileName();
    [GeneratedRegex(@"\.(cs|fs|vb)proj$")] private static partial Regex ProjectFile();
    [GeneratedRegex(@"^requirements.*\.txt$")] private static partial Regex Requirements();
}
