using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Harvesters.Containers;
using TechHealth.Core.Yaml;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Ci;

/// <summary>
/// Continuous integration: GitHub Actions workflows (<c>uses: owner/action@ref</c> as <c>pkg:github/owner/action</c>,
/// reusable workflows, <c>docker://</c> images, jobs' <c>container:</c> and <c>services:</c> images; local <c>./</c> actions are
/// not dependencies; an action pinned by commit SHA takes its version from the comment after it) with the versions given to
/// <c>setup-java/node/python/dotnet/go</c> as build-scope runtimes (matrix values expanded); and the presence of
/// Jenkins, GitLab CI, Azure Pipelines and CircleCI as <c>ci.present</c>/<c>ci.provider</c> facts. Reads only.
/// </summary>
public sealed partial class CiHarvester : IHarvester
{
    private static readonly Dictionary<string, (string Runtime, string Input)> SetupActions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["actions/setup-java"] = ("java", "java-version"),
        ["actions/setup-node"] = ("node", "node-version"),
        ["actions/setup-python"] = ("python", "python-version"),
        ["actions/setup-dotnet"] = ("dotnet", "dotnet-version"),
        ["actions/setup-go"] = ("go", "go-version"),
    };

    public string Name => "ci";

    public bool Wants(string relativePath) => Provider(relativePath) is not null;

    private static string? Provider(string path)
    {
        if (path.StartsWith(".github/workflows/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2
            && (path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))) return "github-actions";
        var name = RepoPaths.FileName(path);
        if (name == "Jenkinsfile" || name.StartsWith("Jenkinsfile.", StringComparison.Ordinal)) return "jenkins";
        if (name == ".gitlab-ci.yml") return "gitlab";
        if (name is "azure-pipelines.yml" or "azure-pipelines.yaml") return "azure-pipelines";
        if (path.EndsWith(".circleci/config.yml", StringComparison.Ordinal)) return "circleci";
        return null;
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var providers = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in repository.Files)
        {
            var provider = Provider(file);
            if (provider is null) continue;
            var folder = provider is "github-actions" or "circleci" ? "" : RepoPaths.FolderOf(file);
            if (!providers.TryGetValue(folder, out var set)) providers[folder] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(provider);
            if (provider == "github-actions") Workflow(repository, sink, file);
            if (provider == "circleci") CircleCi(repository, sink, file);
        }
        foreach (var (folder, set) in providers)
        {
            sink.Fact(folder, "ci.present", "true");
            sink.Fact(folder, "ci.provider", string.Join(',', set));
        }
    }

    private static void Workflow(IRepositoryReader repo, HarvestSink sink, string file)
    {
        if (repo.TextOrIssue(file, sink) is not { } text) return;
        var documents = RepositoryYaml.Documents(file, text, 100_000, sink, ScanIssueSeverity.Error);
        if (documents.Count == 0) return;
        var doc = documents[0];
        var lines = text.Split('\n');
        foreach (var (_, job) in doc["jobs"]?.Entries ?? [])
        {
            var matrix = job["strategy"]?["matrix"];
            if (job["uses"] is { Text: { } reusable } ru) Uses(sink, file, reusable, ru.Line, lines);
            JobImages(sink, file, job);
            foreach (var step in job["steps"]?.Elements ?? [])
            {
                if (step["uses"] is not { Text: { } uses } node) continue;
                var action = Uses(sink, file, uses, node.Line, lines);
                if (action is null || !SetupActions.TryGetValue(action, out var setup)) continue;
                var input = step["with"]?[setup.Input];
                if (input is null) continue;
                foreach (var (declared, line) in Values(input, matrix))
                {
                    var version = VersionOf(declared);
                    sink.Add(DependencyFact.Runtime(setup.Runtime, declared, version, file, line, DependencyScope.Build));
                }
            }
        }
    }

    /// <summary>
    /// CircleCI: the Docker images jobs and executors run in (<c>docker: [{ image: cimg/openjdk:21.0.5 }]</c>, the first is
    /// the primary container, the rest services) and the orbs the config imports (<c>orbs: { node: circleci/node@5.1.0 }</c>),
    /// all at build scope. An orb is recorded as <c>pkg:circleci/namespace/orb</c>.
    /// </summary>
    private static void CircleCi(IRepositoryReader repo, HarvestSink sink, string file)
    {
        if (repo.TextOrIssue(file, sink) is not { } text) return;
        var documents = RepositoryYaml.Documents(file, text, 100_000, sink, ScanIssueSeverity.Error);
        if (documents.Count == 0) return;
        var doc = documents[0];
        foreach (var section in new[] { "jobs", "executors" })
            foreach (var (_, job) in doc[section]?.Entries ?? [])
                foreach (var container in job["docker"]?.Elements ?? [])
                    if (container["image"] is { Text: { } image } node) ImageFact(sink, file, image, node.Line);
        foreach (var (_, orb) in doc["orbs"]?.Entries ?? [])
        {
            if (orb.Text is not { } reference) continue; // an inline orb is defined in the config itself
            var at = reference.IndexOf('@');
            var path = (at < 0 ? reference : reference[..at]).Split('/');
            if (path.Length != 2) { sink.Issue(ScanIssueSeverity.Warning, file, orb.Line, $"orb '{reference}' is not namespace/name@version"); continue; }
            var version = at < 0 ? null : reference[(at + 1)..];
            if (version is null or "volatile") sink.Issue(ScanIssueSeverity.Warning, file, orb.Line, $"orb '{reference}' is not pinned to a version");
            sink.Add(new DependencyFact
            {
                Ecosystem = "circleci", Purl = PackageUrl.Create("circleci", path[0], path[1]), Kind = TechnologyKind.Action, Declared = version,
                Version = version is "volatile" ? null : version, Unresolved = version is null or "volatile", Scope = DependencyScope.Build, File = file, Line = orb.Line,
            });
        }
    }

    private static void ImageFact(HarvestSink sink, string file, string text, int line)
    {
        if (text.Contains("${{", StringComparison.Ordinal) || text.Contains("<<", StringComparison.Ordinal))
        {
            sink.Issue(ScanIssueSeverity.Warning, file, line, $"container image '{text}' is an expression or parameter; its image is not known before the run");
            return;
        }
        var image = ImageReference.Parse(text);
        if (image is null) { sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{text}' is not an image reference"); return; }
        sink.Add(new DependencyFact
        {
            Ecosystem = "docker", Purl = image.Purl, Kind = TechnologyKind.Image, Declared = text, Version = image.Version,
            Unresolved = image.Version is null, Scope = DependencyScope.Build, File = file, Line = line,
        });
    }

    /// <summary>
    /// A job's <c>container:</c> (a string, or a mapping with <c>image:</c>) and each <c>services.*.image</c> run as containers
    /// beside the steps: build-scope images. An expression (<c>${{ matrix.image }}</c>) cannot be known and is a warning.
    /// </summary>
    private static void JobImages(HarvestSink sink, string file, YamlValue job)
    {
        var containers = new List<YamlValue>();
        if (job["container"] is { } container) containers.Add(container.Text is null ? container["image"] ?? container : container);
        foreach (var (_, service) in job["services"]?.Entries ?? []) containers.Add(service.Text is null ? service["image"] ?? service : service);
        foreach (var node in containers)
            if (node.Text is { } text) ImageFact(sink, file, text, node.Line);
    }

    /// <summary>
    /// The version a pinned commit stands for, from the comment after it on the same line, as Renovate and Dependabot write
    /// and read it: <c>@3d3c42e5... # v7.0.1</c>, also <c>#v4</c>, <c># tag=v1.2</c>, <c># pin @v2</c>, <c># renovate: tag=v3</c>.
    /// </summary>
    private static string? CommentVersion(string[] lines, int line)
    {
        if (line < 1 || line > lines.Length) return null;
        var m = PinComment().Match(lines[line - 1]);
        return m.Success ? m.Groups["version"].Value : null;
    }

    /// <summary>Records one <c>uses:</c>; returns <c>owner/action</c> for registry actions, null otherwise.</summary>
    private static string? Uses(HarvestSink sink, string file, string uses, int line, string[] lines)
    {
        uses = uses.Trim();
        if (uses.StartsWith("./", StringComparison.Ordinal) || uses.StartsWith("../", StringComparison.Ordinal)) return null;
        if (uses.StartsWith("docker://", StringComparison.Ordinal))
        {
            var image = ImageReference.Parse(uses["docker://".Length..]);
            if (image is null) { sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{uses}' is not an image reference"); return null; }
            sink.Add(new DependencyFact
            {
                Ecosystem = "docker", Purl = image.Purl, Kind = TechnologyKind.Image, Declared = uses, Version = image.Version,
                Unresolved = image.Version is null, Scope = DependencyScope.Build, File = file, Line = line,
            });
            return null;
        }
        var at = uses.IndexOf('@');
        var path = at < 0 ? uses : uses[..at];
        var reference = at < 0 ? null : uses[(at + 1)..];
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) { sink.Issue(ScanIssueSeverity.Warning, file, line, $"'uses: {uses}' is not owner/action@ref"); return null; }
        // owner/repo/path/to/action and reusable workflows (owner/repo/.github/workflows/x.yml) are versions of owner/repo.
        // A full commit SHA is kept as declared; the version it stands for comes from the comment after it, else it is unknown.
        var version = reference;
        if (reference is not null && CommitSha().IsMatch(reference))
        {
            version = CommentVersion(lines, line);
            if (version is null)
                sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{path}' is pinned to commit {reference[..12]} with no '# vX.Y.Z' comment naming its version; the radar cannot judge it");
        }
        sink.Add(new DependencyFact
        {
            Ecosystem = "github", Purl = PackageUrl.Create("github", parts[0], parts[1]), Kind = TechnologyKind.Action, Declared = reference,
            Version = version, Unresolved = version is null, Scope = DependencyScope.Build, File = file, Line = line,
        });
        return $"{parts[0]}/{parts[1]}".ToLowerInvariant();
    }

    private static IEnumerable<(string Value, int Line)> Values(YamlValue input, YamlValue? matrix)
    {
        if (input is YamlList list) { foreach (var i in list.Items) if (i.Text is { } t) yield return (t, i.Line); yield break; }
        if (input.Text is not { } text) yield break;
        var m = MatrixReference().Match(text);
        if (m.Success && matrix?[m.Groups[1].Value] is YamlList values)
        {
            foreach (var v in values.Items) if (v.Text is { } t) yield return (t, v.Line);
            yield break;
        }
        // setup-node and setup-python accept several versions, one per line.
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return (line, input.Line);
    }

    /// <summary>"21", "3.12", "8.0.x" and "20.x" give their numeric part; expressions, "lts/*" and "stable" cannot be known.</summary>
    private static string? VersionOf(string declared)
    {
        var m = LeadingVersion().Match(declared.Trim().TrimStart('v'));
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^[0-9a-f]{40}$")] private static partial Regex CommitSha();
    [GeneratedRegex(@"#\s*(?:renovate\s*:\s*)?(?:pin\s+|tag\s*=\s*)?@?(?<version>v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.+-]+)?)\s*$")] private static partial Regex PinComment();
    [GeneratedRegex(@"^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$")] private static partial Regex MatrixReference();
    [GeneratedRegex(@"^(\d+(?:\.\d+)*)(?:\.x|\.\*)?(?:-.*)?$")] private static partial Regex LeadingVersion();
}
