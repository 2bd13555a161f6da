using System.Buffers;
using System.Text;
using HotChocolate.Execution;
using HotChocolate.Language;
using HotChocolate.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TechHealth.Api.Apis;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// The answers of read-only queries, kept for the life of the fleet snapshot they were computed from. A snapshot never
/// changes and every query field except the live ones (<see cref="TechHealthSchema.IsLive"/>: the store, the clock,
/// scan progress) is a function of it, so a query asked again with the same document and variables on the same
/// snapshot has the same answer: dashboards, pages and scripts repeat a few queries between evaluation runs. The next
/// snapshot starts an empty cache. Only answers without errors are kept, the JSON of their <c>data</c> as it was
/// written; the memory they take is bounded by <c>TechHealth:GraphQL:ResultCacheMegabytes</c> (0 turns the cache off).
/// Reads need no per-caller key: who may read is decided before a request reaches GraphQL, and no query field depends
/// on the caller (only mutations read it).
/// </summary>
public sealed class ResultCache
{
    private readonly long _limitBytes;
    private readonly TechHealthMetrics _metrics;
    private Generation? _generation;

    public ResultCache(IOptions<GraphQLLimitOptions> options, FleetState fleet, TechHealthMetrics metrics)
    {
        _limitBytes = Math.Max(0, options.Value.ResultCacheMegabytes) * 1024L * 1024L;
        _metrics = metrics;
        if (_limitBytes == 0) return;
        fleet.Published += Start;
        if (fleet.Current is { } current) Start(current);
    }

    public bool Enabled => _limitBytes > 0;

    /// <summary>Answers served from the cache and answers computed and kept, since start-up (also exported as a metric).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>What the answers kept for the snapshot in force take, as counted against the limit (JSON and key).</summary>
    public long KeptBytes => Volatile.Read(ref _generation) is { } generation ? Interlocked.Read(ref generation.Bytes) : 0;

    private long _hits;
    private long _misses;

    /// <summary>The request stage, placed just before execution: answers from the cache or keeps what execution answers.</summary>
    public static RequestMiddleware Middleware => (core, next) =>
    {
        var cache = core.Services.GetRequiredService<ResultCache>();
        return context =>
        {
            if (!cache.TryKey(context, out var generation, out var key)) return next(context);
            if (generation.Entries.TryGetValue(key, out byte[]? data) && data is not null)
            {
                Interlocked.Increment(ref cache._hits);
                cache._metrics.RecordResultCache(hit: true);
                context.Result = new OperationResult(new OperationResultData(data, false, new KeptData(data), null));
                return ValueTask.CompletedTask;
            }
            return cache.ExecuteAndKeepAsync(context, next, generation, key);
        };
    };

    private async ValueTask ExecuteAndKeepAsync(RequestContext context, HotChocolate.Execution.RequestDelegate next, Generation generation, string key)
    {
        await next(context);
        if (context.Result is not OperationResult { IsIncremental: false, Errors: null or { Count: 0 }, Extensions: null or { Count: 0 } } result
            || result.Data is not { IsValueNull: false, Formatter: { } formatter })
            return;
        var buffer = new ArrayBufferWriter<byte>(4096);
        formatter.WriteDataTo(new JsonWriter(buffer, default, JsonNullIgnoreCondition.None));
        // One answer may take a sixteenth of the memory at most, so a few large exports do not push out every dashboard's.
        if (buffer.WrittenCount > _limitBytes / 16) return;
        var data = buffer.WrittenSpan.ToArray();
        var size = data.Length + key.Length * sizeof(char);
        // Counted when kept, taken off when evicted, replaced or refused for want of room (each calls back once).
        Interlocked.Add(ref generation.Bytes, size);
        var entry = new MemoryCacheEntryOptions { Size = size }.RegisterPostEvictionCallback(static (_, _, _, state) =>
        {
            var (kept, size) = ((Generation, long))state!;
            Interlocked.Add(ref kept.Bytes, -size);
        }, (generation, (long)size));
        generation.Entries.Set(key, data, entry);
        Interlocked.Increment(ref _misses);
        _metrics.RecordResultCache(hit: false);
    }

    /// <summary>
    /// The cache key of a request that may be answered from the cache: a query, on the snapshot in force, selecting no
    /// live field, with one set of variables. The key is the document's id (the one HotChocolate keeps the parsed document
    /// and compiled operation under, so two requests with one id run the same operation), the operation's name and each
    /// variable's coerced value as GraphQL prints it (so the JSON's spacing and key order do not matter).
    /// </summary>
    private bool TryKey(RequestContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Generation? generation, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? key)
    {
        generation = Volatile.Read(ref _generation);
        key = null;
        if (generation is null
            || !context.ContextData.TryGetValue(TechHealthSchema.SnapshotKey, out var snapshot)
            || !ReferenceEquals(snapshot, generation.Snapshot)
            || context.VariableValues.Length > 1
            || !context.TryGetOperationDocument(out DocumentNode? document, out OperationDocumentId id))
            return false;
        var operationName = context.Request.OperationName;
        // Whether it reaches a live field (through fragments too) is part of the operation's measure, walked once per query text.
        if (Operations.Find(document, operationName) is not { Operation: OperationType.Query } operation
            || QueryLimits.MeasurementOf(context.Schema, document, operation).SelectsLiveField)
            return false;
        var text = new StringBuilder(id.Value).Append('\n').Append(operationName);
        if (context.VariableValues.Length == 1)
            foreach (var variable in context.VariableValues[0])
                text.Append('\n').Append(variable.Name).Append('=').Append(variable.Value.ToString(indented: false));
        key = text.ToString();
        return true;
    }

    /// <summary>A new snapshot is in force: its answers start from nothing, and the previous snapshot's are let go.</summary>
    private void Start(FleetSnapshot snapshot)
    {
        var previous = Interlocked.Exchange(ref _generation, new Generation(snapshot, new MemoryCache(new MemoryCacheOptions { SizeLimit = _limitBytes })));
        previous?.Entries.Clear();
    }

    private sealed class Generation(FleetSnapshot snapshot, MemoryCache entries)
    {
        public FleetSnapshot Snapshot { get; } = snapshot;
        public MemoryCache Entries { get; } = entries;
        public long Bytes;
    }

    /// <summary>Kept <c>data</c> JSON, written into an answer as it is.</summary>
    private sealed class KeptData(byte[] json) : IRawJsonFormatter
    {
        public void WriteDataTo(JsonWriter writer) => writer.WriteRawValue(json);
    }
}
