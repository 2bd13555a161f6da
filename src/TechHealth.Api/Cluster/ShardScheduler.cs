using Quartz;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Puts shard jobs into Quartz: one job per shard attempt, requesting recovery, so a shard held by an instance that dies
/// is fired again on another. Scheduling the same attempt twice is harmless (the second is ignored), which lets any
/// instance re-schedule a pending shard whose job went missing.
/// </summary>
public sealed class ShardScheduler(ISchedulerFactory factory, TimeProvider clock, ILogger<ShardScheduler> logger)
{
    public const string Group = "techhealth-shards";

    public static JobKey KeyOf(long runId, int shard, int attempt) => new($"scan-{runId}-shard-{shard}-attempt-{attempt}", Group);

    /// <summary>Schedules the job that makes attempt <paramref name="attempt"/>+1 of a shard, after <paramref name="delay"/>.</summary>
    public async Task ScheduleAsync(long runId, int shard, int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = KeyOf(runId, shard, attempt);
        var job = JobBuilder.Create<ScanShardJob>()
            .WithIdentity(key)
            .UsingJobData(ScanShardJob.RunKey, runId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UsingJobData(ScanShardJob.ShardKey, shard.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(key.Name, key.Group).ForJob(key)
            .StartAt(clock.GetUtcNow() + delay)
            // A shard that could not fire on time (every instance busy or down) fires as soon as one can.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            logger.LogDebug("Shard job {Job} was already scheduled", key);
        }
    }

    /// <summary>Schedules the job of every pending shard that has none (its coordinator died between recording and scheduling).</summary>
    public async Task EnsureScheduledAsync(IReadOnlyList<ShardRow> shards, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var shard in shards.Where(s => s.State == ScanShardStore.Pending))
            if (!await scheduler.Exists(KeyOf(shard.RunId, shard.Shard, shard.Attempts), cancellationToken))
            {
                logger.LogWarning("Shard {Shard} of scan run {Run} was pending with no job; scheduling it", shard.Shard, shard.RunId);
                await ScheduleAsync(shard.RunId, shard.Shard, shard.Attempts, TimeSpan.Zero, cancellationToken);
            }
    }
}
