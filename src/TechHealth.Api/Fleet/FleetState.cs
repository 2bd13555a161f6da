namespace TechHealth.Api.Fleet;

/// <summary>Holds the snapshot in force; replaced whole after each evaluation run.</summary>
public sealed class FleetState
{
    private volatile FleetSnapshot? _current;

    public FleetSnapshot? Current => _current;

    /// <summary>
    /// Raised with a new snapshot before it is put in force: readers derive their per-run figures from it while the
    /// previous snapshot still answers, so the first request after a run does not pay for them.
    /// </summary>
    public event Action<FleetSnapshot>? Preparing;

    public event Action<FleetSnapshot>? Published;

    public void Publish(FleetSnapshot snapshot)
    {
        Preparing?.Invoke(snapshot);
        _current = snapshot;
        Published?.Invoke(snapshot);
    }
}
