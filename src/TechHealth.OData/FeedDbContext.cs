using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace TechHealth.OData;

/// <summary>
/// The feed's view of the store: each entity set is a SQL query over the store's tables (the latest evaluation run's
/// scores joined to the live components, groups with their figures), and the navigations between them are EF
/// relationships, so every query option Microsoft.AspNetCore.OData binds becomes one SQL statement. Read-only.
/// The SQL is the same on SQLite and PostgreSQL (quoted lower-case names, LIMIT, CASE, CAST).
/// </summary>
public sealed class FeedDbContext(DbContextOptions<FeedDbContext> options, FeedShape shape) : DbContext(options)
{
    public FeedShape Shape { get; } = shape;

    public IQueryable<ComponentRow> Components => Set<ComponentRow>().AsNoTracking();
    public IQueryable<CheckResultRow> CheckResults => Set<CheckResultRow>().AsNoTracking();
    public IQueryable<DependencyRow> Dependencies => Set<DependencyRow>().AsNoTracking();
    public IQueryable<TeamRow> Teams => Set<TeamRow>().AsNoTracking();
    public IQueryable<DepartmentRow> Departments => Set<DepartmentRow>().AsNoTracking();

    private const string LatestRun = """(SELECT r."id" FROM "evaluation_runs" r ORDER BY r."evaluated_at" DESC, r."id" DESC LIMIT 1)""";

    // A run's evaluations are the spans whose [valid_from_run_id, valid_to_run_id) range holds its id (see the store's
    // EvaluationStore); the latest run's are read from the span table directly, not through the per-run views, so
    // SQLite can use the span indexes.
    private static string InLatestRun(string span) => $"""{span}."valid_from_run_id" <= {LatestRun} AND ({span}."valid_to_run_id" IS NULL OR {span}."valid_to_run_id" > {LatestRun})""";

    protected override void OnConfiguring(DbContextOptionsBuilder builder)
        => builder.ReplaceService<IModelCacheKeyFactory, FeedModelCacheKeyFactory>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<ComponentRow>(e =>
        {
            e.ToSqlQuery($"""
                SELECT c."ref" AS "Ref", c."name" AS "Name", c."namespace" AS "Namespace", c."title" AS "Title", c."description" AS "Description",
                       c."owner_ref" AS "Owner", c."team_ref" AS "Team", c."department_ref" AS "Department", c."type" AS "Type",
                       c."lifecycle" AS "Lifecycle", c."tier" AS "Tier", c."system" AS "System", c."source" AS "Source",
                       c."repository" AS "Repository", c."path" AS "Path", e."score" AS "Score", e."level" AS "Level",
                       c."first_seen_at" AS "FirstSeenAt", c."last_seen_at" AS "LastSeenAt"
                FROM "components" c
                LEFT JOIN "evaluation_spans" e ON e."component_ref" = c."ref" AND {InLatestRun("e")}
                WHERE c."removed" = FALSE
                """);
            e.HasKey(x => x.Ref);
            e.HasMany(x => x.CheckResults).WithOne(x => x.Component).HasForeignKey(x => x.ComponentRef).IsRequired(false);
            e.HasMany(x => x.Dependencies).WithOne(x => x.Component).HasForeignKey(x => x.ComponentRef).IsRequired(false);
            e.HasOne(x => x.OwningTeam).WithMany(x => x.Components).HasForeignKey(x => x.Team).IsRequired(false);
        });
        b.Entity<CheckResultRow>(e =>
        {
            e.ToSqlQuery($"""
                SELECT r."id" AS "Id", {LatestRun} AS "EvaluationRunId", r."component_ref" AS "ComponentRef",
                       e."component_name" AS "ComponentName", e."team_ref" AS "Team", e."department_ref" AS "Department",
                       r."check_id" AS "CheckId", r."level" AS "Level", r."status" AS "Status", r."message" AS "Message",
                       r."remediation" AS "Remediation", r."weight" AS "Weight", r."exemption_reason" AS "ExemptionReason",
                       r."exempt_until" AS "ExemptUntil", r."evidence_json" AS "Evidence"
                FROM "span_check_results" r
                JOIN "evaluation_spans" e ON e."valid_from_run_id" = r."valid_from_run_id" AND e."component_ref" = r."component_ref"
                WHERE {InLatestRun("e")}
                """);
            e.HasKey(x => x.Id);
        });
        b.Entity<DependencyRow>(e =>
        {
            e.ToSqlQuery("""
                SELECT d."id" AS "Id", c."ref" AS "ComponentRef", c."name" AS "ComponentName", c."team_ref" AS "Team", c."department_ref" AS "Department",
                       d."ecosystem" AS "Ecosystem", d."purl" AS "Purl", d."purl_key" AS "PurlKey", d."name" AS "Name", d."kind" AS "Kind",
                       d."declared" AS "Declared", d."version" AS "Version", d."unresolved" AS "Unresolved", d."locked" AS "Locked",
                       d."scope" AS "Scope", d."direct" AS "Direct", d."condition" AS "Condition", d."file" AS "File", d."line" AS "Line"
                FROM "dependencies" d
                JOIN "components" c ON d."snapshot_id" = c."current_snapshot_id"
                WHERE c."removed" = FALSE
                """);
            e.HasKey(x => x.Id);
        });
        b.Entity<TeamRow>(e =>
        {
            e.ToSqlQuery(GroupSql(department: false));
            e.HasKey(x => x.Ref);
            e.HasOne(x => x.OwningDepartment).WithMany(x => x.Teams).HasForeignKey(x => x.Department).IsRequired(false);
        });
        b.Entity<DepartmentRow>(e =>
        {
            e.ToSqlQuery(GroupSql(department: true));
            e.HasKey(x => x.Ref);
            // Components name their department directly; Component.Department holds the ref, so this one has no partner.
            e.HasMany(x => x.Components).WithOne().HasForeignKey(x => x.Department).IsRequired(false);
        });
    }

    /// <summary>
    /// Groups of one kind with their figures in the latest run: one GROUP BY over the run's component scores, with a
    /// SUM(CASE) per configured level. Levels and department types come from configuration and go in as SQL string
    /// literals with quotes doubled.
    /// </summary>
    private string GroupSql(bool department)
    {
        var key = department ? "department_ref" : "team_ref";
        var departmentTypes = string.Join(", ", Shape.DepartmentTypes.Select(Literal));
        var sql = new StringBuilder();
        sql.Append("""SELECT g."ref" AS "Ref", g."name" AS "Name", g."title" AS "Title", g."type" AS "Type", g."parent_ref" AS "Parent", """);
        sql.Append(department
            ? $"""(SELECT CAST(COUNT(*) AS INTEGER) FROM "groups" t WHERE t."department_ref" = g."ref" AND lower(t."type") NOT IN ({departmentTypes})) AS "TeamCount", """
            : """g."department_ref" AS "Department", """);
        sql.Append("""CAST(COALESCE(s."n", 0) AS INTEGER) AS "ComponentCount", s."average" AS "AverageScore", s."minimum" AS "MinScore", """);
        sql.Append("""CAST(COALESCE(s."none", 0) AS INTEGER) AS "NoLevelCount" """);
        for (var i = 0; i < ODataFeedOptions.MaxLevels; i++)
            sql.Append($""", CAST(COALESCE(s."l{i}", 0) AS INTEGER) AS "Level{i}" """);
        sql.Append($"""
            FROM "groups" g
            LEFT JOIN (SELECT e."{key}" AS "key", COUNT(*) AS "n", AVG(e."score") AS "average", MIN(e."score") AS "minimum",
                              SUM(CASE WHEN e."level" IS NULL THEN 1 ELSE 0 END) AS "none"
            """);
        for (var i = 0; i < ODataFeedOptions.MaxLevels; i++)
            sql.Append(i < Shape.Levels.Count ? $""", SUM(CASE WHEN e."level" = {Literal(Shape.Levels[i])} THEN 1 ELSE 0 END) AS "l{i}" """ : $""", 0 AS "l{i}" """);
        sql.Append($"""
                       FROM "evaluation_spans" e
                       WHERE {InLatestRun("e")} AND e."{key}" IS NOT NULL
                       GROUP BY e."{key}") s ON s."key" = g."ref"
            WHERE lower(g."type") {(department ? "" : "NOT ")}IN ({departmentTypes})
            """);
        return sql.ToString();
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}

/// <summary>The configuration the feed's SQL depends on: the levels counted (lowest first) and the group types that make a department.</summary>
public sealed record FeedShape(IReadOnlyList<string> Levels, IReadOnlyList<string> DepartmentTypes)
{
    public string Key => string.Join("\u0001", Levels) + "\u0002" + string.Join("\u0001", DepartmentTypes);
}

/// <summary>EF builds one model per shape, not one per context type: two hosts with different levels get their own SQL.</summary>
internal sealed class FeedModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), ((FeedDbContext)context).Shape.Key, designTime);
}
