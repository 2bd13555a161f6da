namespace TechHealth.Storage.Records;

/// <summary>
/// A component as currently known: identity from its latest completed scan, where it sits in the organisation
/// (team and department, derived when a scan run completes) and which snapshot of facts is in force.
/// Written only inside the transaction that completes a scan run, so readers never see a half-written scan.
/// </summary>
public sealed class ComponentRecord
{
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "default";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? OwnerRef { get; set; }
    /// <summary>The owning group when the owner is a group; the unit per-team queries filter on.</summary>
    public string? TeamRef { get; set; }
    /// <summary>The owner group's nearest ancestor (or itself) whose type is a department type.</summary>
    public string? DepartmentRef { get; set; }
    public string? Type { get; set; }
    public string? Lifecycle { get; set; }
    public string? Tier { get; set; }
    public string? System { get; set; }
    public string Source { get; set; } = "";
    public string Repository { get; set; } = "";
    public string Path { get; set; } = "";
    public string AnnotationsJson { get; set; } = "{}";
    public string TagsJson { get; set; } = "[]";
    public string? Fingerprint { get; set; }
    /// <summary>The snapshot whose facts are in force; switched only when a scan run completes.</summary>
    public long? CurrentSnapshotId { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public bool Removed { get; set; }
    public DateTime? RemovedAt { get; set; }
}

/// <summary>A team, department or other Backstage group in the current org tree.</summary>
public sealed class GroupRecord
{
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string Type { get; set; } = "";
    public string? ParentRef { get; set; }
    /// <summary>Nearest ancestor-or-self of a department type, so department rollups need no tree walk in SQL.</summary>
    public string? DepartmentRef { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A group found by a scan run that has not completed yet; becomes the org tree when the run completes.</summary>
public sealed class ScanGroupRecord
{
    public long ScanRunId { get; set; }
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string Type { get; set; } = "";
    public string? ParentRef { get; set; }
}

/// <summary>A configured source (directory or git remote) as seen by scan runs.</summary>
public sealed class SourceRecord
{
    public string Name { get; set; } = "";
    public DateTime FirstSeenAt { get; set; }
    public DateTime? LastScannedAt { get; set; }
    public long? LastScanRunId { get; set; }
}

/// <summary>An exemption created through the API: a check that does not count against a component until it expires or is revoked.</summary>
public sealed class ExemptionRecord
{
    public long Id { get; set; }
    public string ComponentRef { get; set; } = "";
    public string CheckId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string ApprovedBy { get; set; } = "";
    public DateOnly Expires { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}
