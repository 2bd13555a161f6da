using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Fleet;
using TechHealth.Pages.Charts;

namespace TechHealth.Pages.Figures;

/// <summary>
/// What a department's page shows, derived once per snapshot: its teams with their rollups, its retiring technology,
/// and each page of its heatmap (rows, a cell grid and the picture). A page request then only writes HTML; before,
/// every request walked the department's thousands of components and every heatmap cell of the fleet.
/// </summary>
public sealed class DepartmentFigures
{
    private readonly FleetView _fleet;
    private readonly OrgGroup _department;
    private readonly Lazy<HeatmapPage>[] _pages;

    private DepartmentFigures(FleetView fleet, OrgGroup department)
    {
        _fleet = fleet;
        _department = department;
        Rollup = fleet.DepartmentRollup(department.Ref);
        Teams = fleet.TeamsOfDepartment(department.Ref).Select(t => (t, fleet.TeamRollup(t.Ref))).Where(x => x.Item2.ComponentCount > 0).ToList();
        // The same rows and cells as the API's heatmap(kind: TEAMS_BY_CHECKS, scope: department), a page of teams at a time.
        ByTitle = Teams.OrderBy(x => x.Team.Title ?? x.Team.Name, StringComparer.OrdinalIgnoreCase).ToList();
        PageCount = Math.Max(1, (Teams.Count + PageHandlers.TeamsPerPage - 1) / PageHandlers.TeamsPerPage);
        _pages = Enumerable.Range(1, PageCount).Select(p => new Lazy<HeatmapPage>(() => BuildPage(p))).ToArray();
        var members = fleet.TeamsOfDepartment(department.Ref).SelectMany(t => fleet.ComponentsOfTeam(t.Ref));
        Retiring = members
            .SelectMany(c => fleet.TechnologiesOf(c.Ref).Where(m => m.Entry?.RetireBy is not null).Select(m => (Entry: m.Entry!, Component: c)))
            .GroupBy(x => x.Entry.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.First().Entry, g.Select(x => x.Component).DistinctBy(c => c.Ref).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList()))
            .OrderBy(x => x.Item1.RetireBy).ThenBy(x => x.Item1.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public static DepartmentFigures Of(FleetView fleet, OrgGroup department)
        => fleet.Memo("department:" + department.Ref.ToLowerInvariant(), () => new DepartmentFigures(fleet, department));

    public Rollup Rollup { get; }

    /// <summary>The department's teams that own components, by name, with their rollups.</summary>
    public IReadOnlyList<(TeamView Team, Rollup Rollup)> Teams { get; }

    /// <summary>The same teams by title: the order of the paged teams table and heatmap.</summary>
    public IReadOnlyList<(TeamView Team, Rollup Rollup)> ByTitle { get; }

    public int PageCount { get; }

    public IReadOnlyList<(RadarEntry Entry, List<ComponentFacts> Users)> Retiring { get; }

    /// <summary>One page of teams (1-based); a page past the last is empty, and is not kept.</summary>
    public HeatmapPage Page(int page) => page >= 1 && page <= PageCount ? _pages[page - 1].Value : BuildPage(page);

    private HeatmapPage BuildPage(int page)
    {
        var lines = ByTitle.Skip((page - 1) * PageHandlers.TeamsPerPage).Take(PageHandlers.TeamsPerPage).ToList();
        var onPage = lines.Select(x => x.Team.Ref).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var all = _fleet.TeamsByChecks;
        var keep = Enumerable.Range(0, all.Rows.Count).Where(i => onPage.Contains(all.Rows[i]) && _fleet.Org.IsWithin(all.Rows[i], _department.Ref)).ToList();
        var rows = keep.Select(i => all.Rows[i]).ToList();
        var keys = rows.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var map = all with { Rows = rows, RowLabels = keep.Select(i => all.RowLabels[i]).ToList(), Cells = all.Cells.Where(c => keys.Contains(c.Row)).ToList() };
        var cells = map.Cells.ToDictionary(c => (c.Row.ToLowerInvariant(), c.Column.ToLowerInvariant()));
        var grid = map.Rows.Select(r => map.Columns.Select(c => cells.GetValueOrDefault((r.ToLowerInvariant(), c.ToLowerInvariant()))).ToArray()).ToArray();
        var name = _department.Title ?? _department.Name;
        return new HeatmapPage(lines, map,
            new Lazy<string>(() => HeatmapPicture.Render(map, map.Rows, map.RowLabels, Links.Team, Links.Check, $"{name}: pass rate of each team for each check")),
            new Lazy<string>(() => HeatmapTable.Render(map, grid, Links.Team, Links.Check)));
    }
}

/// <summary>One page of a department's teams: their lines, the heatmap rows on it, and its picture and table (each written when first shown).</summary>
public sealed record HeatmapPage(IReadOnlyList<(TeamView Team, Rollup Rollup)> Lines, Heatmap Map, Lazy<string> Picture, Lazy<string> Table);
