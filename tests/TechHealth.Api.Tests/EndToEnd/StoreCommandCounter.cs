using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TechHealth.Api.Tests.EndToEnd;

/// <summary>Counts the store's reader commands (queries), so a test can show a data loader batches its reads.</summary>
public sealed class StoreCommandCounter : DbCommandInterceptor
{
    private int _readers;

    public int Readers => Volatile.Read(ref _readers);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _readers);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _readers);
        return ValueTask.FromResult(result);
    }
}
