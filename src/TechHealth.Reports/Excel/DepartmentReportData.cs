namespace TechHealth.Reports.Excel;

/// <summary>
/// Everything one department's workbook shows, already computed: plain rows and figures, no rule logic. Built by
/// <see cref="DepartmentReportMapper"/> from a fleet's rollup; <see cref="DepartmentReport"/> only lays it out.
/// Level lists are aligned with <see cref="LevelColumns"/> ("none" first, then the levels lowest first) and gate lists
/// with <see cref="Gates"/>.
/// </summary>
public sealed record DepartmentReportData(
    string DepartmentRef,
    string DepartmentName,
    DateTimeOffset GeneratedAt,
    string? DefinitionsVersion,
    IReadOnlyList<string> LevelColumns,
    IReadOnlyList<GateColumn> Gates,
    DepartmentFigures Current,
    DepartmentFigures? PreviousMonth,
    IReadOnlyList<FailingCheckFigure> FailingMost,
    IReadOnlyList<TeamRow> Teams,
    IReadOnlyList<ComponentRow> Components,
    HeatmapTable Heatmap,
    IReadOnlyList<RingUsageRow> RingUsage,
    IReadOnlyList<HoldUseRow> HoldUses,
    IReadOnlyList<ExemptionRow> Exemptions);

/// <summary>A gate shown as a column: its id and title.</summary>
public sealed record GateColumn(string Id, string Title);

/// <summary>
/// The department's figures at one moment: components, average score, components per level (aligned with the
/// report's level columns) and components each gate allows (aligned with its gates; empty for a past month).
/// </summary>
public sealed record DepartmentFigures(DateTimeOffset? At, int ComponentCount, double AverageScore, IReadOnlyList<int> LevelCounts, IReadOnlyList<int> GateAllowed)
{
    public double LevelShare(int index) => ComponentCount == 0 ? 0 : (double)LevelCounts[index] / ComponentCount;
}

/// <summary>One check failing in the department: failures (fail + error) and its pass rate (null when nothing applies).</summary>
public sealed record FailingCheckFigure(string CheckId, int Failing, int Applicable, double? PassRate);

/// <summary>One team of the department: its figures, components per level and components each gate allows.</summary>
public sealed record TeamRow(string Ref, string Name, int ComponentCount, double AverageScore, IReadOnlyList<int> LevelCounts, IReadOnlyList<int> GateAllowed);

/// <summary>
/// One component: who owns it, its level and score, every check it fails with the evidence, and what the scan could not
/// read of it (<c>file:line: message</c>), so a result that does not cover the whole build says so.
/// </summary>
public sealed record ComponentRow(
    string Ref,
    string Name,
    string Team,
    string? Owner,
    string? Type,
    string? Lifecycle,
    string? Level,
    double Score,
    IReadOnlyList<FailingCheck> Failing,
    IReadOnlyList<string>? ScanIssues = null)
{
    public IReadOnlyList<string> ScanIssues { get; init; } = ScanIssues ?? [];
}

/// <summary>One failed (or errored) check of one component: its message and evidence in words.</summary>
public sealed record FailingCheck(string CheckId, string Level, string Status, string Message, IReadOnlyList<string> Evidence);

/// <summary>Teams by checks: one row per team, one pass rate (0..1, null when no component applies) per check.</summary>
public sealed record HeatmapTable(IReadOnlyList<string> Checks, IReadOnlyList<HeatmapRow> Rows);

public sealed record HeatmapRow(string Team, IReadOnlyList<double?> PassRates);

/// <summary>One radar entry in one ring as used by the department: distinct components and uses.</summary>
public sealed record RingUsageRow(string Quadrant, string RadarEntry, string Title, string Ring, int Components, int Uses);

/// <summary>
/// One use of hold or retiring technology: which component, what version, in which file, and the build condition
/// (<c>profile:legacy</c>, <c>target:cfg(windows)</c>) when only some builds use it.
/// </summary>
public sealed record HoldUseRow(
    string Component,
    string Team,
    string RadarEntry,
    string Ring,
    string Package,
    string? Version,
    string File,
    int Line,
    DateOnly? RetireBy,
    string Retirement,
    string? Condition = null);

/// <summary>One exemption in force for a component of the department.</summary>
public sealed record ExemptionRow(string Component, string Check, string Reason, string ApprovedBy, DateOnly Expires, int DaysLeft, string Origin);
