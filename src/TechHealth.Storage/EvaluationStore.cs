using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TechHealth.Core.Results;
using TechHealth.Storage.Records;

namespace TechHealth.Storage;

/// <summary>
/// Evaluation runs and their results: every component's score, level and check results per run, the summary
/// figures of each run, score history, and bounded retention. Stores what the rule engine decided; never decides.
/// </summary>
public sealed class EvaluationStore(IDbContextFactory<TechHealthDbContext> contexts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The level-count key for components that earned no level.</summary>
    public const string NoLevel = "none";

    /// <summary>
    /// Stores one evaluation run in a single transaction with batched multi-row inserts, and returns it with its
    /// summary figures. Each component's team and department are taken from the components table at this moment,
    /// so department trends stay true to the org tree of the day.
    /// </summary>
    public async Task<EvaluationRunInfo> SaveEvaluationRunAsync(EvaluationRunHeader header, IEnumerable<ComponentEvaluation> evaluations, CancellationToken cancellationToken = default)
    {
        var list = evaluations as IReadOnlyList<ComponentEvaluation> ?? evaluations.ToList();
        var duplicate = list.GroupBy(e => e.ComponentRef, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Component {duplicate.Key} is evaluated {duplicate.Count()} times in one run; each component must appear once.", nameof(evaluations));

        var run = new EvaluationRunRecord
        {
            EvaluatedAt = StorageTime.ToUtc(header.EvaluatedAt),
            DefinitionsVersion = header.DefinitionsVersion,
            Trigger = StorageNames.Of(header.Trigger),
            ScanRunId = header.ScanRunId,
            ComponentCount = list.Count,
            AverageScore = list.Count == 0 ? 0 : list.Average(e => e.Score),
        };
        var levels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in list)
        {
            var key = e.Level ?? NoLevel;
            levels[key] = levels.GetValueOrDefault(key) + 1;
            foreach (var r in e.Results)
                switch (r.Status)
                {
                    case CheckStatus.Pass: run.PassCount++; break;
                    case CheckStatus.Fail: run.FailCount++; break;
                    case CheckStatus.Warn: run.WarnCount++; break;
                    case CheckStatus.Exempt: run.ExemptCount++; break;
                    case CheckStatus.NotApplicable: run.NotApplicableCount++; break;
                    case CheckStatus.Error: run.ErrorCount++; break;
                }
        }
        run.LevelCountsJson = JsonSerializer.Serialize(levels, Json);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var placement = await db.Components.AsNoTracking()
            .Select(c => new { c.Ref, c.TeamRef, c.DepartmentRef })
            .ToDictionaryAsync(c => c.Ref, StringComparer.Ordinal, cancellationToken);

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        await using (var components = new BulkRowWriter(connection, transaction, "component_evaluations",
                         ("evaluation_run_id", DbType.Int64), ("component_ref", DbType.String), ("component_name", DbType.String),
                         ("owner_ref", DbType.String), ("team_ref", DbType.String), ("department_ref", DbType.String),
                         ("score", DbType.Double), ("level", DbType.String), ("lifecycle", DbType.String), ("type", DbType.String)))
        await using (var results = new BulkRowWriter(connection, transaction, "check_results",
                         ("evaluation_run_id", DbType.Int64), ("component_ref", DbType.String), ("ordinal", DbType.Int32),
                         ("check_id", DbType.String), ("level", DbType.String), ("status", DbType.String), ("message", DbType.String),
                         ("evidence_json", DbType.String), ("remediation", DbType.String), ("weight", DbType.Double),
                         ("exemption_reason", DbType.String), ("exempt_until", DbType.Date)))
        {
            foreach (var e in list)
            {
                var place = placement.GetValueOrDefault(e.ComponentRef);
                var team = place?.TeamRef ?? (e.Owner is { } o && o.StartsWith("group:", StringComparison.Ordinal) ? o : null);
                await components.AddAsync(cancellationToken, run.Id, e.ComponentRef, e.ComponentName, e.Owner, team, place?.DepartmentRef, e.Score, e.Level, e.Lifecycle, e.Type);
                var ordinal = 0;
                foreach (var r in e.Results)
                    await results.AddAsync(cancellationToken, run.Id, e.ComponentRef, ordinal++, r.CheckId, r.Level, StorageNames.Of(r.Status),
                        r.Message, r.Evidence.Count == 0 ? "[]" : JsonSerializer.Serialize(r.Evidence, Json), r.Remediation, r.Weight,
                        r.ExemptionReason, r.ExemptUntil);
            }
            await components.FlushAsync(cancellationToken);
            await results.FlushAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return ToInfo(run);
    }

    /// <summary>Evaluation runs, newest first, optionally within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<IReadOnlyList<EvaluationRunInfo>> ListEvaluationRunsAsync(int limit = 100, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.EvaluationRuns.AsNoTracking();
        if (from is { } f) { var u = StorageTime.ToUtc(f); query = query.Where(r => r.EvaluatedAt >= u); }
        if (to is { } t) { var u = StorageTime.ToUtc(t); query = query.Where(r => r.EvaluatedAt <= u); }
        var rows = await query.OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(ToInfo).ToList();
    }

    /// <summary>The newest evaluation run, or null when there is none.</summary>
    public async Task<EvaluationRunInfo?> LatestEvaluationRunAsync(CancellationToken cancellationToken = default)
        => (await ListEvaluationRunsAsync(1, cancellationToken: cancellationToken)).FirstOrDefault();

    /// <summary>One evaluation run's header, or null.</summary>
    public async Task<EvaluationRunInfo?> GetEvaluationRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return row is null ? null : ToInfo(row);
    }

    /// <summary>
    /// Every component's evaluation in a run with all check results, in stored order; optionally one component only.
    /// Each carries the run's definitions version and time. Empty when there is no such run.
    /// </summary>
    public async Task<IReadOnlyList<ComponentEvaluation>> LoadEvaluationAsync(long runId, string? componentRef = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.BeginReadTransactionAsync(cancellationToken);
        var run = await db.EvaluationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        var components = db.ComponentEvaluations.AsNoTracking().Where(c => c.EvaluationRunId == runId);
        if (componentRef is not null) components = components.Where(c => c.ComponentRef == componentRef);
        var componentRows = await components.OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var results = await ReadCheckResultsAsync(db, tx.GetDbTransaction(), runId, componentRef, cancellationToken);
        await tx.CommitAsync(cancellationToken);

        return componentRows.Select(c => new ComponentEvaluation(
            c.ComponentRef, c.ComponentName, c.OwnerRef, c.Score, c.Level,
            results.TryGetValue(c.ComponentRef, out var list) ? list : [])
        {
            Lifecycle = c.Lifecycle,
            Type = c.Type,
            DefinitionsVersion = run?.DefinitionsVersion,
            EvaluatedAt = run is null ? null : StorageTime.FromUtc(run.EvaluatedAt),
        }).ToList();
    }

    /// <summary>
    /// Reads a run's check results with a plain data reader: a fleet run is a quarter of a million rows, and entity
    /// materialisation would cost more than the query. Rows come in insertion order, which is each component's result order.
    /// </summary>
    private static async Task<Dictionary<string, List<CheckResult>>> ReadCheckResultsAsync(
        TechHealthDbContext db, System.Data.Common.DbTransaction transaction, long runId, string? componentRef, CancellationToken cancellationToken)
    {
        var byComponent = new Dictionary<string, List<CheckResult>>(StringComparer.Ordinal);
        // Check ids, levels and remediations repeat across every component; one string instance each keeps a run small in memory.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string value) => pool.TryGetValue(value, out var known) ? known : pool[value] = value;

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT component_ref, check_id, level, status, message, evidence_json, remediation, weight, exemption_reason, exempt_until " +
            "FROM check_results WHERE evaluation_run_id = @run" + (componentRef is null ? "" : " AND component_ref = @component") + " ORDER BY id";
        var run = command.CreateParameter();
        run.ParameterName = "@run";
        run.Value = runId;
        command.Parameters.Add(run);
        if (componentRef is not null)
        {
            var component = command.CreateParameter();
            component.ParameterName = "@component";
            component.Value = componentRef;
            command.Parameters.Add(component);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<CheckResult>? current = null;
        string? currentRef = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var owner = reader.GetString(0);
            if (owner != currentRef)
            {
                currentRef = owner;
                if (!byComponent.TryGetValue(owner, out current)) byComponent[owner] = current = [];
            }
            var evidence = reader.GetString(5);
            current!.Add(new CheckResult(
                Shared(reader.GetString(1)),
                Shared(reader.GetString(2)),
                StorageNames.CheckStatusOf(reader.GetString(3)),
                reader.GetString(4),
                evidence == "[]" ? [] : JsonSerializer.Deserialize<List<Evidence>>(evidence, Json) ?? [],
                reader.IsDBNull(6) ? null : Shared(reader.GetString(6)),
                reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9)));
        }
        return byComponent;
    }

    /// <summary>Scores and levels of one run without the check results; filter by team or department (indexed).</summary>
    public async Task<IReadOnlyList<ComponentScore>> LoadScoresAsync(long runId, string? teamRef = null, string? departmentRef = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = ScoresQuery(db).Where(x => x.Run.Id == runId);
        if (teamRef is not null) query = query.Where(x => x.Score.TeamRef == teamRef);
        if (departmentRef is not null) query = query.Where(x => x.Score.DepartmentRef == departmentRef);
        return ToScores(await query.OrderBy(x => x.Score.ComponentRef).ToListAsync(cancellationToken));
    }

    /// <summary>A component's score and level over runs, oldest first.</summary>
    public async Task<IReadOnlyList<ComponentScore>> GetComponentHistoryAsync(string componentRef, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = ScoresQuery(db).Where(x => x.Score.ComponentRef == componentRef);
        if (from is { } f) { var u = StorageTime.ToUtc(f); query = query.Where(x => x.Run.EvaluatedAt >= u); }
        if (to is { } t) { var u = StorageTime.ToUtc(t); query = query.Where(x => x.Run.EvaluatedAt <= u); }
        return ToScores(await query.OrderBy(x => x.Run.EvaluatedAt).ThenBy(x => x.Run.Id).ToListAsync(cancellationToken));
    }

    /// <summary>Scores of every component of a team or department across runs in a time window, for trends; oldest first.</summary>
    public async Task<IReadOnlyList<ComponentScore>> LoadScoreHistoryAsync(DateTimeOffset from, DateTimeOffset to, string? teamRef = null, string? departmentRef = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (f, t) = (StorageTime.ToUtc(from), StorageTime.ToUtc(to));
        var query = ScoresQuery(db).Where(x => x.Run.EvaluatedAt >= f && x.Run.EvaluatedAt <= t);
        if (teamRef is not null) query = query.Where(x => x.Score.TeamRef == teamRef);
        if (departmentRef is not null) query = query.Where(x => x.Score.DepartmentRef == departmentRef);
        return ToScores(await query.OrderBy(x => x.Run.EvaluatedAt).ThenBy(x => x.Run.Id).ThenBy(x => x.Score.ComponentRef).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// Scores over the latest <paramref name="runs"/> evaluation runs (oldest first), optionally of one team, one
    /// department or some components: one query, so a trend reads only the runs it shows.
    /// </summary>
    public async Task<IReadOnlyList<ComponentScore>> LoadRecentScoreHistoryAsync(int runs, string? teamRef = null, string? departmentRef = null,
        IReadOnlyCollection<string>? componentRefs = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recent = db.EvaluationRuns.AsNoTracking().OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.Id).Take(runs).Select(r => r.Id);
        var query = ScoresQuery(db).Where(x => recent.Contains(x.Run.Id));
        if (teamRef is not null) query = query.Where(x => x.Score.TeamRef == teamRef);
        if (departmentRef is not null) query = query.Where(x => x.Score.DepartmentRef == departmentRef);
        if (componentRefs is not null) query = query.Where(x => componentRefs.Contains(x.Score.ComponentRef));
        return ToScores(await query.OrderBy(x => x.Run.EvaluatedAt).ThenBy(x => x.Run.Id).ThenBy(x => x.Score.ComponentRef).ToListAsync(cancellationToken));
    }

    /// <summary>Deletes the runs <paramref name="policy"/> no longer keeps at <paramref name="now"/>; returns their ids.</summary>
    public async Task<IReadOnlyList<long>> PruneEvaluationRunsAsync(EvaluationRetention policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var runs = await db.EvaluationRuns.AsNoTracking().Select(r => new { r.Id, r.EvaluatedAt }).ToListAsync(cancellationToken);
        var doomed = RunsToPrune(policy, runs.Select(r => (r.Id, StorageTime.FromUtc(r.EvaluatedAt))), now);
        await DeleteRunsAsync(db, doomed, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return doomed;
    }

    /// <summary>Deletes the given runs and their results (for a pruning plan made elsewhere); returns how many runs existed.</summary>
    public async Task<int> DeleteEvaluationRunsAsync(IEnumerable<long> runIds, CancellationToken cancellationToken = default)
    {
        var ids = runIds.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await DeleteRunsAsync(db, ids, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

    private static async Task<int> DeleteRunsAsync(TechHealthDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        await db.CheckResults.Where(r => ids.Contains(r.EvaluationRunId)).ExecuteDeleteAsync(cancellationToken);
        await db.ComponentEvaluations.Where(c => ids.Contains(c.EvaluationRunId)).ExecuteDeleteAsync(cancellationToken);
        return await db.EvaluationRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The retention rule on its own: younger than KeepAllDays is kept; for KeepDailyDays more the newest run of each
    /// UTC day; then the newest of each ISO week, for KeepWeeklyDays more or forever. The newest run overall always stays.
    /// </summary>
    public static List<long> RunsToPrune(EvaluationRetention policy, IEnumerable<(long Id, DateTimeOffset At)> runs, DateTimeOffset now)
    {
        if (policy.KeepAllDays < 0 || policy.KeepDailyDays < 0 || policy.KeepWeeklyDays < 0)
            throw new ArgumentException($"retention days must not be negative (keepAll {policy.KeepAllDays}, daily {policy.KeepDailyDays}, weekly {policy.KeepWeeklyDays?.ToString(CultureInfo.InvariantCulture) ?? "forever"}).", nameof(policy));
        var all = runs.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).ToList();
        var keepAllSince = now - TimeSpan.FromDays(policy.KeepAllDays);
        var dailySince = keepAllSince - TimeSpan.FromDays(policy.KeepDailyDays);
        DateTimeOffset? weeklySince = policy.KeepWeeklyDays is { } weeks ? dailySince - TimeSpan.FromDays(weeks) : null;
        var buckets = new HashSet<string>(StringComparer.Ordinal);
        var doomed = new List<long>();
        for (var i = 0; i < all.Count; i++)
        {
            var (id, at) = all[i];
            if (at > keepAllSince) continue;
            var utc = at.UtcDateTime;
            var bucket = at > dailySince
                ? "d" + utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : $"w{ISOWeek.GetYear(utc)}-{ISOWeek.GetWeekOfYear(utc)}";
            // Runs come newest first, so the first run seen in a bucket is the one it keeps; past the weekly window
            // nothing is kept except the newest run overall.
            var beyondWeekly = weeklySince is { } limit && at <= limit && bucket[0] == 'w';
            if (i > 0 && (beyondWeekly || !buckets.Add(bucket))) doomed.Add(id);
            else buckets.Add(bucket);
        }
        doomed.Sort();
        return doomed;
    }

    private static IQueryable<ScoreRow> ScoresQuery(TechHealthDbContext db)
        => db.ComponentEvaluations.AsNoTracking()
            .Join(db.EvaluationRuns.AsNoTracking(), c => c.EvaluationRunId, r => r.Id, (c, r) => new ScoreRow { Score = c, Run = r });

    private static List<ComponentScore> ToScores(List<ScoreRow> rows)
        => rows.Select(x => new ComponentScore(x.Run.Id, StorageTime.FromUtc(x.Run.EvaluatedAt), x.Score.ComponentRef, x.Score.TeamRef,
            x.Score.DepartmentRef, x.Score.Score, x.Score.Level)).ToList();

    private sealed class ScoreRow
    {
        public required ComponentEvaluationRecord Score { get; init; }
        public required EvaluationRunRecord Run { get; init; }
    }

    private static EvaluationRunInfo ToInfo(EvaluationRunRecord r) => new(
        r.Id, StorageTime.FromUtc(r.EvaluatedAt), r.DefinitionsVersion, StorageNames.TriggerOf(r.Trigger), r.ScanRunId,
        r.ComponentCount, r.AverageScore, r.PassCount, r.FailCount, r.WarnCount, r.ExemptCount, r.NotApplicableCount, r.ErrorCount,
        JsonSerializer.Deserialize<Dictionary<string, int>>(r.LevelCountsJson, Json) ?? []);
}
