using System.Globalization;
using TechHealth.Certification;

namespace TechHealth.Reports.Badges;

/// <summary>
/// Chooses the text and colour of certification badges. Colours, by level rank (levels lowest first):
/// the highest level gold <c>#dfb317</c>, the lowest bronze <c>#cd7f32</c>, any level between silver <c>#8a9ba8</c>
/// (a steel grey-blue, so silver never looks like the unknown badge); no level earned red <c>#e05d44</c> with the
/// message "failing"; a component or team the service does not know grey <c>#9f9f9f</c> with "unknown".
/// </summary>
public static class CertificationBadges
{
    public const string DefaultLabel = "tech health";
    public const string Gold = "#dfb317", Silver = "#8a9ba8", Bronze = "#cd7f32", Failing = "#e05d44", Unknown = "#9f9f9f";

    /// <summary>
    /// A component's badge: "gold 92%", coloured by level. With scan issues its tooltip says that some inputs were not read,
    /// so the level is not taken for a result over the whole build.
    /// </summary>
    public static Badge Component(string? level, double score, IReadOnlyList<string> levels, string label = DefaultLabel, int scanIssues = 0)
        => new(label, $"{level ?? "failing"} {Percent(score)}", ColorOf(level, levels),
            Note: scanIssues > 0 ? $"{scanIssues} scan issue{(scanIssues == 1 ? "" : "s")}: some inputs were not read" : null);

    /// <summary>The badge of a component or team the service does not know.</summary>
    public static Badge NotFound(string label = DefaultLabel) => new(label, "unknown", Unknown, IsError: true);

    /// <summary>
    /// A team's badge: "team-a | silver · 78%": the median level of its components (half of them hold at least that
    /// level) and their average score, coloured by that level. A team with no component gets "no components", grey.
    /// </summary>
    public static Badge Team(string teamName, IReadOnlyList<string?> componentLevels, double averageScore, IReadOnlyList<string> levels)
    {
        var label = $"{DefaultLabel}: {teamName}";
        if (componentLevels.Count == 0) return new Badge(label, "no components", Unknown);
        var ranks = componentLevels.Select(l => Scoring.RankOf(l, levels)).OrderByDescending(r => r).ToList();
        var median = ranks[(ranks.Count - 1) / 2];
        var level = median < 0 ? null : levels[median];
        return new Badge(label, $"{level ?? "failing"} · {Percent(averageScore)}", ColorOf(level, levels));
    }

    public static string ColorOf(string? level, IReadOnlyList<string> levels)
    {
        var rank = Scoring.RankOf(level, levels);
        if (rank < 0) return level is null ? Failing : Unknown;
        if (rank == levels.Count - 1) return Gold;
        if (rank == 0) return Bronze;
        return Silver;
    }

    private static string Percent(double score) => Math.Round(score, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
}
