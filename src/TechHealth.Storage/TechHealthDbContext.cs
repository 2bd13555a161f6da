using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TechHealth.Storage.Records;

namespace TechHealth.Storage;

/// <summary>
/// The EF Core model of the tech-health store: tables, keys and indexes, the same on SQLite and PostgreSQL.
/// Owns mapping only; reading and writing the domain model is the stores' job (<see cref="FactStore"/>,
/// <see cref="EvaluationStore"/>, <see cref="ExemptionStore"/>). Names are snake_case so hand-written SQL reads the same on both providers.
/// </summary>
public sealed class TechHealthDbContext(DbContextOptions<TechHealthDbContext> options) : DbContext(options)
{
    public DbSet<ComponentRecord> Components => Set<ComponentRecord>();
    public DbSet<GroupRecord> Groups => Set<GroupRecord>();
    public DbSet<ScanGroupRecord> ScanGroups => Set<ScanGroupRecord>();
    public DbSet<SourceRecord> Sources => Set<SourceRecord>();
    public DbSet<ScanRunRecord> ScanRuns => Set<ScanRunRecord>();
    public DbSet<ScanErrorRecord> ScanErrors => Set<ScanErrorRecord>();
    public DbSet<ScanUnchangedRepositoryRecord> ScanUnchangedRepositories => Set<ScanUnchangedRepositoryRecord>();
    public DbSet<RepositoryFingerprintRecord> RepositoryFingerprints => Set<RepositoryFingerprintRecord>();
    public DbSet<ComponentSnapshotRecord> ComponentSnapshots => Set<ComponentSnapshotRecord>();
    public DbSet<DependencyRecord> Dependencies => Set<DependencyRecord>();
    public DbSet<NamedFactRecord> NamedFacts => Set<NamedFactRecord>();
    public DbSet<ScanIssueRecord> ScanIssues => Set<ScanIssueRecord>();
    public DbSet<EvaluationRunRecord> EvaluationRuns => Set<EvaluationRunRecord>();
    public DbSet<EvaluationSpanRecord> EvaluationSpans => Set<EvaluationSpanRecord>();
    public DbSet<SpanCheckResultRecord> SpanCheckResults => Set<SpanCheckResultRecord>();
    public DbSet<ExemptionRecord> Exemptions => Set<ExemptionRecord>();

    /// <summary>Applies the provider, connection string and conventions of <paramref name="storage"/> to an options builder.</summary>
    public static void Configure(DbContextOptionsBuilder builder, StorageOptions storage)
    {
        switch (storage.NormalisedProvider)
        {
            case StorageOptions.Sqlite:
                builder.UseSqlite(storage.ConnectionString, o => o.MigrationsAssembly(typeof(TechHealthDbContext).Assembly.FullName));
                builder.AddInterceptors(new SqliteConnectionPragmas(storage.BusyTimeout));
                break;
            case StorageOptions.Postgres:
                builder.UseNpgsql(storage.ConnectionString, o => o.MigrationsAssembly(typeof(TechHealthDbContext).Assembly.FullName));
                break;
        }
        // Each provider has its own dotnet-ef migrations and model snapshot (Migrations/Sqlite, Migrations/Postgres).
        builder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    /// <summary>Builds context options for <paramref name="storage"/> without dependency injection (command line verbs, tests).</summary>
    public static DbContextOptions<TechHealthDbContext> CreateOptions(StorageOptions storage)
    {
        var builder = new DbContextOptionsBuilder<TechHealthDbContext>();
        Configure(builder, storage);
        return builder.Options;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC; SQLite hands them back unspecified, PostgreSQL insists on UTC for timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<ComponentRecord>(e =>
        {
            e.ToTable("components");
            e.HasKey(x => x.Ref);
            e.HasIndex(x => x.TeamRef).HasDatabaseName("ix_components_team_ref");
            e.HasIndex(x => x.DepartmentRef).HasDatabaseName("ix_components_department_ref");
            e.HasIndex(x => x.OwnerRef).HasDatabaseName("ix_components_owner_ref");
            e.HasIndex(x => new { x.Source, x.Repository }).HasDatabaseName("ix_components_source_repository");
        });
        b.Entity<GroupRecord>(e =>
        {
            e.ToTable("groups");
            e.HasKey(x => x.Ref);
            e.HasIndex(x => x.ParentRef).HasDatabaseName("ix_groups_parent_ref");
            e.HasIndex(x => x.DepartmentRef).HasDatabaseName("ix_groups_department_ref");
        });
        b.Entity<ScanGroupRecord>(e =>
        {
            e.ToTable("scan_groups");
            e.HasKey(x => new { x.ScanRunId, x.Ref });
        });
        b.Entity<SourceRecord>(e =>
        {
            e.ToTable("sources");
            e.HasKey(x => x.Name);
        });
        b.Entity<ScanRunRecord>(e =>
        {
            e.ToTable("scan_runs");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Status, x.StartedAt }).HasDatabaseName("ix_scan_runs_status_started_at");
        });
        b.Entity<ScanErrorRecord>(e =>
        {
            e.ToTable("scan_errors");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ScanRunId).HasDatabaseName("ix_scan_errors_scan_run_id");
        });
        b.Entity<ScanUnchangedRepositoryRecord>(e =>
        {
            e.ToTable("scan_unchanged_repositories");
            e.HasKey(x => new { x.ScanRunId, x.RepositoryKey });
        });
        b.Entity<RepositoryFingerprintRecord>(e =>
        {
            e.ToTable("repository_fingerprints");
            e.HasKey(x => x.RepositoryKey);
        });
        b.Entity<ComponentSnapshotRecord>(e =>
        {
            e.ToTable("component_snapshots");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ScanRunId, x.ComponentRef }).IsUnique().HasDatabaseName("ix_component_snapshots_scan_run_id_component_ref");
        });
        b.Entity<DependencyRecord>(e =>
        {
            e.ToTable("dependencies");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.SnapshotId).HasDatabaseName("ix_dependencies_snapshot_id");
            e.HasIndex(x => x.PurlKey).HasDatabaseName("ix_dependencies_purl_key");
        });
        b.Entity<NamedFactRecord>(e =>
        {
            e.ToTable("named_facts");
            e.HasKey(x => new { x.SnapshotId, x.Name });
        });
        b.Entity<ScanIssueRecord>(e =>
        {
            e.ToTable("scan_issues");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.SnapshotId).HasDatabaseName("ix_scan_issues_snapshot_id");
        });
        b.Entity<EvaluationRunRecord>(e =>
        {
            e.ToTable("evaluation_runs");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.EvaluatedAt).HasDatabaseName("ix_evaluation_runs_evaluated_at");
        });
        // A run's evaluations are the spans whose [valid_from_run_id, valid_to_run_id) holds its id; the views
        // component_evaluations and check_results (made by the EvaluationSpans migration) give that per run, in the
        // shape the tables had when every run stored every row.
        b.Entity<EvaluationSpanRecord>(e =>
        {
            e.ToTable("evaluation_spans");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ValidFromRunId, x.ComponentRef }).IsUnique().HasDatabaseName("ix_evaluation_spans_from_component");
            e.HasIndex(x => new { x.ComponentRef, x.ValidFromRunId }).HasDatabaseName("ix_evaluation_spans_component_from");
            e.HasIndex(x => new { x.TeamRef, x.ValidFromRunId }).HasDatabaseName("ix_evaluation_spans_team_from");
            e.HasIndex(x => new { x.DepartmentRef, x.ValidFromRunId }).HasDatabaseName("ix_evaluation_spans_department_from");
            e.HasIndex(x => x.ValidToRunId).HasDatabaseName("ix_evaluation_spans_valid_to");
        });
        b.Entity<SpanCheckResultRecord>(e =>
        {
            e.ToTable("span_check_results");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ValidFromRunId, x.ComponentRef }).HasDatabaseName("ix_span_check_results_from_component");
            e.HasIndex(x => new { x.ValidFromRunId, x.CheckId }).HasDatabaseName("ix_span_check_results_from_check");
        });
        b.Entity<ExemptionRecord>(e =>
        {
            e.ToTable("exemptions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ComponentRef, x.CheckId }).HasDatabaseName("ix_exemptions_component_check");
        });

        // Rows of a run or a snapshot go with it. The names are those the first (hand-written) schema gave, which
        // databases made before the dotnet-ef migrations carry.
        Cascade<ScanErrorRecord, ScanRunRecord>(b, x => x.ScanRunId, "fk_scan_errors_scan_runs");
        Cascade<ScanUnchangedRepositoryRecord, ScanRunRecord>(b, x => x.ScanRunId, "fk_scan_unchanged_repositories_scan_runs");
        Cascade<ScanGroupRecord, ScanRunRecord>(b, x => x.ScanRunId, "fk_scan_groups_scan_runs");
        Cascade<ComponentSnapshotRecord, ScanRunRecord>(b, x => x.ScanRunId, "fk_component_snapshots_scan_runs");
        Cascade<DependencyRecord, ComponentSnapshotRecord>(b, x => x.SnapshotId, "fk_dependencies_component_snapshots");
        Cascade<NamedFactRecord, ComponentSnapshotRecord>(b, x => x.SnapshotId, "fk_named_facts_component_snapshots");
        Cascade<ScanIssueRecord, ComponentSnapshotRecord>(b, x => x.SnapshotId, "fk_scan_issues_component_snapshots");
        // Spans have no foreign key to a run: a span outlives the run that began it while a later run still holds
        // it. EvaluationStore deletes a span (and its results) when no stored run is left inside its range.

        foreach (var entity in b.Model.GetEntityTypes())
        {
            entity.FindPrimaryKey()!.SetName("pk_" + entity.GetTableName());
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
        }
    }

    private static void Cascade<TDependent, TPrincipal>(ModelBuilder b, System.Linq.Expressions.Expression<Func<TDependent, object?>> foreignKey, string name)
        where TDependent : class where TPrincipal : class
        => b.Entity<TDependent>().HasOne<TPrincipal>().WithMany().HasForeignKey(foreignKey).OnDelete(DeleteBehavior.Cascade).HasConstraintName(name);

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

}

/// <summary>Keeps every stored time in UTC whatever the provider hands back.</summary>
internal sealed class UtcDateTimeConverter : ValueConverter<DateTime, DateTime>
{
    public UtcDateTimeConverter() : base(v => StorageTime.ToUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc)) { }
}

internal static class StorageTime
{
    public static DateTime ToUtc(DateTime v) => v.Kind switch
    {
        DateTimeKind.Utc => v,
        DateTimeKind.Local => v.ToUniversalTime(),
        _ => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    };

    public static DateTime ToUtc(DateTimeOffset v) => v.UtcDateTime;

    public static DateTimeOffset FromUtc(DateTime v) => new(DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
