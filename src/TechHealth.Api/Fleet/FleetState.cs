namespace TechHealth.Api.Fleet;

/// <summary>Holds the snapshot in force; replaced whole after each evaluation run.</summary>
public sealed class FleetState
{
    private volatile FleetSnapshot? _current;

    public FleetSnapshot? Current => _current;

    public event Action<FleetSnapshot>? Published;

    public void Publish(FleetSnapshot snapshot)
    {
        _current = snapshot;
        Published?.Invoke(snapshot);
    }
}
