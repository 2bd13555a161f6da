using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TechHealth.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "components",
                columns: table => new
                {
                    @ref = table.Column<string>(name: "ref", type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    @namespace = table.Column<string>(name: "namespace", type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    owner_ref = table.Column<string>(type: "TEXT", nullable: true),
                    team_ref = table.Column<string>(type: "TEXT", nullable: true),
                    department_ref = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", nullable: true),
                    lifecycle = table.Column<string>(type: "TEXT", nullable: true),
                    tier = table.Column<string>(type: "TEXT", nullable: true),
                    system = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    repository = table.Column<string>(type: "TEXT", nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    annotations_json = table.Column<string>(type: "TEXT", nullable: false),
                    tags_json = table.Column<string>(type: "TEXT", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: true),
                    current_snapshot_id = table.Column<long>(type: "INTEGER", nullable: true),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_components", x => x.@ref);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    evaluated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    definitions_version = table.Column<string>(type: "TEXT", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", nullable: false),
                    scan_run_id = table.Column<long>(type: "INTEGER", nullable: true),
                    component_count = table.Column<int>(type: "INTEGER", nullable: false),
                    average_score = table.Column<double>(type: "REAL", nullable: false),
                    pass_count = table.Column<int>(type: "INTEGER", nullable: false),
                    fail_count = table.Column<int>(type: "INTEGER", nullable: false),
                    warn_count = table.Column<int>(type: "INTEGER", nullable: false),
                    exempt_count = table.Column<int>(type: "INTEGER", nullable: false),
                    not_applicable_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error_count = table.Column<int>(type: "INTEGER", nullable: false),
                    level_counts_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exemptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    component_ref = table.Column<string>(type: "TEXT", nullable: false),
                    check_id = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", nullable: false),
                    expires = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exemptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "groups",
                columns: table => new
                {
                    @ref = table.Column<string>(name: "ref", type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    parent_ref = table.Column<string>(type: "TEXT", nullable: true),
                    department_ref = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_groups", x => x.@ref);
                });

            migrationBuilder.CreateTable(
                name: "scan_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    full = table.Column<bool>(type: "INTEGER", nullable: false),
                    sources_json = table.Column<string>(type: "TEXT", nullable: false),
                    components_scanned = table.Column<int>(type: "INTEGER", nullable: false),
                    components_unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    components_removed = table.Column<int>(type: "INTEGER", nullable: false),
                    dependency_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error_count = table.Column<int>(type: "INTEGER", nullable: false),
                    failure = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sources",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_scanned_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_scan_run_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sources", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "check_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    evaluation_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    component_ref = table.Column<string>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    check_id = table.Column<string>(type: "TEXT", nullable: false),
                    level = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    evidence_json = table.Column<string>(type: "TEXT", nullable: false),
                    remediation = table.Column<string>(type: "TEXT", nullable: true),
                    weight = table.Column<double>(type: "REAL", nullable: false),
                    exemption_reason = table.Column<string>(type: "TEXT", nullable: true),
                    exempt_until = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_check_results_evaluation_runs",
                        column: x => x.evaluation_run_id,
                        principalTable: "evaluation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "component_evaluations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    evaluation_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    component_ref = table.Column<string>(type: "TEXT", nullable: false),
                    component_name = table.Column<string>(type: "TEXT", nullable: false),
                    owner_ref = table.Column<string>(type: "TEXT", nullable: true),
                    team_ref = table.Column<string>(type: "TEXT", nullable: true),
                    department_ref = table.Column<string>(type: "TEXT", nullable: true),
                    score = table.Column<double>(type: "REAL", nullable: false),
                    level = table.Column<string>(type: "TEXT", nullable: true),
                    lifecycle = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_component_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_component_evaluations_evaluation_runs",
                        column: x => x.evaluation_run_id,
                        principalTable: "evaluation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "component_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scan_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    component_ref = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    @namespace = table.Column<string>(name: "namespace", type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    owner_ref = table.Column<string>(type: "TEXT", nullable: true),
                    system = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", nullable: true),
                    lifecycle = table.Column<string>(type: "TEXT", nullable: true),
                    tier = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    repository = table.Column<string>(type: "TEXT", nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    annotations_json = table.Column<string>(type: "TEXT", nullable: false),
                    tags_json = table.Column<string>(type: "TEXT", nullable: false),
                    files_json = table.Column<string>(type: "TEXT", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: true),
                    captured_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_component_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_component_snapshots_scan_runs",
                        column: x => x.scan_run_id,
                        principalTable: "scan_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scan_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    repository_key = table.Column<string>(type: "TEXT", nullable: false),
                    component_ref = table.Column<string>(type: "TEXT", nullable: true),
                    message = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_errors", x => x.id);
                    table.ForeignKey(
                        name: "fk_scan_errors_scan_runs",
                        column: x => x.scan_run_id,
                        principalTable: "scan_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_groups",
                columns: table => new
                {
                    scan_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @ref = table.Column<string>(name: "ref", type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    parent_ref = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_groups", x => new { x.scan_run_id, x.@ref });
                    table.ForeignKey(
                        name: "fk_scan_groups_scan_runs",
                        column: x => x.scan_run_id,
                        principalTable: "scan_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_unchanged_repositories",
                columns: table => new
                {
                    scan_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    repository_key = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_unchanged_repositories", x => new { x.scan_run_id, x.repository_key });
                    table.ForeignKey(
                        name: "fk_scan_unchanged_repositories_scan_runs",
                        column: x => x.scan_run_id,
                        principalTable: "scan_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dependencies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    snapshot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    ecosystem = table.Column<string>(type: "TEXT", nullable: false),
                    purl = table.Column<string>(type: "TEXT", nullable: false),
                    purl_key = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    declared = table.Column<string>(type: "TEXT", nullable: true),
                    version = table.Column<string>(type: "TEXT", nullable: true),
                    unresolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    scope = table.Column<string>(type: "TEXT", nullable: false),
                    direct = table.Column<bool>(type: "INTEGER", nullable: false),
                    condition = table.Column<string>(type: "TEXT", nullable: true),
                    file = table.Column<string>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dependencies", x => x.id);
                    table.ForeignKey(
                        name: "fk_dependencies_component_snapshots",
                        column: x => x.snapshot_id,
                        principalTable: "component_snapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "named_facts",
                columns: table => new
                {
                    snapshot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_named_facts", x => new { x.snapshot_id, x.name });
                    table.ForeignKey(
                        name: "fk_named_facts_component_snapshots",
                        column: x => x.snapshot_id,
                        principalTable: "component_snapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_issues",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    snapshot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    severity = table.Column<string>(type: "TEXT", nullable: false),
                    file = table.Column<string>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_issues", x => x.id);
                    table.ForeignKey(
                        name: "fk_scan_issues_component_snapshots",
                        column: x => x.snapshot_id,
                        principalTable: "component_snapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_check_results_run_check",
                table: "check_results",
                columns: new[] { "evaluation_run_id", "check_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_results_run_component",
                table: "check_results",
                columns: new[] { "evaluation_run_id", "component_ref" });

            migrationBuilder.CreateIndex(
                name: "ix_component_evaluations_component_run",
                table: "component_evaluations",
                columns: new[] { "component_ref", "evaluation_run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_component_evaluations_run_component",
                table: "component_evaluations",
                columns: new[] { "evaluation_run_id", "component_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_component_evaluations_run_department",
                table: "component_evaluations",
                columns: new[] { "evaluation_run_id", "department_ref" });

            migrationBuilder.CreateIndex(
                name: "ix_component_evaluations_run_team",
                table: "component_evaluations",
                columns: new[] { "evaluation_run_id", "team_ref" });

            migrationBuilder.CreateIndex(
                name: "ix_component_snapshots_scan_run_id_component_ref",
                table: "component_snapshots",
                columns: new[] { "scan_run_id", "component_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_components_department_ref",
                table: "components",
                column: "department_ref");

            migrationBuilder.CreateIndex(
                name: "ix_components_owner_ref",
                table: "components",
                column: "owner_ref");

            migrationBuilder.CreateIndex(
                name: "ix_components_source_repository",
                table: "components",
                columns: new[] { "source", "repository" });

            migrationBuilder.CreateIndex(
                name: "ix_components_team_ref",
                table: "components",
                column: "team_ref");

            migrationBuilder.CreateIndex(
                name: "ix_dependencies_purl_key",
                table: "dependencies",
                column: "purl_key");

            migrationBuilder.CreateIndex(
                name: "ix_dependencies_snapshot_id",
                table: "dependencies",
                column: "snapshot_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_runs_evaluated_at",
                table: "evaluation_runs",
                column: "evaluated_at");

            migrationBuilder.CreateIndex(
                name: "ix_exemptions_component_check",
                table: "exemptions",
                columns: new[] { "component_ref", "check_id" });

            migrationBuilder.CreateIndex(
                name: "ix_groups_department_ref",
                table: "groups",
                column: "department_ref");

            migrationBuilder.CreateIndex(
                name: "ix_groups_parent_ref",
                table: "groups",
                column: "parent_ref");

            migrationBuilder.CreateIndex(
                name: "ix_scan_errors_scan_run_id",
                table: "scan_errors",
                column: "scan_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_scan_issues_snapshot_id",
                table: "scan_issues",
                column: "snapshot_id");

            migrationBuilder.CreateIndex(
                name: "ix_scan_runs_status_started_at",
                table: "scan_runs",
                columns: new[] { "status", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_results");

            migrationBuilder.DropTable(
                name: "component_evaluations");

            migrationBuilder.DropTable(
                name: "components");

            migrationBuilder.DropTable(
                name: "dependencies");

            migrationBuilder.DropTable(
                name: "exemptions");

            migrationBuilder.DropTable(
                name: "groups");

            migrationBuilder.DropTable(
                name: "named_facts");

            migrationBuilder.DropTable(
                name: "scan_errors");

            migrationBuilder.DropTable(
                name: "scan_groups");

            migrationBuilder.DropTable(
                name: "scan_issues");

            migrationBuilder.DropTable(
                name: "scan_unchanged_repositories");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "evaluation_runs");

            migrationBuilder.DropTable(
                name: "component_snapshots");

            migrationBuilder.DropTable(
                name: "scan_runs");
        }
    }
}
