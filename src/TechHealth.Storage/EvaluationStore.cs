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
/// History grows with change: a component's evaluation is stored once as a span of the runs that gave it unchanged
/// (<see cref="EvaluationSpanRecord"/>), and every query reads a run as the spans whose range holds it.
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
    /// Stores one evaluation run in a single transaction and returns it with its summary figures. Only components whose
    /// evaluation differs from the previous run's get a new span (with its check results); an unchanged component's
    /// span simply stays in force, so an unchanged run writes one row. Each component's team and department are taken
    /// from the components table at this moment, so department trends stay true to the org tree of the day.
    /// </summary>
    public async Task<EvaluationRunInfo> SaveEvaluationRunAsync(EvaluationRunHeader header, IEnumerable<ComponentEvaluation> evaluations, CancellationToken cancellationToken = default)
    {
        var list = evaluations as IReadOnlyList<ComponentEvaluation> ?? evaluations.ToList();
        var duplicate = list.GroupBy(e => e.ComponentRef, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Component {duplicate.Key} is evaluated {duplicate.Count()} times in one run; each component must appear once.", nameof(evaluations));

        var run = NewRun(header);
        run.ComponentCount = list.Count;
        run.AverageScore = list.Count == 0 ? 0 : list.Average(e => e.Score);
        run.ComponentOrderJson = InOrdinalOrder(list) ? null : JsonSerializer.Serialize(list.Select(e => e.ComponentRef), Json);
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
        // Hashing is the CPU part of the comparison (a fleet's every result), so it runs on every core, and before the
        // transaction holds any lock.
        var rows = new SpanRow[list.Count];
        Parallel.For(0, list.Count, i =>
        {
            var e = list[i];
            var place = placement.GetValueOrDefault(e.ComponentRef);
            var team = place?.TeamRef ?? (e.Owner is { } o && o.StartsWith("group:", StringComparison.Ordinal) ? o : null);
            rows[i] = new SpanRow(e, team, place?.DepartmentRef, ContentHash(e, team, place?.DepartmentRef));
        });

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockRunsAsync(db, cancellationToken);
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        // The spans in force at the previous run are what this run is compared with.
        var previous = await db.EvaluationRuns.AsNoTracking().Where(r => r.Id < run.Id).MaxAsync(r => (long?)r.Id, cancellationToken);
        var inForce = previous is not { } p ? new Dictionary<string, SpanHead>(StringComparer.Ordinal)
            : await db.EvaluationSpans.AsNoTracking()
                .Where(s => s.ValidFromRunId <= p && (s.ValidToRunId == null || s.ValidToRunId > p))
                .Select(s => new SpanHead(s.Id, s.ComponentRef, s.ContentHash, s.ValidToRunId))
                .ToDictionaryAsync(s => s.ComponentRef, StringComparer.Ordinal, cancellationToken);
        var close = new List<long>();
        var reopen = new List<long>();
        var changed = new List<SpanRow>();
        foreach (var row in rows)
        {
            if (inForce.Remove(row.Evaluation.ComponentRef, out var span))
            {
                if (span.ContentHash == row.Hash)
                {
                    // Ended only by a run since deleted (a later run id than the previous one), so it is in force again.
                    if (span.ValidToRunId is not null) reopen.Add(span.Id);
                    continue;
                }
                if (span.ValidToRunId is null) close.Add(span.Id);
            }
            changed.Add(row);
        }
        // Components the previous run had and this one has not.
        close.AddRange(inForce.Values.Where(s => s.ValidToRunId is null).Select(s => s.Id));
        await SetValidToAsync(db, close, run.Id, cancellationToken);
        await SetValidToAsync(db, reopen, null, cancellationToken);

        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        await using (var spans = new BulkRowWriter(connection, transaction, "evaluation_spans",
                         ("valid_from_run_id", DbType.Int64), ("content_hash", DbType.String), ("component_ref", DbType.String), ("component_name", DbType.String),
                         ("owner_ref", DbType.String), ("team_ref", DbType.String), ("department_ref", DbType.String),
                         ("score", DbType.Double), ("level", DbType.String), ("lifecycle", DbType.String), ("type", DbType.String)))
        await using (var results = new BulkRowWriter(connection, transaction, "span_check_results",
                         ("valid_from_run_id", DbType.Int64), ("component_ref", DbType.String), ("ordinal", DbType.Int32),
                         ("check_id", DbType.String), ("level", DbType.String), ("status", DbType.String), ("message", DbType.String),
                         ("evidence_json", DbType.String), ("remediation", DbType.String), ("weight", DbType.Double),
                         ("exemption_reason", DbType.String), ("exempt_until", DbType.Date)))
        {
            foreach (var (e, team, department, hash) in changed)
            {
                await spans.AddAsync(cancellationToken, run.Id, hash, e.ComponentRef, e.ComponentName, e.Owner, team, department, e.Score, e.Level, e.Lifecycle, e.Type);
                var ordinal = 0;
                foreach (var r in e.Results)
                    await results.AddAsync(cancellationToken, run.Id, e.ComponentRef, ordinal++, r.CheckId, r.Level, StorageNames.Of(r.Status),
                        r.Message, r.Evidence.Count == 0 ? "[]" : JsonSerializer.Serialize(r.Evidence, Json), r.Remediation, r.Weight,
                        r.ExemptionReason, r.ExemptUntil);
            }
            await spans.FlushAsync(cancellationToken);
            await results.FlushAsync(cancellationToken);
            LastWrite = new EvaluationWrite(run.Id, changed.Count, spans.RowsWritten + results.RowsWritten + 1 + close.Count + reopen.Count);
        }
        await tx.CommitAsync(cancellationToken);
        return ToInfo(run);
    }

    /// <summary>The newest evaluation run by id (the one a new run is compared with) and the inputs it recorded, or null.</summary>
    public async Task<LatestEvaluationInputs?> LatestInputsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.EvaluationRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        return new LatestEvaluationInputs(ToInfo(row), row.InputsKey is { } key && row.InputsStableUntil is { } until
            ? new EvaluationInputs(key, StorageTime.FromUtc(until)) : null);
    }

    /// <summary>
    /// Records a run whose every evaluation is that of run <paramref name="previousRunId"/>, without being given them:
    /// the header with the previous run's summary figures, one row, as <see cref="SaveEvaluationRunAsync"/> writes for an
    /// unchanged run. Returns null (writing nothing) when <paramref name="previousRunId"/> is no longer the newest run,
    /// since the spans in force then are not necessarily its evaluations.
    /// </summary>
    public async Task<EvaluationRunInfo?> SaveUnchangedEvaluationRunAsync(long previousRunId, EvaluationRunHeader header, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockRunsAsync(db, cancellationToken);
        var newest = await db.EvaluationRuns.AsNoTracking().MaxAsync(r => (long?)r.Id, cancellationToken);
        if (newest != previousRunId) return null;
        var previous = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == previousRunId, cancellationToken);
        // The same figures as the run it repeats; only when and why differ.
        var run = NewRun(header);
        run.ComponentCount = previous.ComponentCount;
        run.AverageScore = previous.AverageScore;
        run.PassCount = previous.PassCount;
        run.FailCount = previous.FailCount;
        run.WarnCount = previous.WarnCount;
        run.ExemptCount = previous.ExemptCount;
        run.NotApplicableCount = previous.NotApplicableCount;
        run.ErrorCount = previous.ErrorCount;
        run.LevelCountsJson = previous.LevelCountsJson;
        run.ComponentOrderJson = previous.ComponentOrderJson;
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        // Spans of the previous run ended only by a run since deleted are in force again, as the full comparison would find.
        var reopen = await db.EvaluationSpans.AsNoTracking()
            .Where(s => s.ValidFromRunId <= previousRunId && s.ValidToRunId != null && s.ValidToRunId > previousRunId)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        await SetValidToAsync(db, reopen, null, cancellationToken);
        LastWrite = new EvaluationWrite(run.Id, 0, 1 + reopen.Count);
        await tx.CommitAsync(cancellationToken);
        return ToInfo(run);
    }

    /// <summary>What the last <see cref="SaveEvaluationRunAsync"/> of this store wrote, for metrics, logs and benchmarks.</summary>
    public EvaluationWrite? LastWrite { get; private set; }

    private sealed record SpanRow(ComponentEvaluation Evaluation, string? Team, string? Department, string Hash);

    private sealed record SpanHead(long Id, string ComponentRef, string? ContentHash, long? ValidToRunId);

    private static bool InOrdinalOrder(IReadOnlyList<ComponentEvaluation> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (string.CompareOrdinal(list[i - 1].ComponentRef, list[i].ComponentRef) > 0) return false;
        return true;
    }

    /// <summary>
    /// Makes writers of runs and spans take turns: each compares with the runs before it, so two at once would both
    /// end the same spans. SQLite's write transaction already excludes every other writer; PostgreSQL's readers are not blocked.
    /// </summary>
    private static async Task LockRunsAsync(TechHealthDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE evaluation_runs IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
    }

    private static async Task SetValidToAsync(TechHealthDbContext db, List<long> spanIds, long? validTo, CancellationToken cancellationToken)
    {
        // Ids are longs from the database, so they go into the statement as literals; 500 per statement keeps it small.
        foreach (var chunk in spanIds.Chunk(500))
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE evaluation_spans SET valid_to_run_id = {(validTo is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL")} " +
                $"WHERE id IN ({string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)))})", cancellationToken);
    }

    /// <summary>
    /// SHA-256 over everything a span stores, each string length-prefixed so no two contents read alike. Two runs
    /// with the same hash for a component hold the same evaluation of it, to the last byte of evidence.
    /// </summary>
    internal static string ContentHash(ComponentEvaluation e, string? team, string? department)
    {
        var hash = new ContentHasher();
        string Count(int n, string separator) => n.ToString(CultureInfo.InvariantCulture) + separator;
        hash.Add(e.ComponentName).Add(e.Owner).Add(team).Add(department).AddBits(e.Score).Add(e.Level).Add(e.Lifecycle).Add(e.Type);
        hash.Raw(Count(e.Results.Count, "|"));
        foreach (var r in e.Results)
        {
            hash.Add(r.CheckId).Add(r.Level).Add(StorageNames.Of(r.Status)).Add(r.Message).Add(r.Remediation).AddBits(r.Weight)
                .Add(r.ExemptionReason).Add(r.ExemptUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            hash.Raw(Count(r.Evidence.Count, "["));
            foreach (var v in r.Evidence)
            {
                hash.Add(v.Message).Add(v.File).Raw(Count(v.Line, ";"))
                    .Add(v.Purl).Add(v.Version).Add(v.RadarEntry).Add(v.Ring).Add(v.Condition).Add(v.TestFolder);
            }
            hash.Raw("]");
        }
        return hash.Finish();
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
        if (run is null) return [];
        var components = InForceAt(db, runId);
        if (componentRef is not null) components = components.Where(c => c.ComponentRef == componentRef);
        var componentRows = await components.ToListAsync(cancellationToken);
        var results = await ReadCheckResultsAsync(db, tx.GetDbTransaction(), runId, componentRef, cancellationToken);
        await tx.CommitAsync(cancellationToken);

        // The run's components come back in the order they were stored: ordinal by ref unless the run recorded another.
        if (run.ComponentOrderJson is { } order)
        {
            var position = (JsonSerializer.Deserialize<List<string>>(order, Json) ?? []).Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i, StringComparer.Ordinal);
            componentRows = componentRows.OrderBy(c => position.GetValueOrDefault(c.ComponentRef, int.MaxValue)).ToList();
        }
        else componentRows.Sort((a, b) => string.CompareOrdinal(a.ComponentRef, b.ComponentRef));

        return componentRows.Select(c => new ComponentEvaluation(
            c.ComponentRef, c.ComponentName, c.OwnerRef, c.Score, c.Level,
            results.TryGetValue(c.ComponentRef, out var list) ? list : [])
        {
            Lifecycle = c.Lifecycle,
            Type = c.Type,
            DefinitionsVersion = run.DefinitionsVersion,
            EvaluatedAt = StorageTime.FromUtc(run.EvaluatedAt),
        }).ToList();
    }

    /// <summary>The spans that make up run <paramref name="runId"/>: those whose [from, to) range holds it.</summary>
    private static IQueryable<EvaluationSpanRecord> InForceAt(TechHealthDbContext db, long runId)
        => db.EvaluationSpans.AsNoTracking().Where(s => s.ValidFromRunId <= runId && (s.ValidToRunId == null || s.ValidToRunId > runId));

    /// <summary>
    /// Reads a run's check results with a plain data reader: a fleet run is a quarter of a million rows, and entity
    /// materialisation would cost more than the query. Rows come in insertion order, which is each span's result order.
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
            "SELECT r.component_ref, r.check_id, r.level, r.status, r.message, r.evidence_json, r.remediation, r.weight, r.exemption_reason, r.exempt_until " +
            "FROM span_check_results r JOIN evaluation_spans s ON s.valid_from_run_id = r.valid_from_run_id AND s.component_ref = r.component_ref " +
            "WHERE s.valid_from_run_id <= @run AND (s.valid_to_run_id IS NULL OR s.valid_to_run_id > @run)" +
            (componentRef is null ? "" : " AND r.component_ref = @component") + " ORDER BY r.id";
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
        await LockRunsAsync(db, cancellationToken);
        var deleted = 0;
        foreach (var chunk in ids.Chunk(500))
            deleted += await db.EvaluationRuns.Where(r => chunk.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        // A span goes only when no stored run is left inside its range: a later run it still serves keeps it.
        var orphans = db.EvaluationSpans.Where(s => !db.EvaluationRuns.Any(r => r.Id >= s.ValidFromRunId && (s.ValidToRunId == null || r.Id < s.ValidToRunId)));
        var doomed = await orphans.Select(s => new { s.ValidFromRunId, s.ComponentRef }).ToListAsync(cancellationToken);
        foreach (var run in doomed.GroupBy(s => s.ValidFromRunId))
            foreach (var chunk in run.Select(s => s.ComponentRef).Chunk(500))
                await db.SpanCheckResults.Where(r => r.ValidFromRunId == run.Key && chunk.Contains(r.ComponentRef)).ExecuteDeleteAsync(cancellationToken);
        await orphans.ExecuteDeleteAsync(cancellationToken);
        return deleted;
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

    // Every (span, run) pair where the run lies in the span's range: a component's score in each run that had it.
    private static IQueryable<ScoreRow> ScoresQuery(TechHealthDbContext db)
        => from c in db.EvaluationSpans.AsNoTracking()
           from r in db.EvaluationRuns.AsNoTracking()
           where c.ValidFromRunId <= r.Id && (c.ValidToRunId == null || r.Id < c.ValidToRunId)
           select new ScoreRow { Score = c, Run = r };

    private static List<ComponentScore> ToScores(List<ScoreRow> rows)
        => rows.Select(x => new ComponentScore(x.Run.Id, StorageTime.FromUtc(x.Run.EvaluatedAt), x.Score.ComponentRef, x.Score.TeamRef,
            x.Score.DepartmentRef, x.Score.Score, x.Score.Level)).ToList();

    private sealed class ScoreRow
    {
        public required EvaluationSpanRecord Score { get; init; }
        public required EvaluationRunRecord Run { get; init; }
    }

    /// <summary>A run row with what its header says: when, against which definitions, why, and the inputs it read.</summary>
    private static EvaluationRunRecord NewRun(EvaluationRunHeader header) => new()
    {
        EvaluatedAt = StorageTime.ToUtc(header.EvaluatedAt),
        DefinitionsVersion = header.DefinitionsVersion,
        Trigger = StorageNames.Of(header.Trigger),
        ScanRunId = header.ScanRunId,
        InputsKey = header.Inputs?.Key,
        InputsStableUntil = header.Inputs is { } inputs ? StorageTime.ToUtc(inputs.StableUntil) : null,
    };

    private static EvaluationRunInfo ToInfo(EvaluationRunRecord r) => new(
        r.Id, StorageTime.FromUtc(r.EvaluatedAt), r.DefinitionsVersion, StorageNames.TriggerOf(r.Trigger), r.ScanRunId,
        r.ComponentCount, r.AverageScore, r.PassCount, r.FailCount, r.WarnCount, r.ExemptCount, r.NotApplicableCount, r.ErrorCount,
        JsonSerializer.Deserialize<Dictionary<string, int>>(r.LevelCountsJson, Json) ?? []);
}
