using System.Text;
using TechHealth.Certification;
using static TechHealth.Pages.Charts.Svg;

namespace TechHealth.Pages.Charts;

/// <summary>
/// A heatmap as a table: a row per team, a cell per check with its pass rate, counts and the picture's colour. Written
/// as one string (and kept per snapshot with the department's page) because a page of it is over a thousand cells,
/// which the Razor renderer takes tens of milliseconds to write on every request.
/// </summary>
public static class HeatmapTable
{
    public static string Render(Heatmap map, HeatmapCell?[][] cells, Func<string, string> rowLink, Func<string, string> columnLink)
    {
        var sb = new StringBuilder(256 * (map.Rows.Count + 1) * (map.Columns.Count + 1));
        sb.Append("<table class=\"heatmap-table\"><caption>Pass rate per team and check: passed of applicable (failing, exempt)</caption>");
        sb.Append("<thead><tr><th scope=\"col\">Team</th>");
        foreach (var c in map.Columns) sb.Append($"<th scope=\"col\"><a href=\"{E(columnLink(c))}\">{E(c)}</a></th>");
        sb.Append("</tr></thead><tbody>");
        for (var i = 0; i < map.Rows.Count; i++)
        {
            var row = map.Rows[i];
            var label = i < map.RowLabels.Count ? map.RowLabels[i] : row;
            sb.Append($"<tr data-team=\"{E(row)}\"><th scope=\"row\"><a href=\"{E(rowLink(row))}\">{E(label)}</a></th>");
            for (var j = 0; j < map.Columns.Count; j++)
            {
                var cell = cells[i][j];
                var (fill, ink) = HeatmapPicture.ColorOf(cell?.Value);
                sb.Append($"<td class=\"num\" style=\"background:{fill};color:{ink}\" data-check=\"{E(map.Columns[j])}\"");
                if (cell is not null) sb.Append($" data-passed=\"{cell.Passed}\" data-total=\"{cell.Total}\"");
                sb.Append(cell is null || cell.Total == 0
                    ? "><span>–</span></td>"
                    : $"><span>{HeatmapPicture.Percent(cell.Value)}<br /><small>{cell.Passed}/{cell.Total} ({cell.Failed} failing, {cell.Exempt} exempt)</small></span></td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }
}
