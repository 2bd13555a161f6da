using System.Globalization;

namespace TechHealth.GraphQL;

/// <summary>
/// Static analysis of an operation before execution: nesting depth, alias count and an
/// estimated cost (each field 1, multiplied by the expected size of every enclosing list).
/// Each refusal is an error naming the limit. Fragments are measured once and reused.
/// </summary>
public static class QueryLimits
{
    private static readonly string[] ListSizeArguments = { "first", "last", "limit" };

    public sealed record Measurement(int Depth, int Aliases, double Cost);

    /// <summary>Measures an operation's depth, aliases and estimated cost.</summary>
    public static Measurement Measure(Schema schema, OperationDefinitionNode operation, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, int defaultListSize)
    {
        var walker = new Walker(schema, fragments, variables, defaultListSize);
        var root = schema.GetRootType(operation.Operation);
        var (depth, aliases, cost) = walker.Measure(operation.SelectionSet, root);
        return new Measurement(depth, aliases, cost);
    }

    internal static IReadOnlyList<GraphQLError> Check(Schema schema, OperationDefinitionNode operation,
        Dictionary<string, FragmentDefinitionNode> fragments, IReadOnlyDictionary<string, object?> variables, ExecutionLimits limits)
    {
        if (limits.MaxDepth is null && limits.MaxAliases is null && limits.MaxCost is null) return Array.Empty<GraphQLError>();
        var m = Measure(schema, operation, fragments, variables, limits.DefaultListSize);
        var errors = new List<GraphQLError>();
        if (limits.MaxDepth is { } maxDepth && m.Depth > maxDepth)
            errors.Add(new GraphQLError($"Query depth {m.Depth} exceeds the limit of {maxDepth}.", extensions: Executor.LimitExtensions("MaxDepth")));
        if (limits.MaxAliases is { } maxAliases && m.Aliases > maxAliases)
            errors.Add(new GraphQLError($"Query uses {m.Aliases} aliases, exceeding the limit of {maxAliases}.", extensions: Executor.LimitExtensions("MaxAliases")));
        if (limits.MaxCost is { } maxCost && m.Cost > maxCost)
        {
            var cost = m.Cost >= long.MaxValue ? "more than " + long.MaxValue.ToString(CultureInfo.InvariantCulture) : ((long)m.Cost).ToString(CultureInfo.InvariantCulture);
            errors.Add(new GraphQLError($"Query cost {cost} exceeds the limit of {maxCost}.", extensions: Executor.LimitExtensions("MaxCost")));
        }
        return errors;
    }

    private sealed class Walker
    {
        private readonly Schema _schema;
        private readonly IReadOnlyDictionary<string, FragmentDefinitionNode> _fragments;
        private readonly IReadOnlyDictionary<string, object?> _variables;
        private readonly int _defaultListSize;
        private readonly Dictionary<(string, string?), (int, int, double)> _fragmentMemo = new();
        private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

        public Walker(Schema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments, IReadOnlyDictionary<string, object?> variables, int defaultListSize)
        {
            _schema = schema;
            _fragments = fragments;
            _variables = variables;
            _defaultListSize = defaultListSize;
        }

        /// <summary>Depth of the deepest field, aliases, and cost at multiplier 1 of a selection set on a type.</summary>
        public (int Depth, int Aliases, double Cost) Measure(SelectionSetNode set, NamedType? type)
        {
            var depth = 0;
            var aliases = 0;
            double cost = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                    {
                        if (field.Alias is not null) aliases++;
                        FieldDefinition? def = type is null ? null : TypeInfo.GetFieldDef(_schema, type, field.Name.Value);
                        var fieldDepth = 1;
                        double fieldCost = 1;
                        if (field.SelectionSet is not null)
                        {
                            var (childDepth, childAliases, childCost) = Measure(field.SelectionSet, def?.Type.Named);
                            fieldDepth += childDepth;
                            aliases += childAliases;
                            fieldCost += ListSize(field, def) * childCost;
                        }
                        else
                        {
                            fieldCost = 1;
                        }
                        depth = Math.Max(depth, fieldDepth);
                        cost += fieldCost;
                        break;
                    }
                    case InlineFragmentNode inline:
                    {
                        var inlineType = inline.TypeCondition is null ? type : _schema.GetType(inline.TypeCondition.Name.Value);
                        var (d, a, c) = Measure(inline.SelectionSet, inlineType);
                        depth = Math.Max(depth, d);
                        aliases += a;
                        cost += c;
                        break;
                    }
                    case FragmentSpreadNode spread:
                    {
                        var name = spread.Name.Value;
                        if (!_fragments.TryGetValue(name, out var fragment)) break;
                        var key = (name, (string?)null);
                        if (!_fragmentMemo.TryGetValue(key, out var measured))
                        {
                            if (!_inProgress.Add(name)) break;
                            measured = Measure(fragment.SelectionSet, _schema.GetType(fragment.TypeCondition.Name.Value));
                            _inProgress.Remove(name);
                            _fragmentMemo[key] = measured;
                        }
                        depth = Math.Max(depth, measured.Item1);
                        aliases += measured.Item2;
                        cost += measured.Item3;
                        break;
                    }
                }
            }
            return (depth, aliases, cost);
        }

        private double ListSize(FieldNode field, FieldDefinition? def)
        {
            if (def is null || def.Type.Nullable is not ListType) return 1;
            foreach (var argName in ListSizeArguments)
            {
                var arg = field.Arguments.FirstOrDefault(a => a.Name.Value == argName);
                if (arg is null) continue;
                switch (arg.Value)
                {
                    case IntValueNode i when double.TryParse(i.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                        return Math.Max(n, 0);
                    case VariableNode v when _variables.TryGetValue(v.Name.Value, out var value) && Inspect.IsNumber(value):
                        return Math.Max(Inspect.ToDouble(value!), 0);
                }
            }
            return _defaultListSize;
        }
    }
}
