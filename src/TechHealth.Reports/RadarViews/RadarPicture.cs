using System.Globalization;
using System.Text;
using TechHealth.Core.Definitions;
using TechHealth.Reports.Badges;

namespace TechHealth.Reports.RadarViews;

/// <summary>
/// Draws the radar as one SVG: quadrants as sectors (the first at the top left, then clockwise), rings as concentric
/// circles with the golden ring innermost, one numbered dot per entry in its quadrant and ring, and a legend listing
/// every entry by quadrant and ring. Placement comes from a stable hash of the entry id, moved along a fixed sequence
/// of candidates until the dot overlaps no other, so the same radar always gives the same bytes. Only draws.
/// </summary>
public static class RadarPicture
{
    public const string ContentType = "image/svg+xml";

    private const double MinRadius = 300, MinRingWidth = 45, Margin = 30, LegendWidth = 250, TitleHeight = 44, LineHeight = 15, Dot = 9;
    /// <summary>Area one dot claims in its cell, with room to move: about 1.8 times the square it occupies.</summary>
    private const double AreaPerDot = (2 * Dot + 2) * (2 * Dot + 2) * 1.8;
    private const int Candidates = 96;

    private sealed record Placed(RadarEntry Entry, int Number, int Quadrant, int Ring, double X, double Y);

    /// <param name="linkOf">The address each dot links to (its entry's page), or null for a picture without links.</param>
    public static string Render(Core.Definitions.Radar radar, Func<RadarEntry, string?>? linkOf = null)
    {
        var quadrants = radar.Quadrants;
        var rings = radar.Rings;
        var qIndex = quadrants.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var rIndex = rings.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        int QuadrantOf(RadarEntry e) => qIndex.TryGetValue(e.Quadrant, out var i) ? i : -1;
        // An entry in a ring the radar does not list is drawn in the outermost ring rather than left out.
        int RingOf(RadarEntry e) => rIndex.TryGetValue(e.Ring, out var i) ? i : Math.Max(rings.Count - 1, 0);

        var ordered = radar.Entries
            .OrderBy(e => QuadrantOf(e) < 0 ? int.MaxValue : QuadrantOf(e)).ThenBy(RingOf)
            .ThenBy(e => e.Title, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var sector = quadrants.Count == 0 ? 2 * Math.PI : 2 * Math.PI / quadrants.Count;
        var crowd = Enumerable.Range(0, Math.Max(rings.Count, 1))
            .Select(k => ordered.Where(e => RingOf(e) == k && QuadrantOf(e) >= 0).GroupBy(QuadrantOf).Select(g => g.Count()).DefaultIfEmpty(0).Max())
            .ToArray();
        var ringOuter = RingRadii(crowd, sector);
        var radius = ringOuter[^1];
        var cx = LegendWidth + Margin + radius;
        var cy = TitleHeight + Margin + radius;
        var labels = Enumerable.Range(0, rings.Count)
            .Select(k => (X: cx, Y: cy - ((k == 0 ? 0 : ringOuter[k - 1]) + ringOuter[k]) / 2, HalfWidth: VerdanaWidths.Measure(rings[k].Name.ToUpperInvariant()) * 12 / 11 / 2))
            .ToList();

        var placed = new List<Placed>();
        var number = 0;
        foreach (var e in ordered)
        {
            number++;
            var q = QuadrantOf(e);
            var k = RingOf(e);
            if (q < 0 || rings.Count == 0) { placed.Add(new Placed(e, number, q, k, double.NaN, double.NaN)); continue; }
            var (x, y) = Place(e.Id, Math.PI + q * sector, Math.PI + (q + 1) * sector, k == 0 ? 0 : ringOuter[k - 1], ringOuter[k], cx, cy, placed, labels);
            placed.Add(new Placed(e, number, q, k, x, y));
        }

        var legendLines = LegendColumns(quadrants.Count, sector).Select(col => col.Sum(q => 1.6 + LegendRings(placed, q, rings.Count).Sum(r => 1 + r.Count) + 0.6)).DefaultIfEmpty(0).Max()
                          + (placed.Any(p => p.Quadrant < 0) ? 2 + placed.Count(p => p.Quadrant < 0) : 0);
        var width = 2 * (LegendWidth + Margin + radius);
        var height = Math.Max(TitleHeight + 2 * (Margin + radius), TitleHeight + Margin + legendLines * LineHeight + Margin);

        var sb = new StringBuilder(16_384);
        var title = Badge.Escape(radar.Title is { Length: > 0 } t ? t : "Tech radar");
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"{(linkOf is null ? "img" : "group")}\" aria-label=\"{title}\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\">");
        sb.Append($"<title>{title}</title>");
        sb.Append($"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"#fff\"/>");
        sb.Append($"<text x=\"{F(width / 2)}\" y=\"30\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{title}</text>");

        // Rings, outermost first so inner circles sit on top.
        for (var k = rings.Count - 1; k >= 0; k--)
            sb.Append($"<circle cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"{F(ringOuter[k])}\" fill=\"{(k % 2 == 0 ? "#f4f4f4" : "#fafafa")}\" stroke=\"#bbb\" stroke-width=\"1\"/>");
        for (var q = 0; q < quadrants.Count; q++)
        {
            var a = Math.PI + q * sector;
            sb.Append($"<line x1=\"{F(cx)}\" y1=\"{F(cy)}\" x2=\"{F(cx + radius * Math.Cos(a))}\" y2=\"{F(cy + radius * Math.Sin(a))}\" stroke=\"#bbb\" stroke-width=\"1\"/>");
        }
        for (var k = 0; k < rings.Count; k++)
        {
            var inner = k == 0 ? 0 : ringOuter[k - 1];
            var color = BackstageRadar.RingColors[k % BackstageRadar.RingColors.Count];
            sb.Append($"<text x=\"{F(cx)}\" y=\"{F(labels[k].Y + 4)}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"{color}\" opacity=\"0.8\">{Badge.Escape(rings[k].Name.ToUpperInvariant())}</text>");
        }
        for (var q = 0; q < quadrants.Count; q++)
        {
            // Names sit in the corners of the square around the circle, where no dot or ring can be.
            var mid = Math.PI + (q + 0.5) * sector;
            var (cos, sin) = (Math.Cos(mid), Math.Sin(mid));
            var x = Math.Abs(cos) < 0.3 ? cx : cx + Math.Sign(cos) * radius;
            var y = Math.Abs(sin) < 0.3 ? cy : cy + Math.Sign(sin) * radius + (sin < 0 ? 14 : -4);
            var anchor = Math.Abs(cos) < 0.3 ? "middle" : cos < 0 ? "start" : "end";
            sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-size=\"13\" font-weight=\"bold\" fill=\"#333\">{Badge.Escape(quadrants[q].Name)}</text>");
        }

        foreach (var p in placed.Where(p => !double.IsNaN(p.X)))
        {
            var color = BackstageRadar.RingColors[p.Ring % BackstageRadar.RingColors.Count];
            var href = linkOf?.Invoke(p.Entry);
            if (href is not null) sb.Append($"<a href=\"{Badge.Escape(href)}\" aria-label=\"{p.Number}. {Badge.Escape(p.Entry.Title)} ({Badge.Escape(rings[p.Ring].Name)})\">");
            sb.Append($"<g class=\"entry\" id=\"entry-{Badge.Escape(p.Entry.Id)}\"><title>{p.Number}. {Badge.Escape(p.Entry.Title)} ({Badge.Escape(rings[p.Ring].Name)})</title>");
            sb.Append($"<circle cx=\"{F(p.X)}\" cy=\"{F(p.Y)}\" r=\"{F(Dot)}\" fill=\"{color}\"/>");
            sb.Append($"<text x=\"{F(p.X)}\" y=\"{F(p.Y + 3.5)}\" text-anchor=\"middle\" font-size=\"{(p.Number >= 100 ? 7 : 9)}\" fill=\"#fff\">{p.Number}</text></g>");
            if (href is not null) sb.Append("</a>");
        }

        Legend(sb, placed, quadrants, rings, sector, cx, radius);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Legend(StringBuilder sb, List<Placed> placed, IReadOnlyList<Quadrant> quadrants, IReadOnlyList<Ring> rings, double sector, double cx, double radius)
    {
        var columns = LegendColumns(quadrants.Count, sector);
        for (var c = 0; c < columns.Count; c++)
        {
            var x = c == 0 ? Margin : cx + radius + Margin + 20;
            var y = TitleHeight + Margin;
            foreach (var q in columns[c])
            {
                sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">{Badge.Escape(quadrants[q].Name)}</text>");
                y += LineHeight * 1.6;
                foreach (var group in LegendRings(placed, q, rings.Count))
                {
                    var k = group[0].Ring;
                    sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"11\" font-weight=\"bold\" fill=\"{BackstageRadar.RingColors[k % BackstageRadar.RingColors.Count]}\">{Badge.Escape(rings[k].Name)}</text>");
                    y += LineHeight;
                    foreach (var p in group)
                    {
                        sb.Append($"<text x=\"{F(x + 8)}\" y=\"{F(y)}\" font-size=\"11\" fill=\"#333\">{p.Number}. {Badge.Escape(Fit($"{p.Entry.Title}", LegendWidth - 55))}</text>");
                        y += LineHeight;
                    }
                }
                y += LineHeight * 0.6;
            }
            if (c == 0 && placed.Any(p => p.Quadrant < 0))
            {
                sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">Not in a known quadrant</text>");
                y += LineHeight * 1.6;
                foreach (var p in placed.Where(p => p.Quadrant < 0))
                {
                    sb.Append($"<text x=\"{F(x + 8)}\" y=\"{F(y)}\" font-size=\"11\" fill=\"#333\">{p.Number}. {Badge.Escape(Fit($"{p.Entry.Title} ({p.Entry.Quadrant})", LegendWidth - 55))}</text>");
                    y += LineHeight;
                }
            }
        }
    }

    /// <summary>Quadrants whose middle lies left of the centre go to the left legend, the others to the right.</summary>
    private static List<List<int>> LegendColumns(int quadrantCount, double sector)
    {
        var left = new List<int>();
        var right = new List<int>();
        for (var q = 0; q < quadrantCount; q++)
            (Math.Cos(Math.PI + (q + 0.5) * sector) < 0 ? left : right).Add(q);
        return [left, right];
    }

    private static List<List<Placed>> LegendRings(List<Placed> placed, int quadrant, int ringCount)
        => placed.Where(p => p.Quadrant == quadrant).GroupBy(p => p.Ring).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

    /// <summary>
    /// Outer radius of each ring: wide enough for the most crowded quadrant of that ring and never narrower than
    /// <see cref="MinRingWidth"/>; scaled out to at least <see cref="MinRadius"/>, so a sparse radar still fills the picture.
    /// </summary>
    private static double[] RingRadii(int[] crowd, double sector)
    {
        var radii = new double[crowd.Length];
        var inner = 0.0;
        for (var k = 0; k < crowd.Length; k++)
        {
            var needed = Math.Sqrt(inner * inner + 2 * crowd[k] * AreaPerDot / sector);
            radii[k] = Math.Max(needed, inner + MinRingWidth * (k == 0 ? 1.5 : 1));
            inner = radii[k];
        }
        if (radii[^1] < MinRadius)
        {
            var scale = MinRadius / radii[^1];
            for (var k = 0; k < radii.Length; k++) radii[k] = Math.Round(radii[k] * scale, 1);
        }
        return radii;
    }

    private static (double X, double Y) Place(string id, double a0, double a1, double r0, double r1, double cx, double cy, List<Placed> placed,
        List<(double X, double Y, double HalfWidth)> labels)
    {
        var rMin = r0 + Dot + 3;
        var rMax = Math.Max(rMin, r1 - Dot - 3);
        var best = (X: cx, Y: cy);
        var bestClearance = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var h = Fnv1a($"{id}#{i}");
            var u = (h & 0xFFFF) / 65535.0;
            var v = (h >> 16) / 65535.0;
            // Uniform over the cell's area, so outer rings do not look crowded at their inner edge.
            var r = Math.Sqrt(rMin * rMin + v * (rMax * rMax - rMin * rMin));
            var pad = Math.Min((Dot + 3) / Math.Max(r, 1), (a1 - a0) / 2);
            var a = a0 + pad + u * (a1 - a0 - 2 * pad);
            var x = cx + r * Math.Cos(a);
            var y = cy + r * Math.Sin(a);
            var clearance = placed.Where(p => !double.IsNaN(p.X)).Select(p => Math.Sqrt((p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y))).DefaultIfEmpty(double.PositiveInfinity).Min();
            // Ring names are drawn on the vertical axis; a dot on one would hide it.
            if (labels.Any(l => Math.Abs(x - l.X) < l.HalfWidth + Dot && Math.Abs(y - l.Y) < 7 + Dot)) clearance = Math.Min(clearance, 0);
            if (clearance >= 2 * Dot + 2) return (Math.Round(x, 1), Math.Round(y, 1));
            if (clearance > bestClearance) { bestClearance = clearance; best = (x, y); }
        }
        return (Math.Round(best.X, 1), Math.Round(best.Y, 1));
    }

    /// <summary>FNV-1a over UTF-8: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }

    private static string Fit(string text, double maxWidth)
    {
        if (VerdanaWidths.Measure(text) <= maxWidth) return text;
        var cut = text;
        while (cut.Length > 1 && VerdanaWidths.Measure(cut + "…") > maxWidth) cut = cut[..^1];
        return cut + "…";
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
