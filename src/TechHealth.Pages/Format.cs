using System.Globalization;
using TechHealth.Core.Results;

namespace TechHealth.Pages;

/// <summary>Numbers and words as every page shows them (invariant culture, the API's rounding).</summary>
public static class Format
{
    /// <summary>A score as the API rounds it for display: one decimal.</summary>
    public static string Score(double score) => Math.Round(score, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Percent(double? share) => share is { } s ? (Math.Round(s * 100, 1)).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Number(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Status(CheckStatus s) => s == CheckStatus.NotApplicable ? "not-applicable" : s.ToString().ToLowerInvariant();

    /// <summary>Level counts with the top level first and "none" last, the order the figures are read in.</summary>
    public static IEnumerable<TechHealth.Certification.LevelCount> TopFirst(IReadOnlyList<TechHealth.Certification.LevelCount> levels)
        => levels.Where(l => l.Level != "none").Reverse().Concat(levels.Where(l => l.Level == "none"));

    /// <summary>"in 12 days", "today", "3 days ago".</summary>
    public static string Countdown(int days) => days switch
    {
        0 => "today",
        1 => "tomorrow",
        -1 => "yesterday",
        > 0 => $"in {days} days",
        _ => $"{-days} days ago",
    };
}
