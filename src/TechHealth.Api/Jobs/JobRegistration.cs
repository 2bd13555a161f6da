using Quartz;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Jobs;

/// <summary>Quartz jobs and their cron triggers from configuration; a job says what, its trigger says when.</summary>
public static class JobRegistration
{
    public static IServiceCollection AddTechHealthJobs(this IServiceCollection services, TechHealthOptions options)
    {
        services.AddQuartz(q =>
        {
            q.SchedulerName = "techhealth";
            q.AddJob<ScanJob>(ScanJob.Key, j => j.StoreDurably());
            if (!string.IsNullOrWhiteSpace(options.Schedule.ScanCron))
                q.AddTrigger(t => t.ForJob(ScanJob.Key).WithIdentity("scan-cron", "techhealth").WithCronSchedule(options.Schedule.ScanCron));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
