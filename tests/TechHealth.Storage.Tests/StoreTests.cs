using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using Xunit.Abstractions;

namespace TechHealth.Storage.Tests;

/// <summary>
/// The store's behaviour, run unchanged against every provider: each subclass supplies a fresh empty database per test.
/// </summary>
public abstract partial class StoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    protected readonly ITestOutputHelper Output = output;
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<StoreHarness> _opened = [];
    private StorageOptions? _options;

    /// <summary>Creates an empty database for one test; null when the provider cannot run here (the reason is in <see cref="Unavailable"/>).</summary>
    protected abstract Task<StorageOptions?> CreateStorageAsync();
    protected abstract Task CleanUpStorageAsync();
    protected virtual string? Unavailable => null;

    /// <summary>Table name to column names, and the index names, as the database itself reports them.</summary>
    protected abstract Task<(Dictionary<string, HashSet<string>> Columns, HashSet<string> Indexes)> ReadSchemaAsync(DbConnection connection);

    /// <summary>Every column with its type, nullability and key part, every constraint and every index with its columns, one per line, sorted.</summary>
    protected abstract Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection);

    protected static async Task<IReadOnlyList<string>> LinesAsync(DbConnection connection, string sql)
    {
        var lines = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return lines;
    }

    public async Task InitializeAsync() => _options = await CreateStorageAsync();

    public async Task DisposeAsync()
    {
        foreach (var h in _opened) await h.DisposeAsync();
        await CleanUpStorageAsync();
    }

    /// <summary>
    /// Opens the store as the service would at start-up (migrations applied); null when the provider is unavailable.
    /// With <paramref name="legacySteps"/>, the database is instead what the first 1-3 hand-written migrations of the
    /// builds before dotnet-ef left behind (LegacySchema/*.sql), not migrated yet.
    /// </summary>
    protected async Task<StoreHarness?> OpenAsync(Action<StorageOptions>? configure = null, int? legacySteps = null)
    {
        if (_options is null)
        {
            var message = $"{GetType().Name}: not run: {Unavailable}";
            Console.WriteLine(message);
            Output.WriteLine(message);
            return null;
        }
        configure?.Invoke(_options);
        var harness = new StoreHarness(_options, Clock);
        _opened.Add(harness);
        if (legacySteps is null)
            await harness.Database.MigrateAsync();
        else
        {
            // Only the full migration makes SQLite's data folder, so it is made here.
            if (_options.NormalisedProvider == StorageOptions.Sqlite)
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(_options.ConnectionString).DataSource))!);
            await using var db = harness.NewContext();
            foreach (var step in LegacySchema(_options.NormalisedProvider).Take(legacySteps.Value))
                await db.Database.ExecuteSqlRawAsync(step);
        }
        return harness;
    }

    /// <summary>The script of the hand-written migrations, one transaction per migration (the history table's creation goes with the first).</summary>
    private static IReadOnlyList<string> LegacySchema(string provider)
    {
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LegacySchema", provider + ".sql")).Replace("{", "{{").Replace("}", "}}");
        var steps = script.Split("COMMIT;", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s + "\nCOMMIT;").ToList();
        steps.Count.ShouldBe(3);
        return steps;
    }

    private static readonly string[] HandWrittenMigrations =
        ["20261121230000_InitialSchema", "20261122000000_EvaluationLifecycleAndType", "20261122010000_DependencyCondition"];

    /// <summary>A second, independent service instance over the same database, as another process would be.</summary>
    protected StoreHarness OpenAnotherProcess()
    {
        var harness = new StoreHarness(_options!, Clock);
        _opened.Add(harness);
        return harness;
    }

    private static string RefOf(string name) => $"component:default/{name}";

    private static async Task<long> CompletedScanAsync(StoreHarness h, IReadOnlyCollection<string>? sources, params ComponentFacts[] components)
    {
        var run = await h.Facts.BeginScanRunAsync(sources);
        await h.Facts.SaveComponentSnapshotsAsync(run, components);
        await h.Facts.CompleteScanRunAsync(run);
        return run;
    }

    // ---- schema -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Migrating_twice_applies_the_initial_schema_once()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await h.Database.MigrateAsync();
        (await h.Database.CanConnectAsync()).ShouldBeTrue();
        var applied = await h.Database.AppliedMigrationsAsync();
        // Each of the provider's migrations once, in order, the Baseline first (the raw-SQL cluster tables come after it).
        await using var db = h.NewContext();
        applied.ShouldBe(db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList());
        applied[0].ShouldEndWith("_Baseline");
        applied.ShouldContain(m => m.EndsWith("_EvaluationSpans"));
        applied.ShouldContain(m => m.EndsWith("_UnchangedEvaluations"));
    }

    [Fact]
    public async Task Migrated_schema_has_every_table_column_and_index_of_the_model()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await using var db = h.NewContext();
        await db.Database.OpenConnectionAsync();
        var (columns, indexes) = await ReadSchemaAsync(db.Database.GetDbConnection());
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            columns.ShouldContainKey(table);
            var expected = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
            columns[table].ShouldBe(expected, ignoreOrder: true, customMessage: $"columns of {table}");
            foreach (var index in entity.GetIndexes())
                indexes.ShouldContain(index.GetDatabaseName()!);
        }
    }

    // ---- facts --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Saved_facts_load_back_with_every_field()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var original = Sample.EveryField();
        var bare = new ComponentFacts { Name = "bare", Source = "acme", Repository = "bare" };
        await CompletedScanAsync(h, null, original, bare);

        var loaded = await h.Facts.LoadCurrentFactsAsync();

        loaded.Select(c => c.Ref).ShouldBe(["component:default/bare", "component:finance/payments-api"]);
        Sample.Canonical(loaded[1]).ShouldBe(Sample.Canonical(original));
        Sample.Canonical(loaded[0]).ShouldBe(Sample.Canonical(bare));
        for (var i = 0; i < original.Dependencies.Count; i++)
            loaded[1].Dependencies[i].Purl.ShouldBe(original.Dependencies[i].Purl);
        loaded[1].Issues.ShouldBe(original.Issues);
    }

    [Fact]
    public async Task Dependency_conditions_load_back_and_unconditional_ones_stay_null()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.EveryField());

        var loaded = (await h.Facts.LoadCurrentFactsAsync()).Single().Dependencies;

        loaded.Where(d => d.Condition is not null).Select(d => (d.DisplayName, d.Condition))
            .ShouldBe([("log4j-1.2-api", "profile:legacy"), ("winapi", "target:cfg(windows)")]);
        loaded.Count(d => d.Condition is null).ShouldBe(8);
    }

    [Fact]
    public async Task Dependencies_stored_before_conditions_were_kept_load_back_unconditional_and_otherwise_intact()
    {
        var h = await OpenAsync(legacySteps: 2);
        if (h is null) return;
        long run;
        await using (var db = h.NewContext())
        {
            // Rows written by a build that knew no conditions, so the column is absent while they are stored.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO scan_runs (started_at, status, \"full\", sources_json, components_scanned, components_unchanged, components_removed, dependency_count, error_count) " +
                "VALUES ({0}, 'running', FALSE, '[]', 0, 0, 0, 0, 0)", Clock.GetUtcNow().UtcDateTime);
            run = await db.ScanRuns.Select(r => r.Id).SingleAsync();
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO component_snapshots (scan_run_id, component_ref, name, namespace, source, repository, path, annotations_json, tags_json, files_json, captured_at) " +
                "VALUES ({0}, 'component:default/old', 'old', 'default', 'acme', 'old', '', '{{}}', '[]', '[]', {1})", run, Clock.GetUtcNow().UtcDateTime);
            var snapshot = await db.ComponentSnapshots.Select(s => s.Id).SingleAsync();
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO dependencies (snapshot_id, ordinal, ecosystem, purl, purl_key, name, kind, declared, version, unresolved, locked, scope, direct, file, line) " +
                "VALUES ({0}, 0, 'maven', 'pkg:maven/org.apache.logging.log4j/log4j-core', 'pkg:maven/org.apache.logging.log4j/log4j-core', 'log4j-core', 'library', '2.14.1', '2.14.1', FALSE, FALSE, 'runtime', TRUE, 'pom.xml', 42)",
                snapshot);
        }
        await h.Facts.CompleteScanRunAsync(run);

        await h.Database.MigrateAsync();

        var dependency = (await h.Facts.LoadCurrentFactsAsync()).Single().Dependencies.Single();
        dependency.Condition.ShouldBeNull();
        (dependency.DisplayName, dependency.Version, dependency.Scope, dependency.Where).ShouldBe(("log4j-core", "2.14.1", DependencyScope.Runtime, "pom.xml line 42"));
    }

    [Fact]
    public async Task The_model_and_the_providers_migration_snapshot_agree()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await using var db = h.NewContext();
        // A model change without `bash tools/add-migration.sh NAME` fails here (and EF refuses to migrate).
        db.Database.HasPendingModelChanges().ShouldBeFalse();
        db.GetService<IMigrationsAssembly>().Migrations.Values.ShouldAllBe(m => m.Namespace!.EndsWith(db.Database.IsSqlite() ? ".Sqlite" : ".Postgres"));
    }

    [Fact]
    public async Task A_database_the_hand_written_migrations_made_upgrades_in_place_keeping_facts_results_and_exemptions()
    {
        var h = await OpenAsync(legacySteps: 3);
        if (h is null) return;
        // The fact stores of today write the same tables the hand-written migrations made, so the data is as a user
        // has it; evaluation runs are written as the store wrote them then, every row in every run.
        var original = Sample.EveryField();
        await CompletedScanAsync(h, null, original, Sample.Component("api", log4jVersion: "2.14.1"));
        var evaluations = Sample.Evaluations(3, 4, seed: 5);
        var header = new EvaluationRunHeader(Clock.GetUtcNow(), "v1", EvaluationTrigger.Scan);
        long run;
        await using (var db = h.NewContext())
            run = await PerRunRows.SaveAsync(db, header, evaluations);
        var exemption = await h.Exemptions.CreateAsync(new NewExemption("component:default/api", "no-hold", "vendor fix due", "cto", new DateOnly(2027, 1, 31), "test"));

        await h.Database.MigrateAsync();

        var applied = await h.Database.AppliedMigrationsAsync();
        applied.Take(3).ShouldBe(HandWrittenMigrations);
        applied[3].ShouldEndWith("_Baseline");
        // Then every migration after the Baseline, once.
        await using (var db = h.NewContext())
            applied.Skip(3).ShouldBe(db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList());
        applied.ShouldContain(m => m.EndsWith("_EvaluationSpans"));
        applied.ShouldContain(m => m.EndsWith("_UnchangedEvaluations"));
        var other = OpenAnotherProcess();
        var loaded = await other.Facts.LoadCurrentFactsAsync();
        loaded.Select(c => c.Name).ShouldBe(["api", "payments-api"]);
        Sample.Canonical(loaded[1]).ShouldBe(Sample.Canonical(original));
        Sample.Canonical(await other.Evaluations.LoadEvaluationAsync(run))
            .ShouldBe(Sample.Canonical(evaluations.Select(e => e with { DefinitionsVersion = "v1", EvaluatedAt = header.EvaluatedAt })));
        (await other.Exemptions.GetAsync(exemption.Id))!.Reason.ShouldBe("vendor fix due");

        // New rows after the upgrade get fresh ids beside the old ones, and a second start changes nothing.
        await CompletedScanAsync(other, null, Sample.Component("web"));
        await other.Database.MigrateAsync();
        (await other.Database.AppliedMigrationsAsync()).ShouldBe(applied);
        (await other.Facts.LoadCurrentFactsAsync()).Select(c => c.Name).ShouldBe(["web"]);
    }

    [Fact]
    public async Task Runs_stored_a_row_per_component_and_result_become_spans_that_answer_every_query_as_before()
    {
        var h = await OpenAsync(legacySteps: 3);
        if (h is null) return;
        var full = new FullHistory();
        var t0 = Clock.GetUtcNow();
        var v1 = Sample.Evaluations(4, 3, seed: 2);
        var changed = v1.Select((e, i) => i == 1 ? e with { Score = 99 } : e).ToList();
        // Unchanged, changed, another order (kept as it was stored) and a component gone.
        var legacy = new[] { v1, v1, changed, Enumerable.Reverse(changed).ToList(), changed.Skip(1).ToList() };
        await using (var db = h.NewContext())
            for (var i = 0; i < legacy.Length; i++)
            {
                var header = new EvaluationRunHeader(t0.AddHours(i), "v1", EvaluationTrigger.Scan);
                var id = await PerRunRows.SaveAsync(db, header, legacy[i]);
                full.Add(new EvaluationRunInfo(id, header.EvaluatedAt, "v1", EvaluationTrigger.Scan, null, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>()),
                    legacy[i], new Dictionary<string, (string?, string?)>());
            }

        await h.Database.MigrateAsync();

        // The run headers are compared by their own test; here the evaluations, scores and histories.
        var store = OpenAnotherProcess().Evaluations;
        foreach (var id in full.RunIds)
            Sample.Canonical(await store.LoadEvaluationAsync(id)).ShouldBe(Sample.Canonical(full.LoadEvaluation(id)));
        foreach (var component in full.ComponentRefs)
            (await store.GetComponentHistoryAsync(component)).ShouldBe(full.GetComponentHistory(component));
        (await store.LoadRecentScoreHistoryAsync(10)).ShouldBe(full.LoadRecentScoreHistory(10));
        // The old table names read as before: one row per run and component, one per run and result.
        await using (var db = h.NewContext())
        {
            (await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM component_evaluations").SingleAsync()).ShouldBe(legacy.Sum(r => r.Count));
            (await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM check_results").SingleAsync()).ShouldBe(legacy.Sum(r => r.Count * 3));
        }

        // The first run after the upgrade is compared with the last one before it; pruning the runs before it loses nothing of it.
        var after = await store.SaveEvaluationRunAsync(new(t0.AddHours(10), "v1", EvaluationTrigger.Scan), changed.Skip(1).ToList());
        var ids = full.RunIds.ToList();
        await store.DeleteEvaluationRunsAsync(ids);
        Sample.Canonical(await store.LoadEvaluationAsync(after.Id))
            .ShouldBe(Sample.Canonical(changed.Skip(1).Select(e => e with { DefinitionsVersion = "v1", EvaluatedAt = t0.AddHours(10) })));
    }

    [Fact]
    public async Task A_database_from_before_lifecycle_and_type_gains_every_later_column_and_keeps_its_rows()
    {
        var h = await OpenAsync(legacySteps: 1);
        if (h is null) return;
        await using (var db = h.NewContext())
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO scan_runs (started_at, status, \"full\", sources_json, components_scanned, components_unchanged, components_removed, dependency_count, error_count) " +
                "VALUES ({0}, 'completed', FALSE, '[]', 3, 0, 0, 0, 0)", Clock.GetUtcNow().UtcDateTime);

        await h.Database.MigrateAsync();

        (await h.Database.AppliedMigrationsAsync()).Take(3).ShouldBe(HandWrittenMigrations);
        await using (var db = h.NewContext())
        {
            (await db.ScanRuns.Select(r => r.ComponentsScanned).SingleAsync()).ShouldBe(3);
            await db.Database.OpenConnectionAsync();
            var (columns, _) = await ReadSchemaAsync(db.Database.GetDbConnection());
            // The per-run table is now the span table (and a view of the old name).
            columns["evaluation_spans"].ShouldContain("lifecycle");
            columns["evaluation_spans"].ShouldContain("type");
            columns["dependencies"].ShouldContain("condition");
        }
    }

    [Fact]
    public async Task An_upgraded_database_has_the_schema_a_new_database_gets()
    {
        var h = await OpenAsync(legacySteps: 3);
        if (h is null) return;
        await h.Database.MigrateAsync();
        var fresh = await CreateStorageAsync();
        fresh.ShouldNotBeNull();
        await using var another = new StoreHarness(fresh, Clock);
        await another.Database.MigrateAsync();

        async Task<string> Schema(StoreHarness of)
        {
            await using var db = of.NewContext();
            await db.Database.OpenConnectionAsync();
            return string.Join("\n", (await DescribeSchemaAsync(db.Database.GetDbConnection())).Order(StringComparer.Ordinal));
        }
        var upgraded = await Schema(h);
        upgraded.ShouldContain("fk_dependencies_component_snapshots");
        upgraded.ShouldContain("pk_span_check_results");
        upgraded.ShouldBe(await Schema(another));
    }

    [Fact]
    public async Task A_scan_run_is_invisible_to_every_reader_until_it_completes()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.Component("api", log4jVersion: "2.14.1"));

        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("api", log4jVersion: "2.17.1"), Sample.Component("web")]);
        var other = OpenAnotherProcess();

        foreach (var reader in new[] { h, other })
        {
            var during = await reader.Facts.LoadCurrentFactsAsync();
            during.Select(c => c.Name).ShouldBe(["api"]);
            during[0].Dependencies[0].Version.ShouldBe("2.14.1");
        }

        await h.Facts.CompleteScanRunAsync(run);

        var after = await other.Facts.LoadCurrentFactsAsync();
        after.Select(c => c.Name).ShouldBe(["api", "web"]);
        after[0].Dependencies[0].Version.ShouldBe("2.17.1");
    }

    [Fact]
    public async Task A_run_abandoned_midway_leaves_the_previous_results_in_force_and_is_marked_interrupted()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.Component("api", log4jVersion: "2.14.1"));

        long abandoned;
        await using (var dying = OpenAnotherProcess())
        {
            abandoned = await dying.Facts.BeginScanRunAsync();
            await dying.Facts.SaveComponentSnapshotsAsync(abandoned, [Sample.Component("api", log4jVersion: "2.17.1")]);
            await dying.Facts.SaveGroupsAsync(abandoned, [new OrgGroup("group:default/team-payments", "team-payments", null, "team", null)]);
        }

        var restarted = OpenAnotherProcess();
        (await restarted.Facts.LoadCurrentFactsAsync()).Single().Dependencies[0].Version.ShouldBe("2.14.1");
        (await restarted.Facts.GetScanRunAsync(abandoned))!.Status.ShouldBe(ScanRunStatus.Running);

        (await restarted.Facts.MarkInterruptedScanRunsAsync()).ShouldBe(1);

        var run = (await restarted.Facts.GetScanRunAsync(abandoned))!;
        run.Status.ShouldBe(ScanRunStatus.Interrupted);
        run.FinishedAt.ShouldNotBeNull();
        await using (var db = restarted.NewContext())
        {
            (await db.ComponentSnapshots.CountAsync(s => s.ScanRunId == abandoned)).ShouldBe(0);
            (await db.ScanGroups.CountAsync()).ShouldBe(0);
        }
        var error = await Should.ThrowAsync<InvalidOperationException>(() => restarted.Facts.CompleteScanRunAsync(abandoned));
        error.Message.ShouldContain("interrupted");
        (await restarted.Facts.LoadGroupsAsync()).ShouldBeEmpty();
        (await restarted.Facts.LoadCurrentFactsAsync()).Single().Dependencies[0].Version.ShouldBe("2.14.1");
    }

    [Fact]
    public async Task Only_runs_started_before_the_given_time_are_taken_for_interrupted()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var dead = await h.Facts.BeginScanRunAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var live = await h.Facts.BeginScanRunAsync(["acme"]);

        (await h.Facts.MarkInterruptedScanRunsAsync(startedBefore: restart)).ShouldBe(1);

        (await h.Facts.GetScanRunAsync(dead))!.Status.ShouldBe(ScanRunStatus.Interrupted);
        (await h.Facts.GetScanRunAsync(live))!.Status.ShouldBe(ScanRunStatus.Running);
        await h.Facts.SaveComponentSnapshotsAsync(live, [Sample.Component("api")]);
        (await h.Facts.CompleteScanRunAsync(live)).Status.ShouldBe(ScanRunStatus.Completed);
    }

    [Fact]
    public async Task A_batch_that_breaks_while_saving_writes_nothing_of_that_batch()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("first")]);

        IEnumerable<ComponentFacts> BreaksAfterTwo()
        {
            yield return Sample.Component("second");
            yield return Sample.Component("third");
            throw new IOException("disk gone");
        }
        await Should.ThrowAsync<IOException>(() => h.Facts.SaveComponentSnapshotsAsync(run, BreaksAfterTwo()));

        await using (var db = h.NewContext())
            (await db.ComponentSnapshots.Where(s => s.ScanRunId == run).Select(s => s.Name).ToListAsync()).ShouldBe(["first"]);
        await h.Facts.CompleteScanRunAsync(run);
        (await h.Facts.LoadCurrentFactsAsync()).Select(c => c.Name).ShouldBe(["first"]);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_with_its_reason_and_changes_nothing()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.Component("api"));
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("web")]);

        await h.Facts.FailScanRunAsync(run, "git clone of acme failed: authentication required");

        var info = (await h.Facts.GetScanRunAsync(run))!;
        info.Status.ShouldBe(ScanRunStatus.Failed);
        info.Failure.ShouldBe("git clone of acme failed: authentication required");
        (await h.Facts.LoadCurrentFactsAsync()).Select(c => c.Name).ShouldBe(["api"]);
        await Should.ThrowAsync<InvalidOperationException>(() => h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("late")]));
    }

    [Fact]
    public async Task Unchanged_and_unreadable_repositories_keep_their_facts_and_vanished_components_are_removed_within_the_runs_sources()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, ["acme", "beta"],
            Sample.Component("c1", repository: "repo1"), Sample.Component("c2", repository: "repo2"),
            Sample.Component("c3", repository: "repo3"), Sample.Component("c4", repository: "repo4"),
            Sample.Component("b1", source: "beta"));
        Clock.Advance(TimeSpan.FromHours(1));

        var run = await h.Facts.BeginScanRunAsync(["acme"]);
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("c1", repository: "repo1", fingerprint: "fp-2", log4jVersion: "2.20.0")]);
        await h.Facts.MarkRepositoriesUnchangedAsync(run, [FactStore.RepositoryKey("acme", "repo2")]);
        await h.Facts.RecordScanErrorAsync(run, FactStore.RepositoryKey("acme", "repo4"), null, "pom.xml line 3: unexpected end of file");
        var info = await h.Facts.CompleteScanRunAsync(run);

        info.Status.ShouldBe(ScanRunStatus.Completed);
        (await h.Facts.ListSourcesAsync()).ShouldBe(
        [
            new StoredSource("acme", Clock.GetUtcNow() - TimeSpan.FromHours(1), Clock.GetUtcNow(), run),
            new StoredSource("beta", Clock.GetUtcNow() - TimeSpan.FromHours(1), Clock.GetUtcNow() - TimeSpan.FromHours(1), run - 1),
        ]);
        (info.ComponentsScanned, info.ComponentsUnchanged, info.ComponentsRemoved, info.DependencyCount, info.ErrorCount).ShouldBe((1, 1, 1, 1, 1));
        info.Errors.ShouldBe([new ScanRunError("acme/repo4", null, "pom.xml line 3: unexpected end of file")]);

        var current = await h.Facts.LoadCurrentFactsAsync();
        current.Select(c => c.Name).ShouldBe(["b1", "c1", "c2", "c4"]);
        current.Single(c => c.Name == "c1").Dependencies[0].Version.ShouldBe("2.20.0");

        var all = await h.Facts.ListComponentsAsync(new ComponentFilter(IncludeRemoved: true));
        var c3 = all.Single(c => c.Name == "c3");
        c3.Removed.ShouldBeTrue();
        all.Single(c => c.Name == "c2").LastSeenAt.ShouldBe(Clock.GetUtcNow());
        all.Single(c => c.Name == "b1").LastSeenAt.ShouldBe(Clock.GetUtcNow() - TimeSpan.FromHours(1));

        var fingerprints = await h.Facts.GetLatestFingerprintsAsync();
        fingerprints["acme/repo1"].ShouldBe("fp-2");
        fingerprints["acme/repo2"].ShouldBe("fp-1");
        fingerprints.ContainsKey("acme/repo3").ShouldBeFalse();
    }

    [Fact]
    public async Task A_removed_component_that_comes_back_is_current_again()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.Component("api"), Sample.Component("web"));
        await CompletedScanAsync(h, null, Sample.Component("api"));
        (await h.Facts.LoadCurrentFactsAsync()).Select(c => c.Name).ShouldBe(["api"]);
        await CompletedScanAsync(h, null, Sample.Component("api"), Sample.Component("web"));
        (await h.Facts.LoadCurrentFactsAsync()).Select(c => c.Name).ShouldBe(["api", "web"]);
        (await h.Facts.ListScanRunsAsync()).Select(r => r.ComponentsRemoved).ShouldBe([0, 1, 0]);
    }

    [Fact]
    public async Task Superseded_snapshots_are_deleted_when_a_run_completes()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, null, Sample.EveryField());
        await CompletedScanAsync(h, null, Sample.EveryField());
        await using var db = h.NewContext();
        (await db.ComponentSnapshots.CountAsync()).ShouldBe(1);
        (await db.Dependencies.CountAsync()).ShouldBe(Sample.EveryField().Dependencies.Count);
        (await db.NamedFacts.CountAsync()).ShouldBe(3);
        (await db.ScanIssues.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_component_defined_twice_in_one_run_keeps_the_first_and_records_an_error()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("api", repository: "one")]);
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("api", repository: "two")]);
        var info = await h.Facts.CompleteScanRunAsync(run);

        (await h.Facts.LoadCurrentFactsAsync()).Single().Repository.ShouldBe("one");
        info.Errors.Single().Message.ShouldContain("component:default/api is defined more than once");
        info.Errors.Single().RepositoryKey.ShouldBe("acme/two");
    }

    private static readonly OrgGroup[] Org =
    [
        new("group:default/acme", "acme", "ACME", "organization", null),
        new("group:default/engineering", "engineering", "Engineering", "department", "group:default/acme"),
        new("group:default/payments-tribe", "payments-tribe", null, "tribe", "group:default/engineering"),
        new("group:default/team-payments", "team-payments", "Payments", "team", "group:default/payments-tribe"),
        new("group:default/team-web", "team-web", null, "team", "group:default/acme"),
        new("group:default/sales", "sales", "Sales", "department", "group:default/acme"),
        new("group:default/team-crm", "team-crm", null, "team", "group:default/sales"),
    ];

    [Fact]
    public async Task Groups_become_the_org_tree_and_components_get_their_team_and_nearest_department()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run,
        [
            Sample.Component("api"), Sample.Component("web", owner: "group:default/team-web"),
            Sample.Component("crm", owner: "group:default/team-crm"), Sample.Component("orphan", owner: null),
            Sample.Component("personal", owner: "user:default/jane"),
        ]);
        await h.Facts.SaveGroupsAsync(run, Org.Take(4));
        await h.Facts.SaveGroupsAsync(run, Org.Skip(4));
        (await h.Facts.LoadGroupsAsync()).ShouldBeEmpty();
        await h.Facts.CompleteScanRunAsync(run);

        (await h.Facts.LoadGroupsAsync()).ShouldBe(Org.OrderBy(g => g.Ref, StringComparer.Ordinal));
        var placed = (await h.Facts.ListComponentsAsync()).ToDictionary(c => c.Name, c => (c.TeamRef, c.DepartmentRef));
        placed["api"].ShouldBe(("group:default/team-payments", "group:default/engineering"));
        placed["web"].ShouldBe(("group:default/team-web", (string?)null));
        placed["crm"].ShouldBe(("group:default/team-crm", "group:default/sales"));
        placed["orphan"].ShouldBe(((string?)null, (string?)null));
        placed["personal"].ShouldBe(((string?)null, (string?)null));
        (await h.Facts.ListComponentsAsync(new ComponentFilter(DepartmentRef: "group:default/engineering"))).Select(c => c.Name).ShouldBe(["api"]);
        (await h.Facts.ListComponentsAsync(new ComponentFilter(TeamRef: "group:default/team-crm"))).Select(c => c.Name).ShouldBe(["crm"]);

        // A later run that moves team-web under engineering re-derives web's department; a run with no groups keeps the tree.
        var move = await h.Facts.BeginScanRunAsync();
        await h.Facts.MarkRepositoriesUnchangedAsync(move, ["acme/api", "acme/web", "acme/crm", "acme/orphan", "acme/personal"]);
        await h.Facts.SaveGroupsAsync(move, Org.Select(g => g.Name == "team-web" ? g with { ParentRef = "group:default/engineering" } : g));
        await h.Facts.CompleteScanRunAsync(move);
        (await h.Facts.ListComponentsAsync(new ComponentFilter(DepartmentRef: "group:default/engineering"))).Select(c => c.Name).ShouldBe(["api", "web"]);

        var keep = await h.Facts.BeginScanRunAsync();
        await h.Facts.MarkRepositoriesUnchangedAsync(keep, ["acme/api", "acme/web", "acme/crm", "acme/orphan", "acme/personal"]);
        await h.Facts.CompleteScanRunAsync(keep);
        (await h.Facts.LoadGroupsAsync()).Count.ShouldBe(Org.Length);
        (await h.Facts.ListComponentsAsync()).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Department_group_types_come_from_the_options()
    {
        var h = await OpenAsync(o => o.DepartmentGroupTypes = ["tribe"]);
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("api")]);
        await h.Facts.SaveGroupsAsync(run, Org);
        await h.Facts.CompleteScanRunAsync(run);
        (await h.Facts.ListComponentsAsync()).Single().DepartmentRef.ShouldBe("group:default/payments-tribe");
    }

    // ---- evaluations --------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_run_recorded_unchanged_is_one_row_and_reads_back_as_the_run_before_it_in_every_query()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var evaluations = Sample.Evaluations(components: 5, checks: 4);
        var inputs = new EvaluationInputs("key-1", Clock.GetUtcNow().AddHours(3));
        var first = await h.Evaluations.SaveEvaluationRunAsync(new EvaluationRunHeader(Clock.GetUtcNow(), "v1", EvaluationTrigger.Scan, 1) { Inputs = inputs }, evaluations);
        (await h.Evaluations.LatestInputsAsync())!.Inputs.ShouldBe(inputs);

        Clock.Advance(TimeSpan.FromHours(1));
        var header = new EvaluationRunHeader(Clock.GetUtcNow(), "v1", EvaluationTrigger.Scan, 2) { Inputs = inputs };
        var repeated = (await h.Evaluations.SaveUnchangedEvaluationRunAsync(first.Id, header))!;
        h.Evaluations.LastWrite!.Rows.ShouldBe(1);
        repeated.Id.ShouldBeGreaterThan(first.Id);
        repeated.ScanRunId.ShouldBe(2);
        repeated.EvaluatedAt.ShouldBe(header.EvaluatedAt);
        (repeated with { Id = first.Id, EvaluatedAt = first.EvaluatedAt, ScanRunId = 1, LevelCounts = first.LevelCounts }).ShouldBe(first);
        repeated.LevelCounts.ShouldBe(first.LevelCounts);
        Sample.Canonical((await h.Evaluations.LoadEvaluationAsync(repeated.Id)).Select(e => e with { EvaluatedAt = default }))
            .ShouldBe(Sample.Canonical((await h.Evaluations.LoadEvaluationAsync(first.Id)).Select(e => e with { EvaluatedAt = default })));
        (await h.Evaluations.GetComponentHistoryAsync(evaluations[0].ComponentRef)).Select(s => s.RunId).ShouldBe([first.Id, repeated.Id]);
        (await h.Evaluations.LatestInputsAsync())!.Run.Id.ShouldBe(repeated.Id);

        // Only the newest run may be repeated: the spans in force are its evaluations, not an older run's.
        (await h.Evaluations.SaveUnchangedEvaluationRunAsync(first.Id, header)).ShouldBeNull();
        (await h.Evaluations.ListEvaluationRunsAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_repository_without_components_keeps_its_fingerprint_once_its_run_completes_and_unchanged_components_are_seen_again()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("api", repository: "api") with { Fingerprint = "git:1" }]);
        await h.Facts.SaveRepositoryFingerprintsAsync(run, [("acme/org", "git:org-1")]);
        (await h.Facts.GetLatestFingerprintsAsync()).ContainsKey("acme/org").ShouldBeFalse("a run still under way vouches for nothing");
        await h.Facts.CompleteScanRunAsync(run);
        var fingerprints = await h.Facts.GetLatestFingerprintsAsync();
        fingerprints["acme/org"].ShouldBe("git:org-1");
        fingerprints["acme/api"].ShouldBe("git:1");
        var key = await h.Facts.FactsInForceKeyAsync();

        Clock.Advance(TimeSpan.FromHours(2));
        var again = await h.Facts.BeginScanRunAsync();
        await h.Facts.MarkRepositoriesUnchangedAsync(again, ["acme/api", "acme/org"]);
        var info = await h.Facts.CompleteScanRunAsync(again);
        info.ComponentsUnchanged.ShouldBe(1);
        (await h.Facts.ListComponentsAsync()).Single().LastSeenAt.ShouldBe(Clock.GetUtcNow());
        (await h.Facts.FactsInForceKeyAsync()).ShouldBe(key, "nothing in force changed");

        var changed = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(changed, [Sample.Component("api", repository: "api") with { Fingerprint = "git:2" }]);
        await h.Facts.CompleteScanRunAsync(changed);
        (await h.Facts.FactsInForceKeyAsync()).ShouldNotBe(key, "a new snapshot is in force");
    }

    [Fact]
    public async Task An_evaluation_run_loads_back_exactly_with_its_summary_figures()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var evaluations = Sample.Evaluations(components: 4, checks: 6);
        var header = new EvaluationRunHeader(Clock.GetUtcNow(), "defs-abc123", EvaluationTrigger.RadarEdit, ScanRunId: 7);

        var saved = await h.Evaluations.SaveEvaluationRunAsync(header, evaluations);

        var all = evaluations.SelectMany(e => e.Results).ToList();
        saved.ComponentCount.ShouldBe(4);
        saved.AverageScore.ShouldBe(evaluations.Average(e => e.Score), 1e-9);
        saved.PassCount.ShouldBe(all.Count(r => r.Status == CheckStatus.Pass));
        saved.FailCount.ShouldBe(all.Count(r => r.Status == CheckStatus.Fail));
        saved.NotApplicableCount.ShouldBe(all.Count(r => r.Status == CheckStatus.NotApplicable));
        saved.ErrorCount.ShouldBe(all.Count(r => r.Status == CheckStatus.Error));
        saved.LevelCounts.ShouldBe(new Dictionary<string, int> { ["bronze"] = 1, ["gold"] = 1, ["none"] = 1, ["silver"] = 1 }, ignoreOrder: true);

        var latest = (await OpenAnotherProcess().Evaluations.LatestEvaluationRunAsync())!;
        latest.ShouldBeEquivalentTo(saved);
        latest.Trigger.ShouldBe(EvaluationTrigger.RadarEdit);
        latest.EvaluatedAt.ShouldBe(Clock.GetUtcNow());

        var expected = evaluations.Select(e => e with { DefinitionsVersion = "defs-abc123", EvaluatedAt = header.EvaluatedAt }).ToList();
        Sample.Canonical(await h.Evaluations.LoadEvaluationAsync(saved.Id)).ShouldBe(Sample.Canonical(expected));
        Sample.Canonical(await h.Evaluations.LoadEvaluationAsync(saved.Id, "component:default/c00002")).ShouldBe(Sample.Canonical([expected[2]]));
        (await h.Evaluations.LoadEvaluationAsync(saved.Id + 1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Scores_are_kept_per_run_with_the_team_and_department_of_the_day()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var run = await h.Facts.BeginScanRunAsync();
        await h.Facts.SaveComponentSnapshotsAsync(run, [Sample.Component("c00000"), Sample.Component("c00001", owner: "group:default/team-crm")]);
        await h.Facts.SaveGroupsAsync(run, Org);
        await h.Facts.CompleteScanRunAsync(run);

        var t0 = Clock.GetUtcNow();
        var first = await h.Evaluations.SaveEvaluationRunAsync(new(t0, "v1", EvaluationTrigger.Scan), Sample.Evaluations(2, 3, seed: 1));
        var second = await h.Evaluations.SaveEvaluationRunAsync(new(t0.AddDays(1), "v1", EvaluationTrigger.Manual), Sample.Evaluations(2, 3, seed: 2));

        var history = await h.Evaluations.GetComponentHistoryAsync("component:default/c00000");
        history.Select(p => (p.RunId, p.Score, p.Level)).ShouldBe([(first.Id, 1d, "bronze"), (second.Id, 2d, "silver")]);
        history[0].DepartmentRef.ShouldBe("group:default/engineering");

        (await h.Evaluations.LoadScoresAsync(second.Id, departmentRef: "group:default/sales")).Select(s => s.ComponentRef).ShouldBe(["component:default/c00001"]);
        (await h.Evaluations.LoadScoresAsync(second.Id, teamRef: "group:default/team-payments")).Select(s => s.ComponentRef).ShouldBe(["component:default/c00000"]);
        var trend = await h.Evaluations.LoadScoreHistoryAsync(t0, t0.AddDays(2), departmentRef: "group:default/engineering");
        trend.Select(s => s.RunId).ShouldBe([first.Id, second.Id]);
        (await h.Evaluations.LoadScoreHistoryAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count.ShouldBe(4);

        // The latest runs only, in one query: a trend of one point reads one run.
        (await h.Evaluations.LoadRecentScoreHistoryAsync(1)).Select(s => s.RunId).Distinct().ShouldBe([second.Id]);
        (await h.Evaluations.LoadRecentScoreHistoryAsync(2, departmentRef: "group:default/engineering")).Select(s => s.RunId).ShouldBe([first.Id, second.Id]);
        (await h.Evaluations.LoadRecentScoreHistoryAsync(5, componentRefs: ["component:default/c00001"])).Select(s => (s.RunId, s.ComponentRef))
            .ShouldBe([(first.Id, "component:default/c00001"), (second.Id, "component:default/c00001")]);
        (await h.Evaluations.ListEvaluationRunsAsync()).Select(r => r.Id).ShouldBe([second.Id, first.Id]);
        (await h.Evaluations.ListEvaluationRunsAsync(from: t0.AddHours(1))).Select(r => r.Id).ShouldBe([second.Id]);
    }

    [Fact]
    public async Task An_evaluation_that_lists_a_component_twice_is_refused()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var one = Sample.Evaluations(1, 2);
        var error = await Should.ThrowAsync<ArgumentException>(() =>
            h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow(), "v1", EvaluationTrigger.Manual), [one[0], one[0]]));
        error.Message.ShouldContain("component:default/c00000 is evaluated 2 times");
        (await h.Evaluations.LatestEvaluationRunAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Pruning_keeps_every_recent_run_then_one_per_day_then_one_per_week()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var ids = new Dictionary<string, long>();
        foreach (var (at, _) in RetentionTable.Runs)
            ids[at] = (await h.Evaluations.SaveEvaluationRunAsync(new(DateTimeOffset.Parse(at), "v1", EvaluationTrigger.Scan), Sample.Evaluations(2, 2))).Id;

        var deleted = await h.Evaluations.PruneEvaluationRunsAsync(RetentionTable.Policy, RetentionTable.Now);

        deleted.ShouldBe(RetentionTable.Runs.Where(r => !r.Kept).Select(r => ids[r.At]).Order(), ignoreOrder: true);
        (await h.Evaluations.ListEvaluationRunsAsync()).Select(r => r.Id)
            .ShouldBe(RetentionTable.Runs.Where(r => r.Kept).Select(r => ids[r.At]), ignoreOrder: true);
        foreach (var (at, kept) in RetentionTable.Runs)
            (await h.Evaluations.LoadEvaluationAsync(ids[at])).Count.ShouldBe(kept ? 2 : 0);
        // Every run gave the same evaluations, so both components have one span, which the runs kept share.
        await using var db = h.NewContext();
        (await db.EvaluationSpans.CountAsync()).ShouldBe(2);

        // A plan made elsewhere (the certification history) is carried out by id; unknown ids are ignored.
        var oldest = ids[RetentionTable.Runs.Last(r => r.Kept).At];
        (await h.Evaluations.DeleteEvaluationRunsAsync([oldest, 99_999])).ShouldBe(1);
        (await h.Evaluations.GetEvaluationRunAsync(oldest)).ShouldBeNull();
        (await h.Evaluations.LoadEvaluationAsync(oldest)).ShouldBeEmpty();
        (await h.Evaluations.LoadEvaluationAsync(ids[RetentionTable.Runs.First().At])).Count.ShouldBe(2);

        // With every run deleted, nothing is left of their evaluations.
        await h.Evaluations.DeleteEvaluationRunsAsync(ids.Values);
        (await db.EvaluationSpans.CountAsync()).ShouldBe(0);
        (await db.SpanCheckResults.CountAsync()).ShouldBe(0);
    }

    // ---- history that grows with change ------------------------------------------------------------------------

    [Fact]
    public async Task Every_history_query_answers_as_full_storage_did_over_changes_removals_definition_edits_and_pruning()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var full = new FullHistory();
        var t0 = Clock.GetUtcNow();
        string Ref(int c) => $"component:default/c{c:00000}";
        var owners = new Dictionary<int, string> { [0] = "team-payments", [1] = "team-payments", [2] = "team-payments", [3] = "team-crm", [4] = "team-crm", [5] = "team-web" };
        async Task ScanAsync()
        {
            var run = await h.Facts.BeginScanRunAsync();
            await h.Facts.SaveComponentSnapshotsAsync(run, owners.Select(o => Sample.Component($"c{o.Key:00000}", owner: $"group:default/{o.Value}")).ToList());
            await h.Facts.SaveGroupsAsync(run, Org);
            await h.Facts.CompleteScanRunAsync(run);
        }
        async Task<EvaluationRunInfo> StoreAsync(TimeSpan after, string definitions, IReadOnlyList<ComponentEvaluation> evaluations)
        {
            var info = await h.Evaluations.SaveEvaluationRunAsync(new(t0 + after, definitions, EvaluationTrigger.Scan), evaluations);
            await using var db = h.NewContext();
            var placement = await db.Components.ToDictionaryAsync(c => c.Ref, c => (c.TeamRef, c.DepartmentRef));
            full.Add(info, evaluations, placement);
            return info;
        }
        async Task SameAnswersAsync(string after)
        {
            var mismatches = await full.CompareAsync(OpenAnotherProcess().Evaluations);
            if (mismatches.Count > 0) Output.WriteLine(string.Join("\n", mismatches.Take(5)));
            mismatches.Count.ShouldBe(0, $"after {after}: {mismatches.FirstOrDefault()}");
        }
        long Written() => h.Evaluations.LastWrite!.Rows;

        await ScanAsync();
        var v1 = Sample.Evaluations(6, 4, seed: 1);
        await StoreAsync(TimeSpan.Zero, "v1", v1);
        var unchanged = await StoreAsync(TimeSpan.FromHours(1), "v1", v1);
        // Nothing changed: the run's own row is all it writes.
        (h.Evaluations.LastWrite!.RunId, h.Evaluations.LastWrite.ChangedComponents, Written()).ShouldBe((unchanged.Id, 0, 1L));
        var changed = v1.Select(e => e.ComponentRef == Ref(2) ? e with { Score = e.Score + 1 }
            : e.ComponentRef == Ref(4) ? e with { Results = [e.Results[0] with { Message = "changed" }, .. e.Results.Skip(1)] } : e).ToList();
        var twoChanged = await StoreAsync(TimeSpan.FromHours(2), "v1", changed);
        h.Evaluations.LastWrite!.ChangedComponents.ShouldBe(2);
        var removed = await StoreAsync(TimeSpan.FromDays(1), "v1", changed.Where(e => e.ComponentRef != Ref(5)).ToList());
        (h.Evaluations.LastWrite!.ChangedComponents, Written()).ShouldBe((0, 2L));
        var added = Sample.Evaluations(7, 4, seed: 1)[6] with { Owner = "group:default/team-web" };
        await StoreAsync(TimeSpan.FromDays(1) + TimeSpan.FromHours(1), "v1", [.. changed, added]);
        await SameAnswersAsync("changes, an unchanged run, a removal and an addition");

        // Runs deleted from the middle: the runs after them still read what the deleted runs first stored.
        (await h.Evaluations.DeleteEvaluationRunsAsync([unchanged.Id, removed.Id])).ShouldBe(2);
        full.Delete([unchanged.Id, removed.Id]);
        await SameAnswersAsync("deleting runs in the middle");

        // A component moves team: its score is unchanged but its team of the day is not.
        owners[1] = "team-crm";
        await ScanAsync();
        await StoreAsync(TimeSpan.FromDays(2), "v1", [.. changed, added]);
        h.Evaluations.LastWrite!.ChangedComponents.ShouldBe(1);
        // New definitions: the same results under a new version change no span; a fifth check changes every one.
        await StoreAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(10), "v2", [.. changed, added]);
        h.Evaluations.LastWrite!.ChangedComponents.ShouldBe(0);
        var v2 = Sample.Evaluations(7, 5, seed: 1);
        await StoreAsync(TimeSpan.FromDays(2) + TimeSpan.FromHours(1), "v2", v2);
        h.Evaluations.LastWrite!.ChangedComponents.ShouldBe(7);
        // The same evaluations in another order, then a run stamped earlier than the one before it.
        var reversed = Enumerable.Reverse(v2).ToList();
        await StoreAsync(TimeSpan.FromDays(3), "v2", reversed);
        h.Evaluations.LastWrite!.ChangedComponents.ShouldBe(0);
        await StoreAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(30), "v2", v2.Select(e => e.ComponentRef == Ref(0) ? e with { Level = null } : e).ToList());
        await SameAnswersAsync("a team move, a definitions change, another order and an earlier time");

        var policy = new EvaluationRetention(KeepAllDays: 1, KeepDailyDays: 1, KeepWeeklyDays: 0);
        var now = t0 + TimeSpan.FromDays(3) + TimeSpan.FromHours(12);
        var pruned = await h.Evaluations.PruneEvaluationRunsAsync(policy, now);
        pruned.ShouldBe(full.Prune(policy, now));
        pruned.ShouldNotBeEmpty();
        await SameAnswersAsync("pruning");

        // The newest run deleted, the next run is compared with the one before it: spans it had ended come back.
        var newest = full.RunIds.Max();
        await h.Evaluations.DeleteEvaluationRunsAsync([newest]);
        full.Delete([newest]);
        await StoreAsync(TimeSpan.FromDays(4), "v2", v2);
        await SameAnswersAsync("deleting the newest run and storing another");

        await StoreAsync(TimeSpan.FromDays(5), "v2", []);
        await StoreAsync(TimeSpan.FromDays(6), "v2", v2.Take(3).ToList());
        await SameAnswersAsync("an empty run and one after it");

        // Pruning everything but the newest leaves only the spans that run reads.
        var all = full.RunIds.ToList();
        await h.Evaluations.DeleteEvaluationRunsAsync(all.Take(all.Count - 1));
        full.Delete(all.Take(all.Count - 1));
        await SameAnswersAsync("deleting every run but the newest");
        await using (var db = h.NewContext())
        {
            (await db.EvaluationSpans.CountAsync()).ShouldBe(3);
            (await db.SpanCheckResults.CountAsync()).ShouldBe(15);
        }
    }

    [Fact]
    public async Task An_unchanged_run_of_a_thousand_components_writes_one_row_and_a_one_percent_change_one_percent_of_the_rows()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var evaluations = Sample.Evaluations(1_000, 29);
        await h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow(), "v1", EvaluationTrigger.Scan), evaluations);
        var full = h.Evaluations.LastWrite!.Rows;
        full.ShouldBe(1 + 1_000 + 29_000);

        await h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow().AddHours(1), "v1", EvaluationTrigger.Scan), evaluations);
        h.Evaluations.LastWrite!.Rows.ShouldBe(1);

        var onePercent = evaluations.Select((e, i) => i % 100 == 0 ? e with { Score = e.Score + 0.5 } : e).ToList();
        var run = await h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow().AddHours(2), "v1", EvaluationTrigger.Scan), onePercent);
        // 10 new spans with 29 results each, 10 spans ended, and the run.
        h.Evaluations.LastWrite!.Rows.ShouldBe(1 + 10 + 10 * 29 + 10);
        ((double)h.Evaluations.LastWrite.Rows / full).ShouldBeLessThan(0.05);
        Sample.Canonical(await OpenAnotherProcess().Evaluations.LoadEvaluationAsync(run.Id))
            .ShouldBe(Sample.Canonical(onePercent.Select(e => e with { DefinitionsVersion = "v1", EvaluatedAt = Clock.GetUtcNow().AddHours(2) })));
    }

    [Fact]
    public async Task Storing_ten_thousand_components_with_twenty_five_results_each_keeps_every_row_and_reports_its_cost()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var evaluations = Sample.Evaluations(10_000, 25);

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var run = await h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow(), "bench", EvaluationTrigger.Manual), evaluations);
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;

        // Wall time on a shared, loaded machine says little; the process's CPU time (tests run one at a time) is the steadier figure.
        var message = $"{GetType().Name}: stored 10,000 components x 25 check results (250,000 rows) in {watch.Elapsed.TotalSeconds:0.00} s wall, {cpuSeconds:0.00} s CPU (load average {LoadAverage()})";
        Output.WriteLine(message);
        Console.WriteLine(message);
        await using (var db = h.NewContext())
            (await db.SpanCheckResults.CountAsync(r => r.ValidFromRunId == run.Id)).ShouldBe(250_000);

        process.Refresh();
        cpu = process.TotalProcessorTime;
        watch.Restart();
        var loaded = await h.Evaluations.LoadEvaluationAsync(run.Id);
        process.Refresh();
        var loadMessage = $"{GetType().Name}: loaded the same run back in {watch.Elapsed.TotalSeconds:0.00} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU";
        Output.WriteLine(loadMessage);
        Console.WriteLine(loadMessage);
        loaded.Count.ShouldBe(10_000);
        loaded[9_999].Results.Count.ShouldBe(25);

        // The same evaluations again: compared by hash, nothing but the run's row is written.
        process.Refresh();
        cpu = process.TotalProcessorTime;
        watch.Restart();
        await h.Evaluations.SaveEvaluationRunAsync(new(Clock.GetUtcNow().AddHours(1), "bench", EvaluationTrigger.Manual), evaluations);
        process.Refresh();
        var unchangedMessage = $"{GetType().Name}: stored the same evaluations as an unchanged run in {watch.Elapsed.TotalSeconds:0.00} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU, {h.Evaluations.LastWrite!.Rows} row written";
        Output.WriteLine(unchangedMessage);
        Console.WriteLine(unchangedMessage);
        h.Evaluations.LastWrite.Rows.ShouldBe(1);
    }

    [Fact]
    public async Task Storing_and_loading_a_scan_of_a_thousand_components_with_thirty_dependencies_each_round_trips_and_reports_its_cost()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var fleet = Enumerable.Range(0, 1_000).Select(i => Sample.Component($"svc-{i:00000}", repository: $"repo-{i / 2:00000}") with
        {
            Dependencies = Enumerable.Range(0, 30).Select(d => Sample.EveryField().Dependencies[d % 8] with { Line = d + 1 }).ToList(),
            Files = Enumerable.Range(0, 20).Select(f => $"src/file{f}.cs").ToList(),
        }).ToList();

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var run = await h.Facts.BeginScanRunAsync();
        foreach (var batch in fleet.Chunk(250)) await h.Facts.SaveComponentSnapshotsAsync(run, batch);
        var info = await h.Facts.CompleteScanRunAsync(run);
        var stored = watch.Elapsed;
        var loaded = await h.Facts.LoadCurrentFactsAsync();
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;

        var message = $"{GetType().Name}: scan of 1,000 components x 30 dependencies stored in {stored.TotalSeconds:0.00} s, " +
                      $"loaded back in {(watch.Elapsed - stored).TotalSeconds:0.00} s wall; {cpuSeconds:0.00} s CPU in all (load average {LoadAverage()})";
        Output.WriteLine(message);
        Console.WriteLine(message);
        info.DependencyCount.ShouldBe(30_000);
        loaded.Count.ShouldBe(1_000);
        loaded.Sum(c => c.Dependencies.Count).ShouldBe(30_000);
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    // ---- exemptions ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Exemptions_are_in_force_from_creation_until_revocation_or_their_expiry_date()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var created = Clock.GetUtcNow();
        var runtime = await h.Exemptions.CreateAsync(new(RefOf("api"), "golden-runtime", "vendor SDK lacks Java 21", "architecture-board", new DateOnly(2026, 4, 1), "alice"));
        var tests = await h.Exemptions.CreateAsync(new(RefOf("web"), "has-tests", "rewrite underway", "cto", new DateOnly(2026, 3, 10), "bob"));
        runtime.CreatedAt.ShouldBe(created);
        runtime.RevokedAt.ShouldBeNull();

        async Task<IEnumerable<long>> ActiveAt(string at) => (await h.Exemptions.ListActiveAsync(DateTimeOffset.Parse(at))).Select(e => e.Id);
        (await ActiveAt("2026-03-02T08:59:59Z")).ShouldBeEmpty();
        (await ActiveAt("2026-03-09T23:59:59Z")).ShouldBe([runtime.Id, tests.Id]);
        (await ActiveAt("2026-03-10T00:00:00Z")).ShouldBe([runtime.Id]);

        Clock.Advance(TimeSpan.FromDays(3));
        var revoked = (await h.Exemptions.RevokeAsync(runtime.Id, "carol"))!;
        revoked.RevokedAt.ShouldBe(Clock.GetUtcNow());
        revoked.RevokedBy.ShouldBe("carol");
        Clock.Advance(TimeSpan.FromDays(1));
        (await h.Exemptions.RevokeAsync(runtime.Id, "dave"))!.RevokedBy.ShouldBe("carol");
        (await h.Exemptions.RevokeAsync(9999, "dave")).ShouldBeNull();

        (await ActiveAt("2026-03-05T08:59:59Z")).ShouldBe([runtime.Id, tests.Id]);
        (await ActiveAt("2026-03-05T09:00:00Z")).ShouldBe([tests.Id]);
        (await h.Exemptions.ListAsync(RefOf("api"))).Single().ShouldBe(revoked);
        (await h.Exemptions.ListAsync()).Count.ShouldBe(2);
        (await h.Exemptions.GetAsync(tests.Id))!.IsActiveAt(DateTimeOffset.Parse("2026-03-09T12:00:00Z")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("", "golden-runtime", "reason", "board", "2026-04-01", "componentRef")]
    [InlineData("component:default/api", " ", "reason", "board", "2026-04-01", "checkId")]
    [InlineData("component:default/api", "golden-runtime", "", "board", "2026-04-01", "reason")]
    [InlineData("component:default/api", "golden-runtime", "reason", "", "2026-04-01", "approvedBy")]
    [InlineData("component:default/api", "golden-runtime", "reason", "board", "2026-03-02", "expires 2026-03-02 is not after today")]
    public async Task An_exemption_with_a_missing_field_or_a_past_expiry_is_refused_naming_the_field(
        string component, string check, string reason, string approver, string expires, string expected)
    {
        var h = await OpenAsync();
        if (h is null) return;
        var error = await Should.ThrowAsync<ArgumentException>(() =>
            h.Exemptions.CreateAsync(new(component, check, reason, approver, DateOnly.Parse(expires), "alice")));
        error.Message.ShouldContain(expected);
        (await h.Exemptions.ListAsync()).ShouldBeEmpty();
    }
}

/// <summary>Run times and their fate under a 7-day keep-all, 14-day daily policy, evaluated at 2026-03-31 12:00 UTC.</summary>
public static class RetentionTable
{
    public static readonly EvaluationRetention Policy = new(KeepAllDays: 7, KeepDailyDays: 14);
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-31T12:00:00Z");

    public static readonly (string At, bool Kept)[] Runs =
    [
        ("2026-03-31T11:00:00Z", true),   // an hour old
        ("2026-03-31T10:00:00Z", true),   // same day, still inside keep-all
        ("2026-03-24T13:00:00Z", true),   // 6 days 23 hours: the last hour of keep-all
        ("2026-03-24T10:00:00Z", true),   // daily zone: newest of 24 March outside keep-all
        ("2026-03-24T08:00:00Z", false),  // older run of the same day
        ("2026-03-20T23:00:00Z", true),
        ("2026-03-20T00:30:00Z", false),
        ("2026-03-10T13:00:00Z", true),   // 20 days 23 hours: the daily zone's last hour
        ("2026-03-10T09:00:00Z", true),   // weekly zone: newest of ISO week 2026-W11
        ("2026-03-09T10:00:00Z", false),  // Monday of the same week
        ("2026-03-01T12:00:00Z", true),   // Sunday: newest of 2026-W09
        ("2026-02-23T12:00:00Z", false),  // Monday of 2026-W09
        ("2026-01-02T08:00:00Z", true),   // ISO week 2026-W01 starts on 29 December 2025
        ("2025-12-29T08:00:00Z", false),  // same ISO week, other calendar year
        ("2025-12-28T08:00:00Z", true),   // Sunday: the last day of 2025-W52
    ];

    public static IEnumerable<object[]> Rows => Runs.Select(r => new object[] { r.At, r.Kept });
}

public class RetentionRuleTests
{
    [Theory]
    [MemberData(nameof(RetentionTable.Rows), MemberType = typeof(RetentionTable))]
    public void A_run_is_kept_or_pruned_by_its_age_and_bucket(string at, bool kept)
    {
        var runs = RetentionTable.Runs.Select((r, i) => ((long)i + 1, DateTimeOffset.Parse(r.At))).ToList();
        var doomed = EvaluationStore.RunsToPrune(RetentionTable.Policy, runs, RetentionTable.Now);
        var id = runs.Single(r => r.Item2 == DateTimeOffset.Parse(at)).Item1;
        doomed.Contains(id).ShouldBe(!kept);
    }

    [Fact]
    public void The_newest_run_is_kept_however_old_it_is()
    {
        var runs = new[] { (1L, DateTimeOffset.Parse("2020-01-01T00:00:00Z")), (2L, DateTimeOffset.Parse("2020-01-01T01:00:00Z")) };
        EvaluationStore.RunsToPrune(EvaluationRetention.Default, runs, RetentionTable.Now).ShouldBe([1L]);
    }

    [Fact]
    public void Past_the_weekly_window_only_the_newest_run_survives()
    {
        var runs = RetentionTable.Runs.Select((r, i) => ((long)i + 1, DateTimeOffset.Parse(r.At))).ToList();
        // Weekly window of 30 days ends 2026-02-08 12:00: the three runs around New Year go as well.
        var doomed = EvaluationStore.RunsToPrune(RetentionTable.Policy with { KeepWeeklyDays = 30 }, runs, RetentionTable.Now);
        var expected = runs.Where((r, i) => !RetentionTable.Runs[i].Kept || r.Item2 < DateTimeOffset.Parse("2026-02-08T12:00:00Z")).Select(r => r.Item1);
        doomed.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void A_negative_retention_is_refused_naming_the_figures()
        => Should.Throw<ArgumentException>(() => EvaluationStore.RunsToPrune(new EvaluationRetention(-1, 90), [], RetentionTable.Now))
            .Message.ShouldStartWith("retention days must not be negative (keepAll -1, daily 90, weekly forever)");

    [Fact]
    public void Nothing_is_pruned_from_an_empty_history()
        => EvaluationStore.RunsToPrune(EvaluationRetention.Default, [], RetentionTable.Now).ShouldBeEmpty();
}
