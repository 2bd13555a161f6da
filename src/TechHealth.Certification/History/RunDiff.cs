using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// One stored evaluation run as history needs it: when, with which results, and which components used technology
/// in the hold ring (<see cref="FleetEvaluation.HoldUsage"/>). The storage helper persists it; this is the shape.
/// </summary>
public sealed record RunSnapshot(string RunId, DateTimeOffset At, IReadOnlyList<ComponentEvaluation> Evaluations, IReadOnlyList<HoldUsage> HoldUsage)
{
    public static RunSnapshot From(string runId, FleetEvaluation fleet, string holdRing)
        => new(runId, fleet.At, fleet.Evaluations, fleet.HoldUsage(holdRing));
}

public enum ChangeDirection { Up, Down, Same }

public sealed record LevelChange(string ComponentRef, string ComponentName, string? From, string? To, ChangeDirection Direction);

/// <summary>A check whose status changed; Direction is Up when it became passed, Down when it stopped being passed, Same otherwise (fail to error).</summary>
public sealed record CheckFlip(string ComponentRef, string ComponentName, string CheckId, CheckStatus From, CheckStatus To, ChangeDirection Direction, string Message);

public sealed record ScoreDelta(string ComponentRef, string ComponentName, double From, double To, double Delta);

/// <summary>The difference between two runs, older to newer. Lists are sorted by component, then check.</summary>
public sealed record RunDiff(
    string FromRun,
    string ToRun,
    IReadOnlyList<LevelChange> LevelChanges,
    IReadOnlyList<CheckFlip> CheckFlips,
    /// <summary>
    /// Uses of hold technology in the newer run that the older run did not have (same component, entry, package, version
    /// and build condition: a hold library moving from a Maven profile into the main build is new exposure).
    /// </summary>
    IReadOnlyList<HoldUsage> NewHoldTechnology,
    /// <summary>Only components whose score moved.</summary>
    IReadOnlyList<ScoreDelta> ScoreDeltas,
    IReadOnlyList<string> AddedComponents,
    IReadOnlyList<string> RemovedComponents);

/// <summary>Compares two runs. Pure; components are matched by reference.</summary>
public static class RunComparison
{
    public static RunDiff Diff(RunSnapshot older, RunSnapshot newer, IReadOnlyList<string> levels)
    {
        var before = older.Evaluations.ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);
        var after = newer.Evaluations.ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);

        var levelChanges = new List<LevelChange>();
        var flips = new List<CheckFlip>();
        var scores = new List<ScoreDelta>();
        foreach (var (key, now) in after.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!before.TryGetValue(key, out var was)) continue;
            var fromRank = Scoring.RankOf(was.Level, levels);
            var toRank = Scoring.RankOf(now.Level, levels);
            if (fromRank != toRank)
                levelChanges.Add(new LevelChange(key, now.ComponentName, was.Level, now.Level, toRank > fromRank ? ChangeDirection.Up : ChangeDirection.Down));
            if (Math.Abs(now.Score - was.Score) > 1e-9)
                scores.Add(new ScoreDelta(key, now.ComponentName, was.Score, now.Score, Math.Round(now.Score - was.Score, 1)));

            var oldResults = was.Results.ToDictionary(r => r.CheckId, StringComparer.OrdinalIgnoreCase);
            foreach (var r in now.Results.OrderBy(r => r.CheckId, StringComparer.Ordinal))
            {
                if (!oldResults.TryGetValue(r.CheckId, out var o) || o.Status == r.Status) continue;
                var wasPassed = Scoring.IsPassed(o.Status);
                var isPassed = Scoring.IsPassed(r.Status);
                var direction = wasPassed == isPassed ? ChangeDirection.Same : isPassed ? ChangeDirection.Up : ChangeDirection.Down;
                flips.Add(new CheckFlip(key, now.ComponentName, r.CheckId, o.Status, r.Status, direction, r.Message));
            }
        }

        var oldHold = new HashSet<(string, string, string, string?, string?)>(older.HoldUsage.Select(Key));
        var newHold = newer.HoldUsage.Where(h => !oldHold.Contains(Key(h)))
            .OrderBy(h => h.ComponentRef, StringComparer.Ordinal).ThenBy(h => h.RadarEntry, StringComparer.Ordinal).ToList();

        return new RunDiff(older.RunId, newer.RunId, levelChanges, flips, newHold, scores,
            after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList(),
            before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList());
    }

    private static (string, string, string, string?, string?) Key(HoldUsage h)
        => (h.ComponentRef.ToLowerInvariant(), h.RadarEntry.ToLowerInvariant(), h.Purl.ToLowerInvariant(), h.Version, string.IsNullOrEmpty(h.Condition) ? null : h.Condition);
}
