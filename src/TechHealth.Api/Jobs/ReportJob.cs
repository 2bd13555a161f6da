using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Quartz;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;
using TechHealth.Certification;
using TechHealth.Reports.Excel;
using TechHealth.Storage;

namespace TechHealth.Api.Jobs;

/// <summary>
/// The scheduled department reports: writes every department's workbook into the reports folder. A thin wrapper over
/// <see cref="DepartmentReports"/>; its cron comes from <c>TechHealth:Schedule:ReportCron</c>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReportJob(DepartmentReports reports, ILogger<ReportJob> logger) : IJob
{
    public static readonly JobKey Key = new("department-reports", "techhealth");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var written = await reports.WriteAllAsync(cancellationToken);
            logger.LogInformation("Scheduled reports done: {Count} department workbooks in {Folder}", written.Count, reports.Folder);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Scheduled reports cancelled by shutdown");
        }
        catch (Exception e)
        {
            // One failed week must not stop the schedule.
            logger.LogError(e, "Scheduled reports failed");
        }
    }
}

/// <summary>
/// Builds department workbooks from the snapshot in force (evaluating from stored facts when there is none yet) and
/// the run stored about a month before, for the trend. Owns where reports are written; lays nothing out itself.
/// </summary>
public sealed class DepartmentReports(
    FleetState state,
    EvaluationService evaluation,
    EvaluationStore runs,
    WorkspacePaths paths,
    IOptions<TechHealthOptions> options,
    TimeProvider clock,
    ILogger<DepartmentReports> logger)
{
    /// <summary>The configured reports folder (<c>TechHealth:Reports:Path</c>), resolved against the workspace root.</summary>
    public string Folder => paths.Resolve(options.Value.Reports.Path);

    /// <summary>The snapshot in force, or a fresh evaluation of the stored facts (not stored as a run) when there is none.</summary>
    public async Task<FleetSnapshot> SnapshotAsync(CancellationToken cancellationToken)
        => state.Current ?? await evaluation.EvaluateAsync(EvaluationTrigger.Manual, store: false, cancellationToken: cancellationToken);

    /// <summary>The report data of one department (reference or bare name).</summary>
    /// <exception cref="ArgumentException">No such department.</exception>
    public async Task<DepartmentReportData> BuildAsync(FleetSnapshot snapshot, string department, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Build(snapshot, department, await PreviousMonthAsync(now, cancellationToken), now);
    }

    private static DepartmentReportData Build(FleetSnapshot snapshot, string department, PreviousRun? previous, DateTimeOffset now)
    {
        var group = DepartmentReportMapper.FindDepartment(snapshot.Org, department)
            ?? throw new ArgumentException($"there is no department '{department}' (known: {string.Join(", ", snapshot.Org.Departments.Select(d => d.Name))})", nameof(department));
        return DepartmentReportMapper.Map(group.Ref, snapshot.Fleet, snapshot.Rollup, snapshot.Org, snapshot.Compiled.Definitions.Checks,
            snapshot.Compiled.Definitions.Radar, snapshot.Exemptions, snapshot.Compiled.HoldRing, now, TrendOf(snapshot, group.Ref, previous),
            snapshot.Components.Where(c => c.Issues.Count > 0).ToDictionary(c => c.Ref, c => c.Issues, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Writes one department's workbook to <paramref name="path"/>, or by default to the reports folder; returns the path.</summary>
    public async Task<(string Path, DepartmentReportData Data)> WriteAsync(string department, string? path, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        var data = await BuildAsync(snapshot, department, cancellationToken);
        var target = path is { Length: > 0 } p ? Path.GetFullPath(p) : Path.Combine(Folder, FileName(data, clock.GetUtcNow()));
        DepartmentReport.WriteFile(data, target);
        return (target, data);
    }

    /// <summary>Writes every department's workbook into the reports folder; a department that fails is logged and skipped.</summary>
    public async Task<IReadOnlyList<string>> WriteAllAsync(CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        // Every department's trend reads the same run of last month: load it once, not once per department.
        var now = clock.GetUtcNow();
        var previous = await PreviousMonthAsync(now, cancellationToken);
        var written = new List<string>();
        foreach (var department in snapshot.Org.Departments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var data = Build(snapshot, department.Ref, previous, now);
                var target = Path.Combine(Folder, FileName(data, now));
                DepartmentReport.WriteFile(data, target);
                written.Add(target);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The report of department {Department} could not be written", department.Ref);
            }
        }
        return written;
    }

    /// <summary><c>engineering-2026-11-23.xlsx</c>: the department's name, made safe for any file system, and the day.</summary>
    public static string FileName(DepartmentReportData data, DateTimeOffset at)
    {
        var name = data.DepartmentRef[(data.DepartmentRef.LastIndexOf('/') + 1)..];
        var safe = Regex.Replace(name, "[^A-Za-z0-9._-]", "-").Trim('.', '-');
        return $"{(safe.Length == 0 ? "department" : safe)}-{at.UtcDateTime:yyyy-MM-dd}.xlsx";
    }

    private sealed record PreviousRun(EvaluationRunInfo Run, IReadOnlyList<ComponentScore> Scores);

    // The newest stored run at least 28 days old stands for "last month"; its scores are enough for the trend.
    private async Task<PreviousRun?> PreviousMonthAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = (await runs.ListEvaluationRunsAsync(1, to: now.AddDays(-28), cancellationToken: cancellationToken)).FirstOrDefault();
        return run is null ? null : new PreviousRun(run, await runs.LoadScoresAsync(run.Id, cancellationToken: cancellationToken));
    }

    private static TrendPoint? TrendOf(FleetSnapshot snapshot, string departmentRef, PreviousRun? previous)
    {
        if (previous is not { Run: var run }) return null;
        var scores = previous.Scores
            .Where(s => s.TeamRef is { Length: > 0 } t && t != FleetRollup.Unowned && snapshot.Org.IsWithin(t, departmentRef))
            .ToList();
        var n = scores.Count;
        var levels = snapshot.Levels.Select(l => new LevelCount(l, scores.Count(s => string.Equals(s.Level, l, StringComparison.OrdinalIgnoreCase)), 0))
            .Prepend(new LevelCount("none", scores.Count(s => s.Level is null or EvaluationStore.NoLevel), 0))
            .Select(l => l with { Share = n == 0 ? 0 : Math.Round((double)l.Count / n, 4) })
            .ToList();
        double? average = n == 0 ? null : Math.Round(scores.Average(s => s.Score), 1, MidpointRounding.AwayFromZero);
        return new TrendPoint(run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), run.EvaluatedAt, average, null, n, levels);
    }
}

/// <summary>Registration of the department reports and their scheduled job.</summary>
public static class ReportJobRegistration
{
    /// <summary>Registers <see cref="DepartmentReports"/> (needed by the report endpoint and verb too).</summary>
    public static IServiceCollection AddDepartmentReports(this IServiceCollection services)
    {
        services.AddSingleton<DepartmentReports>();
        return services;
    }

    /// <summary>Adds the report job with its cron trigger, inside <c>AddQuartz(q =&gt; ...)</c>; an empty cron adds the job without a trigger.</summary>
    public static IQuartzBuilder AddReportJob(this IQuartzBuilder quartz, TechHealthOptions options)
    {
        quartz.AddJob<ReportJob>(j => j.WithIdentity(ReportJob.Key).StoreDurably());
        if (!string.IsNullOrWhiteSpace(options.Schedule.ReportCron))
            quartz.AddTrigger(t => t.ForJob(ReportJob.Key).WithIdentity("report-cron", "techhealth").WithCronSchedule(options.Schedule.ReportCron, _ => { }));
        return quartz;
    }
}
