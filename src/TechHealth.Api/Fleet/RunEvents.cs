using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// In-process news of stored runs: <see cref="ScanService"/> publishes each completed scan run and
/// <see cref="EvaluationService"/> each stored evaluation run; GraphQL subscriptions read them. It keeps no history
/// (a subscriber hears only runs stored after it subscribed) and never blocks a publisher: a subscriber that falls
/// more than <see cref="BufferPerSubscriber"/> runs behind loses the oldest ones.
/// </summary>
public sealed class RunEvents
{
    public const int BufferPerSubscriber = 32;

    private readonly Topic<ScanRunInfo> _scans = new();
    private readonly Topic<EvaluationRunInfo> _evaluations = new();

    public void Publish(ScanRunInfo run) => _scans.Publish(run);

    public void Publish(EvaluationRunInfo run) => _evaluations.Publish(run);

    /// <summary>Scan runs completed from now on, until <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<ScanRunInfo> ScanRunsAsync(CancellationToken cancellationToken = default) => _scans.ReadAsync(cancellationToken);

    /// <summary>Evaluation runs stored from now on, until <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<EvaluationRunInfo> EvaluationRunsAsync(CancellationToken cancellationToken = default) => _evaluations.ReadAsync(cancellationToken);

    /// <summary>Subscribers currently listening, scans and evaluations together (for tests and diagnostics).</summary>
    public int SubscriberCount => _scans.Count + _evaluations.Count;

    private sealed class Topic<T>
    {
        private readonly Lock _lock = new();
        private readonly List<Channel<T>> _subscribers = [];

        public int Count
        {
            get
            {
                lock (_lock) return _subscribers.Count;
            }
        }

        public void Publish(T item)
        {
            lock (_lock)
            {
                foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(item);
            }
        }

        /// <summary>Registers at once, so a run published right after this call (before the first read) is not missed.</summary>
        public IAsyncEnumerable<T> ReadAsync(CancellationToken cancellationToken)
        {
            var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(BufferPerSubscriber)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            });
            lock (_lock) _subscribers.Add(channel);
            return ReadAllAsync(channel, cancellationToken);
        }

        private async IAsyncEnumerable<T> ReadAllAsync(Channel<T> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
            }
            finally
            {
                lock (_lock) _subscribers.Remove(channel);
            }
        }
    }
}
