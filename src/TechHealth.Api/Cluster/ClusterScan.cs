using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Starts a scan run shared across instances: lists the repositories (fetching none), records the run and its shards of
/// <c>ShardSize</c> repositories, and schedules one Quartz job per shard. One run at a time across the cluster: an
/// instance asked to scan while a run is under way joins that run instead of starting another.
/// </summary>
public sealed class ClusterScan(
    ScanSources sources,
    DefinitionsState definitions,
    FactStore facts,
    ScanShardStore shards,
    ShardScheduler scheduler,
    ClusterMode mode,
    ILogger<ClusterScan> logger)
{
    /// <summary>Starts a run (or joins the one under way) and returns its scan run id.</summary>
    public async Task<long> StartAsync(string? source, bool full, CancellationToken cancellationToken)
    {
        if (await shards.ActiveRunAsync(cancellationToken) is { } active)
        {
            logger.LogInformation("Scan run {Run} is already under way in the cluster; joining it", active.RunId);
            return active.RunId;
        }
        var scanner = await sources.ScannerAsync(cancellationToken);
        // An empty set of repositories lists every source without fetching or reading any repository.
        var request = new ScanRequest { Source = source, Full = full, Repositories = new HashSet<string>(), ContentGlobs = definitions.Current.Checks.FileContentGlobs() };
        var names = scanner.InventoriesFor(request).Select(s => s.Name).Concat(scanner.SourcesFor(request).Select(s => s.Name)).ToList();
        var runId = await facts.BeginScanRunAsync(names, full, cancellationToken);
        var created = false;
        try
        {
            var listing = await scanner.ScanAsync(request, cancellationToken);
            var chunks = listing.Listed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Chunk(mode.Options.ShardSize).Select(c => (IReadOnlyList<string>)c).ToList();
            // A run with nothing listed still has one shard, so its source errors are recorded and it completes like any other.
            if (chunks.Count == 0) chunks.Add([]);
            created = await shards.TryCreateAsync(runId, source, full, chunks, cancellationToken);
            if (created)
            {
                logger.LogInformation("Scan run {Run}: {Repositories} repositories in {Shards} shards of up to {Size}",
                    runId, listing.Listed.Count, chunks.Count, mode.Options.ShardSize);
                for (var i = 0; i < chunks.Count; i++) await scheduler.ScheduleAsync(runId, i, 0, TimeSpan.Zero, cancellationToken);
                return runId;
            }
        }
        catch (Exception e) when (!created)
        {
            await facts.FailScanRunAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
            throw;
        }
        await facts.FailScanRunAsync(runId, "another instance started a scan run at the same moment; this request joined it", CancellationToken.None);
        return (await shards.ActiveRunAsync(cancellationToken))?.RunId
               ?? throw new InvalidOperationException("Another instance started a scan run at the same moment, and it has already ended.");
    }

    /// <summary>Waits until the run has completed or failed, wherever its shards ran.</summary>
    public async Task<ShardedRun> WaitAsync(long runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await shards.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Scan run {runId} has no shard bookkeeping.");
            if (run.State is ScanShardStore.Completed or ScanShardStore.Failed) return run;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Starts or joins a run, waits for it and sums it up as a scan in one process would.</summary>
    public async Task<ScanSummary> RunAsync(string? source, bool full, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var runId = await StartAsync(source, full, cancellationToken);
        var run = await WaitAsync(runId, cancellationToken);
        var info = await facts.GetScanRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Scan run {runId} is gone.");
        if (run.State == ScanShardStore.Failed || info.Status != ScanRunStatus.Completed)
            throw new InvalidOperationException($"Scan run {runId} did not complete: {info.Failure ?? info.Status.ToString()}");
        var repositories = (await shards.ShardsAsync(runId, cancellationToken)).Sum(s => s.Repositories.Count);
        var failed = info.Errors.Select(e => e.RepositoryKey).Distinct(StringComparer.Ordinal).Count();
        var elapsed = clock.GetElapsedTime(started);
        return new ScanSummary(runId, run.EvaluationRunId, repositories, info.ComponentsScanned, info.ComponentsUnchanged, failed, info.ComponentsScanned,
            0, info.DependencyCount, new Dictionary<string, int>(), elapsed, elapsed, info.Errors.Select(e => $"{e.RepositoryKey}: {e.Message}").ToList());
    }
}
