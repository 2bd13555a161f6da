using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Storage;

/// <summary>The stored spelling of the domain's enums: lower-case words, stable across renames of the C# members.</summary>
internal static class StorageNames
{
    public static string Of(ScanRunStatus s) => s switch
    {
        ScanRunStatus.Running => "running",
        ScanRunStatus.Completed => "completed",
        ScanRunStatus.Failed => "failed",
        ScanRunStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static ScanRunStatus ScanRunStatusOf(string s) => s switch
    {
        "running" => ScanRunStatus.Running,
        "completed" => ScanRunStatus.Completed,
        "failed" => ScanRunStatus.Failed,
        "interrupted" => ScanRunStatus.Interrupted,
        _ => throw new InvalidDataException($"scan_runs.status '{s}' is not one of running, completed, failed, interrupted."),
    };

    public static string Of(EvaluationTrigger t) => t switch
    {
        EvaluationTrigger.Scan => "scan",
        EvaluationTrigger.RadarEdit => "radar-edit",
        EvaluationTrigger.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    public static EvaluationTrigger TriggerOf(string s) => s switch
    {
        "scan" => EvaluationTrigger.Scan,
        "radar-edit" => EvaluationTrigger.RadarEdit,
        "manual" => EvaluationTrigger.Manual,
        _ => throw new InvalidDataException($"evaluation_runs.trigger '{s}' is not one of scan, radar-edit, manual."),
    };

    public static string Of(CheckStatus s) => s switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        CheckStatus.Warn => "warn",
        CheckStatus.Exempt => "exempt",
        CheckStatus.NotApplicable => "not-applicable",
        CheckStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static CheckStatus CheckStatusOf(string s) => s switch
    {
        "pass" => CheckStatus.Pass,
        "fail" => CheckStatus.Fail,
        "warn" => CheckStatus.Warn,
        "exempt" => CheckStatus.Exempt,
        "not-applicable" => CheckStatus.NotApplicable,
        "error" => CheckStatus.Error,
        _ => throw new InvalidDataException($"check_results.status '{s}' is not a check status."),
    };

    public static string Of(DependencyScope s) => s.ToString().ToLowerInvariant();
    public static string Of(TechnologyKind k) => k.ToString().ToLowerInvariant();
    public static string Of(ScanIssueSeverity s) => s.ToString().ToLowerInvariant();

    public static T Parse<T>(string column, string value) where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidDataException($"{column} '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
}
