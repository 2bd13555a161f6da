using System.Text.Json;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Reading;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Npm;

/// <summary>
/// npm: every <c>package.json</c> (all dependency kinds, <c>engines.node</c>, <c>packageManager</c> as a build tool, workspaces), versions resolved from the
/// nearest lock file (<c>package-lock.json</c> v1-v3, <c>yarn.lock</c> classic and Berry, <c>pnpm-lock.yaml</c>) with the
/// rest of the lock as transitive dependencies, and <c>.nvmrc</c>/<c>.node-version</c> as the Node runtime.
/// Sibling workspace packages are not dependencies. Reads only.
/// </summary>
public sealed class NpmHarvester : IHarvester
{
    private static readonly string[] LockNames = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"];
    private static readonly (string Key, DependencyScope Scope)[] Kinds =
    [
        ("dependencies", DependencyScope.Runtime), ("devDependencies", DependencyScope.Dev),
        ("peerDependencies", DependencyScope.Provided), ("optionalDependencies", DependencyScope.Optional),
    ];

    public string Name => "npm";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return name is "package.json" or ".nvmrc" or ".node-version" || LockNames.Contains(name);
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = new HashSet<string>(repository.Files, StringComparer.Ordinal);
        var locks = new Dictionary<string, NpmLock?>(StringComparer.Ordinal);
        var manifests = new List<(string File, JsonLines Json)>();
        foreach (var file in repository.Files)
        {
            var name = RepoPaths.FileName(file);
            if (name is ".nvmrc" or ".node-version") NodeVersionFile(repository, sink, file);
            if (name != "package.json") continue;
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            if (!JsonLines.TryParse(text, out var json, out var error, out var line, indexDepth: 2)) { sink.Issue(ScanIssueSeverity.Error, file, line, error!); continue; }
            if (json!.Root.ValueKind != JsonValueKind.Object) { sink.Issue(ScanIssueSeverity.Error, file, 1, "package.json is not a JSON object"); continue; }
            manifests.Add((file, json));
        }
        var localNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, json) in manifests)
            if (json.Root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) localNames.Add(n.GetString()!);

        var directPerLock = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var runtimeRootsPerLock = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var unlockedRuntime = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, json) in manifests)
        {
            var folder = RepoPaths.FolderOf(file);
            var root = json.Root;
            if (root.TryGetProperty("workspaces", out var ws))
            {
                var patterns = ws.ValueKind == JsonValueKind.Array ? ws : ws.ValueKind == JsonValueKind.Object && ws.TryGetProperty("packages", out var p) ? p : default;
                if (patterns.ValueKind == JsonValueKind.Array)
                    sink.Fact(folder, "npm.workspaces", string.Join(',', patterns.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())));
            }
            var lockFile = RepoPaths.SelfAndAncestors(folder).SelectMany(f => LockNames.Select(l => RepoPaths.Combine(f, l))).FirstOrDefault(files.Contains);
            var lk = lockFile is null ? null : Lock(repository, sink, locks, lockFile);
            var importer = lk is null ? "." : folder == lk.Folder ? "." : lk.Folder.Length == 0 ? folder : folder[(lk.Folder.Length + 1)..];
            if (lk is not null && !directPerLock.ContainsKey(lk.File)) directPerLock[lk.File] = [];

            foreach (var (key, scope) in Kinds)
            {
                if (!root.TryGetProperty(key, out var deps) || deps.ValueKind != JsonValueKind.Object) continue;
                foreach (var dep in deps.EnumerateObject())
                {
                    var declared = dep.Value.ValueKind == JsonValueKind.String ? dep.Value.GetString()! : dep.Value.ToString();
                    var line = json.LineOf(key + "/" + dep.Name);
                    if (declared.StartsWith("workspace:", StringComparison.Ordinal) || declared.StartsWith("file:", StringComparison.Ordinal)
                        || declared.StartsWith("link:", StringComparison.Ordinal) || declared.StartsWith("portal:", StringComparison.Ordinal)
                        || (localNames.Contains(dep.Name) && lk?.Resolve(importer, dep.Name, declared) is null))
                        continue;
                    var packageName = dep.Name;
                    var range = declared;
                    if (declared.StartsWith("npm:", StringComparison.Ordinal))
                    {
                        // An alias: the package actually installed is the one after npm:.
                        var alias = declared[4..];
                        var at = alias.LastIndexOf('@');
                        if (at > 0) { packageName = alias[..at]; range = alias[(at + 1)..]; } else { packageName = alias; range = "*"; }
                    }
                    var locked = lk?.Resolve(importer, dep.Name, declared);
                    if (lk is not null && scope != DependencyScope.Dev && locked is null) unlockedRuntime.Add(lk.File);
                    var version = locked ?? DeclaredVersion.Lowest(range, VersionScheme.SemVer);
                    if (locked is not null)
                    {
                        directPerLock[lk!.File].Add(packageName + "@" + locked);
                        if (scope != DependencyScope.Dev) (runtimeRootsPerLock.TryGetValue(lk.File, out var roots) ? roots : runtimeRootsPerLock[lk.File] = []).Add(packageName + "@" + locked);
                    }
                    sink.Add(new DependencyFact
                    {
                        Ecosystem = "npm", Purl = Purl(packageName), Declared = declared, Version = version, Unresolved = version is null,
                        Locked = locked is not null, Scope = scope, Direct = true, File = file, Line = line,
                    });
                }
            }
            if (root.TryGetProperty("engines", out var engines) && engines.ValueKind == JsonValueKind.Object
                && engines.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String)
            {
                var declared = node.GetString()!;
                var version = DeclaredVersion.Lowest(declared, VersionScheme.SemVer);
                sink.Add(DependencyFact.Runtime("node", declared, version, file, json.LineOf("engines/node")));
            }
            // Corepack's "packageManager": "pnpm@9.15.0+sha512.…" pins the package manager every install of the project uses.
            if (root.TryGetProperty("packageManager", out var pm) && pm.ValueKind == JsonValueKind.String)
            {
                var text = pm.GetString()!;
                var at = text.IndexOf('@', 1);
                var line = json.LineOf("packageManager");
                if (at <= 0) sink.Issue(ScanIssueSeverity.Warning, file, line, $"packageManager '{text}' is not name@version");
                else
                {
                    var version = text[(at + 1)..].Split('+')[0];
                    sink.Add(DependencyFact.Runtime(text[..at].ToLowerInvariant(), text[(at + 1)..], version, file, line, DependencyScope.Build, TechnologyKind.Tool));
                }
            }
        }
        foreach (var (lockFile, lk) in locks)
        {
            if (lk is null) continue;
            var direct = directPerLock.GetValueOrDefault(lockFile) ?? [];
            // A runtime dependency the lock does not know leaves the runtime part of the tree unknown: better to keep
            // every package at runtime scope than to call the packages it pulls in dev.
            if (!unlockedRuntime.Contains(lockFile)) lk.ClassifyDev(runtimeRootsPerLock.GetValueOrDefault(lockFile) ?? []);
            // npm installs one version in several nested folders when hoisting cannot share it: it is still one
            // dependency, runtime when any copy is runtime, at the first place the lock lists it.
            var transitive = new Dictionary<string, (string Name, string Version, int Line, bool Dev)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (name, version, line, dev) in lk.Packages)
            {
                if (direct.Contains(name + "@" + version) || localNames.Contains(name)) continue;
                var key = name + "@" + version;
                if (transitive.TryGetValue(key, out var seen)) { if (!dev && seen.Dev) transitive[key] = seen with { Dev = false }; continue; }
                transitive[key] = (name, version, line, dev);
                order.Add(key);
            }
            foreach (var (name, version, line, dev) in order.Select(k => transitive[k]))
                sink.Add(new DependencyFact
                {
                    Ecosystem = "npm", Purl = Purl(name), Version = version, Locked = true, Direct = false,
                    Scope = dev ? DependencyScope.Dev : DependencyScope.Runtime, File = lockFile, Line = line,
                });
        }
        foreach (var (_, json) in manifests) json.Document.Dispose();
    }

    /// <summary>npm purls keep the scope (<c>@babel</c>) as the namespace, lowercased.</summary>
    public static PackageUrl Purl(string packageName)
    {
        if (packageName.StartsWith('@') && packageName.IndexOf('/') is var slash and > 0)
            return PackageUrl.Create("npm", packageName[..slash], packageName[(slash + 1)..]);
        return PackageUrl.Create("npm", null, packageName);
    }

    private static NpmLock? Lock(IRepositoryReader repo, HarvestSink sink, Dictionary<string, NpmLock?> cache, string file)
    {
        if (cache.TryGetValue(file, out var cached)) return cached;
        if (repo.TextOrIssue(file, sink) is not { } text) return cache[file] = null;
        NpmLock? result = null;
        if (file.EndsWith("yarn.lock", StringComparison.Ordinal)) result = NpmLock.FromYarnLock(file, text);
        else if (file.EndsWith(".yaml", StringComparison.Ordinal))
        {
            var documents = RepositoryYaml.Documents(file, text, 2_000_000, sink, ScanIssueSeverity.Error);
            result = documents.Count == 0 ? null : NpmLock.FromPnpmLock(file, documents[0]);
        }
        else if (JsonLines.TryParse(text, out var json, out var error, out var line, indexDepth: 2))
        {
            using (json!.Document) result = NpmLock.FromPackageLock(file, json);
        }
        else sink.Issue(ScanIssueSeverity.Error, file, line, error!);
        return cache[file] = result;
    }

    private static void NodeVersionFile(IRepositoryReader repo, HarvestSink sink, string file)
    {
        if (repo.TextOrIssue(file, sink) is not { } text) return;
        var declared = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (declared is null) return;
        var bare = declared.TrimStart('v', 'V');
        // lts/* and codenames name a moving target: the version cannot be known from the file alone.
        var version = bare.Length > 0 && char.IsAsciiDigit(bare[0]) ? bare : null;
        sink.Add(DependencyFact.Runtime("node", declared, version, file, 1));
    }
}
