namespace TechHealth.Storage;

/// <summary>How a scan run ended. Only a completed run's snapshots are ever served.</summary>
public enum ScanRunStatus { Running, Completed, Failed, Interrupted }

/// <summary>A scan run as recorded: times, status, counts, and what went wrong per repository or component.</summary>
public sealed record ScanRunInfo(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ScanRunStatus Status,
    bool Full,
    IReadOnlyList<string> Sources,
    int ComponentsScanned,
    int ComponentsUnchanged,
    int ComponentsRemoved,
    int DependencyCount,
    int ErrorCount,
    string? Failure,
    IReadOnlyList<ScanRunError> Errors);

/// <summary>One repository or component a scan run could not read, and why.</summary>
public sealed record ScanRunError(string RepositoryKey, string? ComponentRef, string Message);

/// <summary>A component as currently known, with its place in the organisation; for listings and per-team queries.</summary>
public sealed record StoredComponent(
    string Ref,
    string Name,
    string? Title,
    string? OwnerRef,
    string? TeamRef,
    string? DepartmentRef,
    string? Type,
    string? Lifecycle,
    string? Tier,
    string? System,
    string Source,
    string Repository,
    string Path,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    bool Removed);

/// <summary>A source as scan runs have seen it.</summary>
public sealed record StoredSource(string Name, DateTimeOffset FirstSeenAt, DateTimeOffset? LastScannedAt, long? LastScanRunId);

/// <summary>Which components a listing returns; every criterion given must hold.</summary>
public sealed record ComponentFilter(string? TeamRef = null, string? DepartmentRef = null, string? Source = null, bool IncludeRemoved = false);

/// <summary>Why an evaluation run happened.</summary>
public enum EvaluationTrigger { Scan, RadarEdit, Manual }

/// <summary>What the caller knows about an evaluation run before it is stored; the store adds the summary figures.</summary>
public sealed record EvaluationRunHeader(DateTimeOffset EvaluatedAt, string DefinitionsVersion, EvaluationTrigger Trigger, long? ScanRunId = null)
{
    /// <summary>What the evaluation read, so a later one with the same inputs may record itself unchanged; null when not known.</summary>
    public EvaluationInputs? Inputs { get; init; }
}

/// <summary>A hash of everything an evaluation read, and until when those inputs give the same results.</summary>
public sealed record EvaluationInputs(string Key, DateTimeOffset StableUntil);

/// <summary>The newest evaluation run (by id) with the inputs it recorded.</summary>
public sealed record LatestEvaluationInputs(EvaluationRunInfo Run, EvaluationInputs? Inputs);

/// <summary>A stored evaluation run with its summary figures.</summary>
public sealed record EvaluationRunInfo(
    long Id,
    DateTimeOffset EvaluatedAt,
    string DefinitionsVersion,
    EvaluationTrigger Trigger,
    long? ScanRunId,
    int ComponentCount,
    double AverageScore,
    int PassCount,
    int FailCount,
    int WarnCount,
    int ExemptCount,
    int NotApplicableCount,
    int ErrorCount,
    IReadOnlyDictionary<string, int> LevelCounts);

/// <summary>
/// What storing one evaluation run wrote: how many components changed (each a new span with its check results) and
/// every row written or updated, the run's own row included. An unchanged run writes 1.
/// </summary>
public sealed record EvaluationWrite(long RunId, int ChangedComponents, long Rows);

/// <summary>A component's score and level in one run, with the team and department it belonged to at that time.</summary>
public sealed record ComponentScore(long RunId, DateTimeOffset EvaluatedAt, string ComponentRef, string? TeamRef, string? DepartmentRef, double Score, string? Level);

/// <summary>An exemption to create through the API.</summary>
public sealed record NewExemption(string ComponentRef, string CheckId, string Reason, string ApprovedBy, DateOnly Expires, string CreatedBy);

/// <summary>An exemption created through the API, as stored.</summary>
public sealed record StoredExemption(
    long Id,
    string ComponentRef,
    string CheckId,
    string Reason,
    string ApprovedBy,
    DateOnly Expires,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    /// <summary>In force at <paramref name="at"/>: created, not revoked, and before its expiry date (it stops applying on that date).</summary>
    public bool IsActiveAt(DateTimeOffset at)
        => CreatedAt <= at && (RevokedAt is null || RevokedAt > at) && DateOnly.FromDateTime(at.UtcDateTime) < Expires;
}

/// <summary>
/// How long evaluation runs are kept: every run for <see cref="KeepAllDays"/> days, then the newest run of each
/// UTC day for <see cref="KeepDailyDays"/> more days, then the newest run of each ISO week for
/// <see cref="KeepWeeklyDays"/> more days (forever when null). The newest run is always kept. Same rule and
/// defaults as the certification history's retention policy, so configuration can feed either.
/// </summary>
public sealed record EvaluationRetention(int KeepAllDays = 14, int KeepDailyDays = 90, int? KeepWeeklyDays = null)
{
    public static readonly EvaluationRetention Default = new();
}
