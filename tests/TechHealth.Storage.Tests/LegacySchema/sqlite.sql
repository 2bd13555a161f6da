-- The schema today's hand-written migrations (InitialSchema, EvaluationLifecycleAndType, DependencyCondition) made
-- on sqlite, as EF's migrator scripted them before the dotnet-ef migrations replaced them. The upgrade tests start here.
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "scan_runs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_scan_runs" PRIMARY KEY AUTOINCREMENT,
    "started_at" TEXT NOT NULL,
    "finished_at" TEXT NULL,
    "status" TEXT NOT NULL,
    "full" INTEGER NOT NULL,
    "sources_json" TEXT NOT NULL,
    "components_scanned" INTEGER NOT NULL,
    "components_unchanged" INTEGER NOT NULL,
    "components_removed" INTEGER NOT NULL,
    "dependency_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "failure" TEXT NULL
);

CREATE INDEX "ix_scan_runs_status_started_at" ON "scan_runs" ("status", "started_at");

CREATE TABLE "scan_errors" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_scan_errors" PRIMARY KEY AUTOINCREMENT,
    "scan_run_id" INTEGER NOT NULL,
    "repository_key" TEXT NOT NULL,
    "component_ref" TEXT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "fk_scan_errors_scan_runs" FOREIGN KEY ("scan_run_id") REFERENCES "scan_runs" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_scan_errors_scan_run_id" ON "scan_errors" ("scan_run_id");

CREATE TABLE "scan_unchanged_repositories" (
    "scan_run_id" INTEGER NOT NULL,
    "repository_key" TEXT NOT NULL,
    CONSTRAINT "pk_scan_unchanged_repositories" PRIMARY KEY ("scan_run_id", "repository_key"),
    CONSTRAINT "fk_scan_unchanged_repositories_scan_runs" FOREIGN KEY ("scan_run_id") REFERENCES "scan_runs" ("id") ON DELETE CASCADE
);

CREATE TABLE "scan_groups" (
    "scan_run_id" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NULL,
    "type" TEXT NOT NULL,
    "parent_ref" TEXT NULL,
    CONSTRAINT "pk_scan_groups" PRIMARY KEY ("scan_run_id", "ref"),
    CONSTRAINT "fk_scan_groups_scan_runs" FOREIGN KEY ("scan_run_id") REFERENCES "scan_runs" ("id") ON DELETE CASCADE
);

CREATE TABLE "groups" (
    "ref" TEXT NOT NULL CONSTRAINT "pk_groups" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "title" TEXT NULL,
    "type" TEXT NOT NULL,
    "parent_ref" TEXT NULL,
    "department_ref" TEXT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE INDEX "ix_groups_parent_ref" ON "groups" ("parent_ref");

CREATE INDEX "ix_groups_department_ref" ON "groups" ("department_ref");

CREATE TABLE "sources" (
    "name" TEXT NOT NULL CONSTRAINT "pk_sources" PRIMARY KEY,
    "first_seen_at" TEXT NOT NULL,
    "last_scanned_at" TEXT NULL,
    "last_scan_run_id" INTEGER NULL
);

CREATE TABLE "component_snapshots" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_component_snapshots" PRIMARY KEY AUTOINCREMENT,
    "scan_run_id" INTEGER NOT NULL,
    "component_ref" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "title" TEXT NULL,
    "description" TEXT NULL,
    "owner_ref" TEXT NULL,
    "system" TEXT NULL,
    "type" TEXT NULL,
    "lifecycle" TEXT NULL,
    "tier" TEXT NULL,
    "source" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "annotations_json" TEXT NOT NULL,
    "tags_json" TEXT NOT NULL,
    "files_json" TEXT NOT NULL,
    "fingerprint" TEXT NULL,
    "captured_at" TEXT NOT NULL,
    CONSTRAINT "fk_component_snapshots_scan_runs" FOREIGN KEY ("scan_run_id") REFERENCES "scan_runs" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_component_snapshots_scan_run_id_component_ref" ON "component_snapshots" ("scan_run_id", "component_ref");

CREATE TABLE "dependencies" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_dependencies" PRIMARY KEY AUTOINCREMENT,
    "snapshot_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "purl" TEXT NOT NULL,
    "purl_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "declared" TEXT NULL,
    "version" TEXT NULL,
    "unresolved" INTEGER NOT NULL,
    "locked" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "direct" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    CONSTRAINT "fk_dependencies_component_snapshots" FOREIGN KEY ("snapshot_id") REFERENCES "component_snapshots" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_dependencies_snapshot_id" ON "dependencies" ("snapshot_id");

CREATE INDEX "ix_dependencies_purl_key" ON "dependencies" ("purl_key");

CREATE TABLE "named_facts" (
    "snapshot_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "pk_named_facts" PRIMARY KEY ("snapshot_id", "name"),
    CONSTRAINT "fk_named_facts_component_snapshots" FOREIGN KEY ("snapshot_id") REFERENCES "component_snapshots" ("id") ON DELETE CASCADE
);

CREATE TABLE "scan_issues" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_scan_issues" PRIMARY KEY AUTOINCREMENT,
    "snapshot_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "fk_scan_issues_component_snapshots" FOREIGN KEY ("snapshot_id") REFERENCES "component_snapshots" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_scan_issues_snapshot_id" ON "scan_issues" ("snapshot_id");

CREATE TABLE "components" (
    "ref" TEXT NOT NULL CONSTRAINT "pk_components" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "title" TEXT NULL,
    "description" TEXT NULL,
    "owner_ref" TEXT NULL,
    "team_ref" TEXT NULL,
    "department_ref" TEXT NULL,
    "type" TEXT NULL,
    "lifecycle" TEXT NULL,
    "tier" TEXT NULL,
    "system" TEXT NULL,
    "source" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "annotations_json" TEXT NOT NULL,
    "tags_json" TEXT NOT NULL,
    "fingerprint" TEXT NULL,
    "current_snapshot_id" INTEGER NULL,
    "first_seen_at" TEXT NOT NULL,
    "last_seen_at" TEXT NOT NULL,
    "removed" INTEGER NOT NULL,
    "removed_at" TEXT NULL
);

CREATE INDEX "ix_components_team_ref" ON "components" ("team_ref");

CREATE INDEX "ix_components_department_ref" ON "components" ("department_ref");

CREATE INDEX "ix_components_owner_ref" ON "components" ("owner_ref");

CREATE INDEX "ix_components_source_repository" ON "components" ("source", "repository");

CREATE TABLE "evaluation_runs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_evaluation_runs" PRIMARY KEY AUTOINCREMENT,
    "evaluated_at" TEXT NOT NULL,
    "definitions_version" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scan_run_id" INTEGER NULL,
    "component_count" INTEGER NOT NULL,
    "average_score" REAL NOT NULL,
    "pass_count" INTEGER NOT NULL,
    "fail_count" INTEGER NOT NULL,
    "warn_count" INTEGER NOT NULL,
    "exempt_count" INTEGER NOT NULL,
    "not_applicable_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "level_counts_json" TEXT NOT NULL
);

CREATE INDEX "ix_evaluation_runs_evaluated_at" ON "evaluation_runs" ("evaluated_at");

CREATE TABLE "component_evaluations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_component_evaluations" PRIMARY KEY AUTOINCREMENT,
    "evaluation_run_id" INTEGER NOT NULL,
    "component_ref" TEXT NOT NULL,
    "component_name" TEXT NOT NULL,
    "owner_ref" TEXT NULL,
    "team_ref" TEXT NULL,
    "department_ref" TEXT NULL,
    "score" REAL NOT NULL,
    "level" TEXT NULL,
    CONSTRAINT "fk_component_evaluations_evaluation_runs" FOREIGN KEY ("evaluation_run_id") REFERENCES "evaluation_runs" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_component_evaluations_run_component" ON "component_evaluations" ("evaluation_run_id", "component_ref");

CREATE INDEX "ix_component_evaluations_component_run" ON "component_evaluations" ("component_ref", "evaluation_run_id");

CREATE INDEX "ix_component_evaluations_run_team" ON "component_evaluations" ("evaluation_run_id", "team_ref");

CREATE INDEX "ix_component_evaluations_run_department" ON "component_evaluations" ("evaluation_run_id", "department_ref");

CREATE TABLE "check_results" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_check_results" PRIMARY KEY AUTOINCREMENT,
    "evaluation_run_id" INTEGER NOT NULL,
    "component_ref" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "check_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "evidence_json" TEXT NOT NULL,
    "remediation" TEXT NULL,
    "weight" REAL NOT NULL,
    "exemption_reason" TEXT NULL,
    "exempt_until" TEXT NULL,
    CONSTRAINT "fk_check_results_evaluation_runs" FOREIGN KEY ("evaluation_run_id") REFERENCES "evaluation_runs" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_check_results_run_component" ON "check_results" ("evaluation_run_id", "component_ref");

CREATE INDEX "ix_check_results_run_check" ON "check_results" ("evaluation_run_id", "check_id");

CREATE TABLE "exemptions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exemptions" PRIMARY KEY AUTOINCREMENT,
    "component_ref" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "approved_by" TEXT NOT NULL,
    "expires" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "revoked_at" TEXT NULL,
    "revoked_by" TEXT NULL
);

CREATE INDEX "ix_exemptions_component_check" ON "exemptions" ("component_ref", "check_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121230000_InitialSchema', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "component_evaluations" ADD "lifecycle" TEXT NULL;

ALTER TABLE "component_evaluations" ADD "type" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122000000_EvaluationLifecycleAndType', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "dependencies" ADD "condition" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122010000_DependencyCondition', '10.0.14');

COMMIT;

