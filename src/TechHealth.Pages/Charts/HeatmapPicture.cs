using TechHealth.Certification;
using static TechHealth.Pages.Charts.Svg;

namespace TechHealth.Pages.Charts;

/// <summary>
/// A heatmap as a picture: one row per team (or department), one column per check, each cell coloured by its pass rate
/// on a five-step scale that stays apart for colour-blind readers (red, orange, pale yellow, light blue, blue) and
/// printed with its percentage, so the colour is never the only signal. Every cell's tooltip gives the counts behind
/// it; rows link to their page.
/// </summary>
public static class HeatmapPicture
{
    public static readonly IReadOnlyList<(double From, string Fill, string Ink, string Label)> Scale =
    [
        (0.0, "#b2182b", "#fff", "0–19%"),
        (0.2, "#ef8a62", "#000", "20–39%"),
        (0.4, "#fddbc7", "#000", "40–59%"),
        (0.6, "#92c5de", "#000", "60–79%"),
        (0.8, "#2166ac", "#fff", "80–100%"),
    ];

    private const double Cell = 30, CellH = 22, LabelW = 200, LegendH = 40, CharWidth = 6.2;

    public static (string Fill, string Ink) ColorOf(double? value)
    {
        if (value is not { } v) return ("#f0f0f0", "#000");
        var step = Scale.Last(s => v >= s.From - 1e-9);
        return (step.Fill, step.Ink);
    }

    /// <param name="rowLink">The page of a row key, or null for no link.</param>
    public static string Render(Heatmap map, IReadOnlyList<string> rows, IReadOnlyList<string> rowLabels, Func<string, string?> rowLink, Func<string, string?> columnLink, string label)
    {
        var cells = map.Cells.ToDictionary(c => (c.Row.ToLowerInvariant(), c.Column.ToLowerInvariant()));
        // Column names are written at an angle above the cells: room above for the longest, and to the right for the last.
        var longest = map.Columns.Select(c => c.Length).DefaultIfEmpty(0).Max() * CharWidth;
        var headerH = 16 + longest * Math.Sin(55 * Math.PI / 180);
        var width = Math.Max(LabelW + map.Columns.Count * Cell + longest * Math.Cos(55 * Math.PI / 180) + 10, 620);
        var height = headerH + rows.Count * CellH + LegendH + 10;
        var sb = Open(width, height, label, "heatmap", hasLinks: true);
        for (var j = 0; j < map.Columns.Count; j++)
        {
            var x = LabelW + j * Cell + Cell / 2;
            var text = $"<text x=\"{F(x)}\" y=\"{F(headerH - 6)}\" font-size=\"11\" fill=\"#222\" transform=\"rotate(-55 {F(x)} {F(headerH - 6)})\">{E(map.Columns[j])}</text>";
            sb.Append(columnLink(map.Columns[j]) is { } href ? $"<a href=\"{E(href)}\">{text}</a>" : text);
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var y = headerH + i * CellH;
            var name = rowLabels[i].Length > 30 ? rowLabels[i][..29] + "…" : rowLabels[i];
            var text = $"<text x=\"{F(LabelW - 6)}\" y=\"{F(y + CellH / 2 + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1a4d80\">{E(name)}</text>";
            sb.Append(rowLink(rows[i]) is { } href ? $"<a href=\"{E(href)}\">{text}</a>" : text);
            for (var j = 0; j < map.Columns.Count; j++)
            {
                cells.TryGetValue((rows[i].ToLowerInvariant(), map.Columns[j].ToLowerInvariant()), out var c);
                var (fill, ink) = ColorOf(c?.Value);
                var x = LabelW + j * Cell;
                var tip = c is null || c.Total == 0
                    ? $"{rowLabels[i]} / {map.Columns[j]}: does not apply"
                    : $"{rowLabels[i]} / {map.Columns[j]}: {c.Passed} of {c.Total} passed ({Percent(c.Value)}), {c.Failed} failing{(c.Errors > 0 ? $" ({c.Errors} errors)" : "")}, {c.Exempt} exempt";
                sb.Append($"<g><title>{E(tip)}</title><rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Cell - 1)}\" height=\"{F(CellH - 1)}\" fill=\"{fill}\"/>");
                sb.Append($"<text x=\"{F(x + Cell / 2)}\" y=\"{F(y + CellH / 2 + 3.5)}\" text-anchor=\"middle\" font-size=\"9.5\" fill=\"{ink}\">{(c is null || c.Total == 0 ? "–" : Short(c.Value))}</text></g>");
            }
        }
        var ly = headerH + rows.Count * CellH + 14;
        sb.Append($"<text x=\"0\" y=\"{F(ly + 12)}\" font-size=\"11\" fill=\"#222\">pass rate:</text>");
        for (var k = 0; k < Scale.Count; k++)
        {
            var x = 70 + k * 80;
            sb.Append($"<rect x=\"{F(x)}\" y=\"{F(ly)}\" width=\"16\" height=\"16\" fill=\"{Scale[k].Fill}\" stroke=\"#666\" stroke-width=\"0.5\"/><text x=\"{F(x + 20)}\" y=\"{F(ly + 12)}\" font-size=\"11\" fill=\"#222\">{Scale[k].Label}</text>");
        }
        sb.Append($"<rect x=\"470\" y=\"{F(ly)}\" width=\"16\" height=\"16\" fill=\"#f0f0f0\" stroke=\"#666\" stroke-width=\"0.5\"/><text x=\"490\" y=\"{F(ly + 12)}\" font-size=\"11\" fill=\"#222\">– does not apply</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    public static string Percent(double? value) => value is { } v ? $"{Math.Round(v * 100, 1):0.#}%" : "–";

    private static string Short(double? value) => value is { } v ? $"{Math.Round(v * 100):0}" : "–";
}
