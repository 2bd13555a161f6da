using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Toml;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Rust;

/// <summary>
/// Rust crates: every Cargo.toml's dependency tables (normal, dev, build, target-specific, workspace-inherited)
/// with versions from the workspace's Cargo.lock when there is one, the lock's other registry and git crates as
/// transitive facts, and the Rust runtime: a numbered rust-toolchain channel where one is pinned, else <c>rust-version</c>. Path dependencies are the repository's own crates
/// and are not reported. The workspace root's <c>[patch.&lt;source&gt;]</c> and <c>[replace]</c> swap a dependency's source as
/// Go's <c>replace</c> does (<c>declared =&gt; new source</c>); a target table's dependencies carry their <c>cfg</c> as the condition.
/// </summary>
public sealed class RustHarvester : IHarvester
{
    private static readonly (string Table, DependencyScope Scope)[] Sections =
    [
        ("dependencies", DependencyScope.Runtime),
        ("dev-dependencies", DependencyScope.Dev),
        ("dev_dependencies", DependencyScope.Dev),
        ("build-dependencies", DependencyScope.Build),
        ("build_dependencies", DependencyScope.Build),
    ];

    public string Name => "rust";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) is "Cargo.toml" or "Cargo.lock" or "rust-toolchain.toml" or "rust-toolchain";

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var manifests = new Dictionary<string, TomlTable>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) == "Cargo.toml"))
        {
            var root = ReadToml(repository, file, sink);
            if (root is not null) manifests[file] = root;
        }

        // Facts are grouped by the lock file that resolves them, so transitive crates are known per workspace.
        var byLock = new Dictionary<string, List<Pending>>(StringComparer.Ordinal);
        // Only the workspace root's [patch] and [replace] count, and its lock records their effect.
        var overrides = new Dictionary<string, CargoOverrides>(StringComparer.Ordinal);
        // A pinned toolchain is the Rust that builds the crates below it; rust-version is only their minimum.
        var toolchains = new Dictionary<string, DependencyFact>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) is "rust-toolchain.toml" or "rust-toolchain"))
            if (Toolchain(repository, file, sink) is { } toolchain) toolchains[RepoPaths.FolderPrefix(file)] = toolchain;
        foreach (var toolchain in toolchains.Values) sink.Add(toolchain);

        foreach (var (file, manifest) in manifests)
        {
            if (manifest.Table("package") is null) continue;
            var workspaceFile = WorkspaceRoot(file, manifest, manifests);
            var workspace = workspaceFile is null ? null : manifests[workspaceFile].Table("workspace");
            var lockFile = RepoPaths.FolderPrefix(workspaceFile ?? file) + "Cargo.lock";
            if (!byLock.TryGetValue(lockFile, out var facts)) byLock[lockFile] = facts = [];

            if (!UnderToolchain(RepoPaths.FolderPrefix(file), toolchains)) Runtime(file, manifest, workspace, sink);
            var rootFile = workspaceFile ?? file;
            if (!overrides.TryGetValue(lockFile, out var patches))
                overrides[lockFile] = patches = Overrides(rootFile, manifests[rootFile], sink);
            if (rootFile != file) IgnoredOverrides(file, manifest, rootFile, sink);
            foreach (var (table, scope) in Sections)
                Dependencies(file, manifest.Table(table), scope, null, workspace, patches, facts);
            foreach (var (cfg, target) in manifest.Table("target") ?? Empty)
            {
                if (target is not TomlTable t) continue;
                foreach (var (table, scope) in Sections) Dependencies(file, t.Table(table), scope, $"target:{cfg}", workspace, patches, facts);
            }
        }

        var locksSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lockFile, facts) in byLock)
        {
            var lockRoot = repository.Files.Contains(lockFile) ? ReadToml(repository, lockFile, sink) : null;
            locksSeen.Add(lockFile);
            var locked = lockRoot is null ? [] : CargoLock.Read(lockRoot);
            var replaces = overrides.TryGetValue(lockFile, out var o) ? o.Replaces : [];
            var resolved = facts.Select(p => Replace(p, Resolve(p, locked), replaces, locked)).ToList();
            foreach (var fact in resolved) sink.Add(fact);
            Transitive(lockFile, locked, resolved, sink);
        }

        // A lock with no manifest beside it (an application committed without its sources) still lists what ships.
        foreach (var lockFile in repository.Files.Where(f => RepoPaths.FileName(f) == "Cargo.lock" && !locksSeen.Contains(f)))
        {
            var lockRoot = ReadToml(repository, lockFile, sink);
            if (lockRoot is not null) Transitive(lockFile, CargoLock.Read(lockRoot), [], sink);
        }
    }

    private static readonly TomlTable Empty = TomlDocument.Parse("").Root!;

    private static TomlTable? ReadToml(IRepositoryReader repository, string file, HarvestSink sink)
    {
        if (repository.TextOrIssue(file, sink) is not { } text) return null;
        var parsed = TomlDocument.Parse(text);
        if (parsed.Error is { } e)
        {
            sink.Issue(ScanIssueSeverity.Error, file, e.Line, $"invalid TOML at column {e.Column}: {e.Message}");
            return null;
        }
        return parsed.Root;
    }

    private static string? WorkspaceRoot(string file, TomlTable manifest, Dictionary<string, TomlTable> manifests)
    {
        if (manifest.Table("workspace") is not null) return file;
        if (manifest.Table("package")?.String("workspace") is { } explicitPath)
        {
            var candidate = RepoPaths.Normalize(RepoPaths.FolderPrefix(file) + explicitPath.TrimEnd('/') + "/Cargo.toml");
            if (manifests.ContainsKey(candidate)) return candidate;
        }
        var folder = RepoPaths.FolderPrefix(file);
        while (folder.Length > 0)
        {
            folder = RepoPaths.FolderPrefix(folder.TrimEnd('/'));
            var candidate = folder + "Cargo.toml";
            if (manifests.TryGetValue(candidate, out var m) && m.Table("workspace") is not null) return candidate;
        }
        return null;
    }

    /// <summary><c>[toolchain] channel = "1.77.2"</c>, or the legacy one-line file; named channels (stable, nightly) say no version.</summary>
    private static DependencyFact? Toolchain(IRepositoryReader repository, string file, HarvestSink sink)
    {
        string? channel;
        int line;
        if (file.EndsWith(".toml", StringComparison.Ordinal))
        {
            if (ReadToml(repository, file, sink)?.Table("toolchain")?.Value("channel") is not { Kind: TomlValueKind.String } value) return null;
            (channel, line) = (value.Text, value.Line);
        }
        else
        {
            if (!repository.TryReadText(file, out var text, out _)) return null;
            // The legacy file may itself be TOML; only the plain one-line form is read here.
            var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            if (first is null || first.Contains('=') || first.StartsWith('[')) return ReadToml(repository, file, sink)?.Table("toolchain")?.Value("channel") is { Kind: TomlValueKind.String } v
                ? Toolchain(v.Text, v.Line, file)
                : null;
            (channel, line) = (first, 1);
        }
        return Toolchain(channel, line, file);
    }

    private static DependencyFact? Toolchain(string channel, int line, string file)
    {
        if (channel.Length == 0 || !char.IsAsciiDigit(channel[0])) return null;
        var dash = channel.IndexOf('-');
        return DependencyFact.Runtime("rust", channel, dash > 0 ? channel[..dash] : channel, file, line);
    }

    private static void Runtime(string file, TomlTable manifest, TomlTable? workspace, HarvestSink sink)
    {
        var package = manifest.Table("package")!;
        if (!package.TryGet("rust-version", out var node)) return;
        var declared = node switch
        {
            TomlValue { Kind: TomlValueKind.String } v => v.Text,
            TomlTable t when t.Boolean("workspace") == true => workspace?.Table("package")?.String("rust-version"),
            _ => null,
        };
        sink.Add(DependencyFact.Runtime("rust", declared, declared, file, node.Line));
    }

    /// <summary>
    /// A direct dependency before the lock is consulted; <see cref="GitUrl"/> picks the lock entry for git requirements,
    /// <see cref="Local"/> says a patch points at a folder, whose code no lock entry versions; <see cref="Source"/> is where an
    /// unpatched dependency comes from, so a <c>[replace]</c> of that source can apply.
    /// </summary>
    private sealed record Pending(DependencyFact Fact, string? GitUrl, bool Local = false, string? Source = null);

    /// <summary>A <c>[patch.&lt;source&gt;]</c> entry (<see cref="Version"/> null) or a <c>[replace]</c> entry for one version of a crate.</summary>
    private sealed record Override(string Source, string Crate, string? Version, DependencySpec Spec, int Line);

    private sealed record CargoOverrides(List<Override> Patches, List<Override> Replaces);

    private const string CratesIo = "crates-io";

    /// <summary>Reads the workspace root's <c>[patch]</c> tables and <c>[replace]</c> entries.</summary>
    private static CargoOverrides Overrides(string file, TomlTable root, HarvestSink sink)
    {
        var patches = new List<Override>();
        foreach (var (source, node) in root.Table("patch") ?? Empty)
        {
            if (node is not TomlTable entries) continue;
            foreach (var (key, entry) in entries)
            {
                var spec = Spec(entry);
                patches.Add(new Override(SourceKey(source), spec.Package ?? key, null, spec, entry.Line));
            }
        }
        var replaces = new List<Override>();
        foreach (var (key, entry) in root.Table("replace") ?? Empty)
        {
            // A package id spec: [source#]name:version. Cargo refuses a replacement without a version.
            var hash = key.LastIndexOf('#');
            var source = hash < 0 ? CratesIo : SourceKey(key[..hash]);
            var id = hash < 0 ? key : key[(hash + 1)..];
            var colon = id.IndexOf(':');
            if (colon <= 0 || colon == id.Length - 1)
            {
                sink.Issue(ScanIssueSeverity.Warning, file, entry.Line, $"[replace] key '{key}' names no version (expected 'crate:version'), so it is not applied");
                continue;
            }
            replaces.Add(new Override(source, id[..colon], id[(colon + 1)..], Spec(entry), entry.Line));
        }
        return new CargoOverrides(patches, replaces);
    }

    /// <summary>Cargo reads [patch] and [replace] in the workspace root only; a member's are ignored, which its author may not know.</summary>
    private static void IgnoredOverrides(string file, TomlTable manifest, string rootFile, HarvestSink sink)
    {
        foreach (var section in new[] { "patch", "replace" })
            if (manifest.TryGet(section, out var node))
                sink.Issue(ScanIssueSeverity.Warning, file, node.Line, $"[{section}] in a workspace member is ignored by Cargo; only the workspace root {rootFile} applies it");
    }

    /// <summary>crates.io by name, by its git index or by its sparse index are one source; a git URL is compared without a trailing slash or .git.</summary>
    private static string SourceKey(string source)
    {
        var s = source.Trim();
        if (s.StartsWith("registry+", StringComparison.Ordinal)) s = s["registry+".Length..];
        if (s is CratesIo or "https://github.com/rust-lang/crates.io-index" or "sparse+https://index.crates.io/" or "sparse+https://index.crates.io") return CratesIo;
        s = s.TrimEnd('/');
        return s.EndsWith(".git", StringComparison.Ordinal) ? s[..^4] : s;
    }

    /// <summary>The source a dependency is taken from before any patch: crates-io, another registry's name, or its git URL.</summary>
    private static string SourceOf(DependencySpec spec) => spec.Git is { } git ? SourceKey(git) : spec.Registry ?? CratesIo;

    /// <summary>Where an override sends the crate, as a reader would write it: the git URL and reference, the folder, or the version.</summary>
    private static string Target(DependencySpec spec)
    {
        if (spec.Git is { } git) return (spec.Rev ?? spec.Tag ?? spec.Branch) is { } reference ? $"{git}#{reference}" : git;
        if (spec.Path is { } path) return path;
        return spec.Registry is { } registry ? $"{registry} {spec.Version ?? "*"}" : spec.Version ?? "*";
    }

    private static void Dependencies(string file, TomlTable? table, DependencyScope scope, string? condition, TomlTable? workspace, CargoOverrides overrides, List<Pending> facts)
    {
        if (table is null) return;
        foreach (var (key, node) in table)
        {
            var spec = Spec(node);
            if (spec.Workspace)
            {
                // `x.workspace = true` takes the requirement from [workspace.dependencies]; the member may only add features or optional.
                var inherited = workspace?.Table("dependencies") is { } wd && wd.TryGet(key, out var wn) ? Spec(wn) : null;
                if (inherited is null)
                {
                    facts.Add(new Pending(Fact(file, key, "workspace = true", null, scope, spec.Optional, node.Line, unresolved: true) with { Condition = condition }, null));
                    continue;
                }
                spec = inherited with { Optional = spec.Optional || inherited.Optional };
            }
            if (spec.Path is not null && spec.Git is null) continue;
            var crate = spec.Package ?? key;
            var declared = spec.Git is not null ? Target(spec) : spec.Version;
            var source = SourceOf(spec);
            var patch = overrides.Patches.LastOrDefault(p => p.Crate == crate && p.Source == source);
            if (patch is not null)
            {
                // The patch's source is what builds; the requirement stays written beside it, as Go's replace is.
                var patched = $"{declared ?? "*"} => {Target(patch.Spec)}";
                if (patch.Spec.Git is not null)
                    facts.Add(new Pending(Fact(file, crate, patched, null, scope, spec.Optional, node.Line, unresolved: true) with { Condition = condition }, patch.Spec.Git));
                else if (patch.Spec.Path is not null)
                    facts.Add(new Pending(Fact(file, crate, patched, null, scope, spec.Optional, node.Line, unresolved: true) with { Condition = condition }, null, Local: true));
                else
                {
                    var patchedLowest = patch.Spec.Version is null ? null : Lowest(patch.Spec.Version);
                    facts.Add(new Pending(Fact(file, crate, patched, patchedLowest, scope, spec.Optional, node.Line, unresolved: patchedLowest is null) with { Condition = condition }, null));
                }
                continue;
            }
            if (spec.Git is not null)
            {
                facts.Add(new Pending(Fact(file, crate, declared, null, scope, spec.Optional, node.Line, unresolved: true) with { Condition = condition }, spec.Git, Source: source));
                continue;
            }
            var lowest = spec.Version is null ? null : Lowest(spec.Version);
            facts.Add(new Pending(Fact(file, crate, spec.Version, lowest, scope, spec.Optional, node.Line, unresolved: lowest is null) with { Condition = condition }, null, Source: source));
        }
    }

    private sealed record DependencySpec(string? Version, string? Path, string? Git, string? Rev, string? Tag, string? Branch, string? Package, bool Optional, bool Workspace, string? Registry = null);

    private static DependencySpec Spec(TomlNode node) => node switch
    {
        TomlValue v => new DependencySpec(v.Text, null, null, null, null, null, null, false, false),
        TomlTable t => new DependencySpec(t.String("version"), t.String("path"), t.String("git"), t.String("rev"), t.String("tag"), t.String("branch"),
            t.String("package"), t.Boolean("optional") ?? false, t.Boolean("workspace") ?? false, t.String("registry")),
        _ => new DependencySpec(null, null, null, null, null, null, null, false, false),
    };

    private static DependencyFact Fact(string file, string crate, string? declared, string? version, DependencyScope scope, bool optional, int line, bool unresolved)
        => new()
        {
            Ecosystem = "cargo",
            Purl = PackageUrl.Create("cargo", null, crate),
            Declared = declared,
            Version = version,
            Unresolved = unresolved,
            Scope = optional && scope == DependencyScope.Runtime ? DependencyScope.Optional : scope,
            File = file,
            Line = line,
        };

    /// <summary>
    /// A <c>[replace]</c> for the version the dependency resolved to swaps its source: a git replacement takes the version
    /// its lock entry records, a folder leaves the version unknown.
    /// </summary>
    private static DependencyFact Replace(Pending pending, DependencyFact fact, List<Override> replaces, List<CargoLockPackage> locked)
    {
        if (fact.Version is null || pending.Source is null) return fact;
        var replace = replaces.LastOrDefault(r => r.Crate == fact.Purl.Name && r.Version == fact.Version && r.Source == pending.Source);
        if (replace is null) return fact;
        var declared = $"{fact.Declared ?? "*"} => {Target(replace.Spec)}";
        if (replace.Spec.Git is { } git)
        {
            var entry = locked.FirstOrDefault(p => p.Name == fact.Purl.Name && p.Source is { } s && s.StartsWith("git+" + git, StringComparison.Ordinal));
            return fact with { Declared = declared, Version = entry?.Version, Locked = entry is not null, Unresolved = entry is null };
        }
        return fact with { Declared = declared, Version = null, Locked = false, Unresolved = true };
    }

    /// <summary>Takes the version from the lock: the only entry of that name, or the one the requirement allows (git sources for git requirements).</summary>
    private static DependencyFact Resolve(Pending pending, List<CargoLockPackage> locked)
    {
        var fact = pending.Fact;
        if (pending.Local) return fact;
        var candidates = locked.Where(p => p.Name == fact.Purl.Name && p.Source is not null).ToList();
        if (candidates.Count == 0) return fact;
        CargoLockPackage? pick;
        if (pending.GitUrl is { } url)
        {
            pick = candidates.FirstOrDefault(p => p.Source!.StartsWith("git+" + url, StringComparison.Ordinal))
                ?? (candidates.Count == 1 ? candidates[0] : null);
        }
        else if (candidates.Count == 1)
        {
            pick = candidates[0];
        }
        else
        {
            var range = fact.Declared is null ? null : VersionRange.ParseNative(fact.Declared, "cargo").Value;
            Func<CargoLockPackage, bool> allowed = range is not null
                ? c => range.Contains(c.Version)
                : c => fact.Version is not null && CaretFamily(c.Version) == CaretFamily(fact.Version);
            pick = candidates.Where(allowed).OrderByDescending(c => c.Version, Versions.Comparer(VersionScheme.SemVer)).FirstOrDefault();
        }
        return pick is null ? fact : fact with { Version = pick.Version, Locked = true, Unresolved = false };
    }

    private static void Transitive(string lockFile, List<CargoLockPackage> locked, List<DependencyFact> direct, HarvestSink sink)
    {
        var directVersions = direct.Where(d => d.Locked).Select(d => (d.Purl.Name, d.Version)).ToHashSet();
        var directNames = direct.Select(d => d.Purl.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var package in locked)
        {
            if (package.Source is null) continue;
            if (directVersions.Contains((package.Name, package.Version))) continue;
            // A second version of a direct crate that nothing resolved to is pulled in by another crate.
            if (directNames.Contains(package.Name) && !direct.Any(d => d.Purl.Name == package.Name && d.Locked)) continue;
            sink.Add(new DependencyFact
            {
                Ecosystem = "cargo",
                Purl = PackageUrl.Create("cargo", null, package.Name),
                Version = package.Version,
                Locked = true,
                Direct = false,
                File = lockFile,
                Line = package.Line,
            });
        }
    }

    /// <summary>Versions a caret requirement treats as compatible share this key: the major, or 0.minor below 1.0.</summary>
    private static string CaretFamily(string version)
    {
        var parts = version.Split('.', '-', '+');
        return parts[0] == "0" && parts.Length > 1 ? "0." + parts[1] : parts[0];
    }

    /// <summary>The lowest version a Cargo requirement allows (a bare <c>1.2</c> means <c>^1.2</c>); null for <c>*</c> or when only an upper bound is given.</summary>
    internal static string? Lowest(string requirement)
    {
        var parsed = VersionRange.ParseNative(requirement, "cargo");
        if (parsed.Success) return parsed.Value!.LowestVersion;
        // Until every dialect parses, the first comparator that sets a floor gives the answer.
        foreach (var part in requirement.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var op = new string(part.TakeWhile(c => c is '^' or '~' or '=' or '>' or '<').ToArray());
            var version = part[op.Length..].Trim();
            if (op is "" or "^" or "~" or "=" or ">=" && version.Length > 0 && char.IsAsciiDigit(version[0]) && !version.Contains('*')) return version;
        }
        return null;
    }

    /// <summary>rustup takes the toolchain file of the nearest folder at or above the crate.</summary>
    private static bool UnderToolchain(string folder, Dictionary<string, DependencyFact> toolchains)
    {
        while (true)
        {
            if (toolchains.ContainsKey(folder)) return true;
            if (folder.Length == 0) return false;
            folder = RepoPaths.FolderPrefix(folder.TrimEnd('/'));
        }
    }



}
