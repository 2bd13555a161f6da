using System.Globalization;
using System.Net;
using System.Text;

namespace TechHealth.Pages.Charts;

/// <summary>Small helpers every chart shares: invariant numbers and escaped text, so a chart is the same bytes everywhere.</summary>
internal static class Svg
{
    public static string F(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <param name="hasLinks">A picture holding links is a group, not an image: an image's content is hidden from assistive technology, links included.</param>
    public static StringBuilder Open(double width, double height, string label, string? cssClass = null, bool hasLinks = false)
        => new StringBuilder(4096).Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {F(width)} {F(height)}\" width=\"{F(width)}\" height=\"{F(height)}\" role=\"{(hasLinks ? "group" : "img")}\" aria-label=\"{E(label)}\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")} font-family=\"system-ui,sans-serif\"><title>{E(label)}</title>");

    /// <summary>Colours of levels, lowest first, then "none"; the legend and the tables always name the level too.</summary>
    public static string LevelColor(string level, IReadOnlyList<string> levels)
    {
        if (level == "none") return "#b8b8b8";
        var rank = levels.ToList().FindIndex(l => l.Equals(level, StringComparison.OrdinalIgnoreCase));
        string[] known = ["#b06a2c", "#7d8f9c", "#c9a227", "#2f6f4f", "#5a4a8a"];
        return level.ToLowerInvariant() switch
        {
            "bronze" => "#b06a2c",
            "silver" => "#7d8f9c",
            "gold" => "#c9a227",
            _ => known[Math.Max(rank, 0) % known.Length],
        };
    }
}
