using TechHealth.Core.Definitions;

namespace TechHealth.OData;

/// <summary>
/// Where the feed reads the radar in force. The radar lives in memory (loaded from YAML by the host), not in the
/// database; the host implements this over whatever holds the current definitions. Must be cheap and thread-safe.
/// </summary>
public interface IRadarSource
{
    Radar Current { get; }
}

/// <summary>A radar source over a delegate the host supplies.</summary>
internal sealed class DelegateRadarSource(IServiceProvider services, Func<IServiceProvider, Radar> read) : IRadarSource
{
    public Radar Current => read(services) ?? Radar.Empty;
}

/// <summary>Used when the host registers no radar source: the RadarEntries set is then empty, the rest still works.</summary>
internal sealed class EmptyRadarSource : IRadarSource
{
    public Radar Current => Radar.Empty;
}
