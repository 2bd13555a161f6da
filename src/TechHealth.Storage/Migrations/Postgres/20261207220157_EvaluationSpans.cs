using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TechHealth.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EvaluationSpans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "component_order_json",
                table: "evaluation_runs",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "evaluation_spans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    valid_from_run_id = table.Column<long>(type: "bigint", nullable: false),
                    valid_to_run_id = table.Column<long>(type: "bigint", nullable: true),
                    content_hash = table.Column<string>(type: "text", nullable: true),
                    component_ref = table.Column<string>(type: "text", nullable: false),
                    component_name = table.Column<string>(type: "text", nullable: false),
                    owner_ref = table.Column<string>(type: "text", nullable: true),
                    team_ref = table.Column<string>(type: "text", nullable: true),
                    department_ref = table.Column<string>(type: "text", nullable: true),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    level = table.Column<string>(type: "text", nullable: true),
                    lifecycle = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_spans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "span_check_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    valid_from_run_id = table.Column<long>(type: "bigint", nullable: false),
                    component_ref = table.Column<string>(type: "text", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    check_id = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    evidence_json = table.Column<string>(type: "text", nullable: false),
                    remediation = table.Column<string>(type: "text", nullable: true),
                    weight = table.Column<double>(type: "double precision", nullable: false),
                    exemption_reason = table.Column<string>(type: "text", nullable: true),
                    exempt_until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_span_check_results", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_spans_component_from",
                table: "evaluation_spans",
                columns: new[] { "component_ref", "valid_from_run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_spans_department_from",
                table: "evaluation_spans",
                columns: new[] { "department_ref", "valid_from_run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_spans_from_component",
                table: "evaluation_spans",
                columns: new[] { "valid_from_run_id", "component_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_spans_team_from",
                table: "evaluation_spans",
                columns: new[] { "team_ref", "valid_from_run_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_spans_valid_to",
                table: "evaluation_spans",
                column: "valid_to_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_span_check_results_from_check",
                table: "span_check_results",
                columns: new[] { "valid_from_run_id", "check_id" });

            migrationBuilder.CreateIndex(
                name: "ix_span_check_results_from_component",
                table: "span_check_results",
                columns: new[] { "valid_from_run_id", "component_ref" });

            EvaluationSpanSql.Up(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            EvaluationSpanSql.DropViews(migrationBuilder);

            migrationBuilder.CreateTable(
                name: "check_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    check_id = table.Column<string>(type: "text", nullable: false),
                    component_ref = table.Column<string>(type: "text", nullable: false),
                    evaluation_run_id = table.Column<long>(type: "bigint", nullable: false),
                    evidence_json = table.Column<string>(type: "text", nullable: false),
                    exempt_until = table.Column<DateOnly>(type: "date", nullable: true),
                    exemption_reason = table.Column<string>(type: "text", nullable: true),
                    level = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    remediation = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    weight = table.Column<double>(type: "double precision", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    component_name = table.Column<string>(type: "text", nullable: false),
                    component_ref = table.Column<string>(type: "text", nullable: false),
                    department_ref = table.Column<string>(type: "text", nullable: true),
                    evaluation_run_id = table.Column<long>(type: "bigint", nullable: false),
                    level = table.Column<string>(type: "text", nullable: true),
                    lifecycle = table.Column<string>(type: "text", nullable: true),
                    owner_ref = table.Column<string>(type: "text", nullable: true),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    team_ref = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "text", nullable: true)
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

            // Back to one row per run: every span copied into each run inside its range.
            EvaluationSpanSql.Down(migrationBuilder);

            migrationBuilder.DropTable(
                name: "span_check_results");

            migrationBuilder.DropTable(
                name: "evaluation_spans");

            migrationBuilder.DropColumn(
                name: "component_order_json",
                table: "evaluation_runs");
        }
    }
}
