namespace TechHealth.OData;

// The feed's entities. EF maps each to a SQL query over the store (FeedDbContext), so $filter, $orderby, $expand,
// $apply and $compute compose into that SQL. Times stay DateTime (UTC): EF's SQLite provider compares and orders
// those, where it cannot translate DateTimeOffset.

public sealed class ComponentRow
{
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Owner { get; set; }
    public string? Team { get; set; }
    public string? Department { get; set; }
    public string? Type { get; set; }
    public string? Lifecycle { get; set; }
    public string? Tier { get; set; }
    public string? System { get; set; }
    public string Source { get; set; } = "";
    public string Repository { get; set; } = "";
    public string Path { get; set; } = "";
    public double? Score { get; set; }
    public string? Level { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }

    public List<CheckResultRow> CheckResults { get; set; } = [];
    public List<DependencyRow> Dependencies { get; set; } = [];
    /// <summary>Not "Team": that name holds the team's ref as a plain column, which existing reports use.</summary>
    public TeamRow? OwningTeam { get; set; }
}

public sealed class CheckResultRow
{
    public long Id { get; set; }
    public long EvaluationRunId { get; set; }
    public string ComponentRef { get; set; } = "";
    public string? ComponentName { get; set; }
    public string? Team { get; set; }
    public string? Department { get; set; }
    public string CheckId { get; set; } = "";
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Remediation { get; set; }
    public double Weight { get; set; }
    public string? ExemptionReason { get; set; }
    public DateOnly? ExemptUntil { get; set; }
    public string Evidence { get; set; } = "[]";

    public ComponentRow? Component { get; set; }
}

public sealed class DependencyRow
{
    public long Id { get; set; }
    public string ComponentRef { get; set; } = "";
    public string ComponentName { get; set; } = "";
    public string? Team { get; set; }
    public string? Department { get; set; }
    public string Ecosystem { get; set; } = "";
    public string Purl { get; set; } = "";
    public string PurlKey { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Declared { get; set; }
    public string? Version { get; set; }
    public bool Unresolved { get; set; }
    public bool Locked { get; set; }
    public string Scope { get; set; } = "";
    public bool Direct { get; set; }
    /// <summary><c>profile:&lt;id&gt;</c> or <c>target:&lt;cfg&gt;</c> when only some builds use it; null when every build does.</summary>
    public string? Condition { get; set; }
    public string File { get; set; } = "";
    public int Line { get; set; }

    public ComponentRow? Component { get; set; }
}

/// <summary>
/// A team with its figures in the latest evaluation run. Level counts sit in numbered slots; the EDM names each used
/// slot after its level ({Level}Count) and leaves the others out.
/// </summary>
public sealed class TeamRow
{
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string Type { get; set; } = "";
    public string? Parent { get; set; }
    public string? Department { get; set; }
    public int ComponentCount { get; set; }
    public double? AverageScore { get; set; }
    public double? MinScore { get; set; }
    public int Level0 { get; set; }
    public int Level1 { get; set; }
    public int Level2 { get; set; }
    public int Level3 { get; set; }
    public int Level4 { get; set; }
    public int Level5 { get; set; }
    public int Level6 { get; set; }
    public int Level7 { get; set; }
    public int NoLevelCount { get; set; }

    public List<ComponentRow> Components { get; set; } = [];
    public DepartmentRow? OwningDepartment { get; set; }
}

/// <summary>A department with the same figures as a team plus its team count.</summary>
public sealed class DepartmentRow
{
    public string Ref { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string Type { get; set; } = "";
    public string? Parent { get; set; }
    public int TeamCount { get; set; }
    public int ComponentCount { get; set; }
    public double? AverageScore { get; set; }
    public double? MinScore { get; set; }
    public int Level0 { get; set; }
    public int Level1 { get; set; }
    public int Level2 { get; set; }
    public int Level3 { get; set; }
    public int Level4 { get; set; }
    public int Level5 { get; set; }
    public int Level6 { get; set; }
    public int Level7 { get; set; }
    public int NoLevelCount { get; set; }

    public List<TeamRow> Teams { get; set; } = [];
    public List<ComponentRow> Components { get; set; } = [];
}

public sealed class RadarEntryRow
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Quadrant { get; set; } = "";
    public string? QuadrantName { get; set; }
    public string Ring { get; set; } = "";
    public string? RingName { get; set; }
    /// <summary>Position of the ring, 0 for the golden (innermost) ring; -1 when the ring is not on the radar.</summary>
    public int RingOrder { get; set; }
    public string? Description { get; set; }
    public string? Owner { get; set; }
    public string? Url { get; set; }
    public string Tags { get; set; } = "";
    public string Packages { get; set; } = "";
    public string ReplacedBy { get; set; } = "";
    public DateOnly? RetireBy { get; set; }
    public DateOnly? LastMoved { get; set; }
    public int VersionRuleCount { get; set; }
}
