using TechHealth.Core.Definitions;

namespace TechHealth.OData;

/// <summary>The radar as rows of the RadarEntries set: lists joined into strings, ring names and order looked up.</summary>
public static class RadarRows
{
    public static IReadOnlyList<RadarEntryRow> Of(Radar radar)
    {
        var rings = radar.Rings.Select((r, i) => (r, i)).ToDictionary(p => p.r.Id, StringComparer.OrdinalIgnoreCase);
        var quadrants = radar.Quadrants.ToDictionary(q => q.Id, StringComparer.OrdinalIgnoreCase);
        return radar.Entries.Select(e => new RadarEntryRow
        {
            Id = e.Id,
            Title = e.Title,
            Quadrant = e.Quadrant,
            QuadrantName = quadrants.GetValueOrDefault(e.Quadrant)?.Name,
            Ring = e.Ring,
            RingName = rings.TryGetValue(e.Ring, out var ring) ? ring.r.Name : null,
            RingOrder = rings.TryGetValue(e.Ring, out var order) ? order.i : -1,
            Description = e.Description,
            Owner = e.Owner,
            Url = e.Url,
            Tags = string.Join(",", e.Tags),
            Packages = string.Join(" ", e.Packages.Select(p => p.ToString())),
            ReplacedBy = string.Join(",", e.ReplacedBy),
            RetireBy = e.RetireBy,
            LastMoved = e.History.Count == 0 ? null : e.History.Max(h => h.Date),
            VersionRuleCount = e.Versions.Count,
        }).ToList();
    }
}
