using Quartz;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Jobs;

/// <summary>Quartz jobs and their cron triggers from configuration; a job says what, its trigger says when.</summary>
public static class JobRegistration
{
    public static IHostApplicationBuilder AddTechHealthJobs(this IHostApplicationBuilder builder, TechHealthOptions options)
    {
        builder.AddQuartz(q =>
        {
            q.AddJob<ScanJob>(j => j.WithIdentity(ScanJob.Key).StoreDurably());
            if (!string.IsNullOrWhiteSpace(options.Schedule.ScanCron))
                q.AddTrigger(t => t.ForJob(ScanJob.Key).WithIdentity("scan-cron", "techhealth").WithCronSchedule(options.Schedule.ScanCron, _ => { }));
            q.AddReportJob(options);
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return builder;
    }
}
