namespace TechHealth.Scanning;

/// <summary>
/// The memory budget of one repository's scan, measured as the bytes allocated on the scanning thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) since the scan began. A repository is scanned start to end on
/// one thread with no await in between, so this counts everything its reading, parsing and expansion allocate;
/// live memory can only be less. Reads, expansions and harvesters call <see cref="Check"/>, which throws
/// <see cref="RepositoryMemoryBudgetExceededException"/> past the budget: that repository fails with a clear issue,
/// the run and the process go on. The bound is honest but loose (garbage counts as much as what is kept); the tight
/// bounds are the per-file, per-read and per-expansion limits, which this backs up.
/// </summary>
public sealed class RepositoryMemoryBudget : IDisposable
{
    [ThreadStatic] private static RepositoryMemoryBudget? _current;

    private readonly long _start;
    private readonly int _thread;
    private readonly RepositoryMemoryBudget? _outer;

    private RepositoryMemoryBudget(long maxBytes)
    {
        MaxBytes = maxBytes;
        _thread = Environment.CurrentManagedThreadId;
        _start = GC.GetAllocatedBytesForCurrentThread();
        _outer = _current;
    }

    /// <summary>The budget of the repository being scanned on this thread, if any.</summary>
    public static RepositoryMemoryBudget? Current => _current;

    public long MaxBytes { get; }

    /// <summary>Bytes allocated on this thread since the budget began.</summary>
    public long Allocated => GC.GetAllocatedBytesForCurrentThread() - _start;

    /// <summary>Starts a budget for the scan on this thread; dispose it when the scan ends.</summary>
    public static RepositoryMemoryBudget Begin(long maxBytes)
    {
        var budget = new RepositoryMemoryBudget(maxBytes);
        _current = budget;
        return budget;
    }

    /// <summary>Throws when the scan has allocated more than the budget. A call from another thread cannot be measured and passes.</summary>
    public void Check()
    {
        if (Environment.CurrentManagedThreadId != _thread) return;
        var allocated = Allocated;
        if (allocated > MaxBytes)
            throw new RepositoryMemoryBudgetExceededException(
                $"the scan allocated {allocated / (1024 * 1024)} MiB, past the {MaxBytes / (1024 * 1024)} MiB memory budget of one repository (Scanning:MaxScanBytesPerRepository), and was stopped");
    }

    public void Dispose()
    {
        if (Environment.CurrentManagedThreadId == _thread) _current = _outer;
    }
}

/// <summary>A repository's scan went past its <see cref="RepositoryMemoryBudget"/>; the repository fails, nothing else.</summary>
public sealed class RepositoryMemoryBudgetExceededException(string message) : Exception(message);
