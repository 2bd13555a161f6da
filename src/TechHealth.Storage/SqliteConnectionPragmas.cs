using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TechHealth.Storage;

/// <summary>
/// Sets per-connection SQLite pragmas on every open: a busy timeout so a reader or the API waits for the scan
/// writer instead of failing, and NORMAL synchronous mode, which is durable enough under WAL.
/// </summary>
internal sealed class SqliteConnectionPragmas(TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
