using TechHealth.Core.Catalog;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;

namespace TechHealth.Reports.Excel;

/// <summary>
/// Turns one fleet evaluation and its rollup into the rows of one department's report. Every figure is read from the
/// certification types (the department and team rollups, the teams-by-checks heatmap, the radar matches, the
/// exemption book), so the workbook says what the rollups say. Does no I/O and never reads the clock.
/// </summary>
public static class DepartmentReportMapper
{
    /// <summary>Excel refuses cells longer than this; longer evidence is cut with a note.</summary>
    public const int MaxCellText = 32_000;

    /// <summary>Builds the report data of one department.</summary>
    /// <param name="departmentRef">The department group (any form <see cref="OrgChart.Normalise"/> accepts).</param>
    /// <param name="holdRing">The ring whose every use is listed (with retiring technology) on the radar usage sheet.</param>
    /// <param name="previousMonth">The department's trend point about a month before, when a run that old is stored.</param>
    /// <param name="scanIssues">What the scan could not read, per component reference (warnings included), for the Components sheet.</param>
    /// <exception cref="ArgumentException">The org chart has no department <paramref name="departmentRef"/>.</exception>
    public static DepartmentReportData Map(
        string departmentRef,
        FleetEvaluation fleet,
        FleetRollup rollup,
        OrgChart org,
        CheckSet checks,
        Radar radar,
        ExemptionBook exemptions,
        string holdRing,
        DateTimeOffset now,
        TrendPoint? previousMonth = null,
        IReadOnlyDictionary<string, IReadOnlyList<Core.Facts.ScanIssue>>? scanIssues = null)
    {
        var department = FindDepartment(org, departmentRef)
            ?? throw new ArgumentException($"there is no department '{departmentRef}' (known: {string.Join(", ", org.Departments.Select(d => d.Name))})", nameof(departmentRef));
        var key = OrgChart.Normalise(department.Ref);
        var levelColumns = checks.Levels.Prepend("none").ToList();
        var gates = checks.Gates.Select(g => new GateColumn(g.Id, g.Title)).ToList();

        var deptRollup = rollup.Department(key);
        var current = Figures(now, deptRollup, levelColumns, gates);
        DepartmentFigures? previous = previousMonth is { } p
            ? new DepartmentFigures(p.At, p.ComponentCount, p.Score ?? 0, levelColumns.Select(l => p.Levels.FirstOrDefault(x => x.Level.Equals(l, StringComparison.OrdinalIgnoreCase))?.Count ?? 0).ToList(), [])
            : null;
        var failingMost = deptRollup.Checks
            .Where(c => c.Failed + c.Errors > 0)
            .OrderByDescending(c => c.Failed + c.Errors).ThenBy(c => c.CheckId, StringComparer.Ordinal)
            .Select(c => new FailingCheckFigure(c.CheckId, c.Failed + c.Errors, c.Applicable, c.Rate))
            .ToList();

        var teamRollups = rollup.Teams().Where(t => t.Ref != FleetRollup.Unowned && org.IsWithin(t.Ref, key) && t.ComponentCount > 0).ToList();
        var teams = teamRollups.Select(t => new TeamRow(t.Ref, t.Name, t.ComponentCount, t.AverageScore,
            LevelCounts(t, levelColumns), GateCounts(t, gates))).ToList();
        var teamNames = teamRollups.ToDictionary(t => t.Ref, t => t.Name, StringComparer.OrdinalIgnoreCase);

        var members = fleet.Evaluations.Where(e => e.Owner is { Length: > 0 } o && org.IsWithin(o, key))
            .OrderBy(e => e.ComponentName, StringComparer.OrdinalIgnoreCase).ToList();
        string TeamName(string? owner) => teamNames.TryGetValue(FleetRollup.TeamKey(owner), out var n) ? n : owner ?? "";
        var components = members.Select(e => new ComponentRow(e.ComponentRef, e.ComponentName, TeamName(e.Owner), e.Owner, e.Type, e.Lifecycle, e.Level, e.Score,
            // In the order the team works through them: the level it works towards first, then by status.
            ActionOrder.Sort(e.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error), e.Level, checks.Levels).Select(Failing).ToList(),
            scanIssues?.GetValueOrDefault(e.ComponentRef)?.Select(i => $"{i.Severity.ToString().ToLowerInvariant()}: {i}").ToList())).ToList();

        var heat = rollup.TeamsByChecks();
        var cells = heat.Cells.ToDictionary(c => (c.Row, c.Column));
        var heatRows = heat.Rows.Select((row, i) => (row, label: heat.RowLabels[i]))
            .Where(r => r.row != FleetRollup.Unowned && org.IsWithin(r.row, key))
            .Select(r => new HeatmapRow(r.label, heat.Columns.Select(c => cells.TryGetValue((r.row, c), out var cell) ? cell.Value : null).ToList()))
            .ToList();

        var (ringUsage, holdUses) = RadarUsage(members, fleet, radar, holdRing, TeamName);

        var names = members.SelectMany(m => new[] { m.ComponentName, m.ComponentRef, ShortRef(m.ComponentRef) }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var inForce = exemptions.InForce(today)
            .Where(x => names.Contains(x.Exemption.Component.Trim()))
            .Select(x => new ExemptionRow(x.Exemption.Component, x.Exemption.Check, x.Exemption.Reason, x.Exemption.ApprovedBy, x.Exemption.Expires, x.DaysLeft, x.Exemption.Origin))
            .ToList();

        return new DepartmentReportData(key, deptRollup.Name, now, fleet.DefinitionsVersion, levelColumns, gates, current, previous, failingMost,
            teams, components, new HeatmapTable(heat.Columns, heatRows), ringUsage, holdUses, inForce);
    }

    /// <summary>The department group for a reference or a bare name; null when the org chart has none.</summary>
    public static Core.Catalog.OrgGroup? FindDepartment(OrgChart org, string departmentRef)
    {
        var group = org.Find(departmentRef);
        if (group is not null && org.IsDepartment(group)) return group;
        return org.Departments.FirstOrDefault(d => d.Name.Equals(departmentRef, StringComparison.OrdinalIgnoreCase));
    }

    private static DepartmentFigures Figures(DateTimeOffset at, Rollup r, IReadOnlyList<string> levelColumns, IReadOnlyList<GateColumn> gates)
        => new(at, r.ComponentCount, r.AverageScore, LevelCounts(r, levelColumns), GateCounts(r, gates));

    private static List<int> LevelCounts(Rollup r, IReadOnlyList<string> levelColumns)
        => levelColumns.Select(l => r.Levels.FirstOrDefault(x => x.Level.Equals(l, StringComparison.OrdinalIgnoreCase))?.Count ?? 0).ToList();

    private static List<int> GateCounts(Rollup r, IReadOnlyList<GateColumn> gates)
        => gates.Select(g => r.Gates.FirstOrDefault(x => x.GateId.Equals(g.Id, StringComparison.OrdinalIgnoreCase))?.Allowed ?? 0).ToList();

    private static FailingCheck Failing(CheckResult r)
    {
        var evidence = r.Evidence.Select(Describe).ToList();
        return new FailingCheck(r.CheckId, r.Level, r.Status == CheckStatus.Error ? "unknown (error)" : "fail", r.Message, evidence);
    }

    private static string Describe(Evidence e)
    {
        var where = e.File is { Length: > 0 } f ? (e.Line > 0 ? $" ({f} line {e.Line})" : $" ({f})") : "";
        return e.Message + where;
    }

    private static (List<RingUsageRow>, List<HoldUseRow>) RadarUsage(
        IReadOnlyList<ComponentEvaluation> members, FleetEvaluation fleet, Radar radar, string holdRing, Func<string?, string> teamName)
    {
        var usage = new Dictionary<(string Entry, string Ring), (HashSet<string> Components, int Uses)>();
        var holds = new List<HoldUseRow>();
        foreach (var e in members)
        {
            if (!fleet.Technologies.TryGetValue(e.ComponentRef, out var matches)) continue;
            var seen = new HashSet<(string, string?, string)>();
            foreach (var m in matches)
            {
                if (m.Entry is null || m.Ring is null) continue;
                var k = (m.Entry.Id, m.Ring);
                if (!usage.TryGetValue(k, out var u)) u = (new HashSet<string>(StringComparer.OrdinalIgnoreCase), 0);
                u.Components.Add(e.ComponentRef);
                usage[k] = (u.Components, u.Uses + 1);
                var onHold = m.Ring.Equals(holdRing, StringComparison.OrdinalIgnoreCase);
                if ((onHold || m.Entry.RetireBy is not null) && seen.Add((m.Dependency.Purl.Key, m.Dependency.Version, m.Dependency.Where)))
                    holds.Add(new HoldUseRow(e.ComponentName, teamName(e.Owner), m.Entry.Id, m.Ring, m.Dependency.Purl.Key, m.Dependency.Version,
                        m.Dependency.File, m.Dependency.Line, m.Entry.RetireBy, RetirementWord(m.Retirement, m.Entry.RetireBy), m.Dependency.Condition));
            }
        }
        var quadrantOrder = radar.Quadrants.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var ringOrder = radar.Rings.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var rows = usage.Select(kv =>
            {
                var entry = radar.FindEntry(kv.Key.Entry);
                var quadrant = entry is null ? "" : radar.Quadrants.FirstOrDefault(q => q.Id.Equals(entry.Quadrant, StringComparison.OrdinalIgnoreCase))?.Name ?? entry.Quadrant;
                return (row: new RingUsageRow(quadrant, kv.Key.Entry, entry?.Title ?? kv.Key.Entry, kv.Key.Ring, kv.Value.Components.Count, kv.Value.Uses),
                        q: entry is null ? int.MaxValue : quadrantOrder.GetValueOrDefault(entry.Quadrant, int.MaxValue),
                        r: ringOrder.GetValueOrDefault(kv.Key.Ring, int.MaxValue));
            })
            .OrderBy(x => x.q).ThenBy(x => x.r).ThenBy(x => x.row.Title, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.row).ToList();
        holds.Sort((a, b) =>
        {
            var c = string.Compare(a.RadarEntry, b.RadarEntry, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.Compare(a.Component, b.Component, StringComparison.OrdinalIgnoreCase);
        });
        return (rows, holds);
    }

    private static string RetirementWord(RetirementState state, DateOnly? retireBy) => state switch
    {
        RetirementState.PastRetirement => "past retirement",
        RetirementState.Retiring => "retiring soon",
        _ => retireBy is null ? "on hold" : "retiring",
    };

    private static string ShortRef(string componentRef)
    {
        var slash = componentRef.LastIndexOf('/');
        return slash >= 0 ? componentRef[(slash + 1)..] : componentRef;
    }
}
