using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TechHealth.Api.Fleet;
using TechHealth.Certification;
using TechHealth.Core.Facts;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Lookups and figures the resolvers need on many requests, derived from one snapshot and built at most once per
/// snapshot (a snapshot never changes; the next evaluation publishes a new one, and this index goes with the old).
/// It only caches what the snapshot already determines: it must never hold request-specific or mutable state.
/// </summary>
public sealed class SnapshotIndex
{
    private static readonly ConditionalWeakTable<FleetSnapshot, SnapshotIndex> Indexes = new();

    private readonly FleetSnapshot _snapshot;
    private readonly Lazy<IReadOnlyList<TeamView>> _teams;
    private readonly Lazy<Rollup> _organisation;
    private readonly ConcurrentDictionary<string, Lazy<Rollup>> _departments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Rollup> _teamRollups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Heatmap>> _heatmaps = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<RadarUsageView>>> _usage;

    private SnapshotIndex(FleetSnapshot snapshot)
    {
        _snapshot = snapshot;
        ComponentsByTeam = snapshot.Components.GroupBy(FleetSnapshot.TeamOf, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ComponentFacts>)g.ToList(), StringComparer.OrdinalIgnoreCase);
        _teams = new(() => OrgViews.BuildTeams(snapshot, ComponentsByTeam.Keys));
        _organisation = new(() => snapshot.Rollup.Organisation());
        _usage = new(() => RadarUsage.Build(snapshot));
    }

    public static SnapshotIndex Of(FleetSnapshot snapshot) => Indexes.GetValue(snapshot, s => new SnapshotIndex(s));

    /// <summary>Components by the team key they roll up to, in snapshot order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ComponentFacts>> ComponentsByTeam { get; }

    public IReadOnlyList<TeamView> Teams => _teams.Value;

    public Rollup Organisation => _organisation.Value;

    /// <summary>A team's rollup; cheap to build (a team is small), so a racing second build is harmless.</summary>
    public Rollup Team(string teamRef) => _teamRollups.GetOrAdd(teamRef, r => _snapshot.Rollup.Team(r));

    public Rollup Department(string departmentRef)
        => _departments.GetOrAdd(departmentRef, r => new Lazy<Rollup>(() => _snapshot.Rollup.Department(r))).Value;

    /// <summary>The whole heatmap of a kind and scope, before rows and columns are picked.</summary>
    public Heatmap Heatmap(string key, Func<Heatmap> build) => _heatmaps.GetOrAdd(key, _ => new Lazy<Heatmap>(build)).Value;

    /// <summary>Who uses each radar entry, by entry id.</summary>
    public IReadOnlyList<RadarUsageView> UsageOf(string entryId) => _usage.Value.TryGetValue(entryId, out var u) ? u : [];
}
