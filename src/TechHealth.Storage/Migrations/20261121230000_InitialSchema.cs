using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace TechHealth.Storage.Migrations;

/// <summary>
/// The first schema, written by hand and provider-neutral: no column types are named, so each provider maps the
/// CLR types itself (TEXT/INTEGER/REAL on SQLite; text/bigint/boolean/timestamptz/date on PostgreSQL), and
/// identity columns carry both providers' annotations, each ignored by the other provider.
/// </summary>
[DbContext(typeof(TechHealthDbContext))]
[Migration("20261121230000_InitialSchema")]
public sealed class InitialSchema : Migration
{
    private static OperationBuilder<Microsoft.EntityFrameworkCore.Migrations.Operations.AddColumnOperation> Identity(ColumnsBuilder t)
        => t.Column<long>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("scan_runs", t => new
        {
            id = Identity(t),
            started_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
            status = t.Column<string>(nullable: false),
            full = t.Column<bool>(nullable: false),
            sources_json = t.Column<string>(nullable: false),
            components_scanned = t.Column<int>(nullable: false),
            components_unchanged = t.Column<int>(nullable: false),
            components_removed = t.Column<int>(nullable: false),
            dependency_count = t.Column<int>(nullable: false),
            error_count = t.Column<int>(nullable: false),
            failure = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_scan_runs", x => x.id));
        m.CreateIndex("ix_scan_runs_status_started_at", "scan_runs", ["status", "started_at"]);

        m.CreateTable("scan_errors", t => new
        {
            id = Identity(t),
            scan_run_id = t.Column<long>(nullable: false),
            repository_key = t.Column<string>(nullable: false),
            component_ref = t.Column<string>(nullable: true),
            message = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_scan_errors", x => x.id);
            t.ForeignKey("fk_scan_errors_scan_runs", x => x.scan_run_id, "scan_runs", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_scan_errors_scan_run_id", "scan_errors", "scan_run_id");

        m.CreateTable("scan_unchanged_repositories", t => new
        {
            scan_run_id = t.Column<long>(nullable: false),
            repository_key = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_scan_unchanged_repositories", x => new { x.scan_run_id, x.repository_key });
            t.ForeignKey("fk_scan_unchanged_repositories_scan_runs", x => x.scan_run_id, "scan_runs", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("scan_groups", t => new
        {
            scan_run_id = t.Column<long>(nullable: false),
            @ref = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            title = t.Column<string>(nullable: true),
            type = t.Column<string>(nullable: false),
            parent_ref = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_scan_groups", x => new { x.scan_run_id, x.@ref });
            t.ForeignKey("fk_scan_groups_scan_runs", x => x.scan_run_id, "scan_runs", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("groups", t => new
        {
            @ref = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            title = t.Column<string>(nullable: true),
            type = t.Column<string>(nullable: false),
            parent_ref = t.Column<string>(nullable: true),
            department_ref = t.Column<string>(nullable: true),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_groups", x => x.@ref));
        m.CreateIndex("ix_groups_parent_ref", "groups", "parent_ref");
        m.CreateIndex("ix_groups_department_ref", "groups", "department_ref");

        m.CreateTable("sources", t => new
        {
            name = t.Column<string>(nullable: false),
            first_seen_at = t.Column<DateTime>(nullable: false),
            last_scanned_at = t.Column<DateTime>(nullable: true),
            last_scan_run_id = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_sources", x => x.name));

        m.CreateTable("component_snapshots", t => new
        {
            id = Identity(t),
            scan_run_id = t.Column<long>(nullable: false),
            component_ref = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            @namespace = t.Column<string>(nullable: false),
            title = t.Column<string>(nullable: true),
            description = t.Column<string>(nullable: true),
            owner_ref = t.Column<string>(nullable: true),
            system = t.Column<string>(nullable: true),
            type = t.Column<string>(nullable: true),
            lifecycle = t.Column<string>(nullable: true),
            tier = t.Column<string>(nullable: true),
            source = t.Column<string>(nullable: false),
            repository = t.Column<string>(nullable: false),
            path = t.Column<string>(nullable: false),
            annotations_json = t.Column<string>(nullable: false),
            tags_json = t.Column<string>(nullable: false),
            files_json = t.Column<string>(nullable: false),
            fingerprint = t.Column<string>(nullable: true),
            captured_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_component_snapshots", x => x.id);
            t.ForeignKey("fk_component_snapshots_scan_runs", x => x.scan_run_id, "scan_runs", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_component_snapshots_scan_run_id_component_ref", "component_snapshots", ["scan_run_id", "component_ref"], unique: true);

        m.CreateTable("dependencies", t => new
        {
            id = Identity(t),
            snapshot_id = t.Column<long>(nullable: false),
            ordinal = t.Column<int>(nullable: false),
            ecosystem = t.Column<string>(nullable: false),
            purl = t.Column<string>(nullable: false),
            purl_key = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            kind = t.Column<string>(nullable: false),
            declared = t.Column<string>(nullable: true),
            version = t.Column<string>(nullable: true),
            unresolved = t.Column<bool>(nullable: false),
            locked = t.Column<bool>(nullable: false),
            scope = t.Column<string>(nullable: false),
            direct = t.Column<bool>(nullable: false),
            file = t.Column<string>(nullable: false),
            line = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_dependencies", x => x.id);
            t.ForeignKey("fk_dependencies_component_snapshots", x => x.snapshot_id, "component_snapshots", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_dependencies_snapshot_id", "dependencies", "snapshot_id");
        m.CreateIndex("ix_dependencies_purl_key", "dependencies", "purl_key");

        m.CreateTable("named_facts", t => new
        {
            snapshot_id = t.Column<long>(nullable: false),
            name = t.Column<string>(nullable: false),
            value = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_named_facts", x => new { x.snapshot_id, x.name });
            t.ForeignKey("fk_named_facts_component_snapshots", x => x.snapshot_id, "component_snapshots", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("scan_issues", t => new
        {
            id = Identity(t),
            snapshot_id = t.Column<long>(nullable: false),
            ordinal = t.Column<int>(nullable: false),
            severity = t.Column<string>(nullable: false),
            file = t.Column<string>(nullable: false),
            line = t.Column<int>(nullable: false),
            message = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_scan_issues", x => x.id);
            t.ForeignKey("fk_scan_issues_component_snapshots", x => x.snapshot_id, "component_snapshots", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_scan_issues_snapshot_id", "scan_issues", "snapshot_id");

        m.CreateTable("components", t => new
        {
            @ref = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            @namespace = t.Column<string>(nullable: false),
            title = t.Column<string>(nullable: true),
            description = t.Column<string>(nullable: true),
            owner_ref = t.Column<string>(nullable: true),
            team_ref = t.Column<string>(nullable: true),
            department_ref = t.Column<string>(nullable: true),
            type = t.Column<string>(nullable: true),
            lifecycle = t.Column<string>(nullable: true),
            tier = t.Column<string>(nullable: true),
            system = t.Column<string>(nullable: true),
            source = t.Column<string>(nullable: false),
            repository = t.Column<string>(nullable: false),
            path = t.Column<string>(nullable: false),
            annotations_json = t.Column<string>(nullable: false),
            tags_json = t.Column<string>(nullable: false),
            fingerprint = t.Column<string>(nullable: true),
            current_snapshot_id = t.Column<long>(nullable: true),
            first_seen_at = t.Column<DateTime>(nullable: false),
            last_seen_at = t.Column<DateTime>(nullable: false),
            removed = t.Column<bool>(nullable: false),
            removed_at = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_components", x => x.@ref));
        m.CreateIndex("ix_components_team_ref", "components", "team_ref");
        m.CreateIndex("ix_components_department_ref", "components", "department_ref");
        m.CreateIndex("ix_components_owner_ref", "components", "owner_ref");
        m.CreateIndex("ix_components_source_repository", "components", ["source", "repository"]);

        m.CreateTable("evaluation_runs", t => new
        {
            id = Identity(t),
            evaluated_at = t.Column<DateTime>(nullable: false),
            definitions_version = t.Column<string>(nullable: false),
            trigger = t.Column<string>(nullable: false),
            scan_run_id = t.Column<long>(nullable: true),
            component_count = t.Column<int>(nullable: false),
            average_score = t.Column<double>(nullable: false),
            pass_count = t.Column<int>(nullable: false),
            fail_count = t.Column<int>(nullable: false),
            warn_count = t.Column<int>(nullable: false),
            exempt_count = t.Column<int>(nullable: false),
            not_applicable_count = t.Column<int>(nullable: false),
            error_count = t.Column<int>(nullable: false),
            level_counts_json = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_evaluation_runs", x => x.id));
        m.CreateIndex("ix_evaluation_runs_evaluated_at", "evaluation_runs", "evaluated_at");

        m.CreateTable("component_evaluations", t => new
        {
            id = Identity(t),
            evaluation_run_id = t.Column<long>(nullable: false),
            component_ref = t.Column<string>(nullable: false),
            component_name = t.Column<string>(nullable: false),
            owner_ref = t.Column<string>(nullable: true),
            team_ref = t.Column<string>(nullable: true),
            department_ref = t.Column<string>(nullable: true),
            score = t.Column<double>(nullable: false),
            level = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_component_evaluations", x => x.id);
            t.ForeignKey("fk_component_evaluations_evaluation_runs", x => x.evaluation_run_id, "evaluation_runs", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_component_evaluations_run_component", "component_evaluations", ["evaluation_run_id", "component_ref"], unique: true);
        m.CreateIndex("ix_component_evaluations_component_run", "component_evaluations", ["component_ref", "evaluation_run_id"]);
        m.CreateIndex("ix_component_evaluations_run_team", "component_evaluations", ["evaluation_run_id", "team_ref"]);
        m.CreateIndex("ix_component_evaluations_run_department", "component_evaluations", ["evaluation_run_id", "department_ref"]);

        m.CreateTable("check_results", t => new
        {
            id = Identity(t),
            evaluation_run_id = t.Column<long>(nullable: false),
            component_ref = t.Column<string>(nullable: false),
            ordinal = t.Column<int>(nullable: false),
            check_id = t.Column<string>(nullable: false),
            level = t.Column<string>(nullable: false),
            status = t.Column<string>(nullable: false),
            message = t.Column<string>(nullable: false),
            evidence_json = t.Column<string>(nullable: false),
            remediation = t.Column<string>(nullable: true),
            weight = t.Column<double>(nullable: false),
            exemption_reason = t.Column<string>(nullable: true),
            exempt_until = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_check_results", x => x.id);
            t.ForeignKey("fk_check_results_evaluation_runs", x => x.evaluation_run_id, "evaluation_runs", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_check_results_run_component", "check_results", ["evaluation_run_id", "component_ref"]);
        m.CreateIndex("ix_check_results_run_check", "check_results", ["evaluation_run_id", "check_id"]);

        m.CreateTable("exemptions", t => new
        {
            id = Identity(t),
            component_ref = t.Column<string>(nullable: false),
            check_id = t.Column<string>(nullable: false),
            reason = t.Column<string>(nullable: false),
            approved_by = t.Column<string>(nullable: false),
            expires = t.Column<DateOnly>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            created_by = t.Column<string>(nullable: false),
            revoked_at = t.Column<DateTime>(nullable: true),
            revoked_by = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_exemptions", x => x.id));
        m.CreateIndex("ix_exemptions_component_check", "exemptions", ["component_ref", "check_id"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[]
        {
            "exemptions", "check_results", "component_evaluations", "evaluation_runs", "components", "scan_issues",
            "named_facts", "dependencies", "component_snapshots", "sources", "groups", "scan_groups",
            "scan_unchanged_repositories", "scan_errors", "scan_runs",
        })
            m.DropTable(table);
    }
}
