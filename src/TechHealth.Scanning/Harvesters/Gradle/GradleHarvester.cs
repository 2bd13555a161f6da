using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Harvesters.Maven;
using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>
/// Gradle builds, read without running Gradle: dependency notations in every <c>*.gradle</c> / <c>*.gradle.kts</c>
/// script (string, map, <c>platform()</c>, <c>kotlin()</c> and version-catalog forms), plugin requests, variables from
/// gradle.properties and the scripts (the root project's included), version catalogs (<c>gradle/*.versions.toml</c>, and the
/// catalogs a settings script declares: made from a TOML file anywhere in the repository, or declared inline),
/// <c>gradle.lockfile</c> for resolved and transitive versions, the Java toolchain or compatibility level, and the
/// wrapper's Gradle release as a build tool (<c>pkg:runtime/gradle</c>).
/// A notation built at run time (loops, functions) cannot be read this way and is not guessed at.
/// </summary>
public sealed partial class GradleHarvester : IHarvester
{
    private const int MaxInterpolationDepth = 8;

    public string Name => "gradle";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return name.EndsWith(".gradle", StringComparison.Ordinal) || name.EndsWith(".gradle.kts", StringComparison.Ordinal)
            || name is "gradle.properties" or "gradle.lockfile" or "gradle-wrapper.properties"
            || name.EndsWith(".versions.toml", StringComparison.Ordinal) || BuildConstants.IsSource(relativePath);
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = repository.Files.Where(Wants).ToList();
        // Settings scripts are read for their catalogs and again as scripts; a file that cannot be read is reported once.
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Read(string file)
        {
            if (!texts.TryGetValue(file, out var text)) texts[file] = text = repository.TextOrIssue(file, sink);
            return text;
        }

        var properties = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => RepoPaths.FileName(f) == "gradle.properties"))
            if (Read(file) is { } text) properties[RepoPaths.FolderPrefix(file)] = ReadProperties(text);

        var catalogs = new List<(string Base, VersionCatalog Catalog)>();
        var brokenCatalogs = new HashSet<string>(StringComparer.Ordinal);
        // An included build's settings often make its catalog from the main build's file: parse and report each file once.
        var tomls = new Dictionary<string, TomlTable?>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        VersionCatalog? ReadCatalog(string name, string file)
        {
            if (!tomls.TryGetValue(file, out var root))
            {
                var parsed = Read(file) is { } text ? TomlDocument.Parse(text) : null;
                if (parsed?.Error is { } e) sink.Issue(ScanIssueSeverity.Error, file, e.Line, $"invalid version catalog TOML at column {e.Column}: {e.Message}");
                tomls[file] = root = parsed?.Error is null ? parsed?.Root : null;
            }
            if (root is null) { brokenCatalogs.Add(name); return null; }
            var catalog = VersionCatalog.Read(name, file, root);
            if (reported.Add(file))
            {
                foreach (var (line, message) in catalog.Problems) sink.Issue(ScanIssueSeverity.Warning, file, line, message);
                ManagedEntries(catalog, sink);
            }
            return catalog;
        }

        // Catalogs a settings script declares are the build's own; a TOML file one of them is made from is not a catalog of its own name.
        var declared = new HashSet<(string Base, string Name)>();
        var claimedFiles = new HashSet<(string Base, string File)>();
        var defaultNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => RepoPaths.FileName(f) is "settings.gradle" or "settings.gradle.kts"))
        {
            if (Read(file) is not { } text) continue;
            var folder = RepoPaths.FolderPrefix(file);
            if (SettingsCatalogReader.DefaultCatalogName(text) is { } renamed) defaultNames[folder] = renamed;
            foreach (var entry in SettingsCatalogReader.Read(file, text))
            {
                if (!declared.Add((folder, entry.Name))) continue;
                foreach (var (line, message) in entry.Inline.Problems) sink.Issue(ScanIssueSeverity.Warning, file, line, message);
                VersionCatalog? catalog = null;
                if (entry.FromFile is { } from)
                {
                    var path = RepoPaths.Normalize(folder + from);
                    if (path.StartsWith("../", StringComparison.Ordinal) || from.StartsWith('/') || !repository.Files.Contains(path))
                    {
                        sink.Issue(ScanIssueSeverity.Warning, file, entry.FromFileLine, $"version catalog '{entry.Name}' is made from '{from}', which is not in the repository");
                        brokenCatalogs.Add(entry.Name);
                        continue;
                    }
                    claimedFiles.Add((folder, path));
                    if ((catalog = ReadCatalog(entry.Name, path)) is null) continue;
                }
                if (entry.Published is { } published)
                {
                    // A published catalog is an artifact the build resolves; its entries live in the repository it is published to.
                    if (published.Split(':') is [var g, var a, var v] && g.Length > 0 && a.Length > 0)
                        sink.Add(MavenArtifact.Fact(file, g, a, v, Lowest(v), Lowest(v) is null, DependencyScope.Build, entry.PublishedLine));
                    sink.Issue(ScanIssueSeverity.Warning, file, entry.PublishedLine, $"version catalog '{entry.Name}' is published as '{published}': its entries are not in the repository, so its accessors are not resolved");
                    if (catalog is null && entry.Inline.IsEmpty) { brokenCatalogs.Add(entry.Name); continue; }
                }
                catalog = catalog is null ? entry.Inline : catalog.With(entry.Inline);
                catalogs.Add((folder, catalog));
            }
        }

        foreach (var file in files.Where(f => f.EndsWith(".versions.toml", StringComparison.Ordinal)))
        {
            // Without a settings declaration Gradle reads gradle/libs.versions.toml as "libs"; other gradle/*.versions.toml files are
            // read under their own names, the way builds that declare them in settings usually name them.
            var folder = RepoPaths.FolderPrefix(file);
            if (!folder.EndsWith("gradle/", StringComparison.Ordinal)) continue;
            var name = RepoPaths.FileName(file)[..^".versions.toml".Length];
            var root = folder[..^"gradle/".Length];
            if (name == "libs" && defaultNames.TryGetValue(root, out var renamed)) name = renamed;
            if (declared.Contains((root, name)) || claimedFiles.Contains((root, file))) continue;
            if (ReadCatalog(name, file) is { } catalog) catalogs.Add((root, catalog));
        }

        // Constants of buildSrc and included builds (Dependencies.CLIKT, Versions.kotlin) are visible to every script.
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(BuildConstants.IsSource))
            if (Read(file) is { } text) BuildConstants.Read(text, constants);
        if (constants.Count > 0) properties[BuildConstantsScope] = constants;

        var scripts = new Dictionary<string, GradleScript>(StringComparer.Ordinal);
        var catalogNames = catalogs.Select(c => c.Catalog.Name).Concat(brokenCatalogs).Append("libs").Distinct().ToList();
        foreach (var file in files.Where(f => f.EndsWith(".gradle", StringComparison.Ordinal) || f.EndsWith(".gradle.kts", StringComparison.Ordinal)))
            if (Read(file) is { } text) scripts[file] = GradleScriptReader.Read(text, catalogNames);

        var locks = new Dictionary<string, (string File, List<LockedModule> Modules)>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => RepoPaths.FileName(f) == "gradle.lockfile"))
            if (Read(file) is { } text) locks[RepoPaths.FolderPrefix(file)] = (file, GradleLockfile.Read(text));

        var byFolder = new Dictionary<string, List<DependencyFact>>(StringComparer.Ordinal);
        foreach (var (file, script) in scripts)
        {
            var context = new ScriptContext(file, script, scripts, properties, catalogs, brokenCatalogs);
            var facts = new List<DependencyFact>();
            context.Harvest(facts, sink);
            if (!byFolder.TryGetValue(RepoPaths.FolderPrefix(file), out var list)) byFolder[RepoPaths.FolderPrefix(file)] = list = [];
            list.AddRange(facts);
        }

        foreach (var (folder, facts) in byFolder)
        {
            if (!locks.TryGetValue(folder, out var lockfile)) { facts.ForEach(sink.Add); continue; }
            var locked = lockfile.Modules.ToLookup(m => $"{m.Group}:{m.Name}");
            foreach (var fact in facts)
            {
                var match = fact.Ecosystem == "maven" && fact.Scope is not DependencyScope.Plugin ? locked[$"{fact.Purl.Namespace}:{fact.Purl.Name}"].FirstOrDefault() : null;
                sink.Add(match is null ? fact : fact with { Version = match.Version, Locked = true, Unresolved = false });
            }
            var direct = facts.Select(f => $"{f.Purl.Namespace}:{f.Purl.Name}").ToHashSet(StringComparer.Ordinal);
            foreach (var module in lockfile.Modules.Where(m => !direct.Contains($"{m.Group}:{m.Name}")))
            {
                sink.Add(MavenArtifact.Fact(lockfile.File, module.Group, module.Name, null, module.Version, false, LockScope(module.Configurations), module.Line)
                    with { Locked = true, Direct = false });
            }
        }
        foreach (var file in files.Where(f => RepoPaths.FileName(f) == "gradle-wrapper.properties"))
            if (Read(file) is { } text && Wrapper(file, text) is { } wrapper) sink.Add(wrapper);

        foreach (var (folder, lockfile) in locks.Where(l => !byFolder.ContainsKey(l.Key)))
            sink.Issue(ScanIssueSeverity.Warning, lockfile.File, 0, $"lock file has no build script beside it in '{folder}'");
    }

    /// <summary>
    /// A catalog file's libraries and plugins, recorded where they are written at managed scope: the line an upgrade changes,
    /// whether or not a script of the repository uses the alias yet. The scripts' own declarations carry the same version.
    /// A plugin without a version (<c>unspecified</c>, a convention plugin of the build) is the build's own code.
    /// </summary>
    private static void ManagedEntries(VersionCatalog catalog, HarvestSink sink)
    {
        foreach (var library in catalog.Libraries.Values.DistinctBy(l => l.Line))
        {
            var lowest = library.Version?.Text is { } text ? Lowest(text) : null;
            sink.Add(MavenArtifact.Fact(catalog.File, library.Group, library.Name, library.Version?.Declared, lowest, lowest is null, DependencyScope.Managed, library.Line));
        }
        foreach (var plugin in catalog.Plugins.Values.DistinctBy(p => p.Line))
        {
            if (plugin.Version?.Text is null or "unspecified") continue;
            sink.Add(MavenArtifact.Fact(catalog.File, plugin.Id, plugin.Id + ".gradle.plugin", plugin.Version.Declared, plugin.Version.Text, false, DependencyScope.Managed, plugin.Line));
        }
    }

    /// <summary>The key under which buildSrc constants sit among the properties: no folder is named this way.</summary>
    private const string BuildConstantsScope = "\0buildSrc";

    /// <summary>Resolves one script's declarations against its variables (module, then root project, then gradle.properties) and catalogs.</summary>
    private sealed class ScriptContext(
        string file,
        GradleScript script,
        Dictionary<string, GradleScript> scripts,
        Dictionary<string, Dictionary<string, string>> properties,
        List<(string Base, VersionCatalog Catalog)> catalogs,
        HashSet<string> brokenCatalogs)
    {
        private readonly List<IReadOnlyDictionary<string, string>> _scopes = BuildScopes(file, script, scripts, properties);
        private List<IReadOnlyDictionary<string, string>>? _withApplied;
        private readonly Dictionary<string, VersionCatalog> _catalogs = catalogs
            .Where(c => RepoPaths.FolderPrefix(file).StartsWith(c.Base, StringComparison.Ordinal))
            .OrderByDescending(c => c.Base.Length)
            .GroupBy(c => c.Catalog.Name)
            .ToDictionary(g => g.Key, g => g.First().Catalog, StringComparer.Ordinal);

        public void Harvest(List<DependencyFact> facts, HarvestSink sink)
        {
            var managed = ManagedVersions(facts, sink);
            var fromOutsideBoms = new List<string>();
            var versionless = new List<string>();
            foreach (var d0 in script.Dependencies)
            {
                var d = d0;
                var scope = d.Platform ? DependencyScope.Import : ScopeOf(d.Configuration);
                if (d.Constant is not null)
                {
                    var (notation, absent) = Interpolate("${" + d.Constant + "}", d.Line, sink);
                    var parts = notation?.Split(':');
                    if (parts is not { Length: >= 2 })
                    {
                        sink.Issue(ScanIssueSeverity.Warning, file, d.Line, absent is not null
                            ? $"dependency '{d.Constant}' names a constant the build does not define where it can be read (buildSrc, build-logic, ext properties)"
                            : $"dependency '{d.Constant}' is '{notation}', not a group:name[:version] notation");
                        continue;
                    }
                    d = d with { Group = parts[0], Name = parts[1], Version = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null };
                }
                if (d.Accessor is not null)
                {
                    foreach (var (library, libraryDeclared, libraryVersion, libraryUnresolved) in Libraries(d.Accessor, d.Line, sink))
                        facts.Add(Fact(library.Group, library.Name, libraryDeclared, libraryVersion, libraryUnresolved, scope, d.Line));
                    continue;
                }
                var (group, groupMissing) = Interpolate(d.Group!, d.Line, sink);
                var (name, nameMissing) = Interpolate(d.Name!, d.Line, sink);
                if (group is null || name is null)
                {
                    sink.Issue(ScanIssueSeverity.Warning, file, d.Line, $"dependency '{d.Group}:{d.Name}' uses undefined variable '{groupMissing ?? nameMissing}'");
                    continue;
                }
                if (group.Length == 0) continue;
                var declaredVersion = d.Version;
                if (declaredVersion is null && managed.TryGetValue($"{group}:{name}", out var fromManagement)) declaredVersion = fromManagement;
                else if (declaredVersion is null && !d.Platform) (BomsInScope(sink) ? fromOutsideBoms : versionless).Add($"{group}:{name} (line {d.Line})");
                var (version, missing) = declaredVersion is null ? (null, null) : Interpolate(declaredVersion, d.Line, sink);
                var lowest = version is null ? null : Lowest(version);
                if (missing is not null)
                    sink.Issue(ScanIssueSeverity.Warning, file, d.Line, $"dependency '{group}:{name}' version '{declaredVersion}': '{missing}' is not defined in the build's readable scripts, properties or buildSrc");
                facts.Add(Fact(group, name, declaredVersion, lowest, lowest is null || missing is not null, scope, d.Line));
            }
            // One word per script for what has no version here: Gradle takes it from a lock, a plugin or a platform this reading cannot see.
            if (versionless.Count > 0)
                sink.Issue(ScanIssueSeverity.Warning, file, 0,
                    $"{versionless.Count} dependencies have no version in the build's readable files: {string.Join(", ", versionless.Take(6))}{(versionless.Count > 6 ? ", ..." : "")}");
            if (fromOutsideBoms.Count > 0)
                sink.Issue(ScanIssueSeverity.Warning, file, 0,
                    $"{fromOutsideBoms.Count} dependencies take their versions from BOMs outside the repository ({string.Join(", ", Boms(sink))}), so their versions are not known: {string.Join(", ", fromOutsideBoms.Take(6))}{(fromOutsideBoms.Count > 6 ? ", ..." : "")}");

            foreach (var p in script.Plugins)
            {
                if (p.Accessor is not null)
                {
                    var path = Strip(p.Accessor);
                    var (catalog, rest) = Split(path);
                    if (catalog is null || !rest.StartsWith("plugins.", StringComparison.Ordinal)) continue;
                    if (!catalog.Plugins.TryGetValue(rest["plugins.".Length..], out var plugin))
                    {
                        sink.Issue(ScanIssueSeverity.Warning, file, p.Line, $"version catalog '{catalog.Name}' has no plugin for '{p.Accessor}'");
                        continue;
                    }
                    // A catalog plugin without a version ("unspecified" by convention) is the build's own convention plugin.
                    if (plugin.Version?.Text is null or "unspecified") continue;
                    facts.Add(PluginFact(plugin.Id, plugin.Version.Declared, plugin.Version.Text, p.Line));
                    continue;
                }
                // Core plugins (java, application) ship with Gradle; a versionless request is versioned where the build first applies it.
                if (p.Id is null || !p.Id.Contains('.') || p.Version is null) continue;
                var (version, missing) = Interpolate(p.Version, p.Line, sink);
                facts.Add(PluginFact(p.Id, p.Version, missing is null ? version : null, p.Line));
            }

            if (script.Java is { } java)
            {
                facts.Add(DependencyFact.Runtime("java", java.Declared, java.Version, file, java.Line));
            }
        }

        /// <summary>The scripts whose declarations reach this one: itself, what it applies, its ancestors' build scripts and what they apply.</summary>
        private IEnumerable<(string File, GradleScript Script)> Visible()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            IEnumerable<(string, GradleScript)> WithApplied(string f, GradleScript s)
            {
                if (!seen.Add(f)) yield break;
                yield return (f, s);
                foreach (var applied in s.Applied)
                    if (AppliedPath(f, applied) is { } path && scripts.TryGetValue(path, out var a))
                        foreach (var x in WithApplied(path, a)) yield return x;
            }
            foreach (var x in WithApplied(file, script)) yield return x;
            var folder = RepoPaths.FolderPrefix(file);
            while (true)
            {
                foreach (var name in new[] { "build.gradle", "build.gradle.kts" })
                    if (scripts.TryGetValue(folder + name, out var s))
                        foreach (var x in WithApplied(folder + name, s)) yield return x;
                if (folder.Length == 0) break;
                folder = RepoPaths.FolderPrefix(folder.TrimEnd('/'));
            }
        }

        /// <summary>True when a BOM (a <c>platform(...)</c>, <c>mavenBom</c>) is imported where this script sees it; a versionless declaration then takes its version from there.</summary>
        private bool BomsInScope(HarvestSink sink) => _bomsInScope ??= Boms(sink).Any();
        private bool? _bomsInScope;

        /// <summary>
        /// The BOMs this script's versionless declarations may take versions from, named as precisely as the files allow:
        /// <c>platform(...)</c> and <c>mavenBom</c> imports, and the Spring Boot BOM the Spring dependency-management plugin
        /// imports when the Spring Boot plugin is applied (<c>SpringBootPlugin.BOM_COORDINATES</c> is
        /// <c>org.springframework.boot:spring-boot-dependencies</c> at the plugin's version).
        /// </summary>
        private List<string> Boms(HarvestSink sink) => _boms ??= BuildBoms(sink);
        private List<string>? _boms;

        private List<string> BuildBoms(HarvestSink sink)
        {
            var visible = Visible().ToList();
            var plugins = visible.SelectMany(v => v.Script.Plugins).Where(p => p.Id is not null).ToList();
            var boot = plugins.FirstOrDefault(p => p.Id == "org.springframework.boot" && p.Version is not null) is { } b && Interpolate(b.Version!, b.Line, sink).Value is { } bootVersion
                ? $"org.springframework.boot:spring-boot-dependencies:{bootVersion}" : null;
            var boms = new List<string>();
            foreach (var (_, s) in visible)
            {
                boms.AddRange(s.BomConstants.Select(c => c.Name == "SpringBootPlugin.BOM_COORDINATES" && boot is not null ? boot : c.Name));
                boms.AddRange(s.Dependencies.Where(d => d.Platform && d.Group is not null).Select(d => $"{d.Group}:{d.Name}{(d.Version is null ? "" : ":" + d.Version)}"));
            }
            if (boot is not null && plugins.Any(p => p.Id == "io.spring.dependency-management")) boms.Add(boot);
            return boms.Distinct().ToList();
        }

        /// <summary>
        /// The Spring dependency-management plugin's <c>dependency</c> entries visible to this script (its own first, then the
        /// root project's <c>subprojects</c>/<c>allprojects</c> configuration): versions for versionless declarations. This
        /// script's own entries are also recorded where written, at managed scope.
        /// </summary>
        private Dictionary<string, string> ManagedVersions(List<DependencyFact> facts, HarvestSink sink)
        {
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (f, s) in Visible())
                foreach (var m in s.Managed)
                {
                    if (m.Group is null || m.Name is null || m.Version is null) continue;
                    versions.TryAdd($"{m.Group}:{m.Name}", m.Version);
                    if (f != file) continue;
                    var (version, missing) = Interpolate(m.Version, m.Line, sink);
                    var lowest = version is null ? null : Lowest(version);
                    facts.Add(Fact(m.Group, m.Name, m.Version, lowest, lowest is null || missing is not null, DependencyScope.Managed, m.Line));
                }
            return versions;
        }

        /// <summary><c>apply from:</c> paths: <c>$rootDir/x.gradle</c> from the repository root, others from the applying script's folder.</summary>
        private static string? AppliedPath(string from, string applied)
        {
            var path = applied;
            foreach (var root in new[] { "${rootDir}/", "$rootDir/", "${rootProject.projectDir}/", "$rootProject.projectDir/", "${project.rootDir}/" })
                if (path.StartsWith(root, StringComparison.Ordinal)) return RepoPaths.Normalize(path[root.Length..]);
            foreach (var here in new[] { "${projectDir}/", "$projectDir/" })
                if (path.StartsWith(here, StringComparison.Ordinal)) path = path[here.Length..];
            if (path.Contains('$') || path.Contains("://", StringComparison.Ordinal)) return null;
            var normalized = RepoPaths.Normalize(RepoPaths.FolderPrefix(from) + path);
            return normalized.StartsWith("../", StringComparison.Ordinal) ? null : normalized;
        }

        private IEnumerable<(CatalogLibrary Library, string? Declared, string? Version, bool Unresolved)> Libraries(string accessor, int line, HarvestSink sink)
        {
            var (catalog, rest) = Split(Strip(accessor));
            if (catalog is null)
            {
                // A catalog that failed to parse was already reported once; its accessors cannot be resolved.
                if (brokenCatalogs.Contains(accessor.Split('.')[0])) yield break;
                sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{accessor}' names a version catalog the repository does not have");
                yield break;
            }
            IEnumerable<string> aliases = rest.StartsWith("bundles.", StringComparison.Ordinal)
                ? catalog.Bundles.GetValueOrDefault(rest["bundles.".Length..]) ?? []
                : [rest];
            if (rest.StartsWith("bundles.", StringComparison.Ordinal) && !catalog.Bundles.ContainsKey(rest["bundles.".Length..]))
                sink.Issue(ScanIssueSeverity.Warning, file, line, $"version catalog '{catalog.Name}' has no bundle for '{accessor}'");
            foreach (var alias in aliases)
            {
                if (!catalog.Libraries.TryGetValue(alias, out var library))
                {
                    sink.Issue(ScanIssueSeverity.Warning, file, line, $"version catalog '{catalog.Name}' has no library for '{alias}' (used as '{accessor}')");
                    continue;
                }
                var lowest = library.Version?.Text is { } text ? Lowest(text) : null;
                yield return (library, library.Version?.Declared, lowest, lowest is null);
            }
        }

        private (VersionCatalog? Catalog, string Remainder) Split(string path)
        {
            var dot = path.IndexOf('.');
            if (dot < 0 || !_catalogs.TryGetValue(path[..dot], out var c)) return (null, path);
            return (c, path[(dot + 1)..].ToLowerInvariant());
        }

        private static string Strip(string accessor)
        {
            foreach (var suffix in new[] { ".get", ".asProvider" })
                if (accessor.EndsWith(suffix, StringComparison.Ordinal)) return accessor[..^suffix.Length];
            return accessor;
        }

        /// <summary>Replaces <c>$name</c> and <c>${...}</c> references; returns the first name nobody defines instead of a value.</summary>
        public (string? Value, string? Missing) Interpolate(string text, int line, HarvestSink sink)
        {
            string? missing = null;
            var value = text;
            // Self-multiplying variables would grow without bound; such a value is not a version anyway.
            var budget = new ExpansionBudget(4096);
            try
            {
                for (var depth = 0; depth < MaxInterpolationDepth && value.Contains('$'); depth++)
                {
                    var before = value;
                    value = budget.Replace(Reference(), value, m =>
                    {
                        var expression = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
                        var resolved = Lookup(expression.Trim());
                        if (resolved is null) { missing ??= expression; return null; }
                        return resolved;
                    }, file, line, $"'{(text.Length <= 60 ? text : text[..60] + "...")}'");
                    if (value == before) break;
                }
            }
            catch (ExpansionBudgetExceededException e)
            {
                sink.Issue(ScanIssueSeverity.Warning, e.File, e.Line, e.Message);
                return (null, text);
            }
            // Still expanding after the last pass allowed: the nesting is the budget's to stop, and the value is not one.
            if (missing is null && value.Contains('$') && Reference().Match(value) is { Success: true } left && Lookup((left.Groups["braced"].Success ? left.Groups["braced"].Value : left.Groups["bare"].Value).Trim()) is not null)
            {
                sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{(text.Length <= 60 ? text : text[..60] + "...")}' nests more than {MaxInterpolationDepth} levels deep (the expansion budget): not read");
                return (null, text);
            }
            return missing is null ? (value, null) : (null, missing);
        }

        private string? Lookup(string expression)
        {
            var name = expression;
            var call = PropertyCall().Match(name);
            if (call.Success) name = call.Groups["name"].Value;
            foreach (var prefix in new[] { "rootProject.ext.", "rootProject.extra.", "rootProject.", "project.ext.", "project.", "ext.", "extra." })
                if (name.StartsWith(prefix, StringComparison.Ordinal)) { name = name[prefix.Length..]; break; }
            if (name.EndsWith(".get()", StringComparison.Ordinal)) name = name[..^6];
            var dot = name.IndexOf('.');
            if (dot > 0 && name[(dot + 1)..].StartsWith("versions.", StringComparison.Ordinal) && _catalogs.TryGetValue(name[..dot], out var catalog))
                return catalog.Versions.GetValueOrDefault(name[(dot + 1 + "versions.".Length)..].ToLowerInvariant())?.Text;
            _withApplied ??= [.. _scopes.Take(1), .. Visible().Skip(1).Select(v => v.Script.Variables), .. _scopes.Skip(1),
                .. properties.TryGetValue(BuildConstantsScope, out var constants) ? [constants] : Array.Empty<IReadOnlyDictionary<string, string>>()];
            foreach (var scope in _withApplied)
                if (scope.TryGetValue(name, out var value)) return value;
            // buildSrc constants are looked up by their full path (Versions.kotlin), which the prefix stripping above leaves alone.
            if (properties.TryGetValue(BuildConstantsScope, out var all) && all.TryGetValue(expression, out var constant)) return constant;
            return null;
        }

        private DependencyFact Fact(string group, string name, string? declared, string? version, bool unresolved, DependencyScope scope, int line)
            => MavenArtifact.Fact(file, group, name, declared, version, unresolved, scope, line);

        private DependencyFact PluginFact(string id, string? declared, string? version, int line)
            => Fact(id, id + ".gradle.plugin", declared, version, version is null, DependencyScope.Plugin, line);

        private static List<IReadOnlyDictionary<string, string>> BuildScopes(string file, GradleScript script, Dictionary<string, GradleScript> scripts, Dictionary<string, Dictionary<string, string>> properties)
        {
            var scopes = new List<IReadOnlyDictionary<string, string>> { script.Variables };
            var folder = RepoPaths.FolderPrefix(file);
            // Walk up to the repository root: ancestors' build scripts (the root project's ext) and gradle.properties apply.
            while (true)
            {
                if (properties.TryGetValue(folder, out var props)) scopes.Add(props);
                foreach (var name in new[] { "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts" })
                    if (scripts.TryGetValue(folder + name, out var s) && folder + name != file) scopes.Add(s.Variables);
                if (folder.Length == 0) break;
                folder = RepoPaths.FolderPrefix(folder.TrimEnd('/'));
            }
            return scopes;
        }
    }

    /// <summary>The Gradle release the wrapper downloads (<c>distributionUrl=...gradle-8.7-bin.zip</c>), a build tool of the component.</summary>
    private static DependencyFact? Wrapper(string file, string text)
        => BuildToolWrapper.Read(file, text, "gradle", WrapperDistribution());

    [GeneratedRegex(@"^\s*distributionUrl\s*[=:].*/(?<file>gradle-(?<version>[0-9][0-9A-Za-z.\-]*?)-(?:bin|all)\.zip)\s*$")]
    private static partial Regex WrapperDistribution();

    private static DependencyScope ScopeOf(string configuration)
    {
        if (configuration.StartsWith("test", StringComparison.Ordinal) || configuration.StartsWith("androidTest", StringComparison.Ordinal)
            || configuration.Contains("Test", StringComparison.Ordinal))
            return DependencyScope.Test;
        return configuration switch
        {
            "mavenBom" => DependencyScope.Import,
            "compileOnly" or "compileOnlyApi" or "providedCompile" or "providedRuntime" => DependencyScope.Provided,
            "developmentOnly" => DependencyScope.Dev,
            "annotationProcessor" or "classpath" or "detektPlugins" or "lintChecks" or "coreLibraryDesugaring" or "protobuf"
                or "checkstyle" or "pmd" or "spotbugs" or "spotbugsPlugins" or "errorprone" or "ktlint" or "jacocoAgent" or "jacocoAnt" => DependencyScope.Build,
            _ when configuration.StartsWith("kapt", StringComparison.Ordinal) || configuration.StartsWith("ksp", StringComparison.Ordinal)
                || configuration.EndsWith("AnnotationProcessor", StringComparison.Ordinal) => DependencyScope.Build,
            _ => DependencyScope.Runtime,
        };
    }

    private static DependencyScope LockScope(IReadOnlyList<string> configurations)
    {
        if (configurations.Count > 0 && configurations.All(c => c.StartsWith("test", StringComparison.Ordinal) || c.Contains("Test", StringComparison.Ordinal)))
            return DependencyScope.Test;
        if (configurations.Any(c => c.EndsWith("RuntimeClasspath", StringComparison.Ordinal) || c == "runtimeClasspath" || c == "compileClasspath" || c.EndsWith("CompileClasspath", StringComparison.Ordinal)))
            return DependencyScope.Runtime;
        return configurations.Count == 0 ? DependencyScope.Runtime : DependencyScope.Build;
    }

    /// <summary>Gradle versions: exact, <c>1.0!!</c> (strictly), Maven-style ranges; dynamic ones (<c>1.+</c>, <c>latest.release</c>) are only known from a lock.</summary>
    private static string? Lowest(string declared)
    {
        var text = declared.Trim();
        if (text.EndsWith("!!", StringComparison.Ordinal)) text = text[..^2];
        if (text.Length == 0 || text.Contains('+') || text.StartsWith("latest.", StringComparison.Ordinal)) return null;
        return text[0] is '[' or '(' or ']' ? MavenArtifact.LowestOfRange(text) : text;
    }

    private static Dictionary<string, string> ReadProperties(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var sep = line.IndexOfAny(['=', ':']);
            if (sep <= 0) continue;
            map.TryAdd(line[..sep].Trim(), line[(sep + 1)..].Trim());
        }
        return map;
    }

    [GeneratedRegex(@"\$\{(?<braced>[^}]+)\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^(?:project\.|rootProject\.)?(?:property|findProperty|extra\.get|ext\.get)\s*\(\s*[""'](?<name>[\w.]+)[""']\s*\)|^(?:project\.|rootProject\.)?(?:extra|ext)\[\s*[""'](?<name>[\w.]+)[""']\s*\]")]
    private static partial Regex PropertyCall();


}
