namespace TechHealth.GraphQL;

public static partial class Validator
{
    private static IReadOnlyList<GraphQLError> ValidateCore(Schema schema, DocumentNode document)
    {
        var typeInfo = new TypeInfo(schema);
        var context = new ValidationContext(schema, document, typeInfo);
        var rules = new ValidationRule[]
        {
            new ExecutableDefinitionsRule(context),
            new KnownOperationTypesRule(context),
            new UniqueOperationNamesRule(context),
            new LoneAnonymousOperationRule(context),
            new SingleFieldSubscriptionsRule(context),
            new KnownTypeNamesRule(context),
            new FragmentsOnCompositeTypesRule(context),
            new VariablesAreInputTypesRule(context),
            new ScalarLeafsRule(context),
            new FieldsOnCorrectTypeRule(context),
            new UniqueFragmentNamesRule(context),
            new KnownFragmentNamesRule(context),
            new NoUnusedFragmentsRule(context),
            new PossibleFragmentSpreadsRule(context),
            new NoFragmentCyclesRule(context),
            new UniqueVariableNamesRule(context),
            new NoUndefinedVariablesRule(context),
            new NoUnusedVariablesRule(context),
            new KnownDirectivesRule(context),
            new UniqueDirectivesPerLocationRule(context),
            new KnownArgumentNamesRule(context, onDirectivesOnly: false),
            new UniqueArgumentNamesRule(context),
            new ValuesOfCorrectTypeRule(context),
            new ProvidedRequiredArgumentsRule(context, onDirectivesOnly: false),
            new VariablesInAllowedPositionRule(context),
            new OverlappingFieldsCanBeMergedRule(context),
            new UniqueInputFieldNamesRule(context),
            new MaxIntrospectionDepthRule(context),
        };
        Run(context, rules);
        return context.Errors;
    }

    private static IReadOnlyList<GraphQLError> ValidateSdlCore(DocumentNode document)
    {
        var context = new ValidationContext(null, document, null);
        var rules = new ValidationRule[]
        {
            new LoneSchemaDefinitionRule(context),
            new UniqueOperationTypesRule(context),
            new UniqueTypeNamesRule(context),
            new UniqueEnumValueNamesRule(context),
            new UniqueFieldDefinitionNamesRule(context),
            new UniqueArgumentDefinitionNamesRule(context),
            new UniqueDirectiveNamesRule(context),
            new KnownTypeNamesRule(context),
            new KnownDirectivesRule(context),
            new UniqueDirectivesPerLocationRule(context),
            new PossibleTypeExtensionsRule(context),
            new KnownArgumentNamesRule(context, onDirectivesOnly: true),
            new UniqueArgumentNamesRule(context),
            new UniqueInputFieldNamesRule(context),
            new ProvidedRequiredArgumentsRule(context, onDirectivesOnly: true),
        };
        Run(context, rules);
        return context.Errors;
    }

    private static void Run(ValidationContext context, ValidationRule[] rules)
    {
        try
        {
            new DocumentWalker(context.TypeInfo, rules, context.Ancestors).Walk(context.Document);
        }
        catch (ValidationAborted)
        {
        }
    }
}

internal static class TypeComparators
{
    public static bool IsTypeSubTypeOf(Schema schema, GraphQLType maybeSubType, GraphQLType superType)
    {
        if (maybeSubType.SameAs(superType)) return true;
        if (superType is NonNullType superNonNull)
            return maybeSubType is NonNullType subNonNull && IsTypeSubTypeOf(schema, subNonNull.OfType, superNonNull.OfType);
        if (maybeSubType is NonNullType sub) return IsTypeSubTypeOf(schema, sub.OfType, superType);
        if (superType is ListType superList)
            return maybeSubType is ListType subList && IsTypeSubTypeOf(schema, subList.OfType, superList.OfType);
        if (maybeSubType is ListType) return false;
        return superType is InterfaceType or UnionType && maybeSubType is InterfaceType or ObjectType &&
               schema.IsSubType((NamedType)superType, (NamedType)maybeSubType);
    }

    public static bool DoTypesOverlap(Schema schema, NamedType a, NamedType b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is InterfaceType or UnionType)
        {
            if (b is InterfaceType or UnionType) return schema.GetPossibleTypes(a).Any(t => schema.IsSubType(b, t));
            return schema.IsSubType(a, b);
        }
        if (b is InterfaceType or UnionType) return schema.IsSubType(b, a);
        return false;
    }

    public static bool IsComposite(GraphQLType? t) => t is ObjectType or InterfaceType or UnionType;
}

internal sealed class ExecutableDefinitionsRule : ValidationRule
{
    public ExecutableDefinitionsRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not DocumentNode document) return true;
        foreach (var definition in document.Definitions)
        {
            if (definition is ExecutableDefinitionNode) continue;
            var name = definition switch
            {
                SchemaDefinitionNode => "schema",
                TypeDefinitionNode t => $"\"{t.Name.Value}\"",
                DirectiveDefinitionNode d => $"\"{d.Name.Value}\"",
                _ => "unknown",
            };
            Context.Report($"The {name} definition is not executable.", definition);
        }
        return false;
    }
}

internal sealed class KnownOperationTypesRule : ValidationRule
{
    public KnownOperationTypesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is OperationDefinitionNode op && Context.S.GetRootType(op.Operation) is null)
            Context.Report($"The {op.Operation.ToString().ToLowerInvariant()} operation is not supported by the schema.", op);
        return true;
    }
}

internal sealed class UniqueOperationNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);
    public UniqueOperationNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case OperationDefinitionNode op:
                if (op.Name is { } name)
                {
                    if (_known.TryGetValue(name.Value, out var first)) Context.Report($"There can be only one operation named \"{name.Value}\".", first, name);
                    else _known[name.Value] = name;
                }
                return false;
            case FragmentDefinitionNode:
                return false;
        }
        return true;
    }
}

internal sealed class LoneAnonymousOperationRule : ValidationRule
{
    private int _operationCount;
    public LoneAnonymousOperationRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is DocumentNode d) _operationCount = d.Definitions.Count(x => x is OperationDefinitionNode);
        else if (node is OperationDefinitionNode { Name: null } op && _operationCount > 1)
            Context.Report("This anonymous operation must be the only defined operation.", op);
        return true;
    }
}

internal sealed class SingleFieldSubscriptionsRule : ValidationRule
{
    public SingleFieldSubscriptionsRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not OperationDefinitionNode { Operation: OperationType.Subscription } op) return true;
        var subscriptionType = Context.S.SubscriptionType;
        if (subscriptionType is null) return true;
        var operationName = op.Name?.Value;
        var fragments = Context.Document.Definitions.OfType<FragmentDefinitionNode>()
            .GroupBy(f => f.Name!.Value).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var state = new ExecutionState(Context.S, Context.Document, op, fragments, new Dictionary<string, object?>(), new ExecutionOptions(), default)
        {
            ForbiddenDirectives = new List<DirectiveNode>(),
        };
        List<KeyValuePair<string, List<FieldNode>>> groups;
        try
        {
            groups = state.CollectFields(subscriptionType, op.SelectionSet);
        }
        catch (FieldError)
        {
            return true;
        }
        if (state.ForbiddenDirectives.Count > 0)
        {
            Context.Report(operationName is not null
                ? $"Subscription \"{operationName}\" must not use `@skip` or `@include` directives in the top level selection."
                : "Anonymous Subscription must not use `@skip` or `@include` directives in the top level selection.", state.ForbiddenDirectives.ToArray());
            return true;
        }
        if (groups.Count == 0)
        {
            Context.Report(operationName is not null
                ? $"Subscription \"{operationName}\" must select one top level field."
                : "Anonymous Subscription must select one top level field.", op.SelectionSet);
        }
        else if (groups.Count > 1)
        {
            var extra = groups.Skip(1).SelectMany(g => g.Value).Cast<Node>().ToArray();
            Context.Report(operationName is not null
                ? $"Subscription \"{operationName}\" must select only one top level field."
                : "Anonymous Subscription must select only one top level field.", extra);
        }
        foreach (var (_, fieldNodes) in groups)
        {
            if (fieldNodes[0].Name.Value.StartsWith("__", StringComparison.Ordinal))
            {
                Context.Report(operationName is not null
                    ? $"Subscription \"{operationName}\" must not select an introspection top level field."
                    : "Anonymous Subscription must not select an introspection top level field.", fieldNodes.Cast<Node>().ToArray());
            }
        }
        return true;
    }
}

internal sealed class KnownTypeNamesRule : ValidationRule
{
    private static readonly string[] StandardTypeNames =
    {
        "String", "Int", "Float", "Boolean", "ID", "__Schema", "__Directive", "__DirectiveLocation", "__Type", "__Field",
        "__InputValue", "__EnumValue", "__TypeKind",
    };

    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly List<string> _typeNames = new();

    public KnownTypeNamesRule(ValidationContext c) : base(c)
    {
        if (c.Schema is not null) _typeNames.AddRange(c.Schema.Types.Select(t => t.Name));
        foreach (var def in c.Document.Definitions.OfType<TypeDefinitionNode>().Where(d => !d.IsExtension))
        {
            if (_defined.Add(def.Name.Value)) _typeNames.Add(def.Name.Value);
        }
    }

    public override bool Enter(Node node)
    {
        if (node is not NamedTypeNode named) return true;
        var typeName = named.Name.Value;
        if (Context.Schema?.GetType(typeName) is not null || _defined.Contains(typeName)) return true;
        var definition = Context.Ancestors.Count > 1 ? Context.Ancestors[1] : null;
        var isSdl = definition is TypeSystemNode;
        if (isSdl && StandardTypeNames.Contains(typeName)) return true;
        var options = isSdl ? StandardTypeNames.Concat(_typeNames) : _typeNames;
        Context.Report($"Unknown type \"{typeName}\"." + Suggestions.DidYouMean(Suggestions.List(typeName, options)), named);
        return true;
    }
}

internal sealed class FragmentsOnCompositeTypesRule : ValidationRule
{
    public FragmentsOnCompositeTypesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case InlineFragmentNode { TypeCondition: { } condition }:
                var type = Context.S.TypeFromAst(condition);
                if (type is not null && !TypeComparators.IsComposite(type))
                    Context.Report($"Fragment cannot condition on non composite type \"{Printer.Print(condition)}\".", condition);
                break;
            case FragmentDefinitionNode fragment:
                var fragType = Context.S.TypeFromAst(fragment.TypeCondition);
                if (fragType is not null && !TypeComparators.IsComposite(fragType))
                    Context.Report($"Fragment \"{fragment.Name!.Value}\" cannot condition on non composite type \"{Printer.Print(fragment.TypeCondition)}\".", fragment.TypeCondition);
                break;
        }
        return true;
    }
}

internal sealed class VariablesAreInputTypesRule : ValidationRule
{
    public VariablesAreInputTypesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is VariableDefinitionNode vd)
        {
            var type = Context.S.TypeFromAst(vd.Type);
            if (type is not null && !type.IsInputType)
                Context.Report($"Variable \"${vd.Variable.Name.Value}\" cannot be non-input type \"{Printer.Print(vd.Type)}\".", vd.Type);
        }
        return true;
    }
}

internal sealed class ScalarLeafsRule : ValidationRule
{
    public ScalarLeafsRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not FieldNode field) return true;
        var type = Context.TypeInfo!.Type;
        if (type is null) return true;
        var name = field.Name.Value;
        if (type.IsLeaf)
        {
            if (field.SelectionSet is not null)
                Context.Report($"Field \"{name}\" must not have a selection since type \"{type}\" has no subfields.", field.SelectionSet);
        }
        else if (field.SelectionSet is null)
        {
            Context.Report($"Field \"{name}\" of type \"{type}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?", field);
        }
        else if (field.SelectionSet.Selections.Count == 0)
        {
            Context.Report($"Field \"{name}\" of type \"{type}\" must have at least one field selected.", field);
        }
        return true;
    }
}

internal sealed class FieldsOnCorrectTypeRule : ValidationRule
{
    public FieldsOnCorrectTypeRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not FieldNode field) return true;
        var type = Context.TypeInfo!.ParentType;
        if (type is null || Context.TypeInfo.FieldDef is not null) return true;
        var fieldName = field.Name.Value;
        var suggestion = Suggestions.DidYouMean(SuggestedTypeNames(Context.S, type, fieldName), "to use an inline fragment on");
        if (suggestion.Length == 0)
        {
            var fieldNames = type is CompositeFieldsType c ? c.FieldList.Select(f => f.Name) : Enumerable.Empty<string>();
            suggestion = Suggestions.DidYouMean(Suggestions.List(fieldName, fieldNames));
        }
        Context.Report($"Cannot query field \"{fieldName}\" on type \"{type.Name}\"." + suggestion, field);
        return true;
    }

    private static IReadOnlyList<string> SuggestedTypeNames(Schema schema, NamedType type, string fieldName)
    {
        if (type is not (InterfaceType or UnionType)) return Array.Empty<string>();
        var suggested = new List<CompositeFieldsType>();
        var usage = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var possible in schema.GetPossibleTypes(type))
        {
            if (!possible.Fields.ContainsKey(fieldName)) continue;
            if (!suggested.Contains(possible)) suggested.Add(possible);
            usage[possible.Name] = 1;
            foreach (var iface in possible.Interfaces)
            {
                if (!iface.Fields.ContainsKey(fieldName)) continue;
                if (!suggested.Contains(iface)) suggested.Add(iface);
                usage[iface.Name] = usage.GetValueOrDefault(iface.Name) + 1;
            }
        }
        return suggested.OrderBy(t => t, Comparer<CompositeFieldsType>.Create((a, b) =>
        {
            var diff = usage[b.Name] - usage[a.Name];
            if (diff != 0) return diff;
            if (a is InterfaceType && schema.IsSubType(a, b)) return -1;
            if (b is InterfaceType && schema.IsSubType(b, a)) return 1;
            return Suggestions.NaturalCompare(a.Name, b.Name);
        })).Select(t => t.Name).ToList();
    }
}

internal sealed class UniqueFragmentNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);
    public UniqueFragmentNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case OperationDefinitionNode: return false;
            case FragmentDefinitionNode f:
                var name = f.Name!;
                if (_known.TryGetValue(name.Value, out var first)) Context.Report($"There can be only one fragment named \"{name.Value}\".", first, name);
                else _known[name.Value] = name;
                return false;
        }
        return true;
    }
}

internal sealed class KnownFragmentNamesRule : ValidationRule
{
    public KnownFragmentNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is FragmentSpreadNode spread && Context.GetFragment(spread.Name.Value) is null)
            Context.Report($"Unknown fragment \"{spread.Name.Value}\".", spread.Name);
        return true;
    }
}

internal sealed class NoUnusedFragmentsRule : ValidationRule
{
    private readonly List<OperationDefinitionNode> _operations = new();
    private readonly List<FragmentDefinitionNode> _fragments = new();
    public NoUnusedFragmentsRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case OperationDefinitionNode op:
                _operations.Add(op);
                return false;
            case FragmentDefinitionNode f:
                _fragments.Add(f);
                return false;
        }
        return true;
    }

    public override void Leave(Node node)
    {
        if (node is not DocumentNode) return;
        var used = Context.GetRecursivelyReferencedFragments(_operations).Select(f => f.Name!.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var fragment in _fragments)
        {
            if (!used.Contains(fragment.Name!.Value)) Context.Report($"Fragment \"{fragment.Name!.Value}\" is never used.", fragment);
        }
    }
}

internal sealed class PossibleFragmentSpreadsRule : ValidationRule
{
    public PossibleFragmentSpreadsRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case InlineFragmentNode inline:
            {
                var fragType = Context.TypeInfo!.Type as NamedType;
                var parentType = Context.TypeInfo.ParentType;
                if (TypeComparators.IsComposite(fragType) && TypeComparators.IsComposite(parentType) &&
                    !TypeComparators.DoTypesOverlap(Context.S, fragType!, parentType!))
                    Context.Report($"Fragment cannot be spread here as objects of type \"{parentType}\" can never be of type \"{fragType}\".", inline);
                break;
            }
            case FragmentSpreadNode spread:
            {
                var fragment = Context.GetFragment(spread.Name.Value);
                var fragType = fragment is null ? null : Context.S.TypeFromAst(fragment.TypeCondition) as NamedType;
                if (!TypeComparators.IsComposite(fragType)) fragType = null;
                var parentType = Context.TypeInfo!.ParentType;
                if (fragType is not null && parentType is not null && !TypeComparators.DoTypesOverlap(Context.S, fragType, parentType))
                    Context.Report($"Fragment \"{spread.Name.Value}\" cannot be spread here as objects of type \"{parentType}\" can never be of type \"{fragType}\".", spread);
                break;
            }
        }
        return true;
    }
}

internal sealed class NoFragmentCyclesRule : ValidationRule
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<FragmentSpreadNode> _spreadPath = new();
    private readonly Dictionary<string, int> _spreadPathIndex = new(StringComparer.Ordinal);
    public NoFragmentCyclesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case OperationDefinitionNode: return false;
            case FragmentDefinitionNode f:
                Detect(f);
                return false;
        }
        return true;
    }

    private void Detect(FragmentDefinitionNode fragment)
    {
        var name = fragment.Name!.Value;
        if (!_visited.Add(name)) return;
        var spreads = Context.GetFragmentSpreads(fragment.SelectionSet);
        if (spreads.Count == 0) return;
        _spreadPathIndex[name] = _spreadPath.Count;
        foreach (var spread in spreads)
        {
            var spreadName = spread.Name.Value;
            _spreadPath.Add(spread);
            if (!_spreadPathIndex.TryGetValue(spreadName, out var cycleIndex))
            {
                var target = Context.GetFragment(spreadName);
                if (target is not null) Detect(target);
            }
            else
            {
                var cyclePath = _spreadPath.Skip(cycleIndex).ToList();
                var via = string.Join(", ", cyclePath.Take(cyclePath.Count - 1).Select(s => $"\"{s.Name.Value}\""));
                Context.Report($"Cannot spread fragment \"{spreadName}\" within itself" + (via.Length > 0 ? $" via {via}." : "."), cyclePath.Cast<Node>().ToArray());
            }
            _spreadPath.RemoveAt(_spreadPath.Count - 1);
        }
        _spreadPathIndex.Remove(name);
    }
}

internal sealed class UniqueVariableNamesRule : ValidationRule
{
    public UniqueVariableNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is OperationDefinitionNode op)
        {
            foreach (var group in op.VariableDefinitions.GroupBy(v => v.Variable.Name.Value))
            {
                if (group.Count() > 1)
                    Context.Report($"There can be only one variable named \"${group.Key}\".", group.Select(v => (Node)v.Variable.Name).ToArray());
            }
        }
        return true;
    }
}

internal sealed class NoUndefinedVariablesRule : ValidationRule
{
    public NoUndefinedVariablesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not OperationDefinitionNode op) return true;
        var defined = op.VariableDefinitions.Select(v => v.Variable.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var usage in Context.GetRecursiveVariableUsages(op))
        {
            var name = usage.Node.Name.Value;
            if (defined.Contains(name)) continue;
            Context.Report(op.Name is not null
                ? $"Variable \"${name}\" is not defined by operation \"{op.Name.Value}\"."
                : $"Variable \"${name}\" is not defined.", usage.Node, op);
        }
        return true;
    }
}

internal sealed class NoUnusedVariablesRule : ValidationRule
{
    public NoUnusedVariablesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not OperationDefinitionNode op) return true;
        var used = Context.GetRecursiveVariableUsages(op).Select(u => u.Node.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var def in op.VariableDefinitions)
        {
            var name = def.Variable.Name.Value;
            if (used.Contains(name)) continue;
            Context.Report(op.Name is not null
                ? $"Variable \"${name}\" is never used in operation \"{op.Name.Value}\"."
                : $"Variable \"${name}\" is never used.", def);
        }
        return true;
    }
}

internal sealed class KnownDirectivesRule : ValidationRule
{
    private readonly Dictionary<string, List<string>> _locations = new(StringComparer.Ordinal);

    public KnownDirectivesRule(ValidationContext c) : base(c)
    {
        var defined = c.Schema?.Directives ?? BuiltIns.Instance.Directives;
        foreach (var d in defined) _locations[d.Name] = d.Locations.Select(l => l.ToString()).ToList();
        foreach (var def in c.Document.Definitions.OfType<DirectiveDefinitionNode>().Where(d => !d.IsExtension))
            _locations[def.Name.Value] = def.Locations.Select(l => l.Value).ToList();
    }

    public override bool Enter(Node node)
    {
        if (node is not DirectiveNode directive) return true;
        var name = directive.Name.Value;
        if (!_locations.TryGetValue(name, out var locations))
        {
            Context.Report($"Unknown directive \"@{name}\".", directive);
            return true;
        }
        var candidate = Location(Context.Ancestors);
        if (candidate is not null && !locations.Contains(candidate))
            Context.Report($"Directive \"@{name}\" may not be used on {candidate}.", directive);
        return true;
    }

    private static string? Location(List<Node> ancestors)
    {
        var appliedTo = ancestors[^1];
        return appliedTo switch
        {
            OperationDefinitionNode op => op.Operation switch
            {
                OperationType.Query => "QUERY",
                OperationType.Mutation => "MUTATION",
                _ => "SUBSCRIPTION",
            },
            FieldNode => "FIELD",
            FragmentSpreadNode => "FRAGMENT_SPREAD",
            InlineFragmentNode => "INLINE_FRAGMENT",
            FragmentDefinitionNode => "FRAGMENT_DEFINITION",
            VariableDefinitionNode => "VARIABLE_DEFINITION",
            SchemaDefinitionNode => "SCHEMA",
            ScalarTypeDefinitionNode => "SCALAR",
            ObjectTypeDefinitionNode => "OBJECT",
            FieldDefinitionNode => "FIELD_DEFINITION",
            InterfaceTypeDefinitionNode => "INTERFACE",
            UnionTypeDefinitionNode => "UNION",
            EnumTypeDefinitionNode => "ENUM",
            EnumValueDefinitionNode => "ENUM_VALUE",
            InputObjectTypeDefinitionNode => "INPUT_OBJECT",
            InputValueDefinitionNode => ancestors.Count > 1 && ancestors[^2] is InputObjectTypeDefinitionNode
                ? "INPUT_FIELD_DEFINITION"
                : "ARGUMENT_DEFINITION",
            DirectiveDefinitionNode => "DIRECTIVE_DEFINITION",
            _ => null,
        };
    }
}

internal sealed class UniqueDirectivesPerLocationRule : ValidationRule
{
    private readonly Dictionary<string, bool> _unique = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectiveNode> _schemaDirectives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DirectiveNode>> _typeDirectives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DirectiveNode>> _directiveDirectives = new(StringComparer.Ordinal);

    public UniqueDirectivesPerLocationRule(ValidationContext c) : base(c)
    {
        var defined = c.Schema?.Directives ?? BuiltIns.Instance.Directives;
        foreach (var d in defined) _unique[d.Name] = !d.IsRepeatable;
        foreach (var def in c.Document.Definitions.OfType<DirectiveDefinitionNode>().Where(d => !d.IsExtension))
            _unique[def.Name.Value] = !def.Repeatable;
    }

    public override bool Enter(Node node)
    {
        IReadOnlyList<DirectiveNode>? directives = node switch
        {
            OperationDefinitionNode o => o.Directives,
            FragmentDefinitionNode f => f.Directives,
            SelectionNode s => s.Directives,
            VariableDefinitionNode v => v.Directives,
            TypeSystemNode t => t.Directives,
            FieldDefinitionNode fd => fd.Directives,
            InputValueDefinitionNode iv => iv.Directives,
            EnumValueDefinitionNode ev => ev.Directives,
            _ => null,
        };
        if (directives is null) return true;
        Dictionary<string, DirectiveNode> seen;
        switch (node)
        {
            case SchemaDefinitionNode:
                seen = _schemaDirectives;
                break;
            case TypeDefinitionNode t:
                if (!_typeDirectives.TryGetValue(t.Name.Value, out seen!)) _typeDirectives[t.Name.Value] = seen = new(StringComparer.Ordinal);
                break;
            case DirectiveDefinitionNode d:
                if (!_directiveDirectives.TryGetValue(d.Name.Value, out seen!)) _directiveDirectives[d.Name.Value] = seen = new(StringComparer.Ordinal);
                break;
            default:
                seen = new Dictionary<string, DirectiveNode>(StringComparer.Ordinal);
                break;
        }
        foreach (var directive in directives)
        {
            var name = directive.Name.Value;
            if (!_unique.TryGetValue(name, out var unique) || !unique) continue;
            if (seen.TryGetValue(name, out var first))
                Context.Report($"The directive \"@{name}\" can only be used once at this location.", first, directive);
            else seen[name] = directive;
        }
        return true;
    }
}

internal sealed class KnownArgumentNamesRule : ValidationRule
{
    private readonly bool _onDirectivesOnly;
    private readonly Dictionary<string, List<string>> _directiveArgs = new(StringComparer.Ordinal);

    public KnownArgumentNamesRule(ValidationContext c, bool onDirectivesOnly) : base(c)
    {
        _onDirectivesOnly = onDirectivesOnly;
        var defined = c.Schema?.Directives ?? BuiltIns.Instance.Directives;
        foreach (var d in defined) _directiveArgs[d.Name] = d.ArgumentList.Select(a => a.Name).ToList();
        foreach (var def in c.Document.Definitions.OfType<DirectiveDefinitionNode>().Where(d => !d.IsExtension))
            _directiveArgs[def.Name.Value] = def.Arguments.Select(a => a.Name.Value).ToList();
    }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case DirectiveNode directive:
                var directiveName = directive.Name.Value;
                if (_directiveArgs.TryGetValue(directiveName, out var known))
                {
                    foreach (var arg in directive.Arguments)
                    {
                        var argName = arg.Name.Value;
                        if (!known.Contains(argName))
                            Context.Report($"Unknown argument \"{argName}\" on directive \"@{directiveName}\"." + Suggestions.DidYouMean(Suggestions.List(argName, known)), arg);
                    }
                }
                return false;
            case ArgumentNode argument when !_onDirectivesOnly:
                var typeInfo = Context.TypeInfo!;
                var fieldDef = typeInfo.FieldDef;
                var parentType = typeInfo.ParentType;
                if (typeInfo.Argument is null && fieldDef is not null && parentType is not null)
                {
                    var name = argument.Name.Value;
                    Context.Report($"Unknown argument \"{name}\" on field \"{fieldDef.Coordinate}\"." +
                        Suggestions.DidYouMean(Suggestions.List(name, fieldDef.ArgumentList.Select(a => a.Name))), argument);
                }
                break;
        }
        return true;
    }
}

internal sealed class UniqueArgumentNamesRule : ValidationRule
{
    public UniqueArgumentNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        var args = node switch
        {
            FieldNode f => f.Arguments,
            DirectiveNode d => d.Arguments,
            _ => null,
        };
        if (args is null) return true;
        foreach (var group in args.GroupBy(a => a.Name.Value))
        {
            if (group.Count() > 1) Context.Report($"There can be only one argument named \"{group.Key}\".", group.Select(a => (Node)a.Name).ToArray());
        }
        return true;
    }
}

internal sealed class ValuesOfCorrectTypeRule : ValidationRule
{
    public ValuesOfCorrectTypeRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        var typeInfo = Context.TypeInfo!;
        var type = node switch
        {
            ListValueNode => typeInfo.ParentInputType,
            NullValueNode or ObjectValueNode or EnumValueNode or IntValueNode or FloatValueNode or StringValueNode or BooleanValueNode => typeInfo.InputType,
            _ => null,
        };
        if (node is not ValueNode value || node is VariableNode) return true;
        if (type is not null) Values.ValidateInputLiteral(value, type, null, (error, _) => Context.Report(error));
        return false;
    }
}

internal sealed class ProvidedRequiredArgumentsRule : ValidationRule
{
    private readonly bool _onDirectivesOnly;
    private readonly Dictionary<string, List<(string Name, string Type)>> _required = new(StringComparer.Ordinal);

    public ProvidedRequiredArgumentsRule(ValidationContext c, bool onDirectivesOnly) : base(c)
    {
        _onDirectivesOnly = onDirectivesOnly;
        var defined = c.Schema?.Directives ?? BuiltIns.Instance.Directives;
        foreach (var d in defined)
            _required[d.Name] = d.ArgumentList.Where(a => a.Type is NonNullType && !a.HasDefaultValue).Select(a => (a.Name, Type: a.Type.ToString()!)).ToList();
        foreach (var def in c.Document.Definitions.OfType<DirectiveDefinitionNode>().Where(d => !d.IsExtension))
            _required[def.Name.Value] = def.Arguments.Where(a => a.Type is NonNullTypeNode && a.DefaultValue is null)
                .Select(a => (Name: a.Name.Value, Type: Printer.Print(a.Type))).ToList();
    }

    public override void Leave(Node node)
    {
        switch (node)
        {
            case DirectiveNode directive:
                if (_required.TryGetValue(directive.Name.Value, out var required))
                {
                    var provided = directive.Arguments.Select(a => a.Name.Value).ToHashSet(StringComparer.Ordinal);
                    foreach (var (name, type) in required)
                    {
                        if (!provided.Contains(name))
                            Context.Report($"Argument \"@{directive.Name.Value}({name}:)\" of type \"{type}\" is required, but it was not provided.", directive);
                    }
                }
                break;
            case FieldNode field when !_onDirectivesOnly:
                var fieldDef = Context.TypeInfo!.FieldDef;
                if (fieldDef is null) return;
                var providedArgs = field.Arguments.Select(a => a.Name.Value).ToHashSet(StringComparer.Ordinal);
                foreach (var argDef in fieldDef.ArgumentList)
                {
                    if (!providedArgs.Contains(argDef.Name) && argDef.Type is NonNullType && !argDef.HasDefaultValue)
                        Context.Report($"Argument \"{argDef.Coordinate}\" of type \"{argDef.Type}\" is required, but it was not provided.", field);
                }
                break;
        }
    }
}

internal sealed class VariablesInAllowedPositionRule : ValidationRule
{
    private Dictionary<string, VariableDefinitionNode> _definitions = new(StringComparer.Ordinal);
    public VariablesInAllowedPositionRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is OperationDefinitionNode) _definitions = new Dictionary<string, VariableDefinitionNode>(StringComparer.Ordinal);
        else if (node is VariableDefinitionNode vd) _definitions[vd.Variable.Name.Value] = vd;
        return true;
    }

    public override void Leave(Node node)
    {
        if (node is not OperationDefinitionNode op) return;
        foreach (var usage in Context.GetRecursiveVariableUsages(op))
        {
            var name = usage.Node.Name.Value;
            if (!_definitions.TryGetValue(name, out var def) || usage.Type is null) continue;
            var varType = Context.S.TypeFromAst(def.Type);
            if (varType is not null && !Allowed(varType, def.DefaultValue, usage.Type, usage.DefaultValue))
                Context.Report($"Variable \"${name}\" of type \"{varType}\" used in position expecting type \"{usage.Type}\".", def, usage.Node);
            if (usage.ParentType is InputObjectType { IsOneOf: true } oneOf && varType is not NonNullType && varType is not null)
                Context.Report($"Variable \"${name}\" is of type \"{varType}\" but must be non-nullable to be used for OneOf Input Object \"{oneOf.Name}\".", def, usage.Node);
        }
    }

    private bool Allowed(GraphQLType varType, ValueNode? varDefault, GraphQLType locationType, object? locationDefault)
    {
        if (locationType is NonNullType nn && varType is not NonNullType)
        {
            var hasNonNullVariableDefault = varDefault is not null && varDefault is not NullValueNode;
            var hasLocationDefault = locationDefault is not Undefined;
            if (!hasNonNullVariableDefault && !hasLocationDefault) return false;
            return TypeComparators.IsTypeSubTypeOf(Context.S, varType, nn.OfType);
        }
        return TypeComparators.IsTypeSubTypeOf(Context.S, varType, locationType);
    }
}

internal sealed class UniqueInputFieldNamesRule : ValidationRule
{
    private readonly Stack<Dictionary<string, NameNode>> _stack = new();
    private Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);
    public UniqueInputFieldNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case ObjectValueNode:
                _stack.Push(_known);
                _known = new Dictionary<string, NameNode>(StringComparer.Ordinal);
                break;
            case ObjectFieldNode field:
                var name = field.Name.Value;
                if (_known.TryGetValue(name, out var first)) Context.Report($"There can be only one input field named \"{name}\".", first, field.Name);
                else _known[name] = field.Name;
                break;
        }
        return true;
    }

    public override void Leave(Node node)
    {
        if (node is ObjectValueNode) _known = _stack.Pop();
    }
}

internal sealed class MaxIntrospectionDepthRule : ValidationRule
{
    private const int MaxListsDepth = 3;
    private readonly Dictionary<string, int> _checked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _exceeded = new(StringComparer.Ordinal);
    public MaxIntrospectionDepthRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is FieldNode field && field.Name.Value is "__schema" or "__type")
        {
            if (CheckDepth(field, new Dictionary<string, int>(StringComparer.Ordinal), 0))
            {
                Context.Report("Maximum introspection depth exceeded", field);
                return false;
            }
        }
        return true;
    }

    private bool CheckDepth(Node node, Dictionary<string, int> visited, int depth)
    {
        if (node is FragmentSpreadNode spread)
        {
            var name = spread.Name.Value;
            if (_exceeded.TryGetValue(name, out var exceededDepth) && exceededDepth <= depth) return true;
            if ((visited.TryGetValue(name, out var visitedDepth) && visitedDepth >= depth) ||
                (_checked.TryGetValue(name, out var checkedDepth) && checkedDepth >= depth)) return false;
            var fragment = Context.GetFragment(name);
            if (fragment is null) return false;
            visited[name] = depth;
            if (CheckDepth(fragment, visited, depth))
            {
                _exceeded[name] = depth;
                return true;
            }
            _checked[name] = depth;
            return false;
        }
        if (node is FieldNode { Name.Value: "fields" or "interfaces" or "possibleTypes" or "inputFields" })
        {
            depth++;
            if (depth >= MaxListsDepth) return true;
        }
        var selectionSet = node switch
        {
            FieldNode f => f.SelectionSet,
            InlineFragmentNode i => i.SelectionSet,
            FragmentDefinitionNode fd => fd.SelectionSet,
            _ => null,
        };
        if (selectionSet is not null)
        {
            foreach (var child in selectionSet.Selections)
            {
                if (CheckDepth(child, visited, depth)) return true;
            }
        }
        return false;
    }
}
