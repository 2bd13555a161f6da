using TechHealth.Api.Fleet;
using TechHealth.Certification;

namespace TechHealth.Api.GraphQL;

/// <summary>Picks a heatmap from the rollup and trims it to the rows and columns asked for.</summary>
public static class Heatmaps
{
    public static Heatmap Build(FleetSnapshot snap, string kind, string? scope, IReadOnlyList<string>? rows, IReadOnlyList<string>? columns)
    {
        // The whole map is a figure of the snapshot: computed once per run, then only trimmed per request.
        var index = SnapshotIndex.Of(snap);
        var map = kind switch
        {
            "TEAMS_BY_CHECKS" => index.Heatmap(kind, snap.Rollup.TeamsByChecks),
            "DEPARTMENTS_BY_CHECKS" => index.Heatmap(kind, snap.Rollup.DepartmentsByChecks),
            "TEAMS_BY_RADAR" => index.Heatmap(kind, snap.Rollup.TeamsByRadar),
            "COMPONENTS_BY_CHECKS" => snap.Rollup.ComponentsByChecks(
                OrgViews.FindTeam(snap, scope ?? throw UserErrors.BadInput("COMPONENTS_BY_CHECKS needs scope: the team whose components make the rows."))?.Ref
                ?? throw UserErrors.BadInput($"Unknown team '{scope}'.")),
            _ => throw UserErrors.BadInput($"Unknown heatmap kind '{kind}'."),
        };
        // A department scope keeps the team rows of teams under that department.
        if (scope is not null && kind is "TEAMS_BY_CHECKS" or "TEAMS_BY_RADAR")
        {
            var dept = OrgViews.FindDepartment(snap, scope) ?? throw UserErrors.BadInput($"Unknown department '{scope}'.");
            var teams = map.Rows.Where(r => snap.Org.IsWithin(r, dept.Ref)).ToList();
            map = Trim(map, teams, null);
        }
        return Trim(map, rows, columns);
    }

    private static Heatmap Trim(Heatmap map, IReadOnlyList<string>? rows, IReadOnlyList<string>? columns)
    {
        if (rows is null && columns is null) return map;
        var rowSet = rows?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var colSet = columns?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keptRows = new List<string>();
        var keptLabels = new List<string>();
        for (var i = 0; i < map.Rows.Count; i++)
        {
            var label = i < map.RowLabels.Count ? map.RowLabels[i] : map.Rows[i];
            if (rowSet is null || rowSet.Contains(map.Rows[i]) || rowSet.Contains(label)) { keptRows.Add(map.Rows[i]); keptLabels.Add(label); }
        }
        var keptColumns = map.Columns.Where(c => colSet is null || colSet.Contains(c)).ToList();
        var rowKeys = keptRows.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var colKeys = keptColumns.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return map with
        {
            Rows = keptRows,
            RowLabels = keptLabels,
            Columns = keptColumns,
            Cells = map.Cells.Where(c => rowKeys.Contains(c.Row) && colKeys.Contains(c.Column)).ToList(),
        };
    }

}
