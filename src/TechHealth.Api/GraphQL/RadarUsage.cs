using TechHealth.Api.Fleet;

namespace TechHealth.Api.GraphQL;

/// <summary>Who uses a radar entry, at which versions and in which ring.</summary>
public static class RadarUsage
{
    public static IReadOnlyList<RadarUsageView> Of(FleetSnapshot snap, string entryId) => SnapshotIndex.Of(snap).UsageOf(entryId);

    public static int ComponentCount(FleetSnapshot snap, string entryId)
        => Of(snap, entryId).Select(u => u.Component).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    /// <summary>Every entry's usage in one pass over the fleet's matches.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<RadarUsageView>> Build(FleetSnapshot snap)
        => snap.Fleet.Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Entry is not null).Select(m => (Ref: kv.Key, Match: m)))
            .Select(x =>
            {
                var component = snap.FindComponent(x.Ref);
                return (Entry: x.Match.Entry!.Id, Usage: new RadarUsageView(component?.Name ?? x.Ref, component is null ? null : FleetSnapshot.TeamOf(component),
                    x.Match.Dependency.Version, x.Match.Ring, x.Match.Dependency.File, x.Match.Dependency.Line, x.Match.Dependency.Condition));
            })
            .GroupBy(x => x.Entry, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RadarUsageView>)g.Select(x => x.Usage)
                .OrderBy(u => u.Component, StringComparer.Ordinal).ThenBy(u => u.File, StringComparer.Ordinal).ThenBy(u => u.Line).ToList(), StringComparer.Ordinal);
}
