using System.Text;
using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Core.Yaml;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Containers;

/// <summary>
/// Container images: <c>Dockerfile*</c> <c>FROM</c> lines (multi-stage: earlier stages are build scope and stage
/// aliases are not images; <c>ARG</c> defaults substituted; <c>--platform</c> and digests understood), compose files'
/// <c>services.*.image</c>, and <c>image:</c> fields in Kubernetes manifests and Helm values (including the
/// <c>repository</c>/<c>tag</c> form). Official base images also give the runtime they carry. Reads only.
/// </summary>
public sealed partial class ContainerHarvester : IHarvester
{
    private static readonly HashSet<string> DeployFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "k8s", "kube", "kubernetes", "helm", "charts", "chart", "deploy", "deployment", "deployments", "manifests", "kustomize", "openshift",
    };

    public string Name => "containers";

    public bool Wants(string relativePath) => IsDockerfile(relativePath) || IsCompose(relativePath) || IsDeployYaml(relativePath);

    private static bool IsDockerfile(string path)
    {
        var name = RepoPaths.FileName(path);
        return name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.Equals("Containerfile", StringComparison.Ordinal);
    }

    private static bool IsYaml(string name) => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static bool IsCompose(string path)
    {
        var name = RepoPaths.FileName(path);
        return IsYaml(name) && (name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsKustomization(string path) => RepoPaths.FileName(path) is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    private static bool IsDeployYaml(string path)
    {
        var name = RepoPaths.FileName(path);
        if (IsKustomization(path)) return true;
        if (!IsYaml(name) || path.StartsWith(".github/", StringComparison.Ordinal)) return false;
        var segments = path.Split('/');
        // Helm templates are Go templates, not YAML, until rendered.
        if (segments.Contains("templates")) return false;
        if (name.StartsWith("values", StringComparison.OrdinalIgnoreCase)) return true;
        return segments[..^1].Any(DeployFolders.Contains);
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        foreach (var file in repository.Files)
        {
            if (!Wants(file)) continue;
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            if (IsDockerfile(file)) Dockerfile(file, text, sink);
            else if (IsKustomization(file)) Kustomization(file, text, sink);
            else Yaml(file, text, sink, IsCompose(file));
        }
    }

    /// <summary>
    /// A kustomization's <c>images:</c> rewrite the images of the resources it builds: <c>newName</c>/<c>newTag</c>/<c>digest</c>
    /// are what runs, recorded on the kustomization's line. An entry that only renames keeps the resource's tag, which is read there.
    /// </summary>
    private static void Kustomization(string file, string text, HarvestSink sink)
    {
        foreach (var doc in RepositoryYaml.Documents(file, text, 100_000, sink, ScanIssueSeverity.Warning))
            foreach (var entry in doc["images"]?.Elements ?? [])
            {
                var name = entry["newName"]?.Text ?? entry["name"]?.Text;
                var tag = entry["newTag"]?.Text;
                var digest = entry["digest"]?.Text;
                if (name is null) { sink.Issue(ScanIssueSeverity.Warning, file, entry.Line, "kustomize image entry without a name"); continue; }
                if (tag is null && digest is null) continue;
                Image(file, name + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest), entry.Line, sink);
            }
    }

    private static void Dockerfile(string file, string text, HarvestSink sink)
    {
        // BuildKit's "# syntax=docker/dockerfile:1.7" parser directive (only before anything else) names the frontend image that builds it.
        var head = text.Split('\n');
        for (var i = 0; i < head.Length; i++)
        {
            var directive = Directive().Match(head[i]);
            if (!directive.Success) break;
            if (!directive.Groups["key"].Value.Equals("syntax", StringComparison.OrdinalIgnoreCase)) continue;
            var frontend = directive.Groups["value"].Value.Trim();
            if (ImageReference.Parse(frontend) is { } reference)
                sink.Add(new DependencyFact
                {
                    Ecosystem = "docker", Purl = reference.Purl, Kind = TechnologyKind.Tool, Declared = frontend, Version = reference.Version,
                    Unresolved = reference.Version is null, Scope = DependencyScope.Build, File = file, Line = i + 1,
                });
            else sink.Issue(ScanIssueSeverity.Warning, file, i + 1, $"syntax directive '{frontend}' is not an image reference");
        }

        var globalArgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var froms = new List<(ImageReference Image, string Declared, bool Unresolved, int Line)>();
        var seenFrom = false;
        foreach (var (instruction, line) in Instructions(text))
        {
            var m = InstructionPattern().Match(instruction);
            if (!m.Success) continue;
            var keyword = m.Groups[1].Value.ToUpperInvariant();
            var rest = m.Groups[2].Value.Trim();
            if (keyword == "ARG" && !seenFrom)
            {
                foreach (var arg in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = arg.IndexOf('=');
                    if (eq < 0) globalArgs.TryAdd(arg, null);
                    else globalArgs[arg[..eq]] = arg[(eq + 1)..].Trim('"', '\'');
                }
                continue;
            }
            if (keyword != "FROM") continue;
            seenFrom = true;
            var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (parts.Count == 0) { sink.Issue(ScanIssueSeverity.Warning, file, line, "FROM without an image"); continue; }
            var declared = parts[0];
            string? alias = parts.Count >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
            string image;
            bool unresolved;
            try { (image, unresolved) = Substitute(declared, globalArgs, file, line); }
            catch (ExpansionBudgetExceededException e) { sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message); continue; }
            if (!stages.Contains(image) && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
            {
                var reference = ImageReference.Parse(image);
                if (reference is null) sink.Issue(ScanIssueSeverity.Warning, file, line, $"FROM '{declared}' is not an image reference");
                else froms.Add((reference, declared, unresolved, line));
            }
            if (alias is not null) stages.Add(alias);
        }
        for (var i = 0; i < froms.Count; i++)
        {
            // Only the last FROM builds the image that ships; earlier stages are build tooling.
            var scope = i == froms.Count - 1 ? DependencyScope.Runtime : DependencyScope.Build;
            var (image, declared, unresolved, line) = froms[i];
            AddImage(sink, image, declared, unresolved, scope, file, line);
        }
    }

    private static void AddImage(HarvestSink sink, ImageReference image, string declared, bool unresolved, DependencyScope scope, string file, int line)
    {
        var version = unresolved ? null : image.Version;
        sink.Add(new DependencyFact
        {
            Ecosystem = "docker", Purl = image.Purl, Kind = TechnologyKind.Image, Declared = declared, Version = version,
            Unresolved = version is null, Scope = scope, File = file, Line = line,
        });
        if (image.RuntimeFact() is { } rt)
        {
            var rv = unresolved ? null : rt.Version;
            sink.Add(DependencyFact.Runtime(rt.Runtime, declared, rv, file, line, scope));
        }
    }

    private static void Yaml(string file, string text, HarvestSink sink, bool compose)
    {
        foreach (var doc in RepositoryYaml.Documents(file, text, 100_000, sink, ScanIssueSeverity.Warning))
        {
            if (compose)
            {
                foreach (var (_, service) in doc["services"]?.Entries ?? [])
                    if (service["image"] is { Text: { } img } node) Image(file, img, node.Line, sink);
                continue;
            }
            Walk(doc, file, sink, 0);
        }
    }

    private static void Walk(YamlValue node, string file, HarvestSink sink, int depth)
    {
        if (depth > 64) return;
        if (node is YamlList list) { foreach (var c in list.Items) Walk(c, file, sink, depth + 1); return; }
        foreach (var (key, value) in node.Entries)
        {
            if (key == "image")
            {
                if (value.Text is { } img) { Image(file, img, value.Line, sink); continue; }
                if (value is YamlMap helm && helm["repository"]?.Text is { Length: > 0 } repo)
                {
                    var registry = helm["registry"]?.Text;
                    var tag = helm["tag"]?.Text;
                    var digest = helm["digest"]?.Text;
                    var full = (string.IsNullOrEmpty(registry) ? "" : registry + "/") + repo + (string.IsNullOrEmpty(tag) ? "" : ":" + tag) + (string.IsNullOrEmpty(digest) ? "" : "@" + digest);
                    // An empty Helm tag means "the chart's appVersion", which the values file cannot tell.
                    Image(file, full, value.Line, sink, unresolved: string.IsNullOrEmpty(tag) && string.IsNullOrEmpty(digest));
                    continue;
                }
            }
            Walk(value, file, sink, depth + 1);
        }
    }

    private static void Image(string file, string declared, int line, HarvestSink sink, bool unresolved = false)
    {
        if (declared.Contains("{{", StringComparison.Ordinal)) return;
        string text;
        bool undefined;
        try { (text, undefined) = Substitute(declared, new Dictionary<string, string?>(), file, line); }
        catch (ExpansionBudgetExceededException e) { sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message); return; }
        var image = ImageReference.Parse(text);
        if (image is null) { sink.Issue(ScanIssueSeverity.Warning, file, line, $"image '{declared}' is not an image reference"); return; }
        AddImage(sink, image, declared, unresolved || undefined, DependencyScope.Runtime, file, line);
    }

    /// <summary>Dockerfile and compose variable syntax: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>.</summary>
    private static (string Text, bool Unresolved) Substitute(string text, IReadOnlyDictionary<string, string?> args, string file, int line)
    {
        var unresolved = false;
        // One pass over raw values, but a line of many references to a long ARG still multiplies: the budget bounds it.
        var result = new ExpansionBudget().Replace(VariablePattern(), text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            if (args.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v)) return v;
            if (m.Groups["default"].Success) return m.Groups["default"].Value;
            unresolved = true;
            return "";
        }, file, line, $"'{(text.Length <= 60 ? text : text[..60] + "...")}'");
        return (result, unresolved);
    }

    /// <summary>Instructions with line continuations joined and comments dropped, each with the line it starts on.</summary>
    private static IEnumerable<(string Instruction, int Line)> Instructions(string text)
    {
        var lines = text.Split('\n');
        var current = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#')) continue;
            if (current.Length == 0) start = i + 1;
            if (trimmed.EndsWith('\\')) { current.Append(trimmed[..^1]).Append(' '); continue; }
            current.Append(trimmed);
            if (current.Length > 0) yield return (current.ToString(), start);
            current.Clear();
        }
        if (current.Length > 0) yield return (current.ToString(), start);
    }

    [GeneratedRegex(@"^\s*([A-Za-z]+)\s+(.*)$")] private static partial Regex InstructionPattern();
    [GeneratedRegex(@"^#\s*(?<key>[A-Za-z]+)\s*=\s*(?<value>\S+)\s*$")] private static partial Regex Directive();
    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?<default>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")] private static partial Regex VariablePattern();
}
