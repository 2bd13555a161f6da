using TechHealth.Core.Purls;
using TechHealth.Versioning;

namespace TechHealth.Core.Definitions;

/// <summary>The tech radar: rings (inner to outer, the first is golden), quadrants and entries.</summary>
public sealed record Radar(
    string Title,
    IReadOnlyList<Ring> Rings,
    IReadOnlyList<Quadrant> Quadrants,
    IReadOnlyList<RadarEntry> Entries)
{
    public static readonly Radar Empty = new("", [], [], []);

    /// <summary>The golden ring: the first one listed.</summary>
    public Ring? GoldenRing => Rings.Count > 0 ? Rings[0] : null;

    public RadarEntry? FindEntry(string id) => Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A ring of the radar (adopt, trial, assess, hold...), as declared; its position in <see cref="Radar.Rings"/> is its rank.</summary>
public sealed record Ring(string Id, string Name, string? Description = null);

/// <summary>A quadrant of the radar, grouping entries by kind of technology; a radar predicate may select entries by it.</summary>
public sealed record Quadrant(string Id, string Name, string? Description = null);

/// <summary>One technology on the radar, the packages that are it, and which ring each version sits in.</summary>
public sealed record RadarEntry
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Quadrant { get; init; }
    /// <summary>The ring for versions no version rule matches.</summary>
    public required string Ring { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Owner { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<PurlPattern> Packages { get; init; } = [];
    /// <summary>Evaluated in order; the first whose range holds the version decides the ring.</summary>
    public IReadOnlyList<VersionRule> Versions { get; init; } = [];
    public IReadOnlyList<RingMove> History { get; init; } = [];
    /// <summary>After this date the technology must be gone: checks fail after it and warn before it.</summary>
    public DateOnly? RetireBy { get; init; }
    public IReadOnlyList<string> ReplacedBy { get; init; } = [];
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The version rule deciding one version's ring: the first whose range holds it; null when none does or the version is unknown.</summary>
    public VersionRule? RuleFor(string? version)
        => version is null ? null : Versions.FirstOrDefault(v => v.Range.Contains(version));

    /// <summary>The ring of one version: the first version rule whose range holds it, else the entry's ring.</summary>
    public string RingFor(string? version) => RuleFor(version)?.Ring ?? Ring;
}

/// <summary>Puts the versions of an entry that <see cref="Range"/> holds (in the entry's ecosystem order) in <see cref="Ring"/>; <see cref="Location"/> is the line that declared it.</summary>
public sealed record VersionRule(VersionRange Range, string Ring, string? Reason, SourceLocation Location);

/// <summary>A dated move of an entry to a ring, shown in the radar's history; the entry's current ring is <see cref="RadarEntry.Ring"/>, never derived from these.</summary>
public sealed record RingMove(DateOnly Date, string Ring, string? Note);
