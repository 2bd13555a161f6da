using TechHealth.Api.Fleet;

namespace TechHealth.Api.GraphQL;

/// <summary>Who uses a radar entry, at which versions and in which ring.</summary>
public static class RadarUsage
{
    public static IReadOnlyList<RadarUsageView> Of(FleetSnapshot snap, string entryId)
        => snap.Fleet.Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Entry?.Id == entryId).Select(m => (Ref: kv.Key, Match: m)))
            .Select(x =>
            {
                var component = snap.FindComponent(x.Ref);
                return new RadarUsageView(component?.Name ?? x.Ref, component is null ? null : FleetSnapshot.TeamOf(component), x.Match.Dependency.Version, x.Match.Ring, x.Match.Dependency.File, x.Match.Dependency.Line);
            })
            .OrderBy(u => u.Component, StringComparer.Ordinal).ThenBy(u => u.File, StringComparer.Ordinal).ThenBy(u => u.Line)
            .ToList();

    public static int ComponentCount(FleetSnapshot snap, string entryId)
        => snap.Fleet.Technologies.Count(kv => kv.Value.Any(m => m.Entry?.Id == entryId));
}
