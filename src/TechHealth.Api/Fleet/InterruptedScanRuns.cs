using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// The one code path, for the service at start and for the <c>scan</c> verb before it scans, that finds scan runs still
/// marked running (their process was killed) and marks them interrupted, dropping their staged rows. Whoever starts next
/// cleans up. A run another live process is writing at that moment is interrupted too: its further writes are refused
/// (every write checks that its run is still running), so it fails whole and never mixes with a newer run.
/// </summary>
/// <para>Runs shared out in shards are different: with a clustered job store the cluster recovers them, so they are left
/// alone; with Quartz in memory (SQLite) their jobs died with the process, so they are ended here like any other.</para>
public sealed class InterruptedScanRuns(FactStore facts, ScanShardStore shards, Cluster.ClusterMode cluster, ILogger<InterruptedScanRuns> logger)
{
    /// <summary>Marks every run left running as interrupted; returns how many there were. <paramref name="who"/> names the caller in the log.</summary>
    public async Task<int> CleanUpAsync(string who, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<long> recoverable = [];
        if (cluster.Clustered) recoverable = await shards.CoordinatedRunIdsAsync(cancellationToken);
        else if (cluster.Sharded && await shards.ActiveRunAsync(cancellationToken) is { } lost) await shards.AbandonAsync(lost.RunId, cancellationToken);
        var interrupted = await facts.MarkInterruptedScanRunsAsync(null, recoverable, cancellationToken);
        if (interrupted > 0)
            logger.LogWarning("{Who}: {Count} scan runs were interrupted before completing (their process stopped); their staged rows were dropped and the last complete scan stays in force", who, interrupted);
        return interrupted;
    }
}
