namespace TechHealth.GraphQL;

/// <summary>Something the execution strand can ask to fetch what it collected.</summary>
internal interface IBatchDispatcher
{
    bool HasPending { get; }
    void Dispatch();
}

/// <summary>
/// Batches and caches loads of one kind of data within one request: every key requested while
/// the resolvers of an execution step run is fetched by a single batch call once the step has
/// nothing else to do. Keys are de-duplicated; a key the batch does not return loads as default.
/// It must not be shared between requests, and its tasks must be awaited, never blocked on
/// (.Result/.Wait()): the batch only runs once the waiting resolver yields.
/// </summary>
public sealed class DataLoader<TKey, TValue> : IBatchDispatcher
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _batch;
    private readonly ExecutionStrand _strand;
    private readonly CancellationToken _cancellationToken;
    private readonly object _gate = new();
    private readonly Dictionary<TKey, Task<TValue?>> _cache = new();
    private Dictionary<TKey, TaskCompletionSource<TValue?>> _pending = new();

    internal DataLoader(
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch,
        ExecutionStrand strand,
        CancellationToken cancellationToken)
    {
        _batch = batch;
        _strand = strand;
        _cancellationToken = cancellationToken;
    }

    /// <summary>How many batch calls this loader has made.</summary>
    public int BatchCount { get; private set; }

    bool IBatchDispatcher.HasPending
    {
        get
        {
            lock (_gate) return _pending.Count > 0;
        }
    }

    public Task<TValue?> LoadAsync(TKey key)
    {
        bool first;
        Task<TValue?> task;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached;
            var tcs = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
            first = _pending.Count == 0;
            _pending[key] = tcs;
            _cache[key] = task = tcs.Task;
        }
        if (first) _strand.RequestDispatch(this);
        return task;
    }

    public async Task<IReadOnlyList<TValue?>> LoadManyAsync(IEnumerable<TKey> keys)
    {
        var tasks = keys.Select(LoadAsync).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    void IBatchDispatcher.Dispatch()
    {
        Dictionary<TKey, TaskCompletionSource<TValue?>> batch;
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            batch = _pending;
            _pending = new Dictionary<TKey, TaskCompletionSource<TValue?>>();
            BatchCount++;
        }
        _ = RunBatchAsync(batch);
    }

    private async Task RunBatchAsync(Dictionary<TKey, TaskCompletionSource<TValue?>> batch)
    {
        try
        {
            var results = await _batch(batch.Keys.ToList(), _cancellationToken);
            foreach (var (key, tcs) in batch)
            {
                tcs.TrySetResult(results.TryGetValue(key, out var value) ? value : default);
            }
        }
        catch (Exception ex)
        {
            foreach (var tcs in batch.Values) tcs.TrySetException(ex);
        }
    }
}

/// <summary>
/// Runs one execution's continuations one at a time (so resolvers need no locking and output
/// order is deterministic) and, whenever no work is queued, lets data loaders fetch the keys
/// collected so far. It never blocks a thread while waiting for I/O.
/// </summary>
internal sealed class ExecutionStrand : SynchronizationContext
{
    private readonly object _gate = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly List<IBatchDispatcher> _dispatchers = new();
    private bool _running;

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool start;
        lock (_gate)
        {
            _queue.Enqueue((d, state));
            start = !_running;
            if (start) _running = true;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous send is not supported on the execution strand.");

    public override SynchronizationContext CreateCopy() => this;

    public void RequestDispatch(IBatchDispatcher dispatcher)
    {
        bool start;
        lock (_gate)
        {
            if (!_dispatchers.Contains(dispatcher)) _dispatchers.Add(dispatcher);
            start = !_running;
            if (start) _running = true;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
    }

    /// <summary>Runs <paramref name="start"/> on the strand from the calling thread, then drains.</summary>
    public void RunInline(Action start)
    {
        lock (_gate)
        {
            if (_running)
            {
                _queue.Enqueue((_ => start(), null));
                return;
            }
            _running = true;
        }
        _queue.Enqueue((_ => start(), null));
        Drain();
    }

    private void Drain()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) item;
                IBatchDispatcher[]? ready = null;
                lock (_gate)
                {
                    if (_queue.Count > 0)
                    {
                        item = _queue.Dequeue();
                    }
                    else
                    {
                        if (_dispatchers.Count > 0)
                        {
                            ready = _dispatchers.ToArray();
                            _dispatchers.Clear();
                        }
                        if (ready is null)
                        {
                            _running = false;
                            return;
                        }
                        item = default;
                    }
                }
                if (ready is not null)
                {
                    foreach (var dispatcher in ready) dispatcher.Dispatch();
                    continue;
                }
                try
                {
                    item.Callback!(item.State);
                }
                catch
                {
                    // Never leave the strand marked as running: later continuations would never be drained.
                    lock (_gate) _running = false;
                    throw;
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
