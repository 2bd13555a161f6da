using System.Data.Common;
using Npgsql;
using Xunit.Abstractions;

namespace TechHealth.Storage.Tests;

/// <summary>The store suite on a real PostgreSQL cluster started from the machine's binaries, one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server, ITestOutputHelper output) : StoreTests(output)
{
    protected override string? Unavailable => server.Unavailable;


    protected override async Task<StorageOptions?> CreateStorageAsync()
        => server.Unavailable is null
            ? new StorageOptions { Provider = "postgres", ConnectionString = await server.CreateDatabaseAsync() }
            : null;

    protected override Task CleanUpStorageAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<string>> DescribeSchemaAsync(DbConnection connection) =>
    [
        .. await LinesAsync(connection, "SELECT 'column', table_name, column_name, data_type, is_nullable, is_identity, identity_generation, column_default FROM information_schema.columns WHERE table_schema = 'public'"),
        .. await LinesAsync(connection, "SELECT 'constraint', table_name, constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = 'public' AND constraint_type <> 'CHECK'"),
        .. await LinesAsync(connection, "SELECT 'foreign key', conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"),
        .. await LinesAsync(connection, "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"),
    ];

    protected override async Task<(Dictionary<string, HashSet<string>> Columns, HashSet<string> Indexes)> ReadSchemaAsync(DbConnection connection)
    {
        var columns = new Dictionary<string, HashSet<string>>();
        var indexes = new HashSet<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                if (!columns.TryGetValue(reader.GetString(0), out var set)) columns[reader.GetString(0)] = set = [];
                set.Add(reader.GetString(1));
            }
        command.CommandText = "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'";
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        return (columns, indexes);
    }
}
