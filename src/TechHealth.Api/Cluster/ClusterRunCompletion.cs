using TechHealth.Api.Fleet;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Completes a sharded run once every shard has finished: makes the scan run current, then evaluates once. Only the
/// holder of the run's completion claim gets here; one that takes over a dead completer's claim does not evaluate again
/// when an evaluation of the run is already stored.
/// </summary>
public sealed class ClusterRunCompletion(
    ScanShardStore shards,
    FactStore facts,
    EvaluationService evaluation,
    RunEvents events,
    ClusterMode mode,
    ILogger<ClusterRunCompletion> logger)
{
    /// <summary>Completes the run if its completion is unclaimed, was this instance's, or (<paramref name="takeOver"/>) a dead instance's.</summary>
    public async Task TryCompleteAsync(long runId, bool takeOver, CancellationToken cancellationToken)
    {
        if (await shards.TryClaimCompletionAsync(runId, mode.InstanceId, takeOver, cancellationToken) is { } attempt)
            await CompleteAsync(runId, attempt, cancellationToken);
    }

    public async Task CompleteAsync(long runId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var info = await facts.GetScanRunAsync(runId, cancellationToken);
            if (info?.Status == ScanRunStatus.Running)
            {
                info = await facts.CompleteScanRunAsync(runId, cancellationToken);
                events.Publish(info);
                logger.LogInformation("Scan run {Run} complete across the cluster: {Scanned} components scanned, {Unchanged} unchanged, {Errors} errors",
                    runId, info.ComponentsScanned, info.ComponentsUnchanged, info.ErrorCount);
            }
            else if (info?.Status != ScanRunStatus.Completed)
            {
                logger.LogWarning("Scan run {Run} is {Status}, not running: the sharded run ends without an evaluation", runId, info?.Status);
                await shards.FinishAsync(runId, mode.InstanceId, attempt, ScanShardStore.Failed, null, cancellationToken);
                return;
            }
            var evaluationRun = await shards.EvaluationOfAsync(runId, cancellationToken)
                ?? (await evaluation.EvaluateAfterScanAsync(runId, cancellationToken))?.Id;
            if (!await shards.FinishAsync(runId, mode.InstanceId, attempt, ScanShardStore.Completed, evaluationRun, cancellationToken))
                logger.LogWarning("Scan run {Run}'s completion was taken over by another instance before this one recorded it", runId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Completing scan run {Run} failed; the previous complete scan stays in force", runId);
            try
            {
                if ((await facts.GetScanRunAsync(runId, CancellationToken.None))?.Status == ScanRunStatus.Running)
                    await facts.FailScanRunAsync(runId, e.Message, CancellationToken.None);
            }
            finally
            {
                await shards.FinishAsync(runId, mode.InstanceId, attempt, ScanShardStore.Failed, null, CancellationToken.None);
            }
        }
    }
}
