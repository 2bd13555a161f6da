using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Reading;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.DotNet;

/// <summary>
/// .NET: project files (<c>PackageReference</c> with attribute or element versions, <c>VersionOverride</c>,
/// <c>$(Property)</c> values from <c>Directory.Build.props</c> up the tree, the central package versions of the
/// nearest <c>Directory.Packages.props</c>), <c>packages.lock.json</c> (resolved and transitive), <c>packages.config</c>,
/// <c>global.json</c>'s SDK and MSBuild SDKs, project SDKs with a version (<c>Sdk="Aspire.AppHost.Sdk/13.1.0"</c>,
/// <c>&lt;Sdk Name Version&gt;</c>), local tools (<c>.config/dotnet-tools.json</c>), <c>PackageReference</c>s in shared
/// <c>.props</c>/<c>.targets</c> files (<c>eng/Test.targets</c>), every central <c>PackageVersion</c> where it is written
/// (managed scope), and <c>TargetFramework(s)</c> as the runtime. Reads only; evaluates nothing.
/// </summary>
public sealed partial class DotNetHarvester : IHarvester
{
    public string Name => "dotnet";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return IsProject(name) || IsSharedBuildFile(name) || name is "Directory.Packages.props" or "packages.lock.json" or "global.json" or "packages.config"
            || relativePath.EndsWith(".config/dotnet-tools.json", StringComparison.Ordinal) || name == "dotnet-tools.json";
    }

    /// <summary>MSBuild files projects import (Directory.Build.props/targets, eng/*.props): their PackageReferences apply to the importers.</summary>
    private static bool IsSharedBuildFile(string name)
        => name != "Directory.Packages.props" && (name.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".targets", StringComparison.OrdinalIgnoreCase));

    private static bool IsProject(string name)
        => name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var run = new Run(repository, sink);
        foreach (var file in repository.Files)
        {
            var name = RepoPaths.FileName(file);
            if (IsProject(name))
            {
                try { run.Project(file); }
                catch (ExpansionBudgetExceededException e) { sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message); }
            }
            else if (IsSharedBuildFile(name))
            {
                try { run.SharedBuildFile(file); }
                catch (ExpansionBudgetExceededException e) { sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message); }
            }
            else if (name == "dotnet-tools.json") run.LocalTools(file);
            else if (name == "global.json") run.GlobalJson(file);
            else if (name == "packages.config") run.PackagesConfig(file);
            else if (name == "Directory.Packages.props")
            {
                try { run.CentralGlobals(file); }
                catch (ExpansionBudgetExceededException e) { sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message); }
            }
        }
    }

    private sealed class Run(IRepositoryReader repo, HarvestSink sink)
    {
        private readonly Dictionary<string, XDocument?> _xml = new(StringComparer.Ordinal);
        private readonly HashSet<string> _files = new(repo.Files, StringComparer.Ordinal);

        private XDocument? Xml(string file)
        {
            if (_xml.TryGetValue(file, out var cached)) return cached;
            if (repo.TextOrIssue(file, sink) is not { } text) return _xml[file] = null;
            if (!SafeXml.TryParse(text, out var doc, out var error, out var line)) sink.Issue(ScanIssueSeverity.Error, file, line, error!);
            return _xml[file] = doc;
        }

        private string? Nearest(string folder, string fileName)
            => RepoPaths.SelfAndAncestors(folder).Select(f => RepoPaths.Combine(f, fileName)).FirstOrDefault(_files.Contains);

        public void Project(string file)
        {
            var doc = Xml(file);
            if (doc?.Root is null) return;
            // One budget for the project with the props it imports: MSBuild evaluates them as one.
            var budget = new ExpansionBudget();
            (string Value, bool Unresolved) Expand(string text, IReadOnlyDictionary<string, string> props, int line = 0) => DotNetHarvester.Expand(text, props, budget, file, line);
            void ApplyProperties(string from, XElement root, Dictionary<string, string> props) => DotNetHarvester.ApplyProperties(from, root, props, budget);
            var folder = RepoPaths.FolderOf(file);
            var projectName = Path.GetFileNameWithoutExtension(RepoPaths.FileName(file));
            var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["MSBuildProjectName"] = projectName,
                ["AssemblyName"] = projectName,
                ["RootNamespace"] = projectName,
            };
            // MSBuild's order: Directory.Build.props (outermost first), Directory.Packages.props, then the project body.
            foreach (var ancestor in RepoPaths.SelfAndAncestors(folder).Reverse())
            {
                var p = RepoPaths.Combine(ancestor, "Directory.Build.props");
                if (_files.Contains(p) && Xml(p)?.Root is { } r) ApplyProperties(p, r, props);
            }
            var central = Nearest(folder, "Directory.Packages.props");
            var centralRoot = central is null ? null : Xml(central)?.Root;
            if (centralRoot is not null) ApplyProperties(central!, centralRoot, props);
            ApplyProperties(file, doc.Root, props);

            var cpm = props.TryGetValue("ManagePackageVersionsCentrally", out var m) && m.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
            var centralVersions = new Dictionary<string, (string Version, int Line)>(StringComparer.OrdinalIgnoreCase);
            if (cpm && centralRoot is not null)
                foreach (var pv in Elements(centralRoot, "PackageVersion"))
                {
                    var id = (string?)pv.Attribute("Include") ?? (string?)pv.Attribute("Update");
                    var v = (string?)pv.Attribute("Version") ?? Child(pv, "Version");
                    if (id is not null && v is not null) centralVersions[id] = (v, SafeXml.LineOf(pv));
                }
            if (cpm && central is not null) sink.Fact(RepoPaths.FolderOf(central), "dotnet.centralPackageManagement", "true");

            // Runtimes from the target frameworks.
            foreach (var tfElement in Elements(doc.Root, "TargetFramework").Concat(Elements(doc.Root, "TargetFrameworks")).Concat(Elements(doc.Root, "TargetFrameworkVersion")))
            {
                var (value, _) = Expand(tfElement.Value, props, SafeXml.LineOf(tfElement));
                foreach (var tfm in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    Runtime(tfm, tfElement.Name.LocalName == "TargetFrameworkVersion", file, SafeXml.LineOf(tfElement));
            }
            if (!Elements(doc.Root, "TargetFramework").Any() && !Elements(doc.Root, "TargetFrameworks").Any() && props.TryGetValue("TargetFramework", out var inherited))
                foreach (var tfm in inherited.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    Runtime(Expand(tfm, props).Value, false, file, 0);

            ProjectSdks(doc.Root, file);

            var references = Elements(doc.Root, "PackageReference").Where(e => e.Attribute("Include") is not null).ToList();
            var isTest = (props.TryGetValue("IsTestProject", out var t) && t.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
                         || TestProjectName().IsMatch(projectName)
                         || references.Any(r => ((string?)r.Attribute("Include"))!.Equals("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase));
            var lockFile = RepoPaths.Combine(folder, "packages.lock.json");
            var locked = _files.Contains(lockFile) ? ReadLock(lockFile) : null;

            foreach (var reference in references)
            {
                foreach (var id in ((string)reference.Attribute("Include")!).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var line = SafeXml.LineOf(reference);
                    var declared = (string?)reference.Attribute("VersionOverride") ?? Child(reference, "VersionOverride")
                                   ?? (string?)reference.Attribute("Version") ?? Child(reference, "Version");
                    if (declared is null && centralVersions.TryGetValue(id, out var cv)) declared = cv.Version;
                    var unresolved = false;
                    if (declared is not null) { var ex = Expand(declared, props, line); declared = ex.Value; unresolved = ex.Unresolved; }
                    var privateAssets = (string?)reference.Attribute("PrivateAssets") ?? Child(reference, "PrivateAssets");
                    var scope = isTest ? DependencyScope.Test
                        : privateAssets is not null && privateAssets.Equals("all", StringComparison.OrdinalIgnoreCase) ? DependencyScope.Build
                        : DependencyScope.Runtime;
                    string? version = null;
                    var isLocked = false;
                    if (locked is not null && locked.Direct.TryGetValue(id, out var lv)) { version = lv; isLocked = true; }
                    else if (!unresolved) version = DeclaredVersion.Lowest(declared, VersionScheme.NuGet);
                    if (declared is null)
                        sink.Issue(ScanIssueSeverity.Warning, file, line, $"PackageReference '{id}' has no version (no Version, VersionOverride or central PackageVersion)");
                    sink.Add(new DependencyFact
                    {
                        Ecosystem = "nuget",
                        Purl = PackageUrl.Create("nuget", null, id),
                        Declared = declared,
                        Version = version,
                        Unresolved = version is null,
                        Locked = isLocked,
                        Scope = scope,
                        Direct = true,
                        File = file,
                        Line = line,
                    });
                }
            }
            if (locked is not null)
                foreach (var (id, version, line) in locked.Transitive)
                    sink.Add(new DependencyFact
                    {
                        Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, id), Version = version, Locked = true,
                        Direct = false, Scope = isTest ? DependencyScope.Test : DependencyScope.Runtime, File = lockFile, Line = line,
                    });
        }

        /// <summary>
        /// <c>Sdk="Name/1.2.3"</c> on the Project (several separated by <c>;</c>), <c>&lt;Sdk Name Version&gt;</c> and
        /// <c>&lt;Import Sdk Version&gt;</c>: MSBuild SDKs resolved from NuGet at that version. An SDK without a version is the
        /// .NET SDK's own (Microsoft.NET.Sdk) or one global.json's msbuild-sdks pins, recorded there.
        /// </summary>
        private void ProjectSdks(XElement root, string file)
        {
            var line = SafeXml.LineOf(root);
            foreach (var sdk in ((string?)root.Attribute("Sdk") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var slash = sdk.IndexOf('/');
                if (slash > 0) Sdk(sdk[..slash], sdk[(slash + 1)..], file, line);
            }
            foreach (var e in root.Descendants().Where(e => e.Name.LocalName is "Sdk" or "Import"))
            {
                var name = (string?)e.Attribute(e.Name.LocalName == "Sdk" ? "Name" : "Sdk");
                var version = (string?)e.Attribute("Version");
                if (name is not null && version is not null) Sdk(name, version, file, SafeXml.LineOf(e));
            }
        }

        private void Sdk(string name, string version, string file, int line) => sink.Add(new DependencyFact
        {
            Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, name), Kind = TechnologyKind.Tool, Declared = version,
            Version = DeclaredVersion.Lowest(version, VersionScheme.NuGet), Unresolved = DeclaredVersion.Lowest(version, VersionScheme.NuGet) is null,
            Scope = DependencyScope.Build, File = file, Line = line,
        });

        /// <summary>
        /// A shared MSBuild file's <c>PackageReference</c>s: every project importing it gets them, so they are recorded where they
        /// are written, with the version from the element or the nearest Directory.Packages.props. Test-named files
        /// (<c>eng/Test.targets</c>) give test scope, <c>PrivateAssets="all"</c> build scope.
        /// </summary>
        public void SharedBuildFile(string file)
        {
            var root = Xml(file)?.Root;
            if (root is null) return;
            var references = Elements(root, "PackageReference").Where(e => e.Attribute("Include") is not null).ToList();
            ProjectSdks(root, file);
            if (references.Count == 0) return;
            var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var central = Nearest(RepoPaths.FolderOf(file), "Directory.Packages.props");
            var centralVersions = central is null || Xml(central)?.Root is not { } centralRoot ? [] : CentralVersions(centralRoot);
            var budget = new ExpansionBudget();
            ApplyProperties(file, root, props, budget);
            var isTest = TestProjectName().IsMatch(Path.GetFileNameWithoutExtension(RepoPaths.FileName(file)));
            foreach (var reference in references)
                foreach (var id in ((string)reference.Attribute("Include")!).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (id.Contains("$(", StringComparison.Ordinal) || id.Contains("@(", StringComparison.Ordinal))
                    {
                        sink.Issue(ScanIssueSeverity.Warning, file, SafeXml.LineOf(reference), $"PackageReference '{id}' names its package through a property; not read");
                        continue;
                    }
                    var declared = (string?)reference.Attribute("VersionOverride") ?? Child(reference, "VersionOverride")
                                   ?? (string?)reference.Attribute("Version") ?? Child(reference, "Version")
                                   ?? (centralVersions.TryGetValue(id, out var cv) ? cv.Version : null);
                    var unresolved = false;
                    if (declared is not null) { var ex = Expand(declared, props, budget, file, SafeXml.LineOf(reference)); declared = ex.Value; unresolved = ex.Unresolved; }
                    var version = unresolved ? null : DeclaredVersion.Lowest(declared, VersionScheme.NuGet);
                    var privateAssets = (string?)reference.Attribute("PrivateAssets") ?? Child(reference, "PrivateAssets");
                    if (version is null)
                        sink.Issue(ScanIssueSeverity.Warning, file, SafeXml.LineOf(reference), declared is null
                            ? $"PackageReference '{id}' has no version (no Version, VersionOverride or central PackageVersion)"
                            : $"PackageReference '{id}' version '{declared}' could not be resolved");
                    sink.Add(new DependencyFact
                    {
                        Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, id), Declared = declared, Version = version,
                        Unresolved = version is null,
                        Scope = isTest ? DependencyScope.Test : privateAssets?.Equals("all", StringComparison.OrdinalIgnoreCase) == true ? DependencyScope.Build : DependencyScope.Runtime,
                        Condition = ConditionOf(reference), File = file, Line = SafeXml.LineOf(reference),
                    });
                }
        }

        /// <summary><c>.config/dotnet-tools.json</c>: local tools the repository restores with <c>dotnet tool restore</c>, at exact versions.</summary>
        public void LocalTools(string file)
        {
            if (repo.TextOrIssue(file, sink) is not { } text) return;
            if (!JsonLines.TryParse(text, out var json, out var error, out var errLine)) { sink.Issue(ScanIssueSeverity.Error, file, errLine, error!); return; }
            using var _ = json!.Document;
            if (json.Root.ValueKind != JsonValueKind.Object || !json.Root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Object) return;
            foreach (var tool in tools.EnumerateObject())
            {
                var line = json.LineOf($"tools/{tool.Name}");
                var version = tool.Value.ValueKind == JsonValueKind.Object && tool.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (version is null) sink.Issue(ScanIssueSeverity.Warning, file, line, $"local tool '{tool.Name}' has no version");
                sink.Add(new DependencyFact
                {
                    Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, tool.Name), Kind = TechnologyKind.Tool, Declared = version,
                    Version = version, Unresolved = version is null, Locked = version is not null, Scope = DependencyScope.Build, File = file, Line = line,
                });
            }
        }

        private static Dictionary<string, (string Version, int Line)> CentralVersions(XElement centralRoot)
        {
            var versions = new Dictionary<string, (string Version, int Line)>(StringComparer.OrdinalIgnoreCase);
            foreach (var pv in Elements(centralRoot, "PackageVersion"))
            {
                var id = (string?)pv.Attribute("Include") ?? (string?)pv.Attribute("Update");
                var v = (string?)pv.Attribute("Version") ?? Child(pv, "Version");
                if (id is not null && v is not null) versions[id] = (v, SafeXml.LineOf(pv));
            }
            return versions;
        }

        /// <summary>An MSBuild condition on the item or its ItemGroup, kept as written: the item applies only when it holds.</summary>
        private static string? ConditionOf(XElement item)
        {
            var conditions = new[] { item.Parent?.Attribute("Condition")?.Value, item.Attribute("Condition")?.Value }.OfType<string>().Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            return conditions.Count == 0 ? null : "msbuild:" + string.Join(" and ", conditions);
        }

        public void CentralGlobals(string file)
        {
            var root = Xml(file)?.Root;
            if (root is null) return;
            var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var budget = new ExpansionBudget();
            ApplyProperties(file, root, props, budget);
            // Each central version is recorded where it is written (managed scope): the one line an upgrade changes,
            // whether or not a project of the repository uses it yet; the projects' references carry the same version.
            foreach (var pv in Elements(root, "PackageVersion"))
            {
                var id = (string?)pv.Attribute("Include") ?? (string?)pv.Attribute("Update");
                if (id is null) continue;
                var (declared, unresolved) = Expand((string?)pv.Attribute("Version") ?? Child(pv, "Version") ?? "", props, budget, file, SafeXml.LineOf(pv));
                var version = unresolved ? null : DeclaredVersion.Lowest(declared, VersionScheme.NuGet);
                if (version is null) sink.Issue(ScanIssueSeverity.Warning, file, SafeXml.LineOf(pv), $"PackageVersion '{id}' version '{declared}' could not be resolved");
                sink.Add(new DependencyFact
                {
                    Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, id), Declared = declared.Length == 0 ? null : declared,
                    Version = version, Unresolved = version is null, Scope = DependencyScope.Managed, Condition = ConditionOf(pv),
                    File = file, Line = SafeXml.LineOf(pv),
                });
            }
            foreach (var g in Elements(root, "GlobalPackageReference"))
            {
                var id = (string?)g.Attribute("Include");
                if (id is null) continue;
                var (declared, unresolved) = Expand((string?)g.Attribute("Version") ?? Child(g, "Version") ?? "", props, budget, file, SafeXml.LineOf(g));
                var version = unresolved ? null : DeclaredVersion.Lowest(declared, VersionScheme.NuGet);
                sink.Add(new DependencyFact
                {
                    Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, id), Declared = declared.Length == 0 ? null : declared,
                    Version = version, Unresolved = version is null, Scope = DependencyScope.Build, File = file, Line = SafeXml.LineOf(g),
                });
            }
        }

        public void PackagesConfig(string file)
        {
            var root = Xml(file)?.Root;
            if (root is null) return;
            foreach (var p in root.Elements("package"))
            {
                var id = (string?)p.Attribute("id");
                var v = (string?)p.Attribute("version");
                if (id is null) continue;
                var dev = ((string?)p.Attribute("developmentDependency"))?.Equals("true", StringComparison.OrdinalIgnoreCase) == true;
                sink.Add(new DependencyFact
                {
                    Ecosystem = "nuget", Purl = PackageUrl.Create("nuget", null, id), Declared = v, Version = v, Unresolved = v is null,
                    Locked = v is not null, Scope = dev ? DependencyScope.Dev : DependencyScope.Runtime, File = file, Line = SafeXml.LineOf(p),
                });
            }
        }

        public void GlobalJson(string file)
        {
            if (repo.TextOrIssue(file, sink) is not { } text) return;
            if (!JsonLines.TryParse(text, out var json, out var error, out var line)) { sink.Issue(ScanIssueSeverity.Error, file, line, error!); return; }
            using var _ = json!.Document;
            if (json.Root.ValueKind == JsonValueKind.Object && json.Root.TryGetProperty("sdk", out var sdk) && sdk.ValueKind == JsonValueKind.Object
                && sdk.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String)
            {
                sink.Add(DependencyFact.Runtime("dotnet-sdk", v.GetString(), v.GetString(), file, json.LineOf("sdk/version"), DependencyScope.Build, TechnologyKind.Tool));
            }
            // msbuild-sdks pins the versions of MSBuild project SDKs (Cake.Sdk, MSTest.Sdk) for every project naming them.
            if (json.Root.ValueKind == JsonValueKind.Object && json.Root.TryGetProperty("msbuild-sdks", out var sdks) && sdks.ValueKind == JsonValueKind.Object)
                foreach (var pinned in sdks.EnumerateObject())
                    if (pinned.Value.ValueKind == JsonValueKind.String) Sdk(pinned.Name, pinned.Value.GetString()!, file, json.LineOf($"msbuild-sdks/{pinned.Name}"));
        }

        private void Runtime(string tfm, bool frameworkVersion, string file, int line)
        {
            var (name, version) = RuntimeOf(tfm, frameworkVersion);
            if (name is null) return;
            sink.Add(DependencyFact.Runtime(name, tfm, version, file, line));
        }

        private sealed record LockData(Dictionary<string, string> Direct, List<(string Id, string Version, int Line)> Transitive);

        private LockData? ReadLock(string file)
        {
            if (repo.TextOrIssue(file, sink) is not { } text) return null;
            if (!JsonLines.TryParse(text, out var json, out var error, out var errLine, indexDepth: 3)) { sink.Issue(ScanIssueSeverity.Error, file, errLine, error!); return null; }
            using var _ = json!.Document;
            var data = new LockData(new(StringComparer.OrdinalIgnoreCase), []);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!json.Root.TryGetProperty("dependencies", out var byTfm) || byTfm.ValueKind != JsonValueKind.Object) return data;
            foreach (var tfm in byTfm.EnumerateObject())
            {
                if (tfm.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var dep in tfm.Value.EnumerateObject())
                {
                    if (dep.Value.ValueKind != JsonValueKind.Object) continue;
                    var type = dep.Value.TryGetProperty("type", out var ty) ? ty.GetString() : null;
                    var resolved = dep.Value.TryGetProperty("resolved", out var rv) ? rv.GetString() : null;
                    if (resolved is null || type is "Project") continue;
                    if (type is "Direct") data.Direct.TryAdd(dep.Name, resolved);
                    else if (seen.Add(dep.Name + "@" + resolved)) data.Transitive.Add((dep.Name, resolved, json.LineOf($"dependencies/{tfm.Name}/{dep.Name}")));
                }
            }
            return data;
        }
    }

    /// <summary>Maps a target framework moniker to a runtime purl name and version; netstandard is a contract, not a runtime.</summary>
    public static (string? Name, string? Version) RuntimeOf(string tfm, bool frameworkVersion = false)
    {
        var t = tfm.Trim().ToLowerInvariant();
        if (frameworkVersion) return ("dotnet-framework", t.TrimStart('v'));
        if (t.StartsWith("netstandard", StringComparison.Ordinal)) return (null, null);
        var platform = t.IndexOf('-');
        if (platform > 0) t = t[..platform];
        if (t.StartsWith("netcoreapp", StringComparison.Ordinal)) return ("dotnet", t["netcoreapp".Length..]);
        var modern = ModernTfm().Match(t);
        if (modern.Success) return ("dotnet", modern.Groups[1].Value);
        var classic = ClassicTfm().Match(t);
        if (classic.Success) return ("dotnet-framework", string.Join('.', classic.Groups[1].Value.ToCharArray()));
        return (null, null);
    }

    [GeneratedRegex(@"^net(\d+\.\d+)$")] private static partial Regex ModernTfm();
    [GeneratedRegex(@"^net(\d{2,3})$")] private static partial Regex ClassicTfm();
    [GeneratedRegex(@"(Tests?|Specs)$|\.(Unit|Integration|Functional)?Tests?\.")] private static partial Regex TestProjectName();
    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")] private static partial Regex PropertyReference();
    [GeneratedRegex(@"^\s*'\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)'\s*==\s*''\s*$")] private static partial Regex UnsetCondition();

    private static IEnumerable<XElement> Elements(XElement root, string localName) => root.Descendants().Where(e => e.Name.LocalName == localName);

    private static string? Child(XElement element, string localName) => element.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();

    /// <summary>Applies the properties of every PropertyGroup in document order, as MSBuild's evaluation does; conditions other than "not yet set" are skipped.</summary>
    /// <remarks>
    /// Values are stored expanded, so a property doubling the one before doubles in length: the budget (one per project,
    /// shared with the props it imports, as MSBuild evaluates them as one) stops it with the file and line where it ran out.
    /// </remarks>
    private static void ApplyProperties(string file, XElement root, Dictionary<string, string> props, ExpansionBudget budget)
    {
        foreach (var group in root.Elements().Where(e => e.Name.LocalName == "PropertyGroup"))
        {
            if (group.Attribute("Condition") is { } gc && !ConditionHolds(gc.Value, props)) continue;
            foreach (var p in group.Elements())
            {
                if (p.Attribute("Condition") is { } pc && !ConditionHolds(pc.Value, props)) continue;
                props[p.Name.LocalName] = Expand(p.Value.Trim(), props, budget, file, SafeXml.LineOf(p)).Value;
            }
        }
    }

    private static bool ConditionHolds(string condition, Dictionary<string, string> props)
    {
        var m = UnsetCondition().Match(condition);
        return m.Success && (!props.TryGetValue(m.Groups[1].Value, out var v) || v.Length == 0);
    }

    /// <summary>Replaces <c>$(Name)</c> references; unresolved when any name is undefined.</summary>
    private static (string Value, bool Unresolved) Expand(string text, IReadOnlyDictionary<string, string> props, ExpansionBudget budget, string file, int line)
    {
        var unresolved = false;
        // Values stored in props are already expanded, so one pass suffices and cycles cannot loop.
        var value = budget.Replace(PropertyReference(), text, m =>
        {
            if (props.TryGetValue(m.Groups[1].Value, out var v)) return v;
            unresolved = true;
            return null;
        }, file, line, $"'{Shorten(text)}'");
        return (value, unresolved);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
