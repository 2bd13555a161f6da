using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Storage.Records;

namespace TechHealth.Storage;

/// <summary>
/// Scan runs and the facts they produce: components, their snapshots (dependencies, named facts, scan issues),
/// sources and the org tree. A scan run writes snapshots that nobody reads until <see cref="CompleteScanRunAsync"/>
/// switches each component's current snapshot in one transaction; a run that fails or is killed midway leaves the
/// previous complete results in force. Never evaluates checks.
/// </summary>
public sealed partial class FactStore(IDbContextFactory<TechHealthDbContext> contexts, TimeProvider clock, StorageOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The key a repository is known by in fingerprints, unchanged lists and scan errors: <c>source/repository</c>.</summary>
    public static string RepositoryKey(string source, string repository) => $"{source}/{repository}";

    /// <summary>Records a new running scan run over <paramref name="sources"/> (none means every source) and returns its id.</summary>
    public async Task<long> BeginScanRunAsync(IReadOnlyCollection<string>? sources = null, bool full = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = new ScanRunRecord
        {
            StartedAt = Now(),
            Status = StorageNames.Of(ScanRunStatus.Running),
            Full = full,
            SourcesJson = JsonSerializer.Serialize(sources?.Distinct().Order(StringComparer.Ordinal).ToArray() ?? [], Json),
        };
        db.ScanRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    /// <summary>
    /// Stores the facts the run read for some components; call it as often as convenient (per repository, per batch).
    /// A component defined twice in one run keeps its first definition and the second is recorded as a scan error.
    /// Nothing written here is visible to readers until the run completes.
    /// </summary>
    public async Task SaveComponentSnapshotsAsync(long runId, IEnumerable<ComponentFacts> components, CancellationToken cancellationToken = default)
    {
        var batch = components.ToList();
        if (batch.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireRunningAsync(db, runId, cancellationToken);
        await WriteSnapshotsAsync(db, tx, runId, batch, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Writes snapshots inside the caller's transaction, so a scan shard can store its repositories and its own state in one commit.</summary>
    private async Task WriteSnapshotsAsync(TechHealthDbContext db, IDbContextTransaction tx, long runId, List<ComponentFacts> batch, CancellationToken cancellationToken)
    {
        var refs = batch.Select(c => c.Ref).Distinct().ToList();
        var taken = (await db.ComponentSnapshots.AsNoTracking()
                .Where(s => s.ScanRunId == runId && refs.Contains(s.ComponentRef))
                .Select(s => s.ComponentRef).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var now = Now();
        await using var insertSnapshot = CreateSnapshotInsert(connection, transaction);
        await using var dependencies = new BulkRowWriter(connection, transaction, "dependencies",
            ("snapshot_id", DbType.Int64), ("ordinal", DbType.Int32), ("ecosystem", DbType.String), ("purl", DbType.String),
            ("purl_key", DbType.String), ("name", DbType.String), ("kind", DbType.String), ("declared", DbType.String),
            ("version", DbType.String), ("unresolved", DbType.Boolean), ("locked", DbType.Boolean), ("scope", DbType.String),
            ("direct", DbType.Boolean), ("condition", DbType.String), ("file", DbType.String), ("line", DbType.Int32));
        await using var facts = new BulkRowWriter(connection, transaction, "named_facts",
            ("snapshot_id", DbType.Int64), ("name", DbType.String), ("value", DbType.String));
        await using var issues = new BulkRowWriter(connection, transaction, "scan_issues",
            ("snapshot_id", DbType.Int64), ("ordinal", DbType.Int32), ("severity", DbType.String), ("file", DbType.String),
            ("line", DbType.Int32), ("message", DbType.String));

        foreach (var component in batch)
        {
            if (!taken.Add(component.Ref))
            {
                db.ScanErrors.Add(new ScanErrorRecord
                {
                    ScanRunId = runId,
                    RepositoryKey = RepositoryKey(component.Source, component.Repository),
                    ComponentRef = component.Ref,
                    Message = $"{component.Ref} is defined more than once in this scan; the definition in " +
                              $"{RepositoryKey(component.Source, component.Repository)}/{component.Path} was ignored.",
                });
                continue;
            }

            var snapshotId = await InsertSnapshotAsync(insertSnapshot, runId, component, now, cancellationToken);
            var ordinal = 0;
            foreach (var d in component.Dependencies)
                await dependencies.AddAsync(cancellationToken, snapshotId, ordinal++, d.Ecosystem, d.Purl.ToString(), d.Purl.Key,
                    d.DisplayName, StorageNames.Of(d.Kind), d.Declared, d.Version, d.Unresolved, d.Locked,
                    StorageNames.Of(d.Scope), d.Direct, d.Condition, d.File, d.Line);
            foreach (var (name, value) in component.Facts)
                await facts.AddAsync(cancellationToken, snapshotId, name, value);
            ordinal = 0;
            foreach (var issue in component.Issues)
                await issues.AddAsync(cancellationToken, snapshotId, ordinal++, StorageNames.Of(issue.Severity), issue.File, issue.Line, issue.Message);
        }
        await dependencies.FlushAsync(cancellationToken);
        await facts.FlushAsync(cancellationToken);
        await issues.FlushAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records repositories the run skipped because their fingerprint is unchanged: their components keep their facts.</summary>
    public async Task MarkRepositoriesUnchangedAsync(long runId, IEnumerable<string> repositoryKeys, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequireRunningAsync(db, runId, cancellationToken);
        var known = (await db.ScanUnchangedRepositories.Where(u => u.ScanRunId == runId).Select(u => u.RepositoryKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        // An unchanged fleet lists every repository here: multi-row inserts, not one statement per row.
        await using (var rows = new BulkRowWriter(db.Database.GetDbConnection(), tx.GetDbTransaction(), "scan_unchanged_repositories",
                         ("scan_run_id", DbType.Int64), ("repository_key", DbType.String)))
        {
            foreach (var key in repositoryKeys)
                if (known.Add(key))
                    await rows.AddAsync(cancellationToken, runId, key);
            await rows.FlushAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records that a repository (or one component in it) could not be read. The run goes on; the repository's
    /// components keep their previous facts rather than being taken for removed.
    /// </summary>
    public async Task RecordScanErrorAsync(long runId, string repositoryKey, string? componentRef, string message, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireRunningAsync(db, runId, cancellationToken);
        db.ScanErrors.Add(new ScanErrorRecord { ScanRunId = runId, RepositoryKey = repositoryKey, ComponentRef = componentRef, Message = message });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Stores the org tree (Backstage groups) the run found. Give every group the run found (across calls); when the
    /// run completes they replace the current tree. A run that saves no groups leaves the tree as it was.
    /// </summary>
    public async Task SaveGroupsAsync(long runId, IEnumerable<OrgGroup> groups, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireRunningAsync(db, runId, cancellationToken);
        var staged = await db.ScanGroups.Where(g => g.ScanRunId == runId).ToDictionaryAsync(g => g.Ref, StringComparer.Ordinal, cancellationToken);
        foreach (var group in groups)
        {
            if (!staged.TryGetValue(group.Ref, out var row))
            {
                row = new ScanGroupRecord { ScanRunId = runId, Ref = group.Ref };
                staged[group.Ref] = row;
                db.ScanGroups.Add(row);
            }
            row.Name = group.Name;
            row.Title = group.Title;
            row.Type = group.Type;
            row.ParentRef = group.ParentRef;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the run's results the current ones, in one transaction: each component it read points at its new
    /// snapshot, components of unchanged or unreadable repositories keep theirs, components of the run's sources
    /// it no longer found are marked removed, the org tree is replaced and teams and departments re-derived.
    /// Superseded snapshots are deleted so storage stays bounded.
    /// </summary>
    public async Task<ScanRunInfo> CompleteScanRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await RequireRunningAsync(db, runId, cancellationToken);
        var now = Now();

        var stagedGroups = await db.ScanGroups.AsNoTracking().Where(g => g.ScanRunId == runId).ToListAsync(cancellationToken);
        if (stagedGroups.Count > 0)
        {
            await db.Groups.ExecuteDeleteAsync(cancellationToken);
            var departmentOf = DepartmentsOf(stagedGroups.Select(g => (g.Ref, g.Type, g.ParentRef)));
            db.Groups.AddRange(stagedGroups.Select(g => new GroupRecord
            {
                Ref = g.Ref, Name = g.Name, Title = g.Title, Type = g.Type, ParentRef = g.ParentRef,
                DepartmentRef = departmentOf.GetValueOrDefault(g.Ref), UpdatedAt = now,
            }));
            await db.ScanGroups.Where(g => g.ScanRunId == runId).ExecuteDeleteAsync(cancellationToken);
        }
        var groupDepartments = stagedGroups.Count > 0
            ? DepartmentsOf(stagedGroups.Select(g => (g.Ref, g.Type, g.ParentRef)))
            : await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Ref, g => g.DepartmentRef, StringComparer.Ordinal, cancellationToken);

        var snapshots = await db.ComponentSnapshots.AsNoTracking().Where(s => s.ScanRunId == runId).ToListAsync(cancellationToken);
        var components = await db.Components.ToDictionaryAsync(c => c.Ref, StringComparer.Ordinal, cancellationToken);
        var superseded = new List<long>();
        foreach (var s in snapshots)
        {
            if (!components.TryGetValue(s.ComponentRef, out var c))
            {
                c = new ComponentRecord { Ref = s.ComponentRef, FirstSeenAt = now };
                components[c.Ref] = c;
                db.Components.Add(c);
            }
            if (c.CurrentSnapshotId is { } old && old != s.Id) superseded.Add(old);
            c.Name = s.Name; c.Namespace = s.Namespace; c.Title = s.Title; c.Description = s.Description;
            c.OwnerRef = s.OwnerRef; c.Type = s.Type; c.Lifecycle = s.Lifecycle; c.Tier = s.Tier; c.System = s.System;
            c.Source = s.Source; c.Repository = s.Repository; c.Path = s.Path;
            c.AnnotationsJson = s.AnnotationsJson; c.TagsJson = s.TagsJson; c.Fingerprint = s.Fingerprint;
            c.CurrentSnapshotId = s.Id; c.LastSeenAt = now; c.Removed = false; c.RemovedAt = null;
        }

        var seen = snapshots.Select(s => s.ComponentRef).ToHashSet(StringComparer.Ordinal);
        var kept = (await db.ScanUnchangedRepositories.AsNoTracking().Where(u => u.ScanRunId == runId).Select(u => u.RepositoryKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var errors = await db.ScanErrors.AsNoTracking().Where(e => e.ScanRunId == runId).ToListAsync(cancellationToken);
        var unreadable = errors.Select(e => e.RepositoryKey).ToHashSet(StringComparer.Ordinal);
        var runSources = JsonSerializer.Deserialize<string[]>(run.SourcesJson, Json) ?? [];
        int unchanged = 0, removed = 0;
        foreach (var c in components.Values)
        {
            if (seen.Contains(c.Ref)) { }
            else if (kept.Contains(RepositoryKey(c.Source, c.Repository)))
            {
                // Their last-seen time is set below in one statement, not one UPDATE per unchanged component.
                if (!c.Removed) unchanged++;
            }
            else if (!c.Removed && !unreadable.Contains(RepositoryKey(c.Source, c.Repository))
                     && (runSources.Length == 0 || runSources.Contains(c.Source, StringComparer.Ordinal)))
            {
                c.Removed = true; c.RemovedAt = now; removed++;
            }
            var (team, department) = PlaceInOrganisation(c.OwnerRef, groupDepartments);
            c.TeamRef = team;
            c.DepartmentRef = department;
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        if (unchanged > 0)
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE components SET last_seen_at = {now} WHERE removed = {false} AND source || '/' || repository IN (SELECT repository_key FROM scan_unchanged_repositories WHERE scan_run_id = {runId})",
                cancellationToken);

        if (superseded.Count > 0)
        {
            // Superseded snapshots are unreachable once the pointers move; children go first so no provider needs cascades.
            await db.Dependencies.Where(d => superseded.Contains(d.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.NamedFacts.Where(f => superseded.Contains(f.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.ScanIssues.Where(i => superseded.Contains(i.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.ComponentSnapshots.Where(s => superseded.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var sourceNames = snapshots.Select(s => s.Source).Concat(runSources).Distinct(StringComparer.Ordinal).ToList();
        var sources = await db.Sources.Where(s => sourceNames.Contains(s.Name)).ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, cancellationToken);
        foreach (var name in sourceNames)
        {
            if (!sources.TryGetValue(name, out var source))
                db.Sources.Add(source = new SourceRecord { Name = name, FirstSeenAt = now });
            source.LastScannedAt = now;
            source.LastScanRunId = runId;
        }

        run.Status = StorageNames.Of(ScanRunStatus.Completed);
        run.FinishedAt = now;
        run.ComponentsScanned = snapshots.Count;
        run.ComponentsUnchanged = unchanged;
        run.ComponentsRemoved = removed;
        run.DependencyCount = await db.Dependencies.CountAsync(d => db.ComponentSnapshots.Any(s => s.Id == d.SnapshotId && s.ScanRunId == runId), cancellationToken);
        run.ErrorCount = errors.Count;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ToInfo(run, errors);
    }

    /// <summary>Marks a run failed and drops what it wrote; the previous complete results stay in force.</summary>
    public async Task FailScanRunAsync(long runId, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await RequireRunningAsync(db, runId, cancellationToken);
        await DropStagedAsync(db, [runId], cancellationToken);
        run.Status = StorageNames.Of(ScanRunStatus.Failed);
        run.FinishedAt = Now();
        run.Failure = reason;
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Marks runs still recorded as running (their process died) as interrupted and drops what they wrote.
    /// Call it when the process that scans starts up; pass <paramref name="startedBefore"/> (e.g. this process's
    /// start time) when another process may be scanning at that moment. Returns how many runs were interrupted.
    /// </summary>
    public async Task<int> MarkInterruptedScanRunsAsync(DateTimeOffset? startedBefore = null, CancellationToken cancellationToken = default)
        => await MarkInterruptedScanRunsAsync(startedBefore, [], cancellationToken);

    /// <summary>As above, leaving the runs in <paramref name="except"/> alone (runs shared across instances, which the cluster recovers).</summary>
    public async Task<int> MarkInterruptedScanRunsAsync(DateTimeOffset? startedBefore, IReadOnlyCollection<long> except, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var running = StorageNames.Of(ScanRunStatus.Running);
        var query = db.ScanRuns.Where(r => r.Status == running);
        if (startedBefore is { } before) { var utc = StorageTime.ToUtc(before); query = query.Where(r => r.StartedAt < utc); }
        if (except.Count > 0) { var kept = except.ToList(); query = query.Where(r => !kept.Contains(r.Id)); }
        var runs = await query.ToListAsync(cancellationToken);
        if (runs.Count == 0) return 0;
        await DropStagedAsync(db, runs.Select(r => r.Id).ToList(), cancellationToken);
        var now = Now();
        foreach (var run in runs)
        {
            run.Status = StorageNames.Of(ScanRunStatus.Interrupted);
            run.FinishedAt = now;
            run.Failure = "The scan run did not finish: its process stopped before completing it.";
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return runs.Count;
    }

    /// <summary>
    /// The fingerprint in force per repository key (<see cref="RepositoryKey"/>), for skipping unchanged repositories.
    /// A repository whose components disagree on their fingerprint is left out, so it is rescanned.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetLatestFingerprintsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Components.AsNoTracking()
            .Where(c => !c.Removed && c.Fingerprint != null)
            .Select(c => new { c.Source, c.Repository, c.Fingerprint })
            .ToListAsync(cancellationToken);
        var fingerprints = rows.GroupBy(r => RepositoryKey(r.Source, r.Repository), StringComparer.Ordinal)
            .Where(g => g.Select(r => r.Fingerprint).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Fingerprint!, StringComparer.Ordinal);
        // Repositories without components (an org repository of groups) are remembered apart; only a completed run's word counts.
        var completed = StorageNames.Of(ScanRunStatus.Completed);
        var componentless = await db.RepositoryFingerprints.AsNoTracking()
            .Where(f => db.ScanRuns.Any(r => r.Id == f.ScanRunId && r.Status == completed))
            .ToListAsync(cancellationToken);
        foreach (var f in componentless) fingerprints.TryAdd(f.RepositoryKey, f.Fingerprint);
        return fingerprints;
    }

    /// <summary>
    /// Remembers the fingerprints of repositories the run read that hold no component, so the next run can skip them
    /// when unchanged (the components table, where every other fingerprint lives, has no row for them).
    /// </summary>
    public async Task SaveRepositoryFingerprintsAsync(long runId, IEnumerable<(string RepositoryKey, string Fingerprint)> repositories, CancellationToken cancellationToken = default)
    {
        var list = repositories.DistinctBy(r => r.RepositoryKey, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireRunningAsync(db, runId, cancellationToken);
        var keys = list.Select(r => r.RepositoryKey).ToList();
        var known = await db.RepositoryFingerprints.Where(f => keys.Contains(f.RepositoryKey)).ToDictionaryAsync(f => f.RepositoryKey, StringComparer.Ordinal, cancellationToken);
        foreach (var (key, fingerprint) in list)
        {
            if (!known.TryGetValue(key, out var row)) db.RepositoryFingerprints.Add(row = new RepositoryFingerprintRecord { RepositoryKey = key });
            row.Fingerprint = fingerprint;
            row.ScanRunId = runId;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A hash of which facts are in force and where each component sits in the org tree: every live component's ref,
    /// snapshot, team and department, and every group. Snapshots are never rewritten, so the same hash means the same
    /// facts and org tree, read without loading a single dependency.
    /// </summary>
    public async Task<string> FactsInForceKeyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.BeginReadTransactionAsync(cancellationToken);
        var components = await db.Components.AsNoTracking().Where(c => !c.Removed && c.CurrentSnapshotId != null)
            .OrderBy(c => c.Ref).Select(c => new { c.Ref, c.CurrentSnapshotId, c.TeamRef, c.DepartmentRef }).ToListAsync(cancellationToken);
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Ref).ToListAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        var hash = new ContentHasher();
        hash.Add("components").Add(components.Count);
        foreach (var c in components) hash.Add(c.Ref).Add(c.CurrentSnapshotId ?? 0).Add(c.TeamRef).Add(c.DepartmentRef);
        hash.Add("groups").Add(groups.Count);
        foreach (var g in groups) hash.Add(g.Ref).Add(g.Name).Add(g.Title).Add(g.Type).Add(g.ParentRef).Add(g.DepartmentRef);
        return hash.Finish();
    }

    /// <summary>Every component's facts in force (from completed scan runs only), ordered by component ref.</summary>
    public async Task<IReadOnlyList<ComponentFacts>> LoadCurrentFactsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One read transaction so a scan completing meanwhile cannot mix two runs' facts in one answer.
        await using var tx = await db.BeginReadTransactionAsync(cancellationToken);

        var current = db.Components.Where(c => !c.Removed && c.CurrentSnapshotId != null);
        var snapshots = await current.Join(db.ComponentSnapshots, c => c.CurrentSnapshotId, s => (long?)s.Id, (c, s) => s)
            .AsNoTracking().ToListAsync(cancellationToken);
        var dependencies = (await current.Join(db.Dependencies, c => c.CurrentSnapshotId, d => (long?)d.SnapshotId, (c, d) => d)
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(d => d.SnapshotId);
        var facts = (await current.Join(db.NamedFacts, c => c.CurrentSnapshotId, f => (long?)f.SnapshotId, (c, f) => f)
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(f => f.SnapshotId);
        var issues = (await current.Join(db.ScanIssues, c => c.CurrentSnapshotId, i => (long?)i.SnapshotId, (c, i) => i)
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(i => i.SnapshotId);
        await tx.CommitAsync(cancellationToken);

        return snapshots
            .OrderBy(s => s.ComponentRef, StringComparer.Ordinal)
            .Select(s => new ComponentFacts
            {
                Name = s.Name,
                Namespace = s.Namespace,
                Title = s.Title,
                Description = s.Description,
                Owner = s.OwnerRef,
                System = s.System,
                Type = s.Type,
                Lifecycle = s.Lifecycle,
                Tier = s.Tier,
                Annotations = JsonSerializer.Deserialize<Dictionary<string, string>>(s.AnnotationsJson, Json) ?? [],
                Tags = JsonSerializer.Deserialize<List<string>>(s.TagsJson, Json) ?? [],
                Source = s.Source,
                Repository = s.Repository,
                Path = s.Path,
                Files = JsonSerializer.Deserialize<List<string>>(s.FilesJson, Json) ?? [],
                Fingerprint = s.Fingerprint,
                Dependencies = dependencies[s.Id].OrderBy(d => d.Ordinal).Select(ToFact).ToList(),
                Facts = facts[s.Id].ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal),
                Issues = issues[s.Id].OrderBy(i => i.Ordinal)
                    .Select(i => new ScanIssue(StorageNames.Parse<ScanIssueSeverity>("scan_issues.severity", i.Severity), i.File, i.Line, i.Message))
                    .ToList(),
            })
            .ToList();
    }

    /// <summary>The current org tree.</summary>
    public async Task<IReadOnlyList<OrgGroup>> LoadGroupsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Groups.AsNoTracking().OrderBy(g => g.Ref).ToListAsync(cancellationToken);
        return rows.Select(g => new OrgGroup(g.Ref, g.Name, g.Title, g.Type, g.ParentRef)).ToList();
    }

    /// <summary>Components as currently known, filtered by team, department or source (indexed columns).</summary>
    public async Task<IReadOnlyList<StoredComponent>> ListComponentsAsync(ComponentFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new ComponentFilter();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Components.AsNoTracking();
        if (!filter.IncludeRemoved) query = query.Where(c => !c.Removed);
        if (filter.TeamRef is { } team) query = query.Where(c => c.TeamRef == team);
        if (filter.DepartmentRef is { } department) query = query.Where(c => c.DepartmentRef == department);
        if (filter.Source is { } source) query = query.Where(c => c.Source == source);
        var rows = await query.OrderBy(c => c.Ref).ToListAsync(cancellationToken);
        return rows.Select(c => new StoredComponent(c.Ref, c.Name, c.Title, c.OwnerRef, c.TeamRef, c.DepartmentRef, c.Type, c.Lifecycle,
            c.Tier, c.System, c.Source, c.Repository, c.Path, StorageTime.FromUtc(c.FirstSeenAt), StorageTime.FromUtc(c.LastSeenAt), c.Removed)).ToList();
    }

    /// <summary>Every source scan runs have covered, with when it was last scanned.</summary>
    public async Task<IReadOnlyList<StoredSource>> ListSourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Sources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return rows.Select(s => new StoredSource(s.Name, StorageTime.FromUtc(s.FirstSeenAt),
            s.LastScannedAt is { } at ? StorageTime.FromUtc(at) : null, s.LastScanRunId)).ToList();
    }

    /// <summary>The most recent scan runs, newest first (without their error lists).</summary>
    public async Task<IReadOnlyList<ScanRunInfo>> ListScanRunsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ScanRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(r => ToInfo(r, [])).ToList();
    }

    /// <summary>One scan run with its errors, or null.</summary>
    public async Task<ScanRunInfo?> GetScanRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.ScanRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return null;
        var errors = await db.ScanErrors.AsNoTracking().Where(e => e.ScanRunId == runId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return ToInfo(run, errors);
    }

    /// <summary>The department of every group (nearest ancestor-or-self of a department type), by the one org-tree rule.</summary>
    internal Dictionary<string, string?> DepartmentsOf(IEnumerable<(string Ref, string Type, string? ParentRef)> groups)
    {
        var list = groups.ToList();
        var chart = new OrgChart(list.Select(g => new OrgGroup(g.Ref, g.Ref, null, g.Type, g.ParentRef)), options.DepartmentGroupTypes);
        return list.ToDictionary(g => g.Ref, g => chart.DepartmentOf(g.Ref)?.Ref, StringComparer.Ordinal);
    }

    private static (string? Team, string? Department) PlaceInOrganisation(string? ownerRef, IReadOnlyDictionary<string, string?> departmentOf)
    {
        if (ownerRef is null || !ownerRef.StartsWith("group:", StringComparison.Ordinal)) return (null, null);
        return (ownerRef, departmentOf.GetValueOrDefault(ownerRef));
    }

    private static DependencyFact ToFact(DependencyRecord d) => new()
    {
        Ecosystem = d.Ecosystem,
        Purl = PackageUrl.Parse(d.Purl),
        Kind = StorageNames.Parse<TechnologyKind>("dependencies.kind", d.Kind),
        Declared = d.Declared,
        Version = d.Version,
        Unresolved = d.Unresolved,
        Locked = d.Locked,
        Scope = StorageNames.Parse<DependencyScope>("dependencies.scope", d.Scope),
        Direct = d.Direct,
        Condition = d.Condition,
        File = d.File,
        Line = d.Line,
    };

    private static ScanRunInfo ToInfo(ScanRunRecord r, IReadOnlyList<ScanErrorRecord> errors) => new(
        r.Id, StorageTime.FromUtc(r.StartedAt), r.FinishedAt is { } f ? StorageTime.FromUtc(f) : null,
        StorageNames.ScanRunStatusOf(r.Status), r.Full, JsonSerializer.Deserialize<string[]>(r.SourcesJson, Json) ?? [],
        r.ComponentsScanned, r.ComponentsUnchanged, r.ComponentsRemoved, r.DependencyCount, r.ErrorCount, r.Failure,
        errors.Select(e => new ScanRunError(e.RepositoryKey, e.ComponentRef, e.Message)).ToList());

    private static async Task<ScanRunRecord> RequireRunningAsync(TechHealthDbContext db, long runId, CancellationToken cancellationToken)
    {
        var run = await db.ScanRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
                  ?? throw new InvalidOperationException($"Scan run {runId} does not exist.");
        if (run.Status != StorageNames.Of(ScanRunStatus.Running))
            throw new InvalidOperationException($"Scan run {runId} is {run.Status}, not running: it can no longer be written to.");
        return run;
    }

    private static async Task DropStagedAsync(TechHealthDbContext db, List<long> runIds, CancellationToken cancellationToken)
    {
        var snapshots = db.ComponentSnapshots.Where(s => runIds.Contains(s.ScanRunId)).Select(s => s.Id);
        await db.Dependencies.Where(d => snapshots.Contains(d.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
        await db.NamedFacts.Where(f => snapshots.Contains(f.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanIssues.Where(i => snapshots.Contains(i.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
        await db.ComponentSnapshots.Where(s => runIds.Contains(s.ScanRunId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanGroups.Where(g => runIds.Contains(g.ScanRunId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanUnchangedRepositories.Where(u => runIds.Contains(u.ScanRunId)).ExecuteDeleteAsync(cancellationToken);
    }

    private static DbCommand CreateSnapshotInsert(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        string[] columns =
        [
            "scan_run_id", "component_ref", "name", "namespace", "title", "description", "owner_ref", "system", "type",
            "lifecycle", "tier", "source", "repository", "path", "annotations_json", "tags_json", "files_json", "fingerprint", "captured_at",
        ];
        command.CommandText = $"INSERT INTO component_snapshots ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) RETURNING id";
        foreach (var c in columns)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + c;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static async Task<long> InsertSnapshotAsync(DbCommand command, long runId, ComponentFacts c, DateTime now, CancellationToken cancellationToken)
    {
        object?[] values =
        [
            runId, c.Ref, c.Name, c.Namespace, c.Title, c.Description, c.Owner, c.System, c.Type, c.Lifecycle, c.Tier,
            c.Source, c.Repository, c.Path,
            JsonSerializer.Serialize(c.Annotations, Json), JsonSerializer.Serialize(c.Tags, Json), JsonSerializer.Serialize(c.Files, Json),
            c.Fingerprint, now,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.Parameters[i];
            p.Value = values[i] ?? DBNull.Value;
            if (values[i] is null) p.DbType = DbType.String; else p.ResetDbType();
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
