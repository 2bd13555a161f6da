namespace TechHealth.Core.Catalog;

/// <summary>
/// The organisation tree built from Backstage <c>Group</c> entities: parents and children in both directions
/// (from <c>spec.parent</c> and <c>spec.children</c>), departments and the teams under them. Every walk is
/// cycle-safe, so a catalog that makes two groups each other's parent cannot hang it. Holds no components.
/// </summary>
public sealed class Organisation
{
    /// <summary>Group types that make a group a department unless the caller names others.</summary>
    public static IReadOnlyList<string> DefaultDepartmentTypes => OrgChart.DefaultDepartmentTypes;

    private readonly Dictionary<EntityRef, OrgGroup> _groups = new();
    private readonly Dictionary<EntityRef, EntityRef> _parent = new();
    private readonly Dictionary<EntityRef, List<EntityRef>> _children = new();
    private readonly HashSet<string> _departmentTypes;
    private readonly List<string> _problems = [];

    private Organisation(IEnumerable<string> departmentTypes)
        => _departmentTypes = new HashSet<string>(departmentTypes, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<OrgGroup> Groups => _groups.Values;

    /// <summary>Unknown parents or children, conflicting parents and cycles, each described for a person.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlySet<string> DepartmentTypes => _departmentTypes;

    /// <summary>Builds the tree from any entities; only <c>Group</c> ones are used.</summary>
    /// <param name="departmentTypes">Group <c>spec.type</c> values that mark a department; default <see cref="DefaultDepartmentTypes"/>.</param>
    public static Organisation Build(IEnumerable<CatalogEntity> entities, IEnumerable<string>? departmentTypes = null)
    {
        var org = new Organisation(departmentTypes ?? DefaultDepartmentTypes);
        var groups = entities.Where(e => string.Equals(e.Kind, "group", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var g in groups)
        {
            var key = g.Ref;
            if (org._groups.ContainsKey(key)) { org._problems.Add($"{g.File}:{g.Line}: group {key} is defined more than once; the first definition is used"); continue; }
            var parent = g.SpecValue("parent") is { Length: > 0 } p ? EntityRef.Parse(p, "group", key.Namespace) : (EntityRef?)null;
            org._groups[key] = new OrgGroup(key.ToString(), g.Name, g.Title, g.SpecValue("type") ?? "", parent?.ToString());
            if (parent is not null) org.Link(parent.Value, key, $"{g.File}:{g.Line}");
        }
        foreach (var g in groups)
        foreach (var child in g.Children)
            org.Link(g.Ref, EntityRef.Parse(child, "group", g.Ref.Namespace), $"{g.File}:{g.Line}");
        foreach (var (child, parent) in org._parent)
            if (!org._groups.ContainsKey(parent)) org._problems.Add($"group {child} names parent {parent}, which is not in the catalog");
        foreach (var key in org._groups.Keys)
            if (org.InCycle(key)) org._problems.Add($"group {key} is its own ancestor: the parent chain loops");
        // A parent known only from another group's spec.children becomes the group's own ParentRef.
        foreach (var key in org._groups.Keys.ToList())
            org._groups[key] = org._groups[key] with { ParentRef = org.ParentOf(key)?.ToString() };
        return org;
    }

    private void Link(EntityRef parent, EntityRef child, string where)
    {
        if (_parent.TryGetValue(child, out var existing))
        {
            if (existing != parent) _problems.Add($"{where}: group {child} has two parents, {existing} and {parent}; {existing} is used");
            return;
        }
        if (parent == child) { _problems.Add($"{where}: group {child} names itself as its parent"); return; }
        _parent[child] = parent;
        if (!_children.TryGetValue(parent, out var list)) _children[parent] = list = [];
        list.Add(child);
    }

    public OrgGroup? Find(EntityRef group) => _groups.GetValueOrDefault(group);

    public OrgGroup? Find(string groupRef) => Find(EntityRef.Parse(groupRef, "group"));

    public EntityRef? ParentOf(EntityRef group) => _parent.TryGetValue(group, out var p) ? p : null;

    public IReadOnlyList<EntityRef> ChildrenOf(EntityRef group) => _children.TryGetValue(group, out var c) ? c : [];

    /// <summary>The group itself, then its parent, grandparent, ...; stops at a loop.</summary>
    public IEnumerable<EntityRef> SelfAndAncestors(EntityRef group)
    {
        var seen = new HashSet<EntityRef>();
        EntityRef? current = group;
        while (current is { } c && seen.Add(c))
        {
            yield return c;
            current = ParentOf(c);
        }
    }

    /// <summary>The nearest ancestor-or-self whose type is a department type; null when there is none.</summary>
    public OrgGroup? DepartmentOf(EntityRef group) => Chart.DepartmentOf(group.ToString());

    /// <summary>Accepts any reference form (<c>team-a</c>, <c>group:default/team-a</c>); the kind defaults to group.</summary>
    public OrgGroup? DepartmentOf(string groupRef) => DepartmentOf(EntityRef.Parse(groupRef, "group"));

    /// <summary>The groups with every parent link resolved (from <c>spec.parent</c> or a parent's <c>spec.children</c>), as an <see cref="OrgChart"/>.</summary>
    public OrgChart Chart => _chart ??= new OrgChart(Groups, _departmentTypes);

    private OrgChart? _chart;

    /// <summary>Every group below <paramref name="group"/> at any depth (not the group itself), breadth first.</summary>
    public IReadOnlyList<OrgGroup> Descendants(EntityRef group)
    {
        var result = new List<OrgGroup>();
        var seen = new HashSet<EntityRef> { group };
        var queue = new Queue<EntityRef>(ChildrenOf(group));
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next)) continue;
            if (_groups.TryGetValue(next, out var g)) result.Add(g);
            foreach (var c in ChildrenOf(next)) queue.Enqueue(c);
        }
        return result;
    }

    /// <summary>The teams under a department at any depth: descendants that are not themselves departments.</summary>
    public IReadOnlyList<OrgGroup> TeamsUnder(EntityRef department)
        => Descendants(department).Where(g => !_departmentTypes.Contains(g.Type)).ToList();

    public IReadOnlyList<OrgGroup> TeamsUnder(string departmentRef) => TeamsUnder(EntityRef.Parse(departmentRef, "group"));

    private bool InCycle(EntityRef group)
    {
        var seen = new HashSet<EntityRef>();
        EntityRef? current = ParentOf(group);
        while (current is { } c)
        {
            if (c == group) return true;
            if (!seen.Add(c)) return false;
            current = ParentOf(c);
        }
        return false;
    }
}
