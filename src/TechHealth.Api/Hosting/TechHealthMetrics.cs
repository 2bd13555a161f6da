using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TechHealth.Api.Fleet;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Hosting;

/// <summary>
/// The service's own metrics, on the meter <see cref="MeterName"/>; OpenTelemetry exports them (Prometheus at
/// <c>/metrics</c>, OTLP when configured). One instance per host, made by the host's <see cref="IMeterFactory"/>.
/// <list type="bullet">
/// <item><c>techhealth.scan.duration</c> (s, histogram; tag <c>outcome</c>: completed|failed): a scan run from start to stored facts.</item>
/// <item><c>techhealth.evaluation.duration</c> (s, histogram; tag <c>trigger</c>): evaluating the fleet and storing the run.</item>
/// <item><c>techhealth.evaluation.rows_written</c> (counter): rows an evaluation run wrote; an unchanged run writes 1.</item>
/// <item><c>techhealth.evaluation.changed_components</c> (counter): components whose evaluation differed from the previous run.</item>
/// <item><c>techhealth.graphql.cache.lookups</c> (counter; tag <c>result</c>: hit|miss): queries the result cache could answer.</item>
/// <item><c>techhealth.scan.repositories</c> (gauge; tag <c>state</c>): the scan under way or the last one: discovered,
/// fetched, harvested, failed (live), and scanned, unchanged (when it finished).</item>
/// <item><c>techhealth.components</c> (gauge; tag <c>level</c>, "none" for no level): components per level in the run in force.</item>
/// <item><c>techhealth.scan.queue.depth</c> (gauge; tag <c>shard</c>): work waiting per shard, as fed to <see cref="SetQueueDepth"/>.</item>
/// </list>
/// </summary>
public sealed class TechHealthMetrics
{
    public const string MeterName = "TechHealth";

    private readonly Histogram<double> _scanDuration;
    private readonly Histogram<double> _evaluationDuration;
    private readonly Counter<long> _rowsWritten;
    private readonly Counter<long> _changedComponents;
    private readonly Counter<long> _cacheLookups;
    private readonly ConcurrentDictionary<string, long> _queueDepth = new(StringComparer.Ordinal);
    private (int Scanned, int Unchanged)? _lastScan;

    public TechHealthMetrics(IMeterFactory meters, FleetState fleet, ScanProgress progress)
    {
        var meter = meters.Create(MeterName);
        _scanDuration = meter.CreateHistogram<double>("techhealth.scan.duration", "s", "Duration of a scan run, from discovery to stored facts.");
        _evaluationDuration = meter.CreateHistogram<double>("techhealth.evaluation.duration", "s", "Duration of an evaluation run: evaluating the fleet and storing the run.");
        _rowsWritten = meter.CreateCounter<long>("techhealth.evaluation.rows_written", "{row}", "Rows written to store evaluation runs; an unchanged run writes one.");
        _changedComponents = meter.CreateCounter<long>("techhealth.evaluation.changed_components", "{component}", "Components whose evaluation differed from the previous run's.");
        _cacheLookups = meter.CreateCounter<long>("techhealth.graphql.cache.lookups", "{request}", "GraphQL queries that could be answered from the result cache, by result: hit or miss.");
        meter.CreateObservableGauge("techhealth.scan.repositories", () => Repositories(progress.Current), "{repository}", "Repositories of the scan under way or the last one, per state.");
        meter.CreateObservableGauge("techhealth.components", () => Components(fleet.Current), "{component}", "Components per level in the evaluation run in force.");
        meter.CreateObservableGauge("techhealth.scan.queue.depth",
            () => _queueDepth.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("shard", q.Key))), "{repository}", "Work waiting per scan shard.");
    }

    /// <summary>Records a finished scan run: its duration, and how many repositories it scanned and found unchanged.</summary>
    public void RecordScan(TimeSpan duration, bool completed, int scanned, int unchanged)
    {
        _scanDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", completed ? "completed" : "failed"));
        if (completed) _lastScan = (scanned, unchanged);
    }

    /// <summary>Records an evaluation run: its duration by trigger, and what storing it wrote (null when it was not stored).</summary>
    public void RecordEvaluation(TimeSpan duration, EvaluationTrigger trigger, EvaluationWrite? write)
    {
        _evaluationDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trigger", TriggerName(trigger)));
        if (write is null) return;
        _rowsWritten.Add(write.Rows);
        _changedComponents.Add(write.ChangedComponents);
    }

    /// <summary>Records a cacheable GraphQL query: answered from the result cache (hit) or executed and kept (miss).</summary>
    public void RecordResultCache(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>The trigger as the store and GraphQL name it.</summary>
    public static string TriggerName(EvaluationTrigger trigger) => trigger switch
    {
        EvaluationTrigger.RadarEdit => "radar-edit",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Sets the depth of one shard's queue (repositories not yet taken), for whatever splits scans into shards; the
    /// gauge reports the latest value of every shard set until <see cref="ClearQueueDepth"/> removes it.
    /// </summary>
    public void SetQueueDepth(string shard, long depth) => _queueDepth[shard] = depth;

    /// <summary>Stops reporting a shard (its run is over).</summary>
    public void ClearQueueDepth(string shard) => _queueDepth.TryRemove(shard, out _);

    /// <summary>Replaces every shard's depth at once: the shards of the run under way, or none when no run is.</summary>
    public void ReplaceQueueDepths(IEnumerable<(string Shard, long Depth)> shards)
    {
        var current = shards.ToDictionary(s => s.Shard, s => s.Depth, StringComparer.Ordinal);
        foreach (var gone in _queueDepth.Keys.Where(k => !current.ContainsKey(k))) _queueDepth.TryRemove(gone, out _);
        foreach (var (shard, depth) in current) _queueDepth[shard] = depth;
    }

    private IEnumerable<Measurement<int>> Repositories(ScanProgressSnapshot p)
    {
        yield return State(p.Discovered, "discovered");
        yield return State(p.Fetched, "fetched");
        yield return State(p.Harvested, "harvested");
        yield return State(p.Failed, "failed");
        if (_lastScan is { } last)
        {
            yield return State(last.Scanned, "scanned");
            yield return State(last.Unchanged, "unchanged");
        }
    }

    private static Measurement<int> State(int value, string state) => new(value, new KeyValuePair<string, object?>("state", state));

    private static IEnumerable<Measurement<int>> Components(FleetSnapshot? snapshot)
        => snapshot is null ? []
            : snapshot.Fleet.Evaluations.GroupBy(e => e.Level ?? EvaluationStore.NoLevel)
                .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("level", g.Key)));
}

/// <summary>
/// The service's trace spans. <see cref="Source"/> gives <c>scan</c>, <c>evaluate</c> with its <c>evaluate.facts</c>,
/// <c>evaluate.checks</c> and <c>evaluate.store</c> children; per-repository <c>harvest</c> spans come from
/// <see cref="ScanningTelemetry.Source"/>. Nothing is recorded unless a listener (OpenTelemetry) is attached.
/// </summary>
public static class TechHealthTelemetry
{
    public const string SourceName = "TechHealth";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Every source the service's spans come from, for the tracer provider.</summary>
    public static readonly string[] SourceNames = [SourceName, ScanningTelemetry.SourceName];
}
