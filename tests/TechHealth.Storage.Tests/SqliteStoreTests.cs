using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TechHealth.Core.Results;
using Xunit.Abstractions;

namespace TechHealth.Storage.Tests;

/// <summary>The store suite on a real SQLite file in a temp folder, plus what only SQLite has (WAL, the data folder).</summary>
public sealed partial class SqliteStoreTests(ITestOutputHelper output) : StoreTests(output)
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("techhealth-sqlite-");

    private string DatabaseFile => Path.Combine(_folder.FullName, "data", "techhealth.db");


    private int _databases;

    // The first database of a test is DatabaseFile; a test that asks for another gets a file of its own beside it.
    protected override Task<StorageOptions?> CreateStorageAsync()
    {
        var file = _databases++ == 0 ? DatabaseFile : Path.Combine(_folder.FullName, "data", $"techhealth-{_databases}.db");
        return Task.FromResult<StorageOptions?>(new StorageOptions { Provider = "sqlite", ConnectionString = $"Data Source={file}" });
    }

    protected override Task CleanUpStorageAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection)
    {
        var tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return [
            .. await LinesAsync(connection, $"SELECT 'column', t.name, c.name, c.type, c.\"notnull\", c.pk FROM ({tables}) t JOIN pragma_table_info(t.name) c"),
            .. await LinesAsync(connection, $"SELECT 'foreign key', t.name, f.\"from\", f.\"table\", f.\"to\", f.on_delete FROM ({tables}) t JOIN pragma_foreign_key_list(t.name) f"),
            .. await LinesAsync(connection, $"SELECT 'index', t.name, i.name, i.\"unique\", c.seqno, c.name FROM ({tables}) t JOIN pragma_index_list(t.name) i JOIN pragma_index_info(i.name) c WHERE i.origin = 'c'"),
            // The constraint names SQLite keeps only in the table's text.
            .. (await LinesAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'table'")).SelectMany(sql => ConstraintName().Matches(sql).Select(m => "constraint " + m.Groups[1].Value)),
        ];
    }

    [System.Text.RegularExpressions.GeneratedRegex("CONSTRAINT \"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex ConstraintName();

    protected override async Task<(Dictionary<string, HashSet<string>> Columns, HashSet<string> Indexes)> ReadSchemaAsync(DbConnection connection)
    {
        var columns = new Dictionary<string, HashSet<string>>();
        var indexes = new HashSet<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.type, m.name, p.name FROM sqlite_master m LEFT JOIN pragma_table_info(m.name) p ON m.type = 'table' WHERE m.type IN ('table', 'index')";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (reader.GetString(0) == "index") { indexes.Add(reader.GetString(1)); continue; }
            if (!columns.TryGetValue(reader.GetString(1), out var set)) columns[reader.GetString(1)] = set = [];
            set.Add(reader.GetString(2));
        }
        return (columns, indexes);
    }

    [Fact]
    public async Task Migrating_creates_the_data_folder_and_switches_to_write_ahead_logging()
    {
        Directory.Exists(Path.GetDirectoryName(DatabaseFile)).ShouldBeFalse();
        var h = (await OpenAsync())!;
        File.Exists(DatabaseFile).ShouldBeTrue();
        await using var db = h.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        (await command.ExecuteScalarAsync()).ShouldBe("wal");
        command.CommandText = "PRAGMA busy_timeout";
        Convert.ToInt64(await command.ExecuteScalarAsync()).ShouldBe(30_000);
    }

    [Fact]
    public async Task A_reader_is_not_blocked_by_a_scan_writing_its_snapshots()
    {
        var h = (await OpenAsync())!;
        var run = await h.Facts.BeginScanRunAsync();
        await using var writer = h.NewContext();
        await using var tx = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlRawAsync("UPDATE scan_runs SET error_count = 1 WHERE id = {0}", run);

        var read = OpenAnotherProcess().Facts.LoadCurrentFactsAsync();
        (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(read);
        (await read).ShouldBeEmpty();
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task Evidence_keeps_its_build_condition_and_rows_written_before_it_existed_load_it_as_null()
    {
        var h = (await OpenAsync())!;
        var onHold = new Evidence("log4j-core 2.14.1 in pom.xml line 42 (only in Maven profile 'legacy') is on hold", "pom.xml", 42,
            "pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "log4j", "hold") { Condition = "profile:legacy" };
        var plain = new Evidence("found README.md", "README.md");
        var evaluation = new ComponentEvaluation("component:default/api", "api", null, 50, "bronze",
            [new CheckResult("no-hold", "silver", CheckStatus.Fail, onHold.Message, [onHold, plain], null)]);
        var saved = await h.Evaluations.SaveEvaluationRunAsync(new EvaluationRunHeader(Clock.GetUtcNow(), "defs-1", EvaluationTrigger.Manual), [evaluation]);

        var loaded = (await OpenAnotherProcess().Evaluations.LoadEvaluationAsync(saved.Id)).Single().Results.Single().Evidence;
        loaded.Select(e => e.Condition).ShouldBe(["profile:legacy", null]);
        loaded[0].ShouldBe(onHold);

        // A row stored by a version that had no condition field.
        await using (var db = h.NewContext())
            await db.Database.ExecuteSqlRawAsync("UPDATE span_check_results SET evidence_json = {0}",
                """[{"message":"log4j-core 2.14.1 is on hold","file":"pom.xml","line":42,"purl":"pkg:maven/org.apache.logging.log4j/log4j-core","version":"2.14.1","radarEntry":"log4j","ring":"hold"}]""");
        var old = (await OpenAnotherProcess().Evaluations.LoadEvaluationAsync(saved.Id)).Single().Results.Single().Evidence.Single();
        old.RadarEntry.ShouldBe("log4j");
        old.Condition.ShouldBeNull();
    }
}

public class StorageOptionsTests
{
    [Theory]
    [InlineData("sqlite", "sqlite")]
    [InlineData("", "sqlite")]
    [InlineData("PostgreSQL", "postgres")]
    [InlineData("postgres", "postgres")]
    [InlineData("npgsql", "postgres")]
    public void Provider_names_are_normalised(string given, string expected)
        => new StorageOptions { Provider = given }.NormalisedProvider.ShouldBe(expected);

    [Fact]
    public void An_unknown_provider_is_refused_naming_the_setting()
        => Should.Throw<InvalidOperationException>(() => new StorageOptions { Provider = "mysql" }.NormalisedProvider)
            .Message.ShouldBe("TechHealth:Storage:Provider 'mysql' is not supported: use 'sqlite' or 'postgres'.");

    [Fact]
    public void The_default_is_a_sqlite_file_under_data()
    {
        var options = new StorageOptions();
        (options.NormalisedProvider, options.ConnectionString).ShouldBe(("sqlite", "Data Source=data/techhealth.db"));
    }
}
