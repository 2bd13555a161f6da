using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// Presents one component's evaluation to a team at its terminal or in its CI (<c>techhealth evaluate PATH</c>):
/// human text, a JSON document, and whether the level meets a minimum. Formats only; it evaluates nothing and
/// writes nowhere (the host prints the strings and sets the exit code).
/// </summary>
public static class LocalEvaluation
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// True when the component's level is <paramref name="minLevel"/> or higher in <paramref name="levels"/> (lowest first).
    /// Throws <see cref="ArgumentException"/> naming the known levels when <paramref name="minLevel"/> is not one of them.
    /// </summary>
    public static bool MeetsLevel(ComponentEvaluation evaluation, string minLevel, IReadOnlyList<string> levels)
    {
        var required = Scoring.RankOf(minLevel, levels);
        if (required < 0) throw new ArgumentException($"--min-level '{minLevel}' is not a level; the levels are {string.Join(", ", levels)}", nameof(minLevel));
        return Scoring.RankOf(evaluation.Level, levels) >= required;
    }

    /// <summary>How many findings the compact text shows; <c>--verbose</c> shows them all.</summary>
    public const int CompactFindings = 10;

    /// <summary>
    /// Level, score, and every check that is not a plain pass, in the order a team acts on them (the level it works
    /// towards first, then by status), each with a one-line message and its fix; then the findings behind them, each
    /// once with the checks it bears on. Compact by default (at most <see cref="CompactFindings"/> findings, so a
    /// typical service fits a screen); <paramref name="verbose"/> lists every finding and the checks that passed.
    /// </summary>
    public static string FormatText(ComponentEvaluation evaluation, IReadOnlyList<string> levels, bool verbose = false)
    {
        var sb = new StringBuilder();
        var card = Scoring.Card(evaluation.Results);
        sb.AppendLine($"{evaluation.ComponentName} ({evaluation.ComponentRef})");
        sb.AppendLine($"  owner: {evaluation.Owner ?? "none"}   level: {evaluation.Level ?? "none"}   score: {card.Score:0.0} / 100");
        sb.AppendLine($"  passed {card.Passed}, warned {card.Warned}, exempt {card.Exempt}, failed {card.Failed}, cannot be decided {card.Errors}, not applicable {card.NotApplicable}");
        var (next, blocking) = Scoring.NextLevel(evaluation, levels);
        if (next is not null)
            sb.AppendLine($"  next level: {next}, held back by {string.Join(", ", blocking.Select(b => b.CheckId))}");

        var (findings, byCheck) = Findings.Of(evaluation, levels);
        var earned = Scoring.RankOf(evaluation.Level, levels);
        foreach (var group in ActionOrder.Sort(evaluation, levels)
                     .Where(r => verbose ? r.Status != CheckStatus.NotApplicable : r.Status is not (CheckStatus.Pass or CheckStatus.NotApplicable))
                     .GroupBy(r => r.Level, StringComparer.OrdinalIgnoreCase))
        {
            var rank = Scoring.RankOf(group.Key, levels);
            var note = rank == earned + 1 ? " (working towards)" : rank >= 0 && rank <= earned ? " (earned)" : "";
            sb.AppendLine();
            sb.AppendLine($"{group.Key}{note}");
            foreach (var r in group)
            {
                var refs = byCheck.TryGetValue(r.CheckId, out var ids) && ids.Count > 0 ? $" [{string.Join(", ", ids.Take(6))}{(ids.Count > 6 ? ", ..." : "")}]" : "";
                sb.AppendLine($"  {Mark(r.Status)} {r.CheckId}: {r.Message}{refs}");
                if (r.Remediation is { Length: > 0 } fix && r.Status is CheckStatus.Fail or CheckStatus.Error or CheckStatus.Warn)
                    sb.AppendLine($"         fix: {OneLine(fix)}");
            }
        }

        if (findings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"findings ({findings.Count}), each with the checks it bears on");
            foreach (var f in verbose ? findings : findings.Take(CompactFindings))
                sb.AppendLine($"  {f.Id} {f.Statement}{Where(f)} ({string.Join(", ", f.Checks)})");
            if (!verbose && findings.Count > CompactFindings)
                sb.AppendLine($"  ... and {findings.Count - CompactFindings} more (--verbose or --json lists them all)");
        }
        return sb.ToString();
    }

    /// <summary>The evaluation as an indented JSON document (camelCase, statuses in kebab-case such as <c>not-applicable</c>), described by docs/evaluate.schema.json.</summary>
    public static string FormatJson(ComponentEvaluation evaluation, IReadOnlyList<string> levels, string? minLevel = null)
        => JsonSerializer.Serialize(Report(evaluation, levels, minLevel), Json);

    /// <summary>The evaluation as the JSON document's object: checks in action order referring to findings by id.</summary>
    public static LocalReport Report(ComponentEvaluation evaluation, IReadOnlyList<string> levels, string? minLevel = null)
    {
        var card = Scoring.Card(evaluation.Results);
        var (findings, byCheck) = Findings.Of(evaluation, levels);
        var (next, _) = Scoring.NextLevel(evaluation, levels);
        return new LocalReport(
            evaluation.ComponentRef, evaluation.ComponentName, evaluation.Owner, evaluation.Level, next, card.Score,
            minLevel, minLevel is null ? null : MeetsLevel(evaluation, minLevel, levels),
            card,
            ActionOrder.Sort(evaluation, levels).Select(r => new LocalCheck(r.CheckId, r.Level, r.Status, r.Message, r.Remediation, r.ExemptionReason, r.ExemptUntil,
                byCheck.GetValueOrDefault(r.CheckId) ?? [])).ToList(),
            findings);
    }

    /// <summary>The document <c>evaluate --json</c> writes per component.</summary>
    public sealed record LocalReport(string Component, string Name, string? Owner, string? Level, string? NextLevel, double Score, string? MinLevel, bool? MeetsMinLevel, ScoreCard Summary, IReadOnlyList<LocalCheck> Checks, IReadOnlyList<Finding> Findings);

    /// <summary>One check's result; <see cref="Findings"/> are ids into the report's findings.</summary>
    public sealed record LocalCheck(string Id, string Level, CheckStatus Status, string Message, string? Remediation, string? ExemptionReason, DateOnly? ExemptUntil, IReadOnlyList<string> Findings);

    private static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Fail => "FAIL  ",
        CheckStatus.Error => "CANNOT",
        CheckStatus.Warn => "WARN  ",
        CheckStatus.Exempt => "EXEMPT",
        CheckStatus.Pass => "pass  ",
        _ => "n/a   ",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static string Where(Finding f)
    {
        if (f.File is not { Length: > 0 } file || f.Statement.Contains(file, StringComparison.Ordinal)) return "";
        return f.Line > 0 ? $" ({file} line {f.Line})" : $" ({file})";
    }
}
