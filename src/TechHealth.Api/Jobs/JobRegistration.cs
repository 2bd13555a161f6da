using Quartz;
using TechHealth.Api.Cluster;
using TechHealth.Api.Hosting;
using TechHealth.Storage;

namespace TechHealth.Api.Jobs;

/// <summary>Quartz jobs and their cron triggers from configuration; a job says what, its trigger says when.</summary>
public static class JobRegistration
{
    public static IHostApplicationBuilder AddTechHealthJobs(this IHostApplicationBuilder builder, TechHealthOptions options)
    {
        var storage = StorageServiceCollectionExtensions.ReadOptions(builder.Configuration.GetSection($"{TechHealthOptions.Section}:Storage"));
        var cluster = ClusterMode.From(builder.Configuration, storage);
        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "techhealth";
                s.InstanceId = cluster.InstanceId;
                // Quartz learns of a trigger another instance stored only when it next looks: look often, so shards spread at once.
                s.IdleWaitTime = cluster.Options.IdleWaitTime;
            });
            // One thread more than the shards: a scheduled scan's coordinator waits for its run on one.
            q.UseDefaultThreadPool(cluster.Options.ShardsPerInstance + 1);
            if (cluster.Clustered) q.UseClusteredStore(storage.ConnectionString, cluster.Options);
            q.AddJob<ScanJob>(j => j.WithIdentity(ScanJob.Key).StoreDurably());
            if (!string.IsNullOrWhiteSpace(options.Schedule.ScanCron))
                q.AddTrigger(t => t.ForJob(ScanJob.Key).WithIdentity("scan-cron", "techhealth").WithCronSchedule(options.Schedule.ScanCron, _ => { }));
            q.AddReportJob(options);
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return builder;
    }
}
