using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TechHealth.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UnchangedEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "inputs_key",
                table: "evaluation_runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "inputs_stable_until",
                table: "evaluation_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "repository_fingerprints",
                columns: table => new
                {
                    repository_key = table.Column<string>(type: "text", nullable: false),
                    fingerprint = table.Column<string>(type: "text", nullable: false),
                    scan_run_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repository_fingerprints", x => x.repository_key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "repository_fingerprints");

            migrationBuilder.DropColumn(
                name: "inputs_key",
                table: "evaluation_runs");

            migrationBuilder.DropColumn(
                name: "inputs_stable_until",
                table: "evaluation_runs");
        }
    }
}
