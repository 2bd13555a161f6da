using Microsoft.EntityFrameworkCore.Migrations;

namespace TechHealth.Storage.Migrations;

/// <summary>
/// The data half of the EvaluationSpans migration, shared by both providers' migrations: every stored row of the
/// per-run tables becomes a span of exactly its own run (nothing merged, nothing lost, ids kept), and the old table
/// names become views that give every run's rows in the old shape, for SQL written against them.
/// </summary>
internal static class EvaluationSpanSql
{
    // The run a row's span ends at is the next stored run after its own, or none for the newest run.
    private const string CopySpans = """
        INSERT INTO evaluation_spans (id, valid_from_run_id, valid_to_run_id, content_hash, component_ref, component_name, owner_ref,
                                      team_ref, department_ref, score, level, lifecycle, type)
        SELECT c.id, c.evaluation_run_id, (SELECT MIN(r.id) FROM evaluation_runs r WHERE r.id > c.evaluation_run_id), NULL,
               c.component_ref, c.component_name, c.owner_ref, c.team_ref, c.department_ref, c.score, c.level, c.lifecycle, c.type
        FROM component_evaluations c
        """;

    private const string CopyResults = """
        INSERT INTO span_check_results (id, valid_from_run_id, component_ref, ordinal, check_id, level, status, message, evidence_json,
                                        remediation, weight, exemption_reason, exempt_until)
        SELECT id, evaluation_run_id, component_ref, ordinal, check_id, level, status, message, evidence_json,
               remediation, weight, exemption_reason, exempt_until
        FROM check_results
        """;

    // A run read back gives its components ordinal by ref unless it records another order; a run stored in another
    // order (by row id) keeps it.
    private const string SqliteOrder = """
        UPDATE evaluation_runs SET component_order_json =
            (SELECT json_group_array(o.component_ref) FROM (SELECT c.component_ref FROM component_evaluations c WHERE c.evaluation_run_id = evaluation_runs.id ORDER BY c.id) o)
        WHERE EXISTS (SELECT 1 FROM (SELECT c.component_ref, LAG(c.component_ref) OVER (ORDER BY c.id) AS before
                                     FROM component_evaluations c WHERE c.evaluation_run_id = evaluation_runs.id) o
                      WHERE o.before > o.component_ref)
        """;

    private const string PostgresOrder = """
        UPDATE evaluation_runs r SET component_order_json =
            (SELECT json_agg(c.component_ref ORDER BY c.id)::text FROM component_evaluations c WHERE c.evaluation_run_id = r.id)
        WHERE EXISTS (SELECT 1 FROM (SELECT c.component_ref, LAG(c.component_ref) OVER (ORDER BY c.id) AS before
                                     FROM component_evaluations c WHERE c.evaluation_run_id = r.id) o
                      WHERE o.before COLLATE "C" > o.component_ref COLLATE "C")
        """;

    private const string InRange = "s.valid_from_run_id <= r.id AND (s.valid_to_run_id IS NULL OR r.id < s.valid_to_run_id)";

    private const string ComponentEvaluationsView = $"""
        CREATE VIEW component_evaluations AS
        SELECT s.id, r.id AS evaluation_run_id, s.component_ref, s.component_name, s.owner_ref, s.team_ref, s.department_ref,
               s.score, s.level, s.lifecycle, s.type
        FROM evaluation_runs r JOIN evaluation_spans s ON {InRange}
        """;

    private const string CheckResultsView = $"""
        CREATE VIEW check_results AS
        SELECT c.id, r.id AS evaluation_run_id, c.component_ref, c.ordinal, c.check_id, c.level, c.status, c.message, c.evidence_json,
               c.remediation, c.weight, c.exemption_reason, c.exempt_until
        FROM evaluation_runs r JOIN evaluation_spans s ON {InRange}
        JOIN span_check_results c ON c.valid_from_run_id = s.valid_from_run_id AND c.component_ref = s.component_ref
        """;

    public static void Up(MigrationBuilder b, bool postgres)
    {
        b.Sql(CopySpans);
        b.Sql(CopyResults);
        b.Sql(postgres ? PostgresOrder : SqliteOrder);
        if (postgres)
        {
            // Ids were copied, so each identity continues after the highest copied one.
            b.Sql("SELECT setval(pg_get_serial_sequence('evaluation_spans', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM evaluation_spans), false)");
            b.Sql("SELECT setval(pg_get_serial_sequence('span_check_results', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM span_check_results), false)");
        }
        b.DropTable("check_results");
        b.DropTable("component_evaluations");
        b.Sql(ComponentEvaluationsView);
        b.Sql(CheckResultsView);
    }

    public static void DropViews(MigrationBuilder b)
    {
        b.Sql("DROP VIEW check_results");
        b.Sql("DROP VIEW component_evaluations");
    }

    public static void Down(MigrationBuilder b)
    {
        b.Sql($"""
            INSERT INTO component_evaluations (evaluation_run_id, component_ref, component_name, owner_ref, team_ref, department_ref, score, level, lifecycle, type)
            SELECT r.id, s.component_ref, s.component_name, s.owner_ref, s.team_ref, s.department_ref, s.score, s.level, s.lifecycle, s.type
            FROM evaluation_runs r JOIN evaluation_spans s ON {InRange} ORDER BY r.id, s.component_ref
            """);
        b.Sql($"""
            INSERT INTO check_results (evaluation_run_id, component_ref, ordinal, check_id, level, status, message, evidence_json, remediation, weight, exemption_reason, exempt_until)
            SELECT r.id, c.component_ref, c.ordinal, c.check_id, c.level, c.status, c.message, c.evidence_json, c.remediation, c.weight, c.exemption_reason, c.exempt_until
            FROM evaluation_runs r JOIN evaluation_spans s ON {InRange}
            JOIN span_check_results c ON c.valid_from_run_id = s.valid_from_run_id AND c.component_ref = s.component_ref
            ORDER BY r.id, c.component_ref, c.ordinal
            """);
    }
}
