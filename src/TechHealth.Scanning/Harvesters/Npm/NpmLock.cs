using System.Text.Json;
using TechHealth.Core.Yaml;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Npm;

/// <summary>
/// What one npm, yarn or pnpm lock file resolved: the version each importer (workspace folder, "." for the lock's
/// own folder) got for a name, and every package in the tree. Owns the three lock formats; nothing else.
/// </summary>
public sealed class NpmLock
{
    public required string File { get; init; }
    /// <summary>Folder of the lock file, repository-relative.</summary>
    public required string Folder { get; init; }
    private readonly Dictionary<string, string> _byImporter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byRange = new(StringComparer.Ordinal);
    public List<(string Name, string Version, int Line, bool Dev)> Packages { get; } = [];

    /// <summary>
    /// False when the lock does not mark development packages (yarn, pnpm 9): then <see cref="ClassifyDev"/> works it
    /// out from the dependency edges the lock records.
    /// </summary>
    public bool DevKnown { get; private init; } = true;

    // Edges as written: from "name@version" to a child named by name and range (yarn) or name and version (pnpm).
    private readonly List<(string From, string Child, string Range)> _edges = [];

    /// <summary>
    /// Marks as development packages those no runtime root (<c>name@version</c> of the importers' runtime, optional and
    /// peer dependencies) reaches through the lock's dependency edges.
    /// </summary>
    public void ClassifyDev(IEnumerable<string> runtimeRoots)
    {
        if (DevKnown) return;
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, child, range) in _edges)
        {
            var target = ChildKey(child, range);
            if (target is null) continue;
            if (!children.TryGetValue(from, out var list)) children[from] = list = [];
            list.Add(target);
        }
        // pnpm keeps one snapshot per set of resolved peers (debug@4.4.3 and debug@4.4.3(supports-color@8.1.1)): a path
        // follows the variant it names, and a root given without peers falls back to every variant.
        var variants = children.Keys.GroupBy(StripPeers, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(runtimeRoots);
        while (queue.Count > 0)
        {
            var key = queue.Dequeue();
            if (!reached.Add(key)) continue;
            var from = children.ContainsKey(key) ? [key] : variants.GetValueOrDefault(key) ?? [];
            foreach (var next in from.SelectMany(f => children[f])) queue.Enqueue(next);
        }
        var used = reached.Select(StripPeers).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Packages.Count; i++)
            Packages[i] = Packages[i] with { Dev = !used.Contains(Packages[i].Name + "@" + Packages[i].Version) };
    }

    private string? ChildKey(string child, string range)
    {
        if (_byRange.TryGetValue(child + "@" + range, out var version)) return RealName(child, range) + "@" + version;
        if (_byRange.TryGetValue(child + "@npm:" + range, out version)) return child + "@" + version;
        // pnpm names the child by its exact version, or by name@version when it is an alias.
        if (range.Length > 0 && char.IsAsciiDigit(range[0])) return child + "@" + range;
        var at = StripPeers(range).LastIndexOf('@');
        return at > 0 ? range : null;
    }

    /// <summary>The locked version of <paramref name="name"/> for the package.json in <paramref name="importer"/> declared as <paramref name="declared"/>.</summary>
    public string? Resolve(string importer, string name, string declared)
    {
        if (_byImporter.TryGetValue(importer + "\n" + name, out var v)) return v;
        if (_byRange.TryGetValue(name + "@" + declared, out v)) return v;
        if (_byRange.TryGetValue(name + "@npm:" + declared, out v)) return v;
        // npm hoists to the root: a workspace's dependency usually lives at the top of the tree.
        if (importer != "." && _byImporter.TryGetValue(".\n" + name, out v)) return v;
        return null;
    }

    private void Direct(string importer, string name, string version) => _byImporter.TryAdd(importer + "\n" + name, version);

    /// <summary>package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 or 3.</summary>
    public static NpmLock FromPackageLock(string file, JsonLines json)
    {
        var folder = RepoPaths.FolderOf(file);
        var lk = new NpmLock { File = file, Folder = folder };
        var root = json.Root;
        if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in packages.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object) continue;
                var at = p.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
                if (at < 0) continue;
                if (p.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
                var version = p.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (version is null) continue;
                var name = p.Name[(at + "node_modules/".Length)..];
                var owner = at == 0 ? "." : p.Name[..(at - 1)];
                // Only entries directly under an importer's node_modules are what that importer asked for.
                if (owner == "." || !owner.Contains("node_modules", StringComparison.Ordinal)) lk.Direct(owner, name, version);
                // An alias (npm:pkg@range) is installed under the alias's folder; the entry's name is the package really installed.
                var real = p.Value.TryGetProperty("name", out var rn) && rn.ValueKind == JsonValueKind.String ? rn.GetString()! : name;
                var dev = p.Value.TryGetProperty("dev", out var d) && d.ValueKind == JsonValueKind.True;
                lk.Packages.Add((real, version, json.LineOf("packages/" + p.Name), dev));
            }
        }
        else if (root.TryGetProperty("dependencies", out var deps) && deps.ValueKind == JsonValueKind.Object)
        {
            var stack = new Stack<(JsonElement Deps, bool Top)>();
            stack.Push((deps, true));
            while (stack.Count > 0)
            {
                var (level, top) = stack.Pop();
                foreach (var d in level.EnumerateObject())
                {
                    if (d.Value.ValueKind != JsonValueKind.Object) continue;
                    var version = d.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                    if (version is not null && !version.StartsWith("file:", StringComparison.Ordinal))
                    {
                        if (top) lk.Direct(".", d.Name, version);
                        var dev = d.Value.TryGetProperty("dev", out var dv) && dv.ValueKind == JsonValueKind.True;
                        lk.Packages.Add((d.Name, version, top ? json.LineOf("dependencies/" + d.Name) : 0, dev));
                    }
                    if (d.Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object) stack.Push((nested, false));
                }
            }
        }
        return lk;
    }

    /// <summary>yarn.lock, classic (v1, its own format) and Berry (v2+, YAML); read line by line since both share the block shape.</summary>
    public static NpmLock FromYarnLock(string file, string text)
    {
        var lk = new NpmLock { File = file, Folder = RepoPaths.FolderOf(file), DevKnown = false };
        var lines = text.Split('\n');
        List<string>? keys = null;
        var keyLine = 0;
        string? current = null, section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                keys = null;
                current = null;
                if (!line.EndsWith(':')) continue;
                var header = line[..^1];
                if (header.StartsWith("__metadata", StringComparison.Ordinal)) continue;
                keys = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(k => k.Trim('"')).ToList();
                keyLine = i + 1;
                continue;
            }
            if (current is not null)
            {
                var indent = line.Length - line.TrimStart().Length;
                var entry = line.Trim();
                if (indent <= 2) { section = entry.EndsWith(':') ? entry[..^1] : null; continue; }
                if (section is "dependencies" or "optionalDependencies" && YarnDependency(entry) is { } edge)
                    lk._edges.Add((current, edge.Name, edge.Range));
                continue;
            }
            if (keys is null) continue;
            var trimmed = line.Trim();
            string? version = null;
            if (trimmed.StartsWith("version: ", StringComparison.Ordinal)) version = trimmed[9..].Trim().Trim('"');
            else if (trimmed.StartsWith("version \"", StringComparison.Ordinal)) version = trimmed[8..].Trim().Trim('"');
            if (version is null) continue;
            string? packageName = null;
            foreach (var key in keys)
            {
                var at = key.IndexOf('@', 1);
                if (at < 0) continue;
                var name = key[..at];
                var range = key[(at + 1)..];
                packageName ??= RealName(name, range);
                lk._byRange.TryAdd(name + "@" + range, version);
            }
            // Berry lists workspaces and patches as their own blocks: those are not packages from the registry.
            if (packageName is not null && !keys[0].Contains("@workspace:", StringComparison.Ordinal) && !keys[0].Contains("@patch:", StringComparison.Ordinal))
                lk.Packages.Add((packageName, version, keyLine, false));
            // Workspace blocks keep their edges too (under the workspace's own name), though they are not packages.
            current = packageName is null ? null : packageName + "@" + version;
            section = null;
            keys = null;
        }
        return lk;
    }

    /// <summary>One line of a yarn block's dependencies: <c>name "range"</c> (classic) or <c>name: "npm:range"</c> (Berry).</summary>
    private static (string Name, string Range)? YarnDependency(string entry)
    {
        string name, rest;
        if (entry.StartsWith('"'))
        {
            var close = entry.IndexOf('"', 1);
            if (close < 0) return null;
            name = entry[1..close];
            rest = entry[(close + 1)..];
        }
        else
        {
            var space = entry.IndexOfAny([' ', ':']);
            if (space <= 0) return null;
            name = entry[..space];
            rest = entry[space..];
        }
        var range = rest.TrimStart(':').Trim().Trim('"');
        return range.Length == 0 ? null : (name, range);
    }

    /// <summary>pnpm-lock.yaml, lockfile versions 5 to 9.</summary>
    public static NpmLock FromPnpmLock(string file, YamlValue root)
    {
        // pnpm 9 moved the tree to "snapshots" and dropped the dev flags the older formats carried.
        var lk = new NpmLock { File = file, Folder = RepoPaths.FolderOf(file), DevKnown = root["snapshots"] is null };
        var kinds = new[] { "dependencies", "devDependencies", "optionalDependencies" };
        void Importer(string importer, YamlValue node)
        {
            foreach (var kind in kinds)
                foreach (var (name, value) in node[kind]?.Entries ?? [])
                {
                    var version = value.Text ?? value["version"]?.Text;
                    if (version is null || version.StartsWith("link:", StringComparison.Ordinal)) continue;
                    lk.Direct(importer, name, StripPeers(version));
                }
        }
        if (root["importers"] is YamlMap importers) foreach (var (path, node) in importers.Entries) Importer(path, node);
        else Importer(".", root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in new[] { "packages", "snapshots" })
        {
            if (root[section] is not YamlMap packages) continue;
            foreach (var (key, node) in packages.Entries)
            {
                var k = StripPeers(key.TrimStart('/'));
                string name, version;
                var at = k.LastIndexOf('@');
                if (at > 0) { name = k[..at]; version = k[(at + 1)..]; }
                else
                {
                    var slash = k.LastIndexOf('/');
                    if (slash <= 0) continue;
                    name = k[..slash];
                    version = k[(slash + 1)..];
                    var underscore = version.IndexOf('_');
                    if (underscore > 0) version = version[..underscore];
                }
                var dev = node["dev"]?.Text == "true";
                if (seen.Add(name + "@" + version)) lk.Packages.Add((name, version, node.Line, dev));
                if (section == "snapshots")
                    foreach (var kind in new[] { "dependencies", "optionalDependencies" })
                        foreach (var (child, value) in node[kind]?.Entries ?? [])
                            if (value.Text is { } childVersion) lk._edges.Add((key.TrimStart('/'), child, childVersion));
            }
        }
        return lk;
    }

    /// <summary>The package a yarn lock key really installs: <c>wrap-cjs@npm:wrap@^7</c> is an alias of <c>wrap</c>.</summary>
    private static string RealName(string name, string range)
    {
        if (!range.StartsWith("npm:", StringComparison.Ordinal)) return name;
        var target = range[4..];
        var at = target.LastIndexOf('@');
        return at > 0 ? target[..at] : name;
    }

    private static string StripPeers(string version)
    {
        var paren = version.IndexOf('(');
        return paren > 0 ? version[..paren] : version;
    }
}
