using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TechHealth.Core.Definitions;

namespace TechHealth.Reports.RadarViews;

/// <summary>
/// The radar in the data model of Backstage's tech-radar plugin (<c>TechRadarLoaderResponse</c>), so an existing
/// Backstage portal shows this radar unchanged: quadrants, rings with colours, and entries whose timeline is the
/// entry's ring history, newest first (the plugin draws an entry in the ring of its first snapshot). Only converts.
/// </summary>
public static class BackstageRadar
{
    /// <summary>Colours of the first four rings (as Backstage's own sample uses for adopt, trial, assess, hold); more rings cycle through the rest.</summary>
    public static readonly IReadOnlyList<string> RingColors = ["#5BA300", "#009EB0", "#C7BA00", "#E09B96", "#8E7CC3", "#6D9EEB"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>Builds the loader response. <paramref name="asOf"/> dates the current ring when the history does not already end in it.</summary>
    public static TechRadarLoaderResponse From(Core.Definitions.Radar radar, DateOnly asOf)
    {
        var ringIndex = radar.Rings.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var rings = radar.Rings.Select((r, i) => new RadarRingData(r.Id, r.Name, RingColors[i % RingColors.Count], r.Description)).ToList();
        var quadrants = radar.Quadrants.Select(q => new RadarQuadrantData(q.Id, q.Name)).ToList();
        var entries = radar.Entries
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => new RadarEntryData(
                e.Id, e.Id, e.Title, e.Quadrant, e.Url, Describe(e),
                e.Url is { Length: > 0 } url ? [new RadarEntryLinkData(url, "More information")] : null,
                Timeline(e, ringIndex, asOf)))
            .ToList();
        return new TechRadarLoaderResponse(quadrants, rings, entries);
    }

    public static string ToJson(TechRadarLoaderResponse response) => JsonSerializer.Serialize(response, Json);

    private static IReadOnlyList<RadarEntrySnapshotData> Timeline(RadarEntry entry, IReadOnlyDictionary<string, int> ringIndex, DateOnly asOf)
    {
        var moves = entry.History.OrderBy(h => h.Date).Select(h => (h.Date, h.Ring, Note: h.Note)).ToList();
        if (moves.Count == 0 || !moves[^1].Ring.Equals(entry.Ring, StringComparison.OrdinalIgnoreCase))
        {
            var date = moves.Count > 0 && moves[^1].Date > asOf ? moves[^1].Date : asOf;
            moves.Add((date, entry.Ring, moves.Count == 0 ? "On the radar" : "Current ring"));
        }
        var snapshots = new List<RadarEntrySnapshotData>(moves.Count);
        for (var i = 0; i < moves.Count; i++)
        {
            // Up means towards the centre (the golden ring), as the plugin draws it.
            var moved = i == 0 ? 0 : Math.Sign(Index(ringIndex, moves[i - 1].Ring) - Index(ringIndex, moves[i].Ring));
            snapshots.Add(new RadarEntrySnapshotData(moves[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), moves[i].Ring, moves[i].Note, moved));
        }
        snapshots.Reverse();
        return snapshots;
    }

    private static int Index(IReadOnlyDictionary<string, int> ringIndex, string ring) => ringIndex.TryGetValue(ring, out var i) ? i : ringIndex.Count;

    private static string? Describe(RadarEntry e)
    {
        var parts = new List<string>();
        if (e.Description is { Length: > 0 } d) parts.Add(d);
        if (e.RetireBy is { } r) parts.Add($"Retire by {r:yyyy-MM-dd}.");
        if (e.ReplacedBy.Count > 0) parts.Add($"Replaced by {string.Join(", ", e.ReplacedBy)}.");
        var rules = e.Versions.Select(v => $"{v.Range.Text}: {v.Ring}{(v.Reason is { Length: > 0 } why ? $" ({why})" : "")}").ToList();
        if (rules.Count > 0) parts.Add($"Versions {string.Join("; ", rules)}.");
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}

/// <summary>Backstage's <c>TechRadarLoaderResponse</c>.</summary>
public sealed record TechRadarLoaderResponse(IReadOnlyList<RadarQuadrantData> Quadrants, IReadOnlyList<RadarRingData> Rings, IReadOnlyList<RadarEntryData> Entries);

/// <summary>Backstage's <c>RadarQuadrant</c>.</summary>
public sealed record RadarQuadrantData(string Id, string Name);

/// <summary>Backstage's <c>RadarRing</c>.</summary>
public sealed record RadarRingData(string Id, string Name, string Color, string? Description);

/// <summary>Backstage's <c>RadarEntry</c>; the ring is the first snapshot's.</summary>
public sealed record RadarEntryData(
    string Id,
    string Key,
    string Title,
    string Quadrant,
    string? Url,
    string? Description,
    IReadOnlyList<RadarEntryLinkData>? Links,
    IReadOnlyList<RadarEntrySnapshotData> Timeline);

/// <summary>Backstage's <c>RadarEntryLink</c>.</summary>
public sealed record RadarEntryLinkData(string Url, string Title);

/// <summary>Backstage's <c>RadarEntrySnapshot</c>: date as <c>yyyy-MM-dd</c>, moved -1 (out), 0 or 1 (in).</summary>
public sealed record RadarEntrySnapshotData(string Date, string RingId, string? Description, int Moved);
