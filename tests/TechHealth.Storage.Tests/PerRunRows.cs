using System.Data;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TechHealth.Core.Results;

namespace TechHealth.Storage.Tests;

/// <summary>
/// Writes an evaluation run as the store wrote it before spans: a row per component and per check result in every run,
/// into the per-run tables the hand-written migrations and the Baseline made. The upgrade tests start from this.
/// </summary>
internal static class PerRunRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    public static async Task<long> SaveAsync(TechHealthDbContext db, EvaluationRunHeader header, IReadOnlyList<ComponentEvaluation> evaluations)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var results = evaluations.SelectMany(e => e.Results).ToList();
        int Count(CheckStatus s) => results.Count(r => r.Status == s);
        var levels = new SortedDictionary<string, int>(evaluations.GroupBy(e => e.Level ?? "none").ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        var run = Convert.ToInt64(await ExecuteAsync(connection,
            "INSERT INTO evaluation_runs (evaluated_at, definitions_version, trigger, scan_run_id, component_count, average_score, pass_count, fail_count, " +
            "warn_count, exempt_count, not_applicable_count, error_count, level_counts_json) VALUES (@p0, @p1, 'scan', NULL, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) RETURNING id",
            header.EvaluatedAt.UtcDateTime, header.DefinitionsVersion, evaluations.Count, evaluations.Count == 0 ? 0d : evaluations.Average(e => e.Score),
            Count(CheckStatus.Pass), Count(CheckStatus.Fail), Count(CheckStatus.Warn), Count(CheckStatus.Exempt), Count(CheckStatus.NotApplicable),
            Count(CheckStatus.Error), JsonSerializer.Serialize(levels, Json)));
        foreach (var e in evaluations)
        {
            await ExecuteAsync(connection,
                "INSERT INTO component_evaluations (evaluation_run_id, component_ref, component_name, owner_ref, team_ref, department_ref, score, level, lifecycle, type) " +
                "VALUES (@p0, @p1, @p2, @p3, @p4, NULL, @p5, @p6, @p7, @p8)",
                run, e.ComponentRef, e.ComponentName, e.Owner, e.Owner is { } o && o.StartsWith("group:", StringComparison.Ordinal) ? o : null, e.Score, e.Level, e.Lifecycle, e.Type);
            var ordinal = 0;
            foreach (var r in e.Results)
                await ExecuteAsync(connection,
                    "INSERT INTO check_results (evaluation_run_id, component_ref, ordinal, check_id, level, status, message, evidence_json, remediation, weight, exemption_reason, exempt_until) " +
                    "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)",
                    run, e.ComponentRef, ordinal++, r.CheckId, r.Level, StatusName(r.Status), r.Message, r.Evidence.Count == 0 ? "[]" : JsonSerializer.Serialize(r.Evidence, Json),
                    r.Remediation, r.Weight, r.ExemptionReason, (object?)r.ExemptUntil ?? DBNull.Value);
        }
        return run;
    }

    private static string StatusName(CheckStatus status) => status == CheckStatus.NotApplicable ? "not-applicable" : status.ToString().ToLowerInvariant();

    private static async Task<object?> ExecuteAsync(DbConnection connection, string sql, params object?[] values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i] ?? DBNull.Value;
            // A null names its type so PostgreSQL need not guess it; the only nullable non-text column here is a date.
            if (values[i] is null) parameter.DbType = DbType.String;
            if (values[i] is DBNull) parameter.DbType = DbType.Date;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteScalarAsync();
    }
}
