using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TechHealth.Storage;

/// <summary>
/// Brings the database to the current schema at start-up: creates the SQLite file's folder, applies the
/// migrations (the dotnet-ef ones of the configured provider, after adopting a database the hand-written ones made) and switches SQLite to WAL so readers never block the scan writer.
/// Owns schema and file setup only, no data.
/// </summary>
public sealed class StorageDatabase(IDbContextFactory<TechHealthDbContext> contexts, StorageOptions options)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (options.NormalisedProvider == StorageOptions.Sqlite) EnsureSqliteFolder(options.ConnectionString);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Several instances starting at once on one PostgreSQL database migrate one after another: the first applies
        // what is missing, the others then find nothing to do (EF's own lock does not cover a database with no history yet).
        var serialised = db.Database.IsNpgsql();
        if (serialised)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(LockSql, cancellationToken);
        }
        try
        {
            await LegacyMigrationHistory.AdoptAsync(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            if (serialised)
            {
                await db.Database.ExecuteSqlRawAsync(UnlockSql, CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }

    /// <summary>The PostgreSQL advisory lock instances take while migrating (an arbitrary constant of this application).</summary>
    public const long MigrationLockKey = 0x7465636868656c;
    private const string LockSql = "SELECT pg_advisory_lock(32762574926275948)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(32762574926275948)";

    /// <summary>True when the database answers, for health checks.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken);
    }

    /// <summary>Names of the migrations applied to the database, oldest first.</summary>
    public async Task<IReadOnlyList<string>> AppliedMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
