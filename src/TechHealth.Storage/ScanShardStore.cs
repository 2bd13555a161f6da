using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace TechHealth.Storage;

/// <summary>A shard this instance holds: the attempt number fences every later write, so a claim taken over by another instance refuses the old holder's commit.</summary>
public sealed record ShardClaim(long RunId, int Shard, string Owner, int Attempt, IReadOnlyList<string> Repositories);

/// <summary>A sharded run's bookkeeping row.</summary>
/// <param name="State"><c>scanning</c>, <c>completing</c>, <c>completed</c> or <c>failed</c>.</param>
public sealed record ShardedRun(long RunId, string? Source, bool Full, int ShardCount, string State, string? Owner, int Attempts, long? EvaluationRunId);

/// <summary>One shard's row, for progress, tests and figures.</summary>
public sealed record ShardRow(long RunId, int Shard, IReadOnlyList<string> Repositories, string State, string? Owner, int Attempts, string? Error);

/// <summary>What storing a shard led to: whether it was the last one, and if so the completion claim it took.</summary>
public sealed record ShardStored(bool RunReadyToComplete, int? CompletionAttempt);

/// <summary>The shard was claimed by another instance meanwhile (this one was taken for dead); its results were not stored.</summary>
public sealed class ShardClaimLostException(string message) : Exception(message);

/// <summary>
/// Bookkeeping of scan runs shared across instances (tables <c>scan_shard_runs</c> and <c>scan_shards</c>, made by raw-SQL
/// migrations outside the EF model). Every change of hands is a conditional update whose WHERE names the state and, after a
/// claim, the owner and attempt, so two instances never both hold a shard or both complete a run; a shard's facts and its
/// "done" commit in one transaction that first locks its run's row, so exactly one shard sees that it was the last.
/// </summary>
public sealed class ScanShardStore(IDbContextFactory<TechHealthDbContext> contexts, FactStore facts, TimeProvider clock)
{
    public const string Scanning = "scanning", Completing = "completing", Completed = "completed", Failed = "failed";
    public const string Pending = "pending", Running = "running", Done = "done";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The run under way across the cluster (scanning or completing), if any.</summary>
    public async Task<ShardedRun?> ActiveRunAsync(CancellationToken cancellationToken = default)
        => (await RunsAsync("WHERE active_slot = 1", [], cancellationToken)).FirstOrDefault();

    public async Task<ShardedRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default)
        => (await RunsAsync("WHERE scan_run_id = @run", [("run", runId)], cancellationToken)).FirstOrDefault();

    /// <summary>Ids of every scan run shared out in shards: start-up clean-up leaves them to the cluster's recovery.</summary>
    public async Task<IReadOnlyList<long>> CoordinatedRunIdsAsync(CancellationToken cancellationToken = default)
        => (await RunsAsync("", [], cancellationToken)).Select(r => r.RunId).ToList();

    /// <summary>
    /// Records the run's shards as pending and the run as the active one. False when another run is active (the
    /// unique index on <c>active_slot</c> admits one), so two instances starting a scan at once start one run.
    /// </summary>
    public async Task<bool> TryCreateAsync(long runId, string? source, bool full, IReadOnlyList<IReadOnlyList<string>> shards, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(db, """
                INSERT INTO scan_shard_runs (scan_run_id, source, full_scan, shard_count, state, attempts, created_at, active_slot)
                VALUES (@run, @source, @full, @count, 'scanning', 0, @now, 1)
                """, cancellationToken, ("run", runId), ("source", source), ("full", full), ("count", shards.Count), ("now", Now()));
        }
        catch (DbException)
        {
            return false;
        }
        for (var i = 0; i < shards.Count; i++)
            await ExecuteAsync(db, """
                INSERT INTO scan_shards (scan_run_id, shard, repositories_json, state, attempts)
                VALUES (@run, @shard, @repositories, 'pending', 0)
                """, cancellationToken, ("run", runId), ("shard", i), ("repositories", JsonSerializer.Serialize(shards[i], Json)));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes a pending shard; a running one only when <paramref name="takeOver"/> (Quartz recovered the job of a dead
    /// instance) or when this owner already held it (the same instance restarted). Null when done or held by a live instance.
    /// </summary>
    public async Task<ShardClaim?> TryClaimAsync(long runId, int shard, string owner, bool takeOver, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await QueryAsync(db, """
            UPDATE scan_shards SET state = 'running', owner = @owner, attempts = attempts + 1, claimed_at = @now, error = NULL
            WHERE scan_run_id = @run AND shard = @shard
              AND (state = 'pending' OR (state = 'running' AND (@takeOver OR owner = @owner)))
            RETURNING attempts, repositories_json
            """, r => (Attempt: r.GetInt32(0), Json: r.GetString(1)), cancellationToken,
            ("run", runId), ("shard", shard), ("owner", owner), ("takeOver", takeOver), ("now", Now()));
        if (rows.Count == 0) return null;
        return new ShardClaim(runId, shard, owner, rows[0].Attempt, JsonSerializer.Deserialize<List<string>>(rows[0].Json, Json) ?? []);
    }

    /// <summary>
    /// Stores the shard's facts and marks it <paramref name="finalState"/> (done, or failed after its last attempt) in one
    /// transaction, after locking the run's row; when no shard is left, that same transaction claims the run's completion.
    /// </summary>
    /// <exception cref="ShardClaimLostException">Another instance took the shard over; nothing was stored.</exception>
    public async Task<ShardStored> StoreAsync(ShardClaim claim, ShardFacts shardFacts, string finalState = Done, string? error = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // A write to the run's row takes its lock on both providers: shard commits of one run go one at a time.
        await ExecuteAsync(db, "UPDATE scan_shard_runs SET state = state WHERE scan_run_id = @run", cancellationToken, ("run", claim.RunId));
        var held = await ScalarAsync(db, """
            SELECT COUNT(*) FROM scan_shards
            WHERE scan_run_id = @run AND shard = @shard AND state = 'running' AND owner = @owner AND attempts = @attempt
            """, cancellationToken, ("run", claim.RunId), ("shard", claim.Shard), ("owner", claim.Owner), ("attempt", claim.Attempt));
        if (held != 1)
            throw new ShardClaimLostException($"Shard {claim.Shard} of scan run {claim.RunId} is no longer held by {claim.Owner} (attempt {claim.Attempt}).");

        await facts.ReplaceShardFactsAsync(db, tx, claim.RunId, shardFacts, cancellationToken);

        await ExecuteAsync(db, """
            UPDATE scan_shards SET state = @state, finished_at = @now, error = @error
            WHERE scan_run_id = @run AND shard = @shard
            """, cancellationToken, ("run", claim.RunId), ("shard", claim.Shard), ("state", finalState), ("now", Now()), ("error", error));
        var left = await ScalarAsync(db, "SELECT COUNT(*) FROM scan_shards WHERE scan_run_id = @run AND state NOT IN ('done', 'failed')",
            cancellationToken, ("run", claim.RunId));
        int? completion = null;
        if (left == 0)
        {
            var claimed = await QueryAsync(db, """
                UPDATE scan_shard_runs SET state = 'completing', owner = @owner, attempts = attempts + 1
                WHERE scan_run_id = @run AND state = 'scanning'
                RETURNING attempts
                """, r => r.GetInt32(0), cancellationToken, ("run", claim.RunId), ("owner", claim.Owner));
            completion = claimed.Count == 1 ? claimed[0] : null;
        }
        await tx.CommitAsync(cancellationToken);
        return new ShardStored(left == 0, completion);
    }

    /// <summary>Gives a shard back after a failed attempt, so its retry (here or elsewhere) can claim it; refused if no longer held.</summary>
    public async Task<bool> ReleaseAsync(ShardClaim claim, string error, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ExecuteAsync(db, """
            UPDATE scan_shards SET state = 'pending', owner = NULL, error = @error
            WHERE scan_run_id = @run AND shard = @shard AND state = 'running' AND owner = @owner AND attempts = @attempt
            """, cancellationToken, ("run", claim.RunId), ("shard", claim.Shard), ("owner", claim.Owner), ("attempt", claim.Attempt), ("error", error)) == 1;
    }

    /// <summary>
    /// Takes over a run whose every shard is finished but whose completion was not: only when its completer is this
    /// instance or was taken for dead (<paramref name="takeOver"/>). Returns the completion attempt, or null.
    /// </summary>
    public async Task<int?> TryClaimCompletionAsync(long runId, string owner, bool takeOver, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await QueryAsync(db, """
            UPDATE scan_shard_runs SET owner = @owner, attempts = attempts + 1
            WHERE scan_run_id = @run AND state = 'completing' AND (owner IS NULL OR owner = @owner OR @takeOver)
            RETURNING attempts
            """, r => r.GetInt32(0), cancellationToken, ("run", runId), ("owner", owner), ("takeOver", takeOver));
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>Ends the run (completed or failed) if this owner's completion claim still stands; frees the cluster for the next run.</summary>
    public async Task<bool> FinishAsync(long runId, string owner, int attempt, string state, long? evaluationRunId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ExecuteAsync(db, """
            UPDATE scan_shard_runs SET state = @state, finished_at = @now, evaluation_run_id = @evaluation, active_slot = NULL
            WHERE scan_run_id = @run AND owner = @owner AND attempts = @attempt AND state = 'completing'
            """, cancellationToken, ("run", runId), ("owner", owner), ("attempt", attempt), ("state", state), ("now", Now()), ("evaluation", evaluationRunId)) == 1;
    }

    /// <summary>Fails a run that cannot go on (its scan run was interrupted or failed), whatever its state, freeing the cluster.</summary>
    public async Task AbandonAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await ExecuteAsync(db, """
            UPDATE scan_shard_runs SET state = 'failed', finished_at = @now, active_slot = NULL
            WHERE scan_run_id = @run AND state IN ('scanning', 'completing')
            """, cancellationToken, ("run", runId), ("now", Now()));
    }

    /// <summary>The evaluation run stored for a scan run, if any: a completion taken over after its evaluation was stored does not evaluate again.</summary>
    public async Task<long?> EvaluationOfAsync(long scanRunId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await QueryAsync(db, "SELECT id FROM evaluation_runs WHERE scan_run_id = @run ORDER BY id", r => r.GetInt64(0), cancellationToken, ("run", scanRunId));
        return ids.Count > 0 ? ids[0] : null;
    }

    public async Task<IReadOnlyList<ShardRow>> ShardsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await QueryAsync(db, """
            SELECT scan_run_id, shard, repositories_json, state, owner, attempts, error FROM scan_shards WHERE scan_run_id = @run ORDER BY shard
            """, r => new ShardRow(r.GetInt64(0), r.GetInt32(1), JsonSerializer.Deserialize<List<string>>(r.GetString(2), Json) ?? [],
                r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6)),
            cancellationToken, ("run", runId));
    }

    private async Task<List<ShardedRun>> RunsAsync(string where, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await QueryAsync(db, $"""
            SELECT scan_run_id, source, full_scan, shard_count, state, owner, attempts, evaluation_run_id FROM scan_shard_runs {where} ORDER BY scan_run_id DESC
            """, r => new ShardedRun(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetBoolean(2), r.GetInt32(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetInt64(7)),
            cancellationToken, parameters);
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static async Task<DbCommand> CommandAsync(TechHealthDbContext db, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            // A null goes untyped, so PostgreSQL takes its type from the column (a typed null text would not fit a bigint).
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static async Task<int> ExecuteAsync(TechHealthDbContext db, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(TechHealthDbContext db, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task<List<T>> QueryAsync<T>(TechHealthDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }
}
