using System.Text.RegularExpressions;
using System.Xml;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>
/// Maven builds: every pom.xml, read with its in-repository parents so properties, <c>${project.version}</c>,
/// dependencyManagement (and imported BOMs found in the repository) and pluginManagement resolve as Maven would.
/// Each POM reports what its own file declares: dependencies, build plugins, an external parent, imported BOMs and the
/// Java release. Modules of the same repository are the build itself and are not reported as dependencies.
/// Profiles a plain build activates count as the POM itself: those the project's <c>.mvn/maven.config</c> activates
/// (<c>-P</c>) and those whose activation the repository decides (a file that exists or is missing, a property that must be
/// unset or that maven.config defines with <c>-D</c>, the JDK of the module's Java release), else those active by default
/// (see <see cref="ProfileActivation"/> and <see cref="MavenConfig"/>); a profile maven.config deactivates is never active.
/// maven.config's user properties also win over the POMs' properties wherever <c>${...}</c> is resolved. Each other profile's dependencies, imported BOMs and plugins are reported too,
/// resolved with that profile's properties winning, and carry <c>profile:&lt;id&gt;</c> as their condition.
/// The Maven wrapper's distribution gives the Maven release as a build tool (<c>pkg:runtime/maven</c>).
/// </summary>
public sealed partial class MavenHarvester : IHarvester
{
    public string Name => "maven";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) == "pom.xml"
        || relativePath.EndsWith(".mvn/wrapper/maven-wrapper.properties", StringComparison.Ordinal) || IsMavenConfig(relativePath);

    private static bool IsMavenConfig(string path) => path == ".mvn/maven.config" || path.EndsWith("/.mvn/maven.config", StringComparison.Ordinal);

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var poms = new List<Pom>();
        foreach (var file in repository.Files.Where(f => f.EndsWith(".mvn/wrapper/maven-wrapper.properties", StringComparison.Ordinal)))
            if (repository.TryReadText(file, out var wrapperText, out _) && Wrapper(file, wrapperText) is { } wrapper) sink.Add(wrapper);

        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) == "pom.xml"))
        {
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            try
            {
                poms.Add(Pom.Read(file, text));
            }
            catch (XmlException e)
            {
                sink.Issue(ScanIssueSeverity.Error, file, e.LineNumber, $"invalid POM: {e.Message}");
            }
        }

        var byFile = poms.ToDictionary(p => p.File, StringComparer.Ordinal);
        var byKey = new Dictionary<string, Pom>(StringComparer.Ordinal);
        foreach (var pom in poms) byKey.TryAdd(pom.Key, pom);

        var chains = new Dictionary<Pom, IReadOnlyList<Pom>>();
        IReadOnlyList<Pom> ChainOf(Pom pom)
        {
            if (chains.TryGetValue(pom, out var known)) return known;
            var chain = new List<Pom> { pom };
            for (var parent = FindParent(pom, byFile, byKey); parent is not null && !chain.Contains(parent); parent = FindParent(parent, byFile, byKey))
                chain.Add(parent);
            return chains[pom] = chain;
        }

        // A profile's activation decides what the POM is before anything inherits from it, so parents are activated first.
        var paths = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var file in repository.Files)
            foreach (var folder in RepoPaths.SelfAndAncestors(file)) if (!paths.Add(folder)) break;
        // Maven's launcher takes the nearest folder at or above where it runs that has a .mvn folder as the project's root,
        // and reads .mvn/maven.config there: for a POM, the nearest such folder above its own.
        var configs = new Dictionary<string, MavenConfig>(StringComparer.Ordinal);
        MavenConfig ConfigOf(Pom pom)
        {
            var root = RepoPaths.SelfAndAncestors(RepoPaths.FolderOf(pom.File)).FirstOrDefault(f => paths.Contains(RepoPaths.Combine(f, ".mvn")));
            if (root is null) return MavenConfig.Empty;
            if (configs.TryGetValue(root, out var known)) return known;
            var file = RepoPaths.Combine(root, ".mvn/maven.config");
            var config = repository.Files.Contains(file) && repository.TextOrIssue(file, sink) is { } text ? MavenConfig.Read(file, text, sink) : MavenConfig.Empty;
            return configs[root] = config;
        }

        var activated = new HashSet<Pom>();
        void Activate(Pom pom)
        {
            if (!activated.Add(pom)) return;
            var chain = ChainOf(pom);
            foreach (var parent in chain.Skip(1).Reverse()) Activate(parent);
            var config = ConfigOf(pom);
            var release = JavaRelease(chain, new EffectivePom(pom, chain, byKey, ChainOf, userProperties: config.UserProperties, sink: sink));
            var folder = RepoPaths.FolderOf(pom.File);
            pom.Activate(profile => ProfileActivation.Decide(profile.Activation, folder, paths.Contains, release, config.UserProperties), config);
        }
        foreach (var pom in poms) Activate(pom);

        foreach (var pom in poms)
        {
            var user = ConfigOf(pom).UserProperties;
            var view = new EffectivePom(pom, ChainOf(pom), byKey, ChainOf, userProperties: user, sink: sink);
            Parent(pom, view, byFile, byKey, sink);
            Dependencies(pom.Dependencies, view, byKey, sink);
            Imports(pom.ManagedDependencies, view, byKey, sink);
            Plugins(pom.Plugins, view, byKey, sink);
            Managed(pom.ManagedDependencies, pom.ManagedPlugins, view, byKey, sink);
            Java(pom, view, sink);
            Modules(pom, byFile, sink);
            foreach (var profile in pom.Profiles)
            {
                var profiled = new EffectivePom(pom, ChainOf(pom), byKey, ChainOf, profile: profile, userProperties: user, sink: sink);
                Dependencies(profile.Dependencies, profiled, byKey, sink);
                Imports(profile.ManagedDependencies, profiled, byKey, sink);
                Plugins(profile.Plugins, profiled, byKey, sink);
                Managed(profile.ManagedDependencies, profile.ManagedPlugins, profiled, byKey, sink);
            }
        }
    }

    private static Pom? FindParent(Pom pom, Dictionary<string, Pom> byFile, Dictionary<string, Pom> byKey)
    {
        if (pom.Parent is not { } parent) return null;
        var relative = parent.RelativePath ?? "../pom.xml";
        if (relative.Length > 0)
        {
            var path = RepoPaths.Normalize(RepoPaths.FolderPrefix(pom.File) + relative);
            if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) path = (path.Length == 0 ? "" : path + "/") + "pom.xml";
            if (byFile.TryGetValue(path, out var candidate) && candidate != pom
                && candidate.EffectiveGroupId == parent.GroupId && candidate.ArtifactId == parent.ArtifactId)
                return candidate;
        }
        return byKey.TryGetValue($"{parent.GroupId}:{parent.ArtifactId}", out var found) && found != pom ? found : null;
    }

    private static void Parent(Pom pom, EffectivePom view, Dictionary<string, Pom> byFile, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        if (pom.Parent is not { GroupId: not null, ArtifactId: not null } parent) return;
        if (FindParent(pom, byFile, byKey) is not null) return;
        var (version, missing) = view.Interpolate(parent.Version);
        sink.Add(MavenArtifact.Fact(pom.File, parent.GroupId, parent.ArtifactId, parent.Version, version, missing is not null || version is null, DependencyScope.Parent, parent.Line));
    }

    private static void Dependencies(IEnumerable<PomDependency> dependencies, EffectivePom view, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        var pom = view.Pom;
        var fromOutside = new List<string>();
        foreach (var d in dependencies)
        {
            var (group, artifact) = (view.Interpolate(d.GroupId).Value, view.Interpolate(d.ArtifactId).Value);
            if (group is null || artifact is null)
            {
                sink.Issue(ScanIssueSeverity.Warning, pom.File, d.Line, $"dependency '{d.GroupId}:{d.ArtifactId}' has an unresolvable groupId or artifactId");
                continue;
            }
            if (byKey.ContainsKey($"{group}:{artifact}")) continue;
            view.Managed.TryGetValue($"{group}:{artifact}", out var managed);
            string? declared;
            string? version;
            bool unresolved;
            if (d.Version is not null)
            {
                declared = d.Version;
                var (value, missing) = view.Interpolate(d.Version);
                version = value is null ? null : Lowest(value);
                unresolved = missing is not null || version is null;
            }
            else if (managed is not null)
            {
                declared = managed.Declared;
                version = managed.Version is null ? null : Lowest(managed.Version);
                unresolved = version is null;
            }
            else
            {
                // Managed by a parent or BOM outside the repository: Maven knows, a reader of this repository cannot.
                declared = null;
                version = null;
                unresolved = true;
                fromOutside.Add($"{group}:{artifact} (line {d.Line})");
            }
            var scope = Scope(d.Scope ?? managed?.Scope, d.Optional);
            sink.Add(MavenArtifact.Fact(pom.File, group, artifact, declared, version, unresolved, scope, d.Line) with { Condition = view.Profile?.Condition });
        }
        // One word per POM for what takes its version from outside the repository, naming where it comes from.
        if (fromOutside.Count > 0)
            sink.Issue(ScanIssueSeverity.Warning, pom.File, 0,
                $"{fromOutside.Count} dependencies{(view.Profile is null ? "" : $" of profile '{view.Profile.Id}'")} take their versions from {OutsideSources(view, byKey)}, outside the repository, so their versions are not known: {string.Join(", ", fromOutside.Take(6))}{(fromOutside.Count > 6 ? ", ..." : "")}");
    }

    /// <summary>The parent and imported BOMs outside the repository a POM's chain names: where its unmanaged versions come from.</summary>
    private static string OutsideSources(EffectivePom view, Dictionary<string, Pom> byKey)
    {
        var sources = new List<string>();
        var top = view.Chain[^1];
        if (top.Parent is { } parent) sources.Add($"parent {parent.GroupId}:{parent.ArtifactId}:{view.Interpolate(parent.Version).Value ?? parent.Version}");
        foreach (var pom in view.Chain)
            foreach (var bom in pom.ManagedDependencies.Where(m => m.Scope == "import" && !byKey.ContainsKey($"{view.Interpolate(m.GroupId).Value}:{view.Interpolate(m.ArtifactId).Value}")))
                sources.Add($"BOM {view.Interpolate(bom.GroupId).Value}:{view.Interpolate(bom.ArtifactId).Value}:{view.Interpolate(bom.Version).Value ?? bom.Version}");
        return sources.Count == 0 ? "a parent or BOM" : string.Join(" or ", sources.Distinct());
    }

    private static void Imports(IEnumerable<PomDependency> managed, EffectivePom view, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        var pom = view.Pom;
        foreach (var d in managed.Where(d => d.Scope == "import"))
        {
            var (group, artifact) = (view.Interpolate(d.GroupId).Value, view.Interpolate(d.ArtifactId).Value);
            if (group is null || artifact is null || byKey.ContainsKey($"{group}:{artifact}")) continue;
            var (version, missing) = view.Interpolate(d.Version);
            sink.Add(MavenArtifact.Fact(pom.File, group, artifact, d.Version, version is null ? null : Lowest(version), missing is not null || version is null, DependencyScope.Import, d.Line)
                with { Condition = view.Profile?.Condition });
        }
    }

    private static void Plugins(IEnumerable<PomPlugin> plugins, EffectivePom view, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        var pom = view.Pom;
        foreach (var p in plugins)
        {
            if (p.ArtifactId is null) continue;
            var key = $"{p.GroupId}:{p.ArtifactId}";
            if (byKey.ContainsKey(key)) continue;
            string? declared = p.Version, version = null;
            bool unresolved;
            if (p.Version is not null)
            {
                var (value, missing) = view.Interpolate(p.Version);
                version = value;
                unresolved = missing is not null;
            }
            else if (view.ManagedPlugins.TryGetValue(key, out var managed))
            {
                declared = managed.Declared;
                version = managed.Version;
                unresolved = managed.Version is null;
            }
            else
            {
                // The version then comes from Maven's own lifecycle bindings, which depend on the Maven release used.
                unresolved = true;
            }
            sink.Add(MavenArtifact.Fact(pom.File, p.GroupId, p.ArtifactId, declared, version, unresolved, DependencyScope.Plugin, p.Line) with { Condition = view.Profile?.Condition });
            PluginDependencies(p, view, byKey, sink);
        }
    }

    /// <summary>
    /// A POM's dependencyManagement entries (imports aside) and pluginManagement plugins, recorded where they are written at
    /// managed scope: the line that sets the version every module using the artifact gets, used there or not. A managed
    /// plugin's own dependencies and annotation processors are build dependencies of the builds that run it.
    /// </summary>
    private static void Managed(IEnumerable<PomDependency> dependencies, IEnumerable<PomPlugin> plugins, EffectivePom view, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        var pom = view.Pom;
        foreach (var d in dependencies.Where(d => d.Scope != "import"))
        {
            var (group, artifact) = (view.Interpolate(d.GroupId).Value, view.Interpolate(d.ArtifactId).Value);
            if (group is null || artifact is null)
            {
                sink.Issue(ScanIssueSeverity.Warning, pom.File, d.Line, $"managed dependency '{d.GroupId}:{d.ArtifactId}' has an unresolvable groupId or artifactId");
                continue;
            }
            if (byKey.ContainsKey($"{group}:{artifact}")) continue;
            var (value, missing) = view.Interpolate(d.Version);
            var version = value is null ? null : Lowest(value);
            if (missing is not null) sink.Issue(ScanIssueSeverity.Warning, pom.File, d.Line, $"managed dependency '{group}:{artifact}' version '{d.Version}': property '{missing}' is not defined in the repository");
            sink.Add(MavenArtifact.Fact(pom.File, group, artifact, d.Version, version, missing is not null || version is null, DependencyScope.Managed, d.Line) with { Condition = view.Profile?.Condition });
        }
        foreach (var p in plugins)
        {
            if (p.ArtifactId is null || byKey.ContainsKey($"{p.GroupId}:{p.ArtifactId}")) continue;
            var (value, missing) = view.Interpolate(p.Version);
            sink.Add(MavenArtifact.Fact(pom.File, p.GroupId, p.ArtifactId, p.Version, value, missing is not null || value is null, DependencyScope.Managed, p.Line) with { Condition = view.Profile?.Condition });
            PluginDependencies(p, view, byKey, sink);
        }
    }

    private static void PluginDependencies(PomPlugin p, EffectivePom view, Dictionary<string, Pom> byKey, HarvestSink sink)
    {
        foreach (var d in p.Dependencies)
        {
            var (group, artifact) = (view.Interpolate(d.GroupId).Value, view.Interpolate(d.ArtifactId).Value);
            if (group is null || artifact is null || byKey.ContainsKey($"{group}:{artifact}")) continue;
            string? declared = d.Version, version = null;
            var unresolved = true;
            if (d.Version is not null)
            {
                var (value, missing) = view.Interpolate(d.Version);
                version = value is null ? null : Lowest(value);
                unresolved = missing is not null || version is null;
            }
            else if (view.Managed.TryGetValue($"{group}:{artifact}", out var managed))
            {
                // An annotation processor path without a version takes it from dependencyManagement (maven-compiler-plugin 3.12+).
                declared = managed.Declared;
                version = managed.Version is null ? null : Lowest(managed.Version);
                unresolved = version is null;
            }
            sink.Add(MavenArtifact.Fact(view.Pom.File, group, artifact, declared, version, unresolved, DependencyScope.Build, d.Line) with { Condition = view.Profile?.Condition });
        }
    }

    /// <summary>The Java release a POM's own file states, in the order the compiler plugin honours them: release over source, the property over the plugin's configuration.</summary>
    private static PomValue? DeclaredJava(Pom pom)
    {
        var compiler = pom.Plugins.Concat(pom.ManagedPlugins).FirstOrDefault(p => p.ArtifactId == "maven-compiler-plugin" && (p.Release ?? p.Source) is not null);
        PomValue? Prop(string name) => pom.Properties.GetValueOrDefault(name);
        return Prop("maven.compiler.release") ?? compiler?.Release ?? Prop("maven.compiler.source") ?? compiler?.Source ?? Prop("java.version");
    }

    /// <summary>The release a module compiles for, stated by it or the nearest parent in the repository that does; null when none does or it does not resolve.</summary>
    private static string? JavaRelease(IReadOnlyList<Pom> chain, EffectivePom view)
        => chain.Select(DeclaredJava).FirstOrDefault(d => d is not null) is { } declared && view.Interpolate(declared.Text).Value is { } value
            ? JavaRelease(value)
            : null;

    private static void Java(Pom pom, EffectivePom view, HarvestSink sink)
    {
        var declared = DeclaredJava(pom);
        if (declared is null) return;
        var (value, missing) = view.Interpolate(declared.Text);
        var version = value is null ? null : JavaRelease(value);
        var fact = DependencyFact.Runtime("java", declared.Text, version, pom.File, declared.Line);
        sink.Add(missing is null ? fact : fact with { Unresolved = true });
    }

    private static void Modules(Pom pom, Dictionary<string, Pom> byFile, HarvestSink sink)
    {
        if (pom.Modules.Count == 0) return;
        sink.Fact(RepoPaths.FolderPrefix(pom.File).TrimEnd('/'), "maven.modules", string.Join(",", pom.Modules.Select(m => m.Text)));
        foreach (var module in pom.Modules)
        {
            var path = RepoPaths.Normalize(RepoPaths.FolderPrefix(pom.File) + module.Text);
            if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) path += "/pom.xml";
            if (!byFile.ContainsKey(path))
                sink.Issue(ScanIssueSeverity.Warning, pom.File, module.Line, $"module '{module.Text}' has no readable {path} in the repository");
        }
    }

    /// <summary>The Maven release the wrapper downloads (<c>distributionUrl=.../apache-maven-3.9.6-bin.zip</c>), a build tool of the component.</summary>
    private static DependencyFact? Wrapper(string file, string text)
        => BuildToolWrapper.Read(file, text, "maven", WrapperDistribution());

    [GeneratedRegex(@"^\s*distributionUrl\s*[=:].*/(?<file>apache-maven-(?<version>[0-9][0-9A-Za-z.\-]*?)-bin\.(?:zip|tar\.gz))\s*$")]
    private static partial Regex WrapperDistribution();

    /// <summary>Java 8 and earlier were written 1.x; the runtime is known by its feature release. Gradle's Java level reads the same way.</summary>
    internal static string JavaRelease(string text)
    {
        var t = text.Trim();
        return t.StartsWith("1.", StringComparison.Ordinal) && t.Length > 2 ? t[2..] : t;
    }

    private static DependencyScope Scope(string? scope, bool optional) => scope?.ToLowerInvariant() switch
    {
        "test" => DependencyScope.Test,
        "provided" or "system" => DependencyScope.Provided,
        "import" => DependencyScope.Import,
        _ => optional ? DependencyScope.Optional : DependencyScope.Runtime,
    };

    /// <summary>A bare Maven version is a soft requirement for exactly that version; a range gives its lower bound.</summary>
    private static string? Lowest(string declared)
    {
        var text = declared.Trim();
        if (text.Length == 0) return null;
        return text[0] is '[' or '(' ? MavenArtifact.LowestOfRange(text) : text;
    }
}
