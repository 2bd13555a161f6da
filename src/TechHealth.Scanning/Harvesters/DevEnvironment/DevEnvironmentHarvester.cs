using System.Text.Json;
using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Harvesters.Containers;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.DevEnvironment;

/// <summary>
/// The environment developers build in, as its files pin it: a dev container's <c>image</c> and <c>features</c>
/// (<c>.devcontainer/devcontainer.json</c>, <c>.devcontainer.json</c>, <c>.devcontainer/*/devcontainer.json</c>; a language
/// feature's <c>version</c> option is that runtime), asdf's <c>.tool-versions</c> and SDKMAN!'s <c>.sdkmanrc</c>. All at
/// development scope: they shape how the component is built and worked on, not what it ships. Reads only.
/// </summary>
public sealed partial class DevEnvironmentHarvester : IHarvester
{
    /// <summary>Tool names of asdf, SDKMAN! and dev container features, mapped to the runtime purl names the radar uses.</summary>
    private static readonly Dictionary<string, string> Runtimes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["java"] = "java", ["nodejs"] = "node", ["node"] = "node", ["python"] = "python", ["ruby"] = "ruby", ["golang"] = "go", ["go"] = "go",
        ["rust"] = "rust", ["dotnet"] = "dotnet", ["dotnet-core"] = "dotnet", ["maven"] = "maven", ["gradle"] = "gradle", ["kotlin"] = "kotlin",
        ["terraform"] = "terraform", ["helm"] = "helm", ["kubectl"] = "kubectl", ["pnpm"] = "pnpm", ["yarn"] = "yarn", ["sbt"] = "sbt",
    };

    /// <summary>Tools that are build tools rather than runtimes.</summary>
    private static readonly HashSet<string> Tools = new(StringComparer.Ordinal) { "maven", "gradle", "terraform", "helm", "kubectl", "pnpm", "yarn", "sbt" };

    public string Name => "devenv";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return name is ".tool-versions" or ".sdkmanrc" or ".devcontainer.json"
            || name == "devcontainer.json" && (relativePath.StartsWith(".devcontainer/", StringComparison.Ordinal) || relativePath.Contains("/.devcontainer/", StringComparison.Ordinal));
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        foreach (var file in repository.Files.Where(Wants))
        {
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            switch (RepoPaths.FileName(file))
            {
                case ".tool-versions": ToolVersions(file, text, sink); break;
                case ".sdkmanrc": Sdkmanrc(file, text, sink); break;
                default: DevContainer(file, text, sink); break;
            }
        }
    }

    private static void DevContainer(string file, string text, HarvestSink sink)
    {
        if (!JsonLines.TryParse(text, out var json, out var error, out var errorLine, indexDepth: 3)) { sink.Issue(ScanIssueSeverity.Error, file, errorLine, error!); return; }
        using var _ = json!.Document;
        var root = json.Root;
        if (root.ValueKind != JsonValueKind.Object) { sink.Issue(ScanIssueSeverity.Error, file, 1, "devcontainer.json is not a JSON object"); return; }
        if (root.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.String)
            Image(file, image.GetString()!, json.LineOf("image"), TechnologyKind.Image, sink);
        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object) return;
        foreach (var feature in features.EnumerateObject())
        {
            var line = json.LineOf($"features/{feature.Name}");
            // A feature is an OCI artifact (ghcr.io/devcontainers/features/java:1); a local one (./my-feature) is the repository's own.
            if (feature.Name.StartsWith('.')) continue;
            var reference = Image(file, feature.Name, line, TechnologyKind.Tool, sink);
            var runtimeName = reference?.Path.Split('/')[^1];
            if (runtimeName is null || !Runtimes.TryGetValue(runtimeName, out var runtime)) continue;
            var version = feature.Value.ValueKind == JsonValueKind.Object && feature.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (version is null || version is "latest" or "lts" or "none" or "os-provided") continue;
            sink.Add(DependencyFact.Runtime(runtime, version, LeadingVersion(version), file, json.LineOf($"features/{feature.Name}/version") is > 0 and var l ? l : line, DependencyScope.Dev));
        }
    }

    private static ImageReference? Image(string file, string text, int line, TechnologyKind kind, HarvestSink sink)
    {
        if (text.Contains("${", StringComparison.Ordinal))
        {
            sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{text}' uses a variable; the image is not known before the container is built");
            return null;
        }
        var image = ImageReference.Parse(text);
        if (image is null) { sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{text}' is not an image reference"); return null; }
        sink.Add(new DependencyFact
        {
            Ecosystem = "docker", Purl = image.Purl, Kind = kind, Declared = text, Version = image.Version, Unresolved = image.Version is null,
            Scope = DependencyScope.Dev, File = file, Line = line,
        });
        return image;
    }

    /// <summary>asdf: <c>nodejs 20.11.1</c>, <c>java temurin-21.0.2+13.0.LTS</c>; the first version of a line is the one used.</summary>
    private static void ToolVersions(string file, string text, HarvestSink sink)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var content = lines[i].Split('#')[0].Trim();
            if (content.Length == 0) continue;
            var parts = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2) { sink.Issue(ScanIssueSeverity.Warning, file, i + 1, $"'{content}' names no version"); continue; }
            Tool(file, i + 1, parts[0], parts[1], sink);
        }
    }

    /// <summary>SDKMAN!: <c>java=21.0.2-tem</c>, <c>maven=3.9.6</c>.</summary>
    private static void Sdkmanrc(string file, string text, HarvestSink sink)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var content = lines[i].Split('#')[0].Trim();
            var eq = content.IndexOf('=');
            if (eq <= 0) continue;
            Tool(file, i + 1, content[..eq].Trim(), content[(eq + 1)..].Trim(), sink);
        }
    }

    private static void Tool(string file, int line, string tool, string declared, HarvestSink sink)
    {
        if (!Runtimes.TryGetValue(tool, out var name))
        {
            sink.Issue(ScanIssueSeverity.Warning, file, line, $"tool '{tool}' is not one TechHealth knows; not recorded");
            return;
        }
        var version = declared is "system" or "latest" ? null : LeadingVersion(declared);
        if (version is null) sink.Issue(ScanIssueSeverity.Warning, file, line, $"{tool} '{declared}' is not a version; the {name} version is not known");
        sink.Add(DependencyFact.Runtime(name, declared, version, file, line, DependencyScope.Dev, Tools.Contains(name) ? TechnologyKind.Tool : TechnologyKind.Runtime));
    }

    /// <summary>The version inside a distribution-qualified one: <c>temurin-21.0.2+13.0.LTS</c> and <c>21.0.2-tem</c> are 21.0.2, <c>21-oracle</c> is 21.</summary>
    private static string? LeadingVersion(string text)
    {
        var m = VersionPart().Match(text);
        return m.Success ? m.Value : null;
    }

    [GeneratedRegex(@"\d+(?:\.\d+)*")] private static partial Regex VersionPart();
}
