using System.Threading.Channels;

namespace TechHealth.Scanning;

/// <summary>Where a running scan is, as counts of repositories. <see cref="Done"/> of <see cref="Discovered"/> have been harvested or have failed.</summary>
/// <param name="Running">A scan is under way.</param>
/// <param name="Phase"><c>idle</c>, <c>discovering</c>, <c>harvesting</c>, <c>storing</c>, <c>finished</c>.</param>
/// <param name="Discovered">Repositories listed by the sources so far.</param>
/// <param name="Fetched">Repositories cloned or fetched because their head changed (the rest were already current on disk).</param>
/// <param name="Harvested">Repositories read: scanned, or skipped as unchanged.</param>
/// <param name="Failed">Repositories that could not be had or read, and sources that could not be listed.</param>
public sealed record ScanProgressSnapshot(bool Running, string Phase, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    int Discovered, int Fetched, int Harvested, int Failed, IReadOnlyList<string> FailedSources)
{
    public int Done => Harvested + Failed;

    public static readonly ScanProgressSnapshot Idle = new(false, "idle", null, null, 0, 0, 0, 0, []);
}

/// <summary>
/// The progress of the scan under way, for people watching: the <c>scan</c> verb's bar, <c>/healthz</c>, GraphQL.
/// Sources and the scanner count into it from any thread; watchers read <see cref="Current"/> or follow
/// <see cref="WatchAsync"/>, which always yields the newest snapshot and drops the ones a slow watcher missed.
/// It only counts; nothing in a scan depends on it.
/// </summary>
public sealed class ScanProgress(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly List<Channel<ScanProgressSnapshot>> _watchers = [];
    private ScanProgressSnapshot _current = ScanProgressSnapshot.Idle;

    public ScanProgressSnapshot Current { get { lock (_lock) return _current; } }

    public void Start() => Update(_ => ScanProgressSnapshot.Idle with { Running = true, Phase = "discovering", StartedAt = _clock.GetUtcNow() });
    public void Phase(string phase) => Update(s => s with { Phase = phase });
    public void Discovered(int count) => Update(s => s with { Discovered = s.Discovered + count });
    public void Fetched() => Update(s => s with { Fetched = s.Fetched + 1 });
    public void Harvested() => Update(s => s with { Harvested = s.Harvested + 1 });
    public void Failed() => Update(s => s with { Failed = s.Failed + 1 });
    public void SourceFailed(string source) => Update(s => s with { FailedSources = [.. s.FailedSources, source] });
    public void Finish() => Update(s => s with { Running = false, Phase = "finished", FinishedAt = _clock.GetUtcNow() });

    /// <summary>The current snapshot, then every change until <paramref name="cancellation"/>; a watcher that falls behind gets the newest.</summary>
    public async IAsyncEnumerable<ScanProgressSnapshot> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var channel = Channel.CreateBounded<ScanProgressSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(_current);
            _watchers.Add(channel);
        }
        try
        {
            while (true)
            {
                ScanProgressSnapshot next;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false)) yield break;
                    if (!channel.Reader.TryRead(out next!)) continue;
                }
                catch (OperationCanceledException) { yield break; }
                yield return next;
            }
        }
        finally
        {
            lock (_lock) _watchers.Remove(channel);
        }
    }

    private void Update(Func<ScanProgressSnapshot, ScanProgressSnapshot> change)
    {
        lock (_lock)
        {
            _current = change(_current);
            foreach (var w in _watchers) w.Writer.TryWrite(_current);
        }
    }
}
