using System.Globalization;
using Quartz;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// One shard of a scan run, as a Quartz job any instance may run: claim it, scan its repositories, store them and mark it
/// done in one transaction, and complete the run if it was the last. Requests recovery, so when its instance dies
/// Quartz fires it again elsewhere (<see cref="IJobExecutionContext.Recovering"/>), and that run takes the shard over.
/// </summary>
public sealed class ScanShardJob(
    ScanShardStore shards,
    ShardScanner scanner,
    ShardScheduler scheduler,
    ClusterRunCompletion completion,
    FactStore facts,
    ClusterMode mode,
    ILogger<ScanShardJob> logger) : IJob
{
    public const string RunKey = "run";
    public const string ShardKey = "shard";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = long.Parse(context.MergedJobDataMap.GetString(RunKey)!, CultureInfo.InvariantCulture);
        var shard = int.Parse(context.MergedJobDataMap.GetString(ShardKey)!, CultureInfo.InvariantCulture);
        var claim = await shards.TryClaimAsync(runId, shard, mode.InstanceId, context.Recovering, cancellationToken);
        if (claim is null)
        {
            // Done already, or held by a live instance; if this was a dead completer's job, its completion is taken over here.
            await completion.TryCompleteAsync(runId, context.Recovering, cancellationToken);
            return;
        }
        if (context.Recovering)
            logger.LogWarning("Shard {Shard} of scan run {Run} taken over by {Instance} (attempt {Attempt}): its previous instance stopped checking in",
                shard, runId, mode.InstanceId, claim.Attempt);

        ShardStored stored;
        try
        {
            var run = await shards.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Scan run {runId} has no shard bookkeeping.");
            var found = await scanner.ScanAsync(claim, run, cancellationToken);
            stored = await shards.StoreAsync(claim, found, cancellationToken: cancellationToken);
            logger.LogInformation("Shard {Shard} of scan run {Run} stored by {Instance}: {Repositories} repositories, {Components} components",
                shard, runId, mode.InstanceId, claim.Repositories.Count, found.Components.Count);
        }
        catch (ShardClaimLostException e)
        {
            logger.LogWarning("{Message} Its results were dropped; the instance holding it now stores them", e.Message);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the shard back; Quartz recovers this firing or another instance re-schedules the shard.
            await shards.ReleaseAsync(claim, "its instance shut down", CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            if ((await facts.GetScanRunAsync(runId, CancellationToken.None))?.Status is not ScanRunStatus.Running)
            {
                logger.LogWarning("Scan run {Run} is no longer running; shard {Shard} stops", runId, shard);
                await shards.AbandonAsync(runId, CancellationToken.None);
                return;
            }
            if (claim.Attempt < mode.Options.ShardAttempts)
            {
                logger.LogWarning(e, "Shard {Shard} of scan run {Run} failed (attempt {Attempt} of {Attempts}); retrying in {Delay}",
                    shard, runId, claim.Attempt, mode.Options.ShardAttempts, mode.Options.RetryDelay);
                if (await shards.ReleaseAsync(claim, e.Message, CancellationToken.None))
                    await scheduler.ScheduleAsync(runId, shard, claim.Attempt, mode.Options.RetryDelay, CancellationToken.None);
                return;
            }
            logger.LogError(e, "Shard {Shard} of scan run {Run} failed {Attempts} times; its repositories keep their previous facts", shard, runId, claim.Attempt);
            stored = await shards.StoreAsync(claim, ShardScanner.Failed(claim, e.Message), ScanShardStore.Failed, e.Message, CancellationToken.None);
        }
        if (stored.CompletionAttempt is { } attempt)
            await completion.CompleteAsync(runId, attempt, cancellationToken);
    }
}
