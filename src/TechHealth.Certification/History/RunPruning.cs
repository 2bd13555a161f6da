using System.Globalization;

namespace TechHealth.Certification;

/// <summary>
/// How long runs are kept: every run younger than <see cref="KeepAllDays"/>; then the newest run of each UTC day
/// for <see cref="KeepDailyDays"/> more days; then the newest run of each ISO week, for <see cref="KeepWeeklyDays"/>
/// more days or forever when that is null. The newest run overall is always kept.
/// </summary>
public sealed record RetentionPolicy(int KeepAllDays = 14, int KeepDailyDays = 90, int? KeepWeeklyDays = null)
{
    public static readonly RetentionPolicy Default = new();
}

public sealed record RunStamp(string RunId, DateTimeOffset At);

public sealed record PruningPlan(IReadOnlyList<RunStamp> Keep, IReadOnlyList<RunStamp> Delete);

/// <summary>Decides which stored runs to keep; the storage helper deletes the rest. Pure: <c>now</c> is passed in.</summary>
public static class RunPruning
{
    public static PruningPlan Plan(IEnumerable<RunStamp> runs, DateTimeOffset now, RetentionPolicy policy)
    {
        if (policy.KeepAllDays < 0 || policy.KeepDailyDays < 0 || policy.KeepWeeklyDays < 0)
            throw new ArgumentException($"retention days must not be negative (keepAll {policy.KeepAllDays}, daily {policy.KeepDailyDays}, weekly {policy.KeepWeeklyDays?.ToString() ?? "forever"})", nameof(policy));
        var all = runs.OrderByDescending(r => r.At).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
        var keep = new HashSet<RunStamp>();
        if (all.Count > 0) keep.Add(all[0]);

        var allEnd = now - TimeSpan.FromDays(policy.KeepAllDays);
        var dailyEnd = allEnd - TimeSpan.FromDays(policy.KeepDailyDays);
        DateTimeOffset? weeklyEnd = policy.KeepWeeklyDays is { } w ? dailyEnd - TimeSpan.FromDays(w) : null;
        var days = new HashSet<DateOnly>();
        var weeks = new HashSet<(int, int)>();
        // Newest first, so the first run seen in a day or week is the one kept for it.
        foreach (var run in all)
        {
            if (run.At > allEnd) { keep.Add(run); continue; }
            var utc = run.At.UtcDateTime;
            if (run.At > dailyEnd)
            {
                if (days.Add(DateOnly.FromDateTime(utc))) keep.Add(run);
                continue;
            }
            if (weeklyEnd is { } end && run.At <= end) continue;
            if (weeks.Add((ISOWeek.GetYear(utc), ISOWeek.GetWeekOfYear(utc)))) keep.Add(run);
        }
        return new PruningPlan(
            all.Where(keep.Contains).OrderBy(r => r.At).ToList(),
            all.Where(r => !keep.Contains(r)).OrderBy(r => r.At).ToList());
    }
}
