using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Storage.Records;

namespace TechHealth.Storage;

/// <summary>What one scan shard read: its repositories' components, the ones it skipped as unchanged, errors and groups.</summary>
/// <param name="RepositoryKeys">Every repository the shard covers; whatever an earlier attempt of the shard stored for them is replaced.</param>
/// <param name="Errors">Repository key (or source name), component ref and message of each repository or source that could not be read.</param>
public sealed record ShardFacts(
    IReadOnlyCollection<string> RepositoryKeys,
    IReadOnlyList<ComponentFacts> Components,
    IReadOnlyCollection<string> Unchanged,
    IReadOnlyList<(string RepositoryKey, string? ComponentRef, string Message)> Errors,
    IReadOnlyList<OrgGroup> Groups);

public sealed partial class FactStore
{
    /// <summary>
    /// Replaces what the run holds for the shard's repositories inside the caller's transaction: delete, then insert,
    /// so a shard stored twice (its first instance died after writing, or a zombie finished late) leaves each
    /// repository once. Errors about a whole source are written once per run, whichever shard meets them first.
    /// </summary>
    internal async Task ReplaceShardFactsAsync(TechHealthDbContext db, IDbContextTransaction tx, long runId, ShardFacts shard, CancellationToken cancellationToken)
    {
        await RequireRunningAsync(db, runId, cancellationToken);
        var keys = shard.RepositoryKeys.Distinct(StringComparer.Ordinal).ToList();
        var previous = await db.ComponentSnapshots.AsNoTracking()
            .Where(s => s.ScanRunId == runId && keys.Contains(s.Source + "/" + s.Repository))
            .Select(s => s.Id).ToListAsync(cancellationToken);
        if (previous.Count > 0)
        {
            await db.Dependencies.Where(d => previous.Contains(d.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.NamedFacts.Where(f => previous.Contains(f.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.ScanIssues.Where(i => previous.Contains(i.SnapshotId)).ExecuteDeleteAsync(cancellationToken);
            await db.ComponentSnapshots.Where(s => previous.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        await db.ScanErrors.Where(e => e.ScanRunId == runId && keys.Contains(e.RepositoryKey)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanUnchangedRepositories.Where(u => u.ScanRunId == runId && keys.Contains(u.RepositoryKey)).ExecuteDeleteAsync(cancellationToken);

        await WriteSnapshotsAsync(db, tx, runId, shard.Components.ToList(), cancellationToken);

        foreach (var key in shard.Unchanged.Distinct(StringComparer.Ordinal))
            db.ScanUnchangedRepositories.Add(new ScanUnchangedRepositoryRecord { ScanRunId = runId, RepositoryKey = key });
        var known = (await db.ScanErrors.AsNoTracking().Where(e => e.ScanRunId == runId).Select(e => new { e.RepositoryKey, e.Message }).ToListAsync(cancellationToken))
            .Select(e => (e.RepositoryKey, e.Message)).ToHashSet();
        foreach (var (key, component, message) in shard.Errors)
            if (known.Add((key, message)))
                db.ScanErrors.Add(new ScanErrorRecord { ScanRunId = runId, RepositoryKey = key, ComponentRef = component, Message = message });
        // First writer wins for a group two shards both found, as the first repository in key order did in one process.
        var staged = (await db.ScanGroups.AsNoTracking().Where(g => g.ScanRunId == runId).Select(g => g.Ref).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var group in shard.Groups)
            if (staged.Add(group.Ref))
                db.ScanGroups.Add(new ScanGroupRecord { ScanRunId = runId, Ref = group.Ref, Name = group.Name, Title = group.Title, Type = group.Type, ParentRef = group.ParentRef });
        await db.SaveChangesAsync(cancellationToken);
    }
}
