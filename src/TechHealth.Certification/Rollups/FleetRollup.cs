using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// Rolls one run's evaluations up by team, department (every team under it, at any depth) and organisation, and
/// draws the heatmaps. Pure functions over what it is given: evaluations, the components' technologies matched to
/// the radar, the org chart, the checks and gate decisions. Components with no owner, or an owner the org chart
/// does not know, still count for the organisation; unowned ones form the team row <see cref="Unowned"/>.
/// </summary>
public sealed class FleetRollup
{
    /// <summary>The team key of components that have no owner.</summary>
    public const string Unowned = "unowned";

    private readonly IReadOnlyList<ComponentEvaluation> _evaluations;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<RadarMatch>> _technologies;
    private readonly OrgChart _org;
    private readonly CheckSet _checks;
    private readonly Radar _radar;
    private readonly IReadOnlyList<GateDecision> _gates;
    private readonly CertificationOptions _options;
    private readonly Dictionary<string, List<ComponentEvaluation>> _byTeam = new(StringComparer.OrdinalIgnoreCase);
    // Per-component figures computed once and summed by every rollup the component belongs to.
    private readonly Dictionary<string, RadarMatch[]> _uses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Entry, bool Golden)[]> _adoption = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _allowedGates = new(StringComparer.OrdinalIgnoreCase);

    public FleetRollup(
        IReadOnlyList<ComponentEvaluation> evaluations,
        IReadOnlyDictionary<string, IReadOnlyList<RadarMatch>>? technologies,
        OrgChart org,
        CheckSet checks,
        Radar radar,
        IReadOnlyList<GateDecision>? gateDecisions = null,
        CertificationOptions? options = null)
    {
        _evaluations = evaluations;
        _technologies = technologies ?? new Dictionary<string, IReadOnlyList<RadarMatch>>();
        _org = org;
        _checks = checks;
        _radar = radar;
        _gates = gateDecisions ?? [];
        _options = options ?? CertificationOptions.Default;
        var golden = radar.GoldenRing?.Id;
        foreach (var (componentRef, matches) in _technologies)
        {
            var seen = new HashSet<(Core.Purls.PackageUrl, string?)>();
            var uses = new List<RadarMatch>(matches.Count);
            foreach (var m in matches)
                if (seen.Add((m.Dependency.Purl, m.Dependency.Version))) uses.Add(m);
            _uses[componentRef] = uses.ToArray();
            _adoption[componentRef] = matches.Where(m => m.Listed).GroupBy(m => m.Entry!.Id, StringComparer.OrdinalIgnoreCase)
                .Select(g => (g.Key, golden is not null && g.All(m => string.Equals(m.Ring, golden, StringComparison.OrdinalIgnoreCase))))
                .ToArray();
        }
        foreach (var d in _gates)
        {
            if (!d.Allowed) continue;
            if (!_allowedGates.TryGetValue(d.ComponentRef, out var set)) _allowedGates[d.ComponentRef] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            set.Add(d.GateId);
        }
        foreach (var e in evaluations)
        {
            var key = TeamKey(e.Owner);
            if (!_byTeam.TryGetValue(key, out var list)) _byTeam[key] = list = [];
            list.Add(e);
        }
    }

    /// <summary>Rolls up a fleet evaluation, deciding every gate on the way.</summary>
    public static FleetRollup From(FleetEvaluation fleet, OrgChart org, CompiledChecks compiled)
    {
        var gates = new GateEvaluator(compiled.Definitions.Checks, compiled.Options).DecideAll(fleet.Evaluations);
        return new FleetRollup(fleet.Evaluations, fleet.Technologies, org, compiled.Definitions.Checks, compiled.Definitions.Radar, gates, compiled.Options);
    }

    public static string TeamKey(string? owner) => owner is { Length: > 0 } ? OrgChart.Normalise(owner) : Unowned;

    /// <summary>The whole organisation.</summary>
    public Rollup Organisation() => Build(RollupScope.Organisation, "organisation", "Organisation", _evaluations);

    /// <summary>Every team that owns a component, plus every non-department group (with no component: zeros), by name.</summary>
    public IReadOnlyList<Rollup> Teams()
        => TeamKeys().Select(Team).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public Rollup Team(string teamRef)
    {
        var key = teamRef.Equals(Unowned, StringComparison.OrdinalIgnoreCase) ? Unowned : OrgChart.Normalise(teamRef);
        var members = _byTeam.TryGetValue(key, out var list) ? list : [];
        return Build(RollupScope.Team, key, NameOf(key), members);
    }

    /// <summary>Every department, each over the components of every group under it at any depth.</summary>
    public IReadOnlyList<Rollup> Departments() => _org.Departments.Select(d => Department(d.Ref)).ToList();

    public Rollup Department(string departmentRef)
    {
        var key = OrgChart.Normalise(departmentRef);
        var members = _byTeam.Where(kv => kv.Key != Unowned && _org.IsWithin(kv.Key, key)).SelectMany(kv => kv.Value).ToList();
        return Build(RollupScope.Department, key, NameOf(key), members);
    }

    // ---- heatmaps --------------------------------------------------------------------------------------------

    public Heatmap TeamsByChecks()
    {
        var teams = TeamKeys().Where(k => _byTeam.ContainsKey(k)).OrderBy(NameOf, StringComparer.OrdinalIgnoreCase).ToList();
        return ByChecks("teams by checks", teams, k => _byTeam[k]);
    }

    public Heatmap DepartmentsByChecks()
    {
        var departments = _org.Departments.Select(d => OrgChart.Normalise(d.Ref)).ToList();
        return ByChecks("departments by checks", departments, d => _byTeam.Where(kv => kv.Key != Unowned && _org.IsWithin(kv.Key, d)).SelectMany(kv => kv.Value).ToList());
    }

    /// <summary>
    /// Teams by radar quadrant and ring: column <c>quadrant/ring</c>; Value = the team's dependencies in that ring of that
    /// quadrant over its dependencies in the quadrant (Passed = in the cell, Total = in the quadrant, Failed = the rest).
    /// A last column <c>unlisted</c> holds dependencies on no radar entry over all of the team's dependencies.
    /// </summary>
    public Heatmap TeamsByRadar()
    {
        var teams = TeamKeys().Where(k => _byTeam.ContainsKey(k)).OrderBy(NameOf, StringComparer.OrdinalIgnoreCase).ToList();
        var columns = _radar.Quadrants.SelectMany(q => _radar.Rings.Select(r => $"{q.Id}/{r.Id}")).Append("unlisted").ToList();
        var cells = new List<HeatmapCell>();
        foreach (var team in teams)
        {
            var uses = Uses(_byTeam[team]).ToList();
            foreach (var q in _radar.Quadrants)
            {
                var inQuadrant = uses.Where(u => u.Entry is not null && u.Entry.Quadrant.Equals(q.Id, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (var r in _radar.Rings)
                {
                    var count = inQuadrant.Count(u => string.Equals(u.Ring, r.Id, StringComparison.OrdinalIgnoreCase));
                    cells.Add(new HeatmapCell(team, $"{q.Id}/{r.Id}", Share(count, inQuadrant.Count), count, inQuadrant.Count - count, inQuadrant.Count));
                }
            }
            var unlisted = uses.Count(u => !u.Listed);
            cells.Add(new HeatmapCell(team, "unlisted", Share(unlisted, uses.Count), unlisted, uses.Count - unlisted, uses.Count));
        }
        return new Heatmap("teams by radar quadrant and ring", teams, teams.Select(NameOf).ToList(), columns, cells);
    }

    /// <summary>Components of one team by checks: Value 1 for passed (pass, warn, exempt), 0 for fail or error, null when not applicable.</summary>
    public Heatmap ComponentsByChecks(string teamRef)
    {
        var key = teamRef.Equals(Unowned, StringComparison.OrdinalIgnoreCase) ? Unowned : OrgChart.Normalise(teamRef);
        var members = (_byTeam.TryGetValue(key, out var list) ? list : []).OrderBy(e => e.ComponentName, StringComparer.OrdinalIgnoreCase).ToList();
        var columns = CheckIds();
        var cells = new List<HeatmapCell>();
        foreach (var e in members)
            foreach (var check in columns)
            {
                var r = e.Results.FirstOrDefault(x => x.CheckId.Equals(check, StringComparison.OrdinalIgnoreCase));
                if (r is null) { cells.Add(new HeatmapCell(e.ComponentRef, check, null, 0, 0, 0)); continue; }
                var applicable = Scoring.IsApplicable(r.Status);
                var passed = Scoring.IsPassed(r.Status);
                cells.Add(new HeatmapCell(e.ComponentRef, check, applicable ? (passed ? 1 : 0) : null,
                    passed ? 1 : 0, applicable && !passed ? 1 : 0, applicable ? 1 : 0,
                    r.Status == CheckStatus.Exempt ? 1 : 0, r.Status == CheckStatus.Error ? 1 : 0, r.Status));
            }
        return new Heatmap($"components of {NameOf(key)} by checks", members.Select(m => m.ComponentRef).ToList(), members.Select(m => m.ComponentName).ToList(), columns, cells);
    }

    private Heatmap ByChecks(string title, IReadOnlyList<string> rows, Func<string, IReadOnlyList<ComponentEvaluation>> members)
    {
        var columns = CheckIds();
        var cells = new List<HeatmapCell>();
        foreach (var row in rows)
        {
            var rates = PassRates(members(row)).ToDictionary(r => r.CheckId, StringComparer.OrdinalIgnoreCase);
            foreach (var check in columns)
            {
                var r = rates.TryGetValue(check, out var x) ? x : new CheckPassRate(check, 0, 0, 0, 0, 0, null);
                cells.Add(new HeatmapCell(row, check, r.Rate, r.Passed, r.Failed + r.Errors, r.Applicable, r.Exempt, r.Errors));
            }
        }
        return new Heatmap(title, rows, rows.Select(NameOf).ToList(), columns, cells);
    }

    // ---- figures ---------------------------------------------------------------------------------------------

    private Rollup Build(RollupScope scope, string key, string name, IReadOnlyList<ComponentEvaluation> members)
    {
        var n = members.Count;
        var average = n == 0 ? 0 : Math.Round(members.Average(e => e.Score), 1, MidpointRounding.AwayFromZero);

        var levels = _checks.Levels.Select(l => new LevelCount(l, members.Count(e => string.Equals(e.Level, l, StringComparison.OrdinalIgnoreCase)), 0))
            .Prepend(new LevelCount("none", members.Count(e => e.Level is null), 0))
            .Select(l => l with { Share = Share(l.Count, n) ?? 0 })
            .ToList();

        var rates = PassRates(members);
        var failingMost = rates.Where(r => r.Failed + r.Errors > 0)
            .OrderByDescending(r => r.Failed + r.Errors).ThenBy(r => r.CheckId, StringComparer.Ordinal)
            .Take(_options.FailingMostCount).ToList();

        var uses = Uses(members).ToList();
        var rings = _radar.Rings.Select(r => r.Id)
            .Concat(uses.Where(u => u.Listed && u.Ring is not null).Select(u => u.Ring!).Distinct(StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(r => uses.Count(u => u.Listed && string.Equals(u.Ring, r, StringComparison.OrdinalIgnoreCase)) is var c ? new RingShare(r, c, Share(c, uses.Count) ?? 0) : null!)
            .Append(uses.Count(u => !u.Listed) is var un ? new RingShare("unlisted", un, Share(un, uses.Count) ?? 0) : null!)
            .ToList();

        var adoption = Adoption(members);

        var gates = _checks.Gates.Select(g =>
            new GateCount(g.Id, members.Count(m => _allowedGates.TryGetValue(m.ComponentRef, out var allowed) && allowed.Contains(g.Id)), n)).ToList();

        return new Rollup(scope, key, name, n, average, levels, rates, failingMost, rings, adoption, gates);
    }

    private IReadOnlyList<CheckPassRate> PassRates(IReadOnlyList<ComponentEvaluation> members)
    {
        var ids = CheckIds();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var passed = new int[ids.Count]; var exempt = new int[ids.Count]; var failed = new int[ids.Count]; var errors = new int[ids.Count]; var applicable = new int[ids.Count];
        foreach (var e in members)
            foreach (var r in e.Results)
            {
                if (!index.TryGetValue(r.CheckId, out var i) || !Scoring.IsApplicable(r.Status)) continue;
                applicable[i]++;
                if (Scoring.IsPassed(r.Status)) passed[i]++;
                if (r.Status == CheckStatus.Exempt) exempt[i]++;
                if (r.Status == CheckStatus.Fail) failed[i]++;
                if (r.Status == CheckStatus.Error) errors[i]++;
            }
        return ids.Select((id, i) => new CheckPassRate(id, passed[i], exempt[i], failed[i], errors[i], applicable[i], applicable[i] == 0 ? null : Math.Round((double)passed[i] / applicable[i], 4))).ToList();
    }

    private IReadOnlyList<GoldenAdoption> Adoption(IReadOnlyList<ComponentEvaluation> members)
    {
        var usingCount = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var goldenCount = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in members)
        {
            if (!_adoption.TryGetValue(e.ComponentRef, out var entries)) continue;
            foreach (var (entry, inGolden) in entries)
            {
                usingCount[entry] = usingCount.GetValueOrDefault(entry) + 1;
                if (inGolden) goldenCount[entry] = goldenCount.GetValueOrDefault(entry) + 1;
            }
        }
        return _radar.Entries.Select(entry =>
        {
            var u = usingCount.GetValueOrDefault(entry.Id);
            var g = goldenCount.GetValueOrDefault(entry.Id);
            return new GoldenAdoption(entry.Id, g, u, u == 0 ? null : Math.Round((double)g / u, 4));
        }).ToList();
    }

    /// <summary>Each component's technologies, one per package and version, so a package listed in two manifests counts once.</summary>
    private IEnumerable<RadarMatch> Uses(IEnumerable<ComponentEvaluation> members)
    {
        foreach (var e in members)
            if (_uses.TryGetValue(e.ComponentRef, out var uses))
                foreach (var m in uses) yield return m;
    }

    private List<string> CheckIds() => _checks.Checks.Select(c => c.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private IEnumerable<string> TeamKeys()
        => _byTeam.Keys.Concat(_org.Groups.Where(g => !_org.IsDepartment(g)).Select(g => OrgChart.Normalise(g.Ref))).Distinct(StringComparer.OrdinalIgnoreCase);

    private string NameOf(string key)
    {
        if (key == Unowned) return "(no owner)";
        var g = _org.Find(key);
        return g?.Title ?? g?.Name ?? Core.Catalog.EntityRef.Parse(key, "group").Name;
    }

    private static double? Share(int count, int total) => total == 0 ? null : Math.Round((double)count / total, 4);
}
