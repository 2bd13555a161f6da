namespace TechHealth.Storage.Records;

/// <summary>One evaluation of the fleet: when, against which definitions, why, and its summary figures.</summary>
public sealed class EvaluationRunRecord
{
    public long Id { get; set; }
    public DateTime EvaluatedAt { get; set; }
    public string DefinitionsVersion { get; set; } = "";
    /// <summary>scan, radar-edit or manual.</summary>
    public string Trigger { get; set; } = "manual";
    public long? ScanRunId { get; set; }
    public int ComponentCount { get; set; }
    public double AverageScore { get; set; }
    public int PassCount { get; set; }
    public int FailCount { get; set; }
    public int WarnCount { get; set; }
    public int ExemptCount { get; set; }
    public int NotApplicableCount { get; set; }
    public int ErrorCount { get; set; }
    /// <summary>JSON object level -> component count; components with no level count under "none".</summary>
    public string LevelCountsJson { get; set; } = "{}";
    /// <summary>
    /// The run's components in the order they were given, as a JSON array of refs; null when that order is ordinal by
    /// ref (what the service always gives), so only an unusual order costs a row this size.
    /// </summary>
    public string? ComponentOrderJson { get; set; }
    /// <summary>
    /// Hash of everything the evaluation read (definitions, options, facts in force, org tree, exemptions in force), so
    /// a later evaluation with the same inputs can record itself as this run again without evaluating; null when not known.
    /// </summary>
    public string? InputsKey { get; set; }
    /// <summary>Until when the same inputs give the same results (the clock is read by day, some ages finer); null when not known.</summary>
    public DateTime? InputsStableUntil { get; set; }
}

/// <summary>
/// A component's evaluation (score, level, team and department of the day, and its check results) unchanged over a
/// span of runs: in force for every run with <see cref="ValidFromRunId"/> &lt;= id &lt; <see cref="ValidToRunId"/>
/// (no end while it is the latest). A run writes a span only for a component whose evaluation changed.
/// </summary>
public sealed class EvaluationSpanRecord
{
    public long Id { get; set; }
    /// <summary>The run that first gave this evaluation.</summary>
    public long ValidFromRunId { get; set; }
    /// <summary>The first run that no longer has it (changed or without the component); null while it is in force.</summary>
    public long? ValidToRunId { get; set; }
    /// <summary>SHA-256 of everything the span holds, so the next run compares 10,000 hashes instead of 300,000 rows; null for spans from before spans existed.</summary>
    public string? ContentHash { get; set; }
    public string ComponentRef { get; set; } = "";
    public string ComponentName { get; set; } = "";
    public string? OwnerRef { get; set; }
    public string? TeamRef { get; set; }
    public string? DepartmentRef { get; set; }
    public double Score { get; set; }
    public string? Level { get; set; }
    public string? Lifecycle { get; set; }
    public string? Type { get; set; }
}

/// <summary>One check's result in one evaluation span (the span of <see cref="ComponentRef"/> that began at <see cref="ValidFromRunId"/>).</summary>
public sealed class SpanCheckResultRecord
{
    public long Id { get; set; }
    public long ValidFromRunId { get; set; }
    public string ComponentRef { get; set; } = "";
    public int Ordinal { get; set; }
    public string CheckId { get; set; } = "";
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public string Message { get; set; } = "";
    public string EvidenceJson { get; set; } = "[]";
    public string? Remediation { get; set; }
    public double Weight { get; set; } = 1;
    public string? ExemptionReason { get; set; }
    public DateOnly? ExemptUntil { get; set; }
}
