using TechHealth.Certification;
using static TechHealth.Pages.Charts.Svg;

namespace TechHealth.Pages.Charts;

/// <summary>One horizontal bar split by level shares (lowest level first, "none" last); its label lists every count.</summary>
public static class ShareBar
{
    public static string Render(IReadOnlyList<LevelCount> counts, IReadOnlyList<string> levels, double width = 160, double height = 14)
    {
        var ordered = levels.Select(l => counts.FirstOrDefault(c => c.Level.Equals(l, StringComparison.OrdinalIgnoreCase)) ?? new LevelCount(l, 0, 0))
            .Append(counts.FirstOrDefault(c => c.Level == "none") ?? new LevelCount("none", 0, 0)).ToList();
        var label = string.Join(", ", ordered.Select(c => $"{c.Count} {c.Level}"));
        var sb = Open(width, height, label, "sharebar");
        var total = ordered.Sum(c => c.Count);
        var x = 0.0;
        foreach (var c in ordered.Where(c => c.Count > 0))
        {
            var w = width * c.Count / Math.Max(total, 1);
            sb.Append($"<rect x=\"{F(x)}\" y=\"0\" width=\"{F(w)}\" height=\"{F(height)}\" fill=\"{LevelColor(c.Level, levels)}\"><title>{c.Count} {E(c.Level)}</title></rect>");
            x += w;
        }
        if (total == 0) sb.Append($"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"#eee\"/>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
