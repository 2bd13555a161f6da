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
}

/// <summary>A component's score and level in one evaluation run, with the team and department it belonged to then.</summary>
public sealed class ComponentEvaluationRecord
{
    public long Id { get; set; }
    public long EvaluationRunId { get; set; }
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

/// <summary>One check's result for one component in one evaluation run.</summary>
public sealed class CheckResultRecord
{
    public long Id { get; set; }
    public long EvaluationRunId { get; set; }
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
