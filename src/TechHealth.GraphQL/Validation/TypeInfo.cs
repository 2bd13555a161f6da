namespace TechHealth.GraphQL;

/// <summary>
/// Tracks, during a document walk, the schema types at the current position: output type,
/// parent composite type, field, directive, argument and expected input type with its default.
/// </summary>
internal sealed class TypeInfo
{
    private readonly Schema? _schema;
    private readonly List<GraphQLType?> _typeStack = new();
    private readonly List<NamedType?> _parentTypeStack = new();
    private readonly List<GraphQLType?> _inputTypeStack = new();
    private readonly List<FieldDefinition?> _fieldDefStack = new();
    private readonly List<object?> _defaultValueStack = new();

    public TypeInfo(Schema? schema) => _schema = schema;

    public GraphQLType? Type => _typeStack.Count > 0 ? _typeStack[^1] : null;
    public NamedType? ParentType => _parentTypeStack.Count > 0 ? _parentTypeStack[^1] : null;
    public GraphQLType? InputType => _inputTypeStack.Count > 0 ? _inputTypeStack[^1] : null;
    public GraphQLType? ParentInputType => _inputTypeStack.Count > 1 ? _inputTypeStack[^2] : null;
    public FieldDefinition? FieldDef => _fieldDefStack.Count > 0 ? _fieldDefStack[^1] : null;
    /// <summary>Default of the current argument or input field; <see cref="Undefined.Value"/> when none.</summary>
    public object? DefaultValue => _defaultValueStack.Count > 0 ? _defaultValueStack[^1] : Undefined.Value;
    public DirectiveDefinition? Directive { get; private set; }
    public InputValueDefinition? Argument { get; private set; }
    public EnumValueDefinition? EnumValue { get; private set; }

    private static bool IsComposite(GraphQLType? t) => t is ObjectType or InterfaceType or UnionType;

    internal static FieldDefinition? GetFieldDef(Schema schema, NamedType parentType, string name)
    {
        var builtIns = BuiltIns.Instance;
        if (name == "__schema" && ReferenceEquals(schema.QueryType, parentType)) return builtIns.SchemaMetaField;
        if (name == "__type" && ReferenceEquals(schema.QueryType, parentType)) return builtIns.TypeMetaField;
        if (name == "__typename" && IsComposite(parentType)) return builtIns.TypeNameMetaField;
        return parentType is CompositeFieldsType c ? c.Fields.GetValueOrDefault(name) : null;
    }

    public void Enter(Node node)
    {
        if (_schema is null) return;
        switch (node)
        {
            case SelectionSetNode:
                var named = Type?.Named;
                _parentTypeStack.Add(IsComposite(named) ? named : null);
                break;
            case FieldNode field:
                var parent = ParentType;
                FieldDefinition? def = null;
                if (parent is not null) def = GetFieldDef(_schema, parent, field.Name.Value);
                _fieldDefStack.Add(def);
                _typeStack.Add(def?.Type is { IsOutputType: true } t ? t : null);
                break;
            case DirectiveNode directive:
                Directive = _schema.GetDirective(directive.Name.Value);
                break;
            case OperationDefinitionNode op:
                _typeStack.Add(_schema.GetRootType(op.Operation));
                break;
            case InlineFragmentNode inline:
                var inlineType = inline.TypeCondition is not null ? _schema.TypeFromAst(inline.TypeCondition) : Type?.Named;
                _typeStack.Add(inlineType is { IsOutputType: true } ? inlineType : null);
                break;
            case FragmentDefinitionNode fragment:
                var fragType = _schema.TypeFromAst(fragment.TypeCondition);
                _typeStack.Add(fragType is { IsOutputType: true } ? fragType : null);
                break;
            case VariableDefinitionNode variable:
                var inputType = _schema.TypeFromAst(variable.Type);
                _inputTypeStack.Add(inputType is { IsInputType: true } ? inputType : null);
                break;
            case ArgumentNode argument:
                InputValueDefinition? argDef = null;
                if (Directive is not null) argDef = Directive.Arguments.GetValueOrDefault(argument.Name.Value);
                else if (FieldDef is not null) argDef = FieldDef.Arguments.GetValueOrDefault(argument.Name.Value);
                Argument = argDef;
                _defaultValueStack.Add(argDef is { HasDefaultValue: true } ? argDef.DefaultValue : Undefined.Value);
                _inputTypeStack.Add(argDef?.Type is { IsInputType: true } at ? at : null);
                break;
            case ListValueNode:
                var listType = InputType?.Nullable;
                var itemType = listType is ListType lt ? lt.OfType : listType;
                _defaultValueStack.Add(Undefined.Value);
                _inputTypeStack.Add(itemType is { IsInputType: true } ? itemType : null);
                break;
            case ObjectFieldNode objectField:
                InputValueDefinition? inputField = null;
                if (InputType?.Named is InputObjectType io) inputField = io.Fields.GetValueOrDefault(objectField.Name.Value);
                _defaultValueStack.Add(inputField is { HasDefaultValue: true } ? inputField.DefaultValue : Undefined.Value);
                _inputTypeStack.Add(inputField?.Type is { IsInputType: true } ft ? ft : null);
                break;
            case EnumValueNode enumValue:
                EnumValue = InputType?.Named is EnumType et ? et.GetValue(enumValue.Value) : null;
                break;
        }
    }

    public void Leave(Node node)
    {
        if (_schema is null) return;
        switch (node)
        {
            case SelectionSetNode: Pop(_parentTypeStack); break;
            case FieldNode:
                Pop(_fieldDefStack);
                Pop(_typeStack);
                break;
            case DirectiveNode: Directive = null; break;
            case OperationDefinitionNode:
            case InlineFragmentNode:
            case FragmentDefinitionNode:
                Pop(_typeStack);
                break;
            case VariableDefinitionNode: Pop(_inputTypeStack); break;
            case ArgumentNode:
                Argument = null;
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case ListValueNode:
            case ObjectFieldNode:
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case EnumValueNode: EnumValue = null; break;
        }
    }

    private static void Pop<T>(List<T> list)
    {
        if (list.Count > 0) list.RemoveAt(list.Count - 1);
    }
}

/// <summary>A validation rule: callbacks on entering and leaving nodes; Enter returning false skips the subtree for this rule.</summary>
internal abstract class ValidationRule
{
    protected ValidationRule(ValidationContext context) => Context = context;
    protected ValidationContext Context { get; }
    public virtual bool Enter(Node node) => true;
    public virtual void Leave(Node node) { }
}

/// <summary>Visits a syntax tree in document order, running rules in parallel with type tracking.</summary>
internal sealed class DocumentWalker
{
    private readonly TypeInfo? _typeInfo;
    private readonly IReadOnlyList<ValidationRule> _rules;
    private readonly Node?[] _skipping;
    private readonly List<Node> _ancestors;

    public DocumentWalker(TypeInfo? typeInfo, IReadOnlyList<ValidationRule> rules, List<Node> ancestors)
    {
        _typeInfo = typeInfo;
        _rules = rules;
        _skipping = new Node?[rules.Count];
        _ancestors = ancestors;
    }

    public void Walk(Node node)
    {
        _typeInfo?.Enter(node);
        for (var i = 0; i < _rules.Count; i++)
        {
            if (_skipping[i] is null && !_rules[i].Enter(node)) _skipping[i] = node;
        }
        _ancestors.Add(node);
        foreach (var child in Children(node)) Walk(child);
        _ancestors.RemoveAt(_ancestors.Count - 1);
        for (var i = 0; i < _rules.Count; i++)
        {
            if (_skipping[i] is null) _rules[i].Leave(node);
            else if (ReferenceEquals(_skipping[i], node)) _skipping[i] = null;
        }
        _typeInfo?.Leave(node);
    }

    internal static IEnumerable<Node> Children(Node node)
    {
        switch (node)
        {
            case DocumentNode d:
                foreach (var def in d.Definitions) yield return def;
                break;
            case OperationDefinitionNode op:
                foreach (var v in op.VariableDefinitions) yield return v;
                foreach (var dir in op.Directives) yield return dir;
                yield return op.SelectionSet;
                break;
            case VariableDefinitionNode vd:
                yield return vd.Variable;
                yield return vd.Type;
                if (vd.DefaultValue is not null) yield return vd.DefaultValue;
                foreach (var dir in vd.Directives) yield return dir;
                break;
            case SelectionSetNode set:
                foreach (var s in set.Selections) yield return s;
                break;
            case FieldNode f:
                foreach (var a in f.Arguments) yield return a;
                foreach (var dir in f.Directives) yield return dir;
                if (f.SelectionSet is not null) yield return f.SelectionSet;
                break;
            case ArgumentNode arg:
                yield return arg.Value;
                break;
            case FragmentSpreadNode spread:
                foreach (var dir in spread.Directives) yield return dir;
                break;
            case InlineFragmentNode inline:
                if (inline.TypeCondition is not null) yield return inline.TypeCondition;
                foreach (var dir in inline.Directives) yield return dir;
                yield return inline.SelectionSet;
                break;
            case FragmentDefinitionNode frag:
                yield return frag.TypeCondition;
                foreach (var dir in frag.Directives) yield return dir;
                yield return frag.SelectionSet;
                break;
            case ListValueNode list:
                foreach (var v in list.Values) yield return v;
                break;
            case ObjectValueNode obj:
                foreach (var f in obj.Fields) yield return f;
                break;
            case ObjectFieldNode of:
                yield return of.Value;
                break;
            case DirectiveNode directive:
                foreach (var a in directive.Arguments) yield return a;
                break;
            case ListTypeNode lt:
                yield return lt.Type;
                break;
            case NonNullTypeNode nn:
                yield return nn.Type;
                break;
            case SchemaDefinitionNode sd:
                foreach (var dir in sd.Directives) yield return dir;
                foreach (var ot in sd.OperationTypes) yield return ot;
                break;
            case OperationTypeDefinitionNode otd:
                yield return otd.Type;
                break;
            case ScalarTypeDefinitionNode sc:
                foreach (var dir in sc.Directives) yield return dir;
                break;
            case ObjectTypeDefinitionNode o:
                foreach (var i in o.Interfaces) yield return i;
                foreach (var dir in o.Directives) yield return dir;
                foreach (var f in o.Fields) yield return f;
                break;
            case InterfaceTypeDefinitionNode it:
                foreach (var i in it.Interfaces) yield return i;
                foreach (var dir in it.Directives) yield return dir;
                foreach (var f in it.Fields) yield return f;
                break;
            case FieldDefinitionNode fd:
                foreach (var a in fd.Arguments) yield return a;
                yield return fd.Type;
                foreach (var dir in fd.Directives) yield return dir;
                break;
            case InputValueDefinitionNode iv:
                yield return iv.Type;
                if (iv.DefaultValue is not null) yield return iv.DefaultValue;
                foreach (var dir in iv.Directives) yield return dir;
                break;
            case UnionTypeDefinitionNode u:
                foreach (var dir in u.Directives) yield return dir;
                foreach (var t in u.Types) yield return t;
                break;
            case EnumTypeDefinitionNode e:
                foreach (var dir in e.Directives) yield return dir;
                foreach (var v in e.Values) yield return v;
                break;
            case EnumValueDefinitionNode ev:
                foreach (var dir in ev.Directives) yield return dir;
                break;
            case InputObjectTypeDefinitionNode io:
                foreach (var dir in io.Directives) yield return dir;
                foreach (var f in io.Fields) yield return f;
                break;
            case DirectiveDefinitionNode dd:
                foreach (var a in dd.Arguments) yield return a;
                foreach (var dir in dd.Directives) yield return dir;
                break;
        }
    }
}

/// <summary>What rules share during one validation: schema, document, type tracking, fragments, variable usages and the error list.</summary>
internal sealed class ValidationContext
{
    private const int MaxErrors = 100;
    private readonly List<GraphQLError> _errors = new();
    private readonly Dictionary<SelectionSetNode, List<FragmentSpreadNode>> _spreads = new();
    private readonly Dictionary<Node, List<VariableUsage>> _usages = new();
    private Dictionary<string, FragmentDefinitionNode>? _fragments;

    public ValidationContext(Schema? schema, DocumentNode document, TypeInfo? typeInfo)
    {
        Schema = schema;
        Document = document;
        TypeInfo = typeInfo;
    }

    public Schema? Schema { get; }
    public Schema S => Schema!;
    public DocumentNode Document { get; }
    public TypeInfo? TypeInfo { get; }
    public List<Node> Ancestors { get; } = new();
    public IReadOnlyList<GraphQLError> Errors => _errors;

    public void Report(GraphQLError error)
    {
        if (_errors.Count >= MaxErrors)
        {
            _errors.Add(new GraphQLError("Too many validation errors, error limit reached. Validation aborted."));
            throw new ValidationAborted();
        }
        _errors.Add(error);
    }

    public void Report(string message, params Node?[] nodes) => Report(GraphQLError.At(message, nodes));

    public FragmentDefinitionNode? GetFragment(string name)
    {
        if (_fragments is null)
        {
            _fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
            foreach (var def in Document.Definitions.OfType<FragmentDefinitionNode>()) _fragments[def.Name!.Value] = def;
        }
        return _fragments.GetValueOrDefault(name);
    }

    public List<FragmentSpreadNode> GetFragmentSpreads(SelectionSetNode node)
    {
        if (_spreads.TryGetValue(node, out var cached)) return cached;
        var spreads = new List<FragmentSpreadNode>();
        var setsToVisit = new List<SelectionSetNode> { node };
        while (setsToVisit.Count > 0)
        {
            var set = setsToVisit[^1];
            setsToVisit.RemoveAt(setsToVisit.Count - 1);
            foreach (var selection in set.Selections)
            {
                if (selection is FragmentSpreadNode spread) spreads.Add(spread);
                else if (selection is FieldNode { SelectionSet: { } fs }) setsToVisit.Add(fs);
                else if (selection is InlineFragmentNode inline) setsToVisit.Add(inline.SelectionSet);
            }
        }
        _spreads[node] = spreads;
        return spreads;
    }

    public List<FragmentDefinitionNode> GetRecursivelyReferencedFragments(IEnumerable<OperationDefinitionNode> operations)
    {
        var collected = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            foreach (var spread in GetFragmentSpreads(op.SelectionSet))
            {
                if (seen.Add(spread.Name.Value)) collected.Add(spread.Name.Value);
            }
        }
        var fragments = new List<FragmentDefinitionNode>();
        for (var i = 0; i < collected.Count; i++)
        {
            var fragment = GetFragment(collected[i]);
            if (fragment is null) continue;
            fragments.Add(fragment);
            foreach (var spread in GetFragmentSpreads(fragment.SelectionSet))
            {
                if (seen.Add(spread.Name.Value)) collected.Add(spread.Name.Value);
            }
        }
        return fragments;
    }

    public List<VariableUsage> GetVariableUsages(Node node)
    {
        if (_usages.TryGetValue(node, out var cached)) return cached;
        var usages = new List<VariableUsage>();
        var typeInfo = new TypeInfo(Schema);
        var collector = new UsageCollector(this, typeInfo, usages);
        new DocumentWalker(typeInfo, new ValidationRule[] { collector }, new List<Node>()).Walk(node);
        _usages[node] = usages;
        return usages;
    }

    public List<VariableUsage> GetRecursiveVariableUsages(OperationDefinitionNode operation)
    {
        var usages = new List<VariableUsage>(GetVariableUsages(operation));
        foreach (var fragment in GetRecursivelyReferencedFragments(new[] { operation })) usages.AddRange(GetVariableUsages(fragment));
        return usages;
    }

    private sealed class UsageCollector : ValidationRule
    {
        private readonly TypeInfo _typeInfo;
        private readonly List<VariableUsage> _usages;

        public UsageCollector(ValidationContext context, TypeInfo typeInfo, List<VariableUsage> usages) : base(context)
        {
            _typeInfo = typeInfo;
            _usages = usages;
        }

        public override bool Enter(Node node)
        {
            if (node is VariableDefinitionNode) return false;
            if (node is VariableNode v) _usages.Add(new VariableUsage(v, _typeInfo.InputType, _typeInfo.DefaultValue, _typeInfo.ParentInputType));
            return true;
        }
    }
}

internal sealed record VariableUsage(VariableNode Node, GraphQLType? Type, object? DefaultValue, GraphQLType? ParentType);

internal sealed class ValidationAborted : Exception { }
