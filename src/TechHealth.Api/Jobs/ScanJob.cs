using Quartz;
using TechHealth.Api.Fleet;

namespace TechHealth.Api.Jobs;

/// <summary>The scheduled scan: a thin wrapper over <see cref="ScanService"/>. Its cron comes from <c>TechHealth:Schedule:ScanCron</c>.</summary>
[DisallowConcurrentExecution]
public sealed class ScanJob(ScanService scans, ILogger<ScanJob> logger) : IJob
{
    public static readonly JobKey Key = new("scan", "techhealth");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var full = context.MergedJobDataMap.TryGetValue("full", out var f) && f is true;
        try
        {
            var summary = await scans.ScanAsync(full: full, cancellationToken: cancellationToken);
            logger.LogInformation("Scheduled scan done: {Components} components, {Failed} failed repositories", summary.Components, summary.Failed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Scheduled scan cancelled by shutdown; the previous complete scan stays in force");
        }
        catch (Exception e)
        {
            // A failed run is recorded by the scan service; the schedule goes on.
            logger.LogError(e, "Scheduled scan failed");
        }
    }
}
