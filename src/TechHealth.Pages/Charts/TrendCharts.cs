using System.Text;
using TechHealth.Pages.Figures;
using static TechHealth.Pages.Charts.Svg;

namespace TechHealth.Pages.Charts;

/// <summary>Charts over evaluation runs: components per level as stacked bars, the average score as a line, sparklines.</summary>
public static class TrendCharts
{
    private const double Left = 44, Bottom = 28, Top = 12, Right = 12;

    /// <summary>Stacked bars, one per run, the lowest level at the bottom and "none" on top; every segment has its count as a tooltip.</summary>
    public static string LevelBars(IReadOnlyList<RunFigures> points, IReadOnlyList<string> levels, string label, double width = 640, double height = 220)
    {
        var sb = Open(width, height, label, "chart");
        var max = Math.Max(1, points.Select(p => p.ComponentCount).DefaultIfEmpty(0).Max());
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        Axis(sb, width, height, max, "components");
        var slot = plotW / Math.Max(points.Count, 1);
        var barW = Math.Max(2, Math.Min(36, slot * 0.7));
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = Left + i * slot + (slot - barW) / 2;
            var y = Top + plotH;
            foreach (var lc in p.Levels)
            {
                if (lc.Count == 0) continue;
                var h = plotH * lc.Count / max;
                y -= h;
                sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(barW)}\" height=\"{F(h)}\" fill=\"{LevelColor(lc.Level, levels)}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>run {p.RunId} ({p.At:yyyy-MM-dd HH:mm}): {lc.Count} {E(lc.Level)}</title></rect>");
            }
        }
        DateLabels(sb, points.Select(p => p.At).ToList(), slot, height);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The average score over runs, 0 to 100, as a line with a dot per run.</summary>
    public static string ScoreLine(IReadOnlyList<(DateTimeOffset At, double Score, string Tip)> points, string label, double width = 640, double height = 200)
    {
        var sb = Open(width, height, label, "chart");
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        Axis(sb, width, height, 100, "score");
        var slot = plotW / Math.Max(points.Count, 1);
        var coords = points.Select((p, i) => (X: Left + i * slot + slot / 2, Y: Top + plotH * (1 - p.Score / 100), p.Tip)).ToList();
        if (coords.Count > 1)
            sb.Append($"<polyline fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"2\" points=\"{string.Join(' ', coords.Select(c => $"{F(c.X)},{F(c.Y)}"))}\"/>");
        foreach (var c in coords)
            sb.Append($"<circle cx=\"{F(c.X)}\" cy=\"{F(c.Y)}\" r=\"3.5\" fill=\"#1f5f8b\"><title>{E(c.Tip)}</title></circle>");
        DateLabels(sb, points.Select(p => p.At).ToList(), slot, height);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A small line of average scores with no axes, for tables; its label names the first and last value.</summary>
    public static string Sparkline(IReadOnlyList<double> scores, string label, double width = 100, double height = 24)
    {
        var sb = Open(width, height, label, "spark");
        if (scores.Count > 0)
        {
            var min = Math.Min(scores.Min(), 100);
            var max = Math.Max(scores.Max(), 0);
            var span = Math.Max(max - min, 5);
            var step = scores.Count == 1 ? 0 : (width - 4) / (scores.Count - 1);
            var pts = scores.Select((s, i) => $"{F(2 + i * step)},{F(height - 2 - (height - 4) * (s - min) / span)}");
            sb.Append($"<polyline fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"1.5\" points=\"{string.Join(' ', pts)}\"/>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Axis(StringBuilder sb, double width, double height, double max, string unit)
    {
        var plotH = height - Top - Bottom;
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            var y = Top + plotH * (1 - (double)k / 4);
            sb.Append($"<line x1=\"{F(Left)}\" x2=\"{F(width - Right)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
            sb.Append($"<text x=\"{F(Left - 6)}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">{F(Math.Round(v))}</text>");
        }
        sb.Append($"<text x=\"4\" y=\"{F(Top + 2)}\" font-size=\"10\" fill=\"#333\" transform=\"rotate(-90 10 {F(Top + plotH / 2)})\">{E(unit)}</text>");
    }

    private static void DateLabels(StringBuilder sb, IReadOnlyList<DateTimeOffset> dates, double slot, double height)
    {
        if (dates.Count == 0) return;
        // At most six labels so they never overlap; the first and the last are always shown.
        var every = Math.Max(1, (int)Math.Ceiling(dates.Count / 6.0));
        for (var i = 0; i < dates.Count; i++)
        {
            if (i % every != 0 && i != dates.Count - 1) continue;
            sb.Append($"<text x=\"{F(Left + i * slot + slot / 2)}\" y=\"{F(height - 8)}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">{dates[i]:MM-dd HH:mm}</text>");
        }
    }
}
