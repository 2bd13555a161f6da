using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TechHealth.Storage;

/// <summary>
/// Databases made before the dotnet-ef migrations carry the ids of the three hand-written ones. Their schema is what the
/// generated Baseline creates, so such a database is brought up to the last hand-written step (the columns it may
/// lack) and the Baseline is recorded as applied, in one transaction; EF then runs only what came after it. The old
/// ids stay in the history table as a record of where the database came from.
/// </summary>
internal static class LegacyMigrationHistory
{
    public const string InitialSchema = "20261121230000_InitialSchema";

    /// <summary>The hand-written steps after the first, each with the statement that made it (the same on both providers).</summary>
    private static readonly (string Id, string[] Statements)[] LaterSteps =
    [
        ("20261122000000_EvaluationLifecycleAndType",
            ["ALTER TABLE component_evaluations ADD COLUMN lifecycle text NULL", "ALTER TABLE component_evaluations ADD COLUMN type text NULL"]),
        ("20261122010000_DependencyCondition", ["ALTER TABLE dependencies ADD COLUMN condition text NULL"]),
    ];

    /// <summary>True when the database was made by the hand-written migrations and now records the Baseline as applied.</summary>
    public static async Task<bool> AdoptAsync(TechHealthDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancellationToken)) return false;
        var applied = (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
        var baseline = db.GetService<IMigrationsAssembly>().Migrations.Keys.First();
        if (!applied.Contains(InitialSchema) || applied.Contains(baseline)) return false;

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, statements) in LaterSteps.Where(s => !applied.Contains(s.Id)))
            {
                foreach (var statement in statements) await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
                await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return true;
    }
}
