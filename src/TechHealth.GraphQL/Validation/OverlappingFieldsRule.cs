using System.Text;

namespace TechHealth.GraphQL;

/// <summary>
/// "Field Selection Merging": fields with the same response name must resolve identically
/// (same field and arguments, unless their parents are distinct object types) and return
/// shapes that do not conflict, checked through fragments and sub-selections.
/// </summary>
internal sealed class OverlappingFieldsCanBeMergedRule : ValidationRule
{
    private const int MaxConflictDetailLength = 1000;
    private const int MaxConflictNodes = 20;

    private readonly Dictionary<(string, string), bool> _comparedFragmentPairs = new();
    private readonly Dictionary<(NamedType?, SelectionSetNode), Collected> _cache = new();
    private readonly Dictionary<ValueNode, string> _stringified = new();

    public OverlappingFieldsCanBeMergedRule(ValidationContext c) : base(c) { }

    private sealed class FieldDetail
    {
        public NamedType? ParentType;
        public FieldNode Node = null!;
        public FieldDefinition? Definition;
    }

    private sealed class Collected
    {
        public readonly List<KeyValuePair<string, List<FieldDetail>>> Groups = new();
        public readonly Dictionary<string, List<FieldDetail>> ByName = new(StringComparer.Ordinal);
        public readonly List<string> FragmentNames = new();
        public Dictionary<string, bool>? ComparedFragments;
    }

    private sealed record Conflict(string ResponseName, string Reason, List<Node> Fields1, List<Node> Fields2);

    public override bool Enter(Node node)
    {
        if (node is not SelectionSetNode set) return true;
        var parent = Context.Ancestors.Count > 0 ? Context.Ancestors[^1] : null;
        if (parent is InlineFragmentNode) return true;
        if (set.Selections.Count <= 1 && (set.Selections.Count == 0 || set.Selections[0] is not InlineFragmentNode)) return true;
        var conflicts = FindConflictsWithinSelectionSet(Context.TypeInfo!.ParentType, set);
        foreach (var c in conflicts)
        {
            var nodes = c.Fields1.Concat(c.Fields2).ToArray();
            Context.Report($"Fields \"{Abbreviate(c.ResponseName)}\" conflict because {c.Reason}. Use different aliases on the fields to fetch both if this was intentional.", nodes);
        }
        return true;
    }

    private static string Abbreviate(string text) =>
        text.Length > MaxConflictDetailLength ? text[..MaxConflictDetailLength] + "..." : text;

    private List<Conflict> FindConflictsWithinSelectionSet(NamedType? parentType, SelectionSetNode selectionSet)
    {
        var conflicts = new List<Conflict>();
        var collected = CollectFields(parentType, selectionSet);
        foreach (var (responseName, fields) in collected.Groups)
        {
            if (fields.Count <= 1) continue;
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    var conflict = FindConflict(false, responseName, fields[i], fields[j]);
                    if (conflict is not null) conflicts.Add(conflict);
                }
            }
        }
        if (collected.FragmentNames.Count != 0 && (collected.Groups.Count != 0 || collected.FragmentNames.Count > 1))
        {
            for (var i = 0; i < collected.FragmentNames.Count; i++)
            {
                BetweenFieldsAndFragment(conflicts, false, collected, collected.FragmentNames[i]);
                for (var j = i + 1; j < collected.FragmentNames.Count; j++)
                    BetweenFragments(conflicts, false, collected.FragmentNames[i], collected.FragmentNames[j]);
            }
        }
        return conflicts;
    }

    private void BetweenFieldsAndFragment(List<Conflict> conflicts, bool exclusive, Collected collected, string fragmentName)
    {
        if (collected.Groups.Count == 0) return;
        collected.ComparedFragments ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (collected.ComparedFragments.TryGetValue(fragmentName, out var compared) && (compared == false || (exclusive && compared))) return;
        collected.ComparedFragments[fragmentName] = exclusive;
        var fragment = Context.GetFragment(fragmentName);
        if (fragment is null) return;
        var collected2 = CollectFragmentFields(fragment);
        if (ReferenceEquals(collected, collected2)) return;
        Between(conflicts, exclusive, collected, collected2);
        foreach (var referenced in collected2.FragmentNames) BetweenFieldsAndFragment(conflicts, exclusive, collected, referenced);
    }

    private void BetweenFragments(List<Conflict> conflicts, bool exclusive, string name1, string name2)
    {
        if (name1 == name2) return;
        if (HasPair(name1, name2, exclusive)) return;
        _comparedFragmentPairs[(name1, name2)] = exclusive;
        var f1 = Context.GetFragment(name1);
        var f2 = Context.GetFragment(name2);
        if (f1 is null || f2 is null) return;
        var c1 = CollectFragmentFields(f1);
        var c2 = CollectFragmentFields(f2);
        Between(conflicts, exclusive, c1, c2);
        foreach (var referenced2 in c2.FragmentNames) BetweenFragments(conflicts, exclusive, name1, referenced2);
        foreach (var referenced1 in c1.FragmentNames) BetweenFragments(conflicts, exclusive, referenced1, name2);
    }

    private bool HasPair(string a, string b, bool exclusive)
    {
        bool Has(string x, string y) =>
            _comparedFragmentPairs.TryGetValue((x, y), out var stored) && (exclusive || stored == exclusive);
        return Has(a, b) || Has(b, a);
    }

    private List<Conflict> BetweenSubSelectionSets(bool exclusive, NamedType? parentType1, SelectionSetNode set1, NamedType? parentType2, SelectionSetNode set2)
    {
        var conflicts = new List<Conflict>();
        var c1 = CollectFields(parentType1, set1);
        var c2 = CollectFields(parentType2, set2);
        Between(conflicts, exclusive, c1, c2);
        foreach (var name2 in c2.FragmentNames) BetweenFieldsAndFragment(conflicts, exclusive, c1, name2);
        foreach (var name1 in c1.FragmentNames) BetweenFieldsAndFragment(conflicts, exclusive, c2, name1);
        foreach (var name1 in c1.FragmentNames)
        {
            foreach (var name2 in c2.FragmentNames) BetweenFragments(conflicts, exclusive, name1, name2);
        }
        return conflicts;
    }

    private void Between(List<Conflict> conflicts, bool exclusive, Collected c1, Collected c2)
    {
        if (c1.Groups.Count == 0 || c2.Groups.Count == 0) return;
        foreach (var (responseName, fields1) in c1.Groups)
        {
            if (!c2.ByName.TryGetValue(responseName, out var fields2)) continue;
            foreach (var f1 in fields1)
            {
                foreach (var f2 in fields2)
                {
                    var conflict = FindConflict(exclusive, responseName, f1, f2);
                    if (conflict is not null) conflicts.Add(conflict);
                }
            }
        }
    }

    private Conflict? FindConflict(bool parentsExclusive, string responseName, FieldDetail d1, FieldDetail d2)
    {
        var exclusive = parentsExclusive ||
                        (!ReferenceEquals(d1.ParentType, d2.ParentType) && d1.ParentType is ObjectType && d2.ParentType is ObjectType);
        var node1 = d1.Node;
        var node2 = d2.Node;
        if (!exclusive)
        {
            var name1 = node1.Name.Value;
            var name2 = node2.Name.Value;
            string? reason = name1 != name2
                ? $"\"{Abbreviate(name1)}\" and \"{Abbreviate(name2)}\" are different fields"
                : SameArguments(node1.Arguments, node2.Arguments) ? null : "they have differing arguments";
            if (reason is not null) return new Conflict(responseName, reason, new List<Node> { node1 }, new List<Node> { node2 });
        }
        var type1 = d1.Definition?.Type;
        var type2 = d2.Definition?.Type;
        if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
        {
            return new Conflict(responseName, $"they return conflicting types \"{type1}\" and \"{type2}\"",
                new List<Node> { node1 }, new List<Node> { node2 });
        }
        if (node1.SelectionSet is not null && node2.SelectionSet is not null)
        {
            var sub = BetweenSubSelectionSets(exclusive, type1?.Named, node1.SelectionSet, type2?.Named, node2.SelectionSet);
            return SubfieldConflicts(sub, responseName, node1, node2);
        }
        return null;
    }

    private static Conflict? SubfieldConflicts(List<Conflict> conflicts, string responseName, FieldNode node1, FieldNode node2)
    {
        if (conflicts.Count == 0) return null;
        var message = new StringBuilder();
        foreach (var c in conflicts)
        {
            if (message.Length > 0) message.Append(" and ");
            message.Append($"subfields \"{Abbreviate(c.ResponseName)}\" conflict because {c.Reason}");
            if (message.Length > MaxConflictDetailLength) break;
        }
        return new Conflict(responseName, Abbreviate(message.ToString()), CollectNodes(node1, conflicts, true), CollectNodes(node2, conflicts, false));
    }

    private static List<Node> CollectNodes(FieldNode node, List<Conflict> conflicts, bool first)
    {
        var nodes = new List<Node> { node };
        foreach (var c in conflicts)
        {
            var side = first ? c.Fields1 : c.Fields2;
            var remaining = MaxConflictNodes - nodes.Count;
            nodes.AddRange(side.Skip(Math.Max(0, side.Count - remaining)));
            if (nodes.Count == MaxConflictNodes) break;
        }
        return nodes;
    }

    private bool SameArguments(IReadOnlyList<ArgumentNode> a1, IReadOnlyList<ArgumentNode> a2)
    {
        if (a1.Count == 0) return a2.Count == 0;
        if (a1.Count != a2.Count) return false;
        var values2 = new Dictionary<string, ValueNode>(StringComparer.Ordinal);
        foreach (var a in a2) values2[a.Name.Value] = a.Value;
        return a1.All(arg1 => values2.TryGetValue(arg1.Name.Value, out var v2) && Stringify(arg1.Value) == Stringify(v2));
    }

    private string Stringify(ValueNode value)
    {
        if (_stringified.TryGetValue(value, out var cached)) return cached;
        var sb = new StringBuilder();
        Write(sb, value);
        return _stringified[value] = sb.ToString();
    }

    private static void Write(StringBuilder sb, ValueNode value)
    {
        switch (value)
        {
            case VariableNode v: sb.Append("V(").Append(v.Name.Value).Append(')'); break;
            case ObjectValueNode o:
                sb.Append("O{");
                foreach (var f in o.Fields.OrderBy(f => f.Name.Value, StringComparer.Ordinal))
                {
                    sb.Append(f.Name.Value).Append(':');
                    Write(sb, f.Value);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case ListValueNode l:
                sb.Append("L[");
                foreach (var item in l.Values)
                {
                    Write(sb, item);
                    sb.Append(',');
                }
                sb.Append(']');
                break;
            case StringValueNode s: sb.Append("S(").Append(Inspect.JsonString(s.Value)).Append(s.Block ? ",b)" : ")"); break;
            case IntValueNode i: sb.Append("I(").Append(i.Value).Append(')'); break;
            case FloatValueNode f: sb.Append("F(").Append(f.Value).Append(')'); break;
            case BooleanValueNode b: sb.Append(b.Value ? "B(true)" : "B(false)"); break;
            case EnumValueNode e: sb.Append("E(").Append(e.Value).Append(')'); break;
            case NullValueNode: sb.Append("N"); break;
        }
    }

    private static bool DoTypesConflict(GraphQLType t1, GraphQLType t2)
    {
        if (ReferenceEquals(t1, t2)) return false;
        if (t1 is ListType l1) return t2 is not ListType l2 || DoTypesConflict(l1.OfType, l2.OfType);
        if (t2 is ListType) return true;
        if (t1 is NonNullType n1) return t2 is not NonNullType n2 || DoTypesConflict(n1.OfType, n2.OfType);
        if (t2 is NonNullType) return true;
        if (t1.IsLeaf || t2.IsLeaf) return !ReferenceEquals(t1, t2);
        return false;
    }

    private Collected CollectFields(NamedType? parentType, SelectionSetNode selectionSet)
    {
        if (_cache.TryGetValue((parentType, selectionSet), out var cached)) return cached;
        var result = new Collected();
        var fragmentNames = new HashSet<string>(StringComparer.Ordinal);
        CollectImpl(parentType, selectionSet, result, fragmentNames);
        _cache[(parentType, selectionSet)] = result;
        return result;
    }

    private Collected CollectFragmentFields(FragmentDefinitionNode fragment) =>
        CollectFields(Context.S.TypeFromAst(fragment.TypeCondition) as NamedType, fragment.SelectionSet);

    private void CollectImpl(NamedType? parentType, SelectionSetNode selectionSet, Collected result, HashSet<string> fragmentNames)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    FieldDefinition? def = parentType is CompositeFieldsType c ? c.Fields.GetValueOrDefault(field.Name.Value) : null;
                    var responseName = field.ResponseKey;
                    if (!result.ByName.TryGetValue(responseName, out var list))
                    {
                        list = new List<FieldDetail>();
                        result.ByName[responseName] = list;
                        result.Groups.Add(new(responseName, list));
                    }
                    list.Add(new FieldDetail { ParentType = parentType, Node = field, Definition = def });
                    break;
                case FragmentSpreadNode spread:
                    if (fragmentNames.Add(spread.Name.Value)) result.FragmentNames.Add(spread.Name.Value);
                    break;
                case InlineFragmentNode inline:
                    var inlineType = inline.TypeCondition is not null ? Context.S.TypeFromAst(inline.TypeCondition) as NamedType : parentType;
                    CollectImpl(inlineType, inline.SelectionSet, result, fragmentNames);
                    break;
            }
        }
    }
}
