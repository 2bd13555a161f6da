using TechHealth.Api.Fleet;

namespace TechHealth.Api.GraphQL;

/// <summary>Who uses a radar entry, at which versions and in which ring: the snapshot index's usage in GraphQL's shape.</summary>
public static class RadarUsage
{
    public static IReadOnlyList<RadarUsageView> Of(FleetSnapshot snap, string entryId)
    {
        var index = SnapshotIndex.Of(snap);
        // Shaped once per entry and snapshot: a popular entry has thousands of uses.
        return index.Memo("graphql:usage:" + entryId.ToLowerInvariant(), () => index.UsageOf(entryId)
            .Select(u => new RadarUsageView(u.Component.Name, u.TeamRef, u.Match.Dependency.Version, u.Match.Ring, u.Match.Dependency.File, u.Match.Dependency.Line, u.Match.Dependency.Condition))
            .ToList());
    }

    public static int ComponentCount(FleetSnapshot snap, string entryId) => SnapshotIndex.Of(snap).UsageCount(entryId);
}
