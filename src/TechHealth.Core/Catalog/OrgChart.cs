namespace TechHealth.Core.Catalog;

/// <summary>
/// The organisation as a tree of Backstage groups: which groups are departments (by <c>spec.type</c>), which groups
/// sit under which at any depth, and the department of a team. References are compared in their normal form
/// <c>group:namespace/name</c>, so <c>team-a</c>, <c>group:team-a</c> and <c>group:default/team-a</c> agree.
/// Survives parent cycles and unknown parents (the chain simply stops). Pure data; no I/O. The one place that answers
/// "which department is this group in" for rollups, storage and reports.
/// </summary>
public sealed class OrgChart
{
    private readonly Dictionary<string, OrgGroup> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string?> _parent = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _departmentTypes;

    public OrgChart(IEnumerable<OrgGroup> groups, IEnumerable<string>? departmentTypes = null)
    {
        _departmentTypes = new HashSet<string>(departmentTypes ?? DefaultDepartmentTypes, StringComparer.OrdinalIgnoreCase);
        foreach (var g in groups)
        {
            var key = Normalise(g.Ref);
            _groups[key] = g;
            _parent[key] = g.ParentRef is { Length: > 0 } p ? Normalise(p) : null;
        }
    }

    /// <summary>Backstage Group <c>spec.type</c> values that make a group a department, unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultDepartmentTypes = ["department"];

    public static readonly OrgChart Empty = new([]);

    public IReadOnlyCollection<OrgGroup> Groups => _groups.Values;

    /// <summary>The group for a reference, if known.</summary>
    public OrgGroup? Find(string? groupRef) => groupRef is { Length: > 0 } && _groups.TryGetValue(Normalise(groupRef), out var g) ? g : null;

    public bool IsDepartment(OrgGroup group) => _departmentTypes.Contains(group.Type);

    public IReadOnlyList<OrgGroup> Departments => _groups.Values.Where(IsDepartment).OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The group itself and its ancestors, nearest first.</summary>
    public IEnumerable<string> SelfAndAncestors(string groupRef)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? current = Normalise(groupRef);
        while (current is not null && seen.Add(current))
        {
            yield return current;
            current = _parent.TryGetValue(current, out var p) ? p : null;
        }
    }

    /// <summary>True when <paramref name="groupRef"/> is <paramref name="ancestorRef"/> or lies under it at any depth.</summary>
    public bool IsWithin(string? groupRef, string ancestorRef)
    {
        if (groupRef is not { Length: > 0 }) return false;
        var target = Normalise(ancestorRef);
        return SelfAndAncestors(groupRef).Any(r => r.Equals(target, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The nearest group at or above <paramref name="groupRef"/> whose type is a department type.</summary>
    public OrgGroup? DepartmentOf(string? groupRef)
    {
        if (groupRef is not { Length: > 0 }) return null;
        foreach (var r in SelfAndAncestors(groupRef))
            if (_groups.TryGetValue(r, out var g) && IsDepartment(g)) return g;
        return null;
    }

    /// <summary>Normal form of a group reference: <c>group:namespace/name</c>, lower case.</summary>
    public static string Normalise(string groupRef) => EntityRef.Parse(groupRef, "group").ToString();
}
