using TechHealth.Core.Results;

namespace TechHealth.Certification;

public enum RollupScope { Organisation, Department, Team }

/// <summary>How many components sit at a level ("none" for no level) and their share of the group.</summary>
public sealed record LevelCount(string Level, int Count, double Share);

/// <summary>
/// One check over a group of components. Passed counts pass, warn and exempt (exempt also shown on its own);
/// Applicable leaves out not-applicable; Rate = Passed / Applicable (null when nothing applies).
/// </summary>
public sealed record CheckPassRate(string CheckId, int Passed, int Exempt, int Failed, int Errors, int Applicable, double? Rate);

/// <summary>Dependencies in one ring ("unlisted" for technology no radar entry covers) and their share of all.</summary>
public sealed record RingShare(string Ring, int Count, double Share);

/// <summary>
/// Adoption of one radar entry: components whose every use of it is in the golden ring, out of components using it at all.
/// Share is null when nobody uses it.
/// </summary>
public sealed record GoldenAdoption(string RadarEntry, int ComponentsInGolden, int ComponentsUsing, double? Share);

/// <summary>How many of the group's components one gate allows.</summary>
public sealed record GateCount(string GateId, int Allowed, int Total);

/// <summary>The figures of one team, department or the whole organisation in one run. Plain data.</summary>
public sealed record Rollup(
    RollupScope Scope,
    string Ref,
    string Name,
    int ComponentCount,
    /// <summary>Mean of the components' scores; 0 when the group has no component.</summary>
    double AverageScore,
    IReadOnlyList<LevelCount> Levels,
    IReadOnlyList<CheckPassRate> Checks,
    /// <summary>The checks with most failures (fail + error), most first, only those failing at least once.</summary>
    IReadOnlyList<CheckPassRate> FailingMost,
    IReadOnlyList<RingShare> Rings,
    IReadOnlyList<GoldenAdoption> Adoption,
    IReadOnlyList<GateCount> Gates);

/// <summary>One cell of a heatmap: its value (a share 0..1, or for a component 1/0) and the counts behind it.</summary>
public sealed record HeatmapCell(string Row, string Column, double? Value, int Passed, int Failed, int Total, int Exempt = 0, int Errors = 0, CheckStatus? Status = null);

/// <summary>A heatmap as data: row and column keys (with labels for rows) and one cell per row and column.</summary>
public sealed record Heatmap(string Title, IReadOnlyList<string> Rows, IReadOnlyList<string> RowLabels, IReadOnlyList<string> Columns, IReadOnlyList<HeatmapCell> Cells)
{
    public HeatmapCell? Cell(string row, string column)
        => Cells.FirstOrDefault(c => c.Row.Equals(row, StringComparison.OrdinalIgnoreCase) && c.Column.Equals(column, StringComparison.OrdinalIgnoreCase));
}
