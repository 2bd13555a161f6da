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

    /// <summary>Level, score and every check that is not a plain pass, with its evidence and remediation; failures first.</summary>
    public static string FormatText(ComponentEvaluation evaluation, IReadOnlyList<string> levels)
    {
        var sb = new StringBuilder();
        var card = Scoring.Card(evaluation.Results);
        sb.AppendLine($"{evaluation.ComponentName} ({evaluation.ComponentRef})");
        sb.AppendLine($"  owner: {evaluation.Owner ?? "none"}");
        sb.AppendLine($"  level: {evaluation.Level ?? "none"}");
        sb.AppendLine($"  score: {card.Score:0.0} / 100  (passed {card.Passed}, warned {card.Warned}, exempt {card.Exempt}, failed {card.Failed}, unknown {card.Errors}, not applicable {card.NotApplicable})");
        var (next, blocking) = Scoring.NextLevel(evaluation, levels);
        if (next is not null)
            sb.AppendLine($"  next level: {next}, held back by {string.Join(", ", blocking.Select(b => b.CheckId))}");

        var order = new[] { CheckStatus.Fail, CheckStatus.Error, CheckStatus.Warn, CheckStatus.Exempt };
        foreach (var status in order)
        {
            var results = evaluation.Results.Where(r => r.Status == status).OrderBy(r => Scoring.RankOf(r.Level, levels)).ThenBy(r => r.CheckId, StringComparer.Ordinal).ToList();
            if (results.Count == 0) continue;
            sb.AppendLine();
            sb.AppendLine($"{Heading(status)} ({results.Count})");
            foreach (var r in results)
            {
                sb.AppendLine($"  [{r.Level}] {r.CheckId}: {r.Message}");
                foreach (var e in r.Evidence.Take(20))
                    if (e.Message != r.Message) sb.AppendLine($"      - {e.Message}{Where(e)}");
                if (r.Evidence.Count > 20) sb.AppendLine($"      ... and {r.Evidence.Count - 20} more");
                if (r.Remediation is { Length: > 0 } fix && status != CheckStatus.Exempt) sb.AppendLine($"      fix: {fix.Trim()}");
            }
        }
        var passed = evaluation.Results.Count(r => r.Status == CheckStatus.Pass);
        sb.AppendLine();
        sb.AppendLine($"{passed} check(s) passed, {card.NotApplicable} not applicable.");
        return sb.ToString();
    }

    /// <summary>The evaluation as an indented JSON document (camelCase, statuses in kebab-case such as <c>not-applicable</c>).</summary>
    public static string FormatJson(ComponentEvaluation evaluation, IReadOnlyList<string> levels, string? minLevel = null)
    {
        var card = Scoring.Card(evaluation.Results);
        var doc = new LocalReport(
            evaluation.ComponentRef, evaluation.ComponentName, evaluation.Owner, evaluation.Level, card.Score,
            minLevel, minLevel is null ? null : MeetsLevel(evaluation, minLevel, levels),
            card,
            evaluation.Results.Select(r => new LocalCheck(r.CheckId, r.Level, r.Status, r.Message, r.Remediation, r.ExemptionReason, r.ExemptUntil, r.Evidence)).ToList());
        return JsonSerializer.Serialize(doc, Json);
    }

    private sealed record LocalReport(string Component, string Name, string? Owner, string? Level, double Score, string? MinLevel, bool? MeetsMinLevel, ScoreCard Summary, IReadOnlyList<LocalCheck> Checks);

    private sealed record LocalCheck(string Id, string Level, CheckStatus Status, string Message, string? Remediation, string? ExemptionReason, DateOnly? ExemptUntil, IReadOnlyList<Evidence> Evidence);

    private static string Heading(CheckStatus status) => status switch
    {
        CheckStatus.Fail => "FAILING",
        CheckStatus.Error => "UNKNOWN (a fact is missing or the rule could not run)",
        CheckStatus.Warn => "WARNINGS",
        _ => "EXEMPT",
    };

    private static string Where(Evidence e)
    {
        if (e.File is not { Length: > 0 } f || e.Message.Contains(f, StringComparison.Ordinal)) return "";
        return e.Line > 0 ? $" ({f} line {e.Line})" : $" ({f})";
    }
}
