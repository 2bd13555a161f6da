using System.Security.Cryptography;
using System.Text;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Catalog;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Config;
using TechHealth.Scanning.Harvesters.Contents;
using TechHealth.Scanning.Reading;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning;

/// <summary>
/// Scans one repository: reads it safely, fingerprints it, reads its catalog files, runs every harvester and splits
/// what they found between the repository's components by folder. Owns the component-assembly rules; evaluates nothing.
/// </summary>
internal sealed class RepositoryScanner(ScanningOptions options, IReadOnlyList<IHarvester> harvesters, ICatalogParser catalogParser)
{
    private readonly HashSet<string> _catalogNames = new(["catalog-info.yaml", "catalog-info.yml", .. options.ExtraCatalogFileNames], StringComparer.Ordinal);

    public IReadOnlyCollection<string> CatalogNames => _catalogNames;

    /// <summary>
    /// Scans synchronously on the calling thread (no git process, no await), so the caller's thread is the one whose
    /// allocations the memory budget counts.
    /// </summary>
    public (RepositoryScanStatus Status, string Fingerprint, List<ComponentFacts> Components, List<OrgGroup> Groups) Scan(
        RepositoryLocation location, string? previousFingerprint, bool full, FileContentSet contents, CancellationToken cancellation)
    {
        var reader = SafeRepositoryReader.Open(location.Root, options, cancellation, location.Name);
        var catalogFiles = reader.Files.Where(f => _catalogNames.Contains(RepoPaths.FileName(f))).ToList();
        var issues = new List<ScanIssue>(reader.Issues);
        // HEAD and the last commit's date come from the .git files, never from running git: a repository's own
        // .git/config could otherwise make git run a program of its choosing (gpg.program, core.fsmonitor, hooks...).
        var git = reader.HasGit ? GitMetadata.Read(reader.Root, issues) : null;
        var fingerprint = (git?.Head is { } head ? "git:" + head : null) ?? ContentHash(reader, catalogFiles, contents);
        // Facts harvested for other content globs lack (or hold stale) file texts: a changed set must not count as unchanged.
        if (!contents.IsEmpty) fingerprint += "+" + contents.Stamp;
        // A catalog edit (a new owner) must rescan the repository even when its head did not move.
        if (location.CatalogEntities.Count > 0) fingerprint += CatalogStampMarker + InventoryStamp(location.CatalogEntities);

        if (!full && previousFingerprint == fingerprint)
        {
            // Skipped, but the org tree must stay whole: groups are re-read from catalog files that declare any.
            var known = new List<OrgGroup>();
            foreach (var file in catalogFiles)
            {
                var entry = reader.EntryOf(file);
                if (entry is { } e && _catalogGroups.TryGetValue(e.Physical, out var cached) && cached.Length == e.Length && cached.WriteTicks == e.WriteTicks)
                {
                    known.AddRange(cached.Groups);
                    continue;
                }
                if (!reader.TryReadText(file, out var text, out _)) continue;
                var groups = text.Contains("Group", StringComparison.Ordinal) ? Groups(catalogParser.Parse(file, text, new List<ScanIssue>())) : [];
                Remember(entry, groups);
                known.AddRange(groups);
            }
            return (RepositoryScanStatus.Skipped, fingerprint, [], known);
        }

        var entities = new List<CatalogEntity>();
        foreach (var file in catalogFiles)
        {
            if (!reader.TryReadText(file, out var text, out var reason)) { issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"catalog file not read: {reason}")); continue; }
            var parsed = catalogParser.Parse(file, text, issues);
            entities.AddRange(parsed);
            Remember(reader.EntryOf(file), Groups(parsed));
        }

        // The inventory's components stand in where the repository declares none of its own in that folder.
        var declaredFolders = entities.Where(IsComponent).Select(e => RepoPaths.FolderOf(e.File)).ToHashSet(StringComparer.Ordinal);
        entities.AddRange(location.CatalogEntities.Where(e => !declaredFolders.Contains(RepoPaths.FolderOf(e.File))));

        var sink = new HarvestSink();
        foreach (var harvester in harvesters)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                harvester.Harvest(reader, sink);
                RepositoryMemoryBudget.Current?.Check();
            }
            catch (Exception e) when (e is OperationCanceledException or RepositoryMemoryBudgetExceededException) { throw; }
            catch (Exception e)
            {
                // A harvester bug costs that harvester's facts for this repository, never the run.
                issues.Add(new ScanIssue(ScanIssueSeverity.Error, "", 0, $"harvester '{harvester.Name}' failed: {e.GetType().Name}: {e.Message}"));
            }
        }
        issues.AddRange(sink.Issues);

        var components = Assemble(location, reader, entities, sink, issues, fingerprint, git?.LastCommitDate, contents);
        return (RepositoryScanStatus.Scanned, fingerprint, components, Groups(entities));
    }

    private List<ComponentFacts> Assemble(RepositoryLocation location, SafeRepositoryReader reader, List<CatalogEntity> entities,
        HarvestSink sink, List<ScanIssue> issues, string fingerprint, string? lastCommit, FileContentSet contents)
    {
        var declared = entities.Where(e => e.Kind.Equals("Component", StringComparison.OrdinalIgnoreCase)).ToList();
        var shells = new List<(string Path, CatalogEntity? Entity)>();
        if (declared.Count > 0) shells.AddRange(declared.Select(e => (RepoPaths.FolderOf(e.File), (CatalogEntity?)e)));
        // A catalog that declares only other kinds (an org repository of Groups) describes no component; with no usable catalog, the repository is one.
        else if (entities.Count == 0) shells.Add(("", null));
        if (shells.Count == 0) return [];

        var folders = shells.Select(s => s.Path).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).ToList();
        string OwnerFolder(string path) => folders.FirstOrDefault(f => RepoPaths.IsUnder(path, f)) ?? "";
        var filesBy = reader.Files.GroupBy(OwnerFolder).ToDictionary(g => g.Key, g => g.ToList());
        var depsBy = sink.Dependencies.GroupBy(d => OwnerFolder(d.File)).ToDictionary(g => g.Key, g => g.ToList());
        var issuesBy = issues.GroupBy(i => OwnerFolder(i.File)).ToDictionary(g => g.Key, g => g.ToList());
        // Issues outside every component folder (a root-level problem in a monorepo without a root component) go to each component.
        List<ScanIssue> outsideEvery = folders.Contains("") ? [] : issuesBy.GetValueOrDefault("") ?? [];
        // Ancestor folders' facts first (a repository's CI applies to a nested component), the component's own folders last.
        var folderFacts = sink.FactsByFolder.OrderBy(f => f.Key.Length).Select(f => (Folder: f.Key, Owner: OwnerFolder(f.Key), Facts: f.Value)).ToList();

        var result = new List<ComponentFacts>();
        foreach (var (path, entity) in shells)
        {
            var files = filesBy.GetValueOrDefault(path) ?? [];
            var deps = depsBy.GetValueOrDefault(path) ?? [];
            var componentIssues = new List<ScanIssue>(issuesBy.GetValueOrDefault(path) ?? []);
            componentIssues.AddRange(outsideEvery);
            var facts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (folder, owner, map) in folderFacts)
                if (RepoPaths.IsUnder(path, folder) || owner == path)
                    foreach (var (k, v) in map) facts[k] = v;
            foreach (var (k, v) in ConfigFacts.Compute(path, files, reader.Files, deps, _catalogNames)) facts[k] = v;
            // The whole repository was read and no CI configuration applies here: that is a harvested "no", not an unknown.
            facts.TryAdd("ci.present", "false");
            if (lastCommit is not null) facts["git.lastCommit"] = lastCommit;
            facts["catalog.present"] = entity is null ? "false" : "true";
            contents.Collect(reader, path, files, facts, componentIssues);
            // How many things in the component's files the harvest saw but could not read or resolve: never silently clean.
            facts["harvest.issues"] = componentIssues.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

            result.Add(entity is null
                ? new ComponentFacts
                {
                    Name = location.Name, Source = location.Source, Repository = location.Name, Path = path, Files = files, Dependencies = deps,
                    Facts = facts, Issues = componentIssues, Fingerprint = fingerprint,
                }
                : FromEntity(entity, location, path, files, deps, facts, componentIssues, fingerprint));
        }
        return result;
    }

    private static ComponentFacts FromEntity(CatalogEntity e, RepositoryLocation location, string path, List<string> files, List<DependencyFact> deps,
        Dictionary<string, string> facts, List<ScanIssue> issues, string fingerprint)
    {
        var owner = e.SpecValue("owner");
        var tier = e.SpecValue("tier") ?? e.Annotations.FirstOrDefault(a => a.Key == "tier" || a.Key.EndsWith("/tier", StringComparison.Ordinal)).Value;
        if (e.SpecValue("type") is { } type) facts["catalog.type"] = type;
        if (e.SpecValue("lifecycle") is { } lifecycle) facts["catalog.lifecycle"] = lifecycle;
        if (tier is not null) facts["catalog.tier"] = tier;
        // Where the entity is written, so a verdict on a missing field can name the file and line to edit.
        facts["catalog.file"] = e.File;
        facts["catalog.line"] = e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(owner)) issues.Add(new ScanIssue(ScanIssueSeverity.Warning, e.File, e.Line, $"component '{e.Name}' has no spec.owner"));
        return new ComponentFacts
        {
            Name = e.Name,
            Namespace = e.Namespace,
            Title = e.Title,
            Description = e.Description,
            Owner = string.IsNullOrWhiteSpace(owner) ? null : EntityRef.Parse(owner, "group", e.Namespace).ToString(),
            System = e.SpecValue("system"),
            Type = e.SpecValue("type"),
            Lifecycle = e.SpecValue("lifecycle"),
            Tier = tier,
            Annotations = e.Annotations,
            Tags = e.Tags,
            Source = location.Source,
            Repository = location.Name,
            Path = path,
            Files = files,
            Dependencies = deps,
            Facts = facts,
            Issues = issues,
            Fingerprint = fingerprint,
        };
    }

    /// <summary>
    /// The repository's groups with parents taken from either side (a child's <c>spec.parent</c> or a parent's
    /// <c>spec.children</c>, as Backstage allows); an untyped group counts as a team.
    /// </summary>
    internal static List<OrgGroup> Groups(IEnumerable<CatalogEntity> entities)
        => Organisation.Build(entities).Groups
            .Select(g => g with { Title = g.Title ?? entities.FirstOrDefault(e => e.Ref.ToString() == g.Ref)?.SpecValue("profile.displayName"), Type = g.Type.Length == 0 ? "team" : g.Type })
            .OrderBy(g => g.Ref, StringComparer.Ordinal)
            .ToList();

    // Groups per catalog file, so a skipped repository's part of the org tree costs no read while the file is unchanged.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Length, long WriteTicks, List<OrgGroup> Groups)> _catalogGroups = new(StringComparer.Ordinal);

    private void Remember(SafeRepositoryReader.FileEntry? entry, List<OrgGroup> groups)
    {
        if (entry is { } e) _catalogGroups[e.Physical] = (e.Length, e.WriteTicks, groups);
    }

    // Per-file content hashes keyed by where the file is, reused while its size and last write time stay the same
    // (as git's index does), so an unchanged rescan in a long-running host reads no file contents at all.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Length, long WriteTicks, byte[] Hash)> _fileHashes = new(StringComparer.Ordinal);

    /// <summary>SHA-256 over the path and content hash of every file a harvester wants, plus catalog, manifest and kept-text files, plus every path; files over the size limit count by length.</summary>
    private string ContentHash(SafeRepositoryReader reader, List<string> catalogFiles, FileContentSet contents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var catalog = new HashSet<string>(catalogFiles, StringComparer.Ordinal);
        Span<byte> separator = [0];
        foreach (var file in reader.Files)
        {
            if (!catalog.Contains(file) && !harvesters.Any(h => h.Wants(file)) && !IsConfigFile(file) && !contents.MayMatch(file)) continue;
            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData(separator);
            var entry = reader.EntryOf(file);
            if (entry is { } e && _fileHashes.TryGetValue(e.Physical, out var known) && known.Length == e.Length && known.WriteTicks == e.WriteTicks)
                hash.AppendData(known.Hash);
            else
            {
                var bytes = reader.TryReadBytes(file);
                if (bytes is null) hash.AppendData(BitConverter.GetBytes(reader.LengthOf(file)));
                else
                {
                    var fileHash = SHA256.HashData(bytes);
                    if (entry is { } fresh) _fileHashes[fresh.Physical] = (fresh.Length, fresh.WriteTicks, fileHash);
                    hash.AppendData(fileHash);
                }
            }
            hash.AppendData(separator);
        }
        // The list of files matters too (README, tests, docs come and go): hash every path.
        foreach (var file in reader.Files) { hash.AppendData(Encoding.UTF8.GetBytes(file)); hash.AppendData(separator); }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Marks a fingerprint that includes catalog inventory entities.</summary>
    internal const string CatalogStampMarker = "+catalog:";

    private static bool IsComponent(CatalogEntity e) => e.Kind.Equals("Component", StringComparison.OrdinalIgnoreCase);

    private static string InventoryStamp(IReadOnlyList<CatalogEntity> entities)
    {
        var text = string.Join("\n", entities.Select(e => $"{e.File}|{e.Ref}|{e.Title}|{string.Join(",", e.Spec.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value))}|{string.Join(",", e.Annotations.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value))}|{string.Join(",", e.Tags)}")
            .OrderBy(x => x, StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static bool IsConfigFile(string file) => ConfigFacts.IsManifestOrLock(file);
}
