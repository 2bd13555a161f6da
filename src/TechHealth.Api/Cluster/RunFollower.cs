using Npgsql;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Keeps this instance serving the newest stored run whichever instance stored it. Runs stored here are announced with
/// PostgreSQL's NOTIFY; the others LISTEN and, on a notice (or every <c>FollowInterval</c> when none comes, the fallback
/// if a notice is lost), load the newest run, put it in force and tell this instance's GraphQL subscribers. A run put in
/// force that way is announced again, which the others ignore (they compare run ids). The same tick re-schedules any
/// pending shard whose job went missing.
/// </summary>
public sealed class RunFollower(
    ClusterMode mode,
    StorageOptions storage,
    EvaluationStore runs,
    EvaluationService evaluation,
    FleetState state,
    RunEvents events,
    ScanShardStore shards,
    ShardScheduler scheduler,
    TechHealthMetrics metrics,
    ILogger<RunFollower> logger) : BackgroundService
{
    public const string Channel = "techhealth_runs";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One instance whose scans are not shared has nothing to follow.
        if (!mode.Sharded) return;
        var postgres = storage.NormalisedProvider == StorageOptions.Postgres;
        var announcing = postgres ? AnnounceAsync(stoppingToken) : Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (postgres) await ListenAsync(stoppingToken);
                else
                {
                    await Task.Delay(mode.Options.FollowInterval, stoppingToken);
                    await TickAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e)
            {
                logger.LogWarning(e, "Following runs stored by other instances failed; trying again in {Delay}", mode.Options.FollowInterval);
                try { await Task.Delay(mode.Options.FollowInterval, stoppingToken); } catch (OperationCanceledException) { }
            }
        }
        await announcing;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => logger.LogDebug("Notice of evaluation run {Run} on {Channel}", e.Payload, e.Channel);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
        // A run stored while this instance was not yet listening is caught by the first tick.
        await TickAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(mode.Options.FollowInterval, stoppingToken);
            await TickAsync(stoppingToken);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestEvaluationRunAsync(cancellationToken);
        if (latest is not null && latest.Id > (state.Current?.Run?.Id ?? 0))
        {
            var snapshot = await evaluation.EvaluateAsync(EvaluationTrigger.Manual, store: false, cancellationToken: cancellationToken);
            if (snapshot.Run is { } run)
            {
                logger.LogInformation("Evaluation run {Run}, stored by another instance, is now in force here", run.Id);
                events.Publish(run);
            }
        }
        if (await shards.ActiveRunAsync(cancellationToken) is { State: ScanShardStore.Scanning } active)
        {
            var rows = await shards.ShardsAsync(active.RunId, cancellationToken);
            await scheduler.EnsureScheduledAsync(rows, cancellationToken);
            // Every instance reports the whole run's queue: repositories of each shard not yet stored.
            metrics.ReplaceQueueDepths(rows.Select(r => (r.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.State == ScanShardStore.Done ? 0L : r.Repositories.Count)));
        }
        else metrics.ReplaceQueueDepths([]);
    }

    private async Task AnnounceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var run in events.EvaluationRunsAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(storage.ConnectionString);
                    await connection.OpenAsync(stoppingToken);
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payload", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The others still find the run on their next poll.
                    logger.LogWarning(e, "Announcing evaluation run {Run} to the other instances failed", run.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}

