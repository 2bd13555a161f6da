using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TechHealth.Storage.Migrations.Sqlite
{
    /// <summary>
    /// The scan shard bookkeeping, so a sharded scan can run in one process on SQLite too (Quartz stays in memory there).
    /// Raw SQL outside the EF model, so the model snapshot is untouched and migrations others add merge without conflict.
    /// </summary>
    [DbContext(typeof(TechHealthDbContext))]
    [Migration("20261207220000_ClusterScheduling")]
    public partial class ClusterScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE scan_shard_runs (
                    scan_run_id INTEGER NOT NULL PRIMARY KEY REFERENCES scan_runs (id) ON DELETE CASCADE,
                    source text NULL,
                    full_scan INTEGER NOT NULL,
                    shard_count integer NOT NULL,
                    state text NOT NULL,
                    owner text NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    created_at bigint NOT NULL,
                    finished_at bigint NULL,
                    evaluation_run_id bigint NULL,
                    active_slot integer NULL
                );
                CREATE UNIQUE INDEX ux_scan_shard_runs_active_slot ON scan_shard_runs (active_slot);
                CREATE TABLE scan_shards (
                    scan_run_id bigint NOT NULL REFERENCES scan_shard_runs (scan_run_id) ON DELETE CASCADE,
                    shard integer NOT NULL,
                    repositories_json text NOT NULL,
                    state text NOT NULL,
                    owner text NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    claimed_at bigint NULL,
                    finished_at bigint NULL,
                    error text NULL,
                    PRIMARY KEY (scan_run_id, shard)
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS scan_shards;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS scan_shard_runs;");
        }
    }
}
