using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace TechHealth.Storage;

/// <summary>
/// Opens a transaction that gives a consistent view for several reads without blocking writers:
/// a deferred transaction on SQLite (a WAL snapshot; the provider's default would take the write lock),
/// REPEATABLE READ on PostgreSQL.
/// </summary>
internal static class ReadTransactions
{
    public static async Task<IDbContextTransaction> BeginReadTransactionAsync(this TechHealthDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: true);
        return await db.Database.UseTransactionAsync(transaction, cancellationToken)
               ?? throw new InvalidOperationException("The SQLite read transaction could not be attached to the context.");
    }
}
