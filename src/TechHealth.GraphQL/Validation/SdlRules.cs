namespace TechHealth.GraphQL;

internal sealed class LoneSchemaDefinitionRule : ValidationRule
{
    private int _count;
    public LoneSchemaDefinitionRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is SchemaDefinitionNode { IsExtension: false } schema)
        {
            if (_count > 0) Context.Report("Must provide only one schema definition.", schema);
            _count++;
        }
        return true;
    }
}

internal sealed class UniqueOperationTypesRule : ValidationRule
{
    private readonly Dictionary<OperationType, OperationTypeDefinitionNode> _defined = new();
    public UniqueOperationTypesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not SchemaDefinitionNode schema) return true;
        foreach (var op in schema.OperationTypes)
        {
            var name = op.Operation.ToString().ToLowerInvariant();
            if (_defined.TryGetValue(op.Operation, out var first)) Context.Report($"There can be only one {name} type in schema.", first, op);
            else _defined[op.Operation] = op;
        }
        return false;
    }
}

internal sealed class UniqueTypeNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);
    public UniqueTypeNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not TypeDefinitionNode { IsExtension: false } def) return true;
        var name = def.Name.Value;
        if (_known.TryGetValue(name, out var first)) Context.Report($"There can be only one type named \"{name}\".", first, def.Name);
        else _known[name] = def.Name;
        return false;
    }
}

internal sealed class UniqueEnumValueNamesRule : ValidationRule
{
    private readonly Dictionary<string, Dictionary<string, NameNode>> _known = new(StringComparer.Ordinal);
    public UniqueEnumValueNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not EnumTypeDefinitionNode e) return true;
        var typeName = e.Name.Value;
        if (!_known.TryGetValue(typeName, out var names)) _known[typeName] = names = new(StringComparer.Ordinal);
        foreach (var value in e.Values)
        {
            var valueName = value.Name.Value;
            if (names.TryGetValue(valueName, out var first)) Context.Report($"Enum value \"{typeName}.{valueName}\" can only be defined once.", first, value.Name);
            else names[valueName] = value.Name;
        }
        return false;
    }
}

internal sealed class UniqueFieldDefinitionNamesRule : ValidationRule
{
    private readonly Dictionary<string, Dictionary<string, NameNode>> _known = new(StringComparer.Ordinal);
    public UniqueFieldDefinitionNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        IEnumerable<NameNode>? fieldNames = node switch
        {
            ObjectTypeDefinitionNode o => o.Fields.Select(f => f.Name),
            InterfaceTypeDefinitionNode i => i.Fields.Select(f => f.Name),
            InputObjectTypeDefinitionNode io => io.Fields.Select(f => f.Name),
            _ => null,
        };
        if (fieldNames is null) return true;
        var typeName = ((TypeDefinitionNode)node).Name.Value;
        if (!_known.TryGetValue(typeName, out var names)) _known[typeName] = names = new(StringComparer.Ordinal);
        foreach (var name in fieldNames)
        {
            if (names.TryGetValue(name.Value, out var first)) Context.Report($"Field \"{typeName}.{name.Value}\" can only be defined once.", first, name);
            else names[name.Value] = name;
        }
        return false;
    }
}

internal sealed class UniqueArgumentDefinitionNamesRule : ValidationRule
{
    public UniqueArgumentDefinitionNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        switch (node)
        {
            case DirectiveDefinitionNode d:
                Check($"@{d.Name.Value}", d.Arguments);
                break;
            case ObjectTypeDefinitionNode o:
                foreach (var f in o.Fields) Check($"{o.Name.Value}.{f.Name.Value}", f.Arguments);
                return false;
            case InterfaceTypeDefinitionNode i:
                foreach (var f in i.Fields) Check($"{i.Name.Value}.{f.Name.Value}", f.Arguments);
                return false;
        }
        return true;
    }

    private void Check(string parentName, IReadOnlyList<InputValueDefinitionNode> args)
    {
        foreach (var group in args.GroupBy(a => a.Name.Value))
        {
            if (group.Count() > 1)
                Context.Report($"Argument \"{parentName}({group.Key}:)\" can only be defined once.", group.Select(a => (Node)a.Name).ToArray());
        }
    }
}

internal sealed class UniqueDirectiveNamesRule : ValidationRule
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);
    public UniqueDirectiveNamesRule(ValidationContext c) : base(c) { }

    public override bool Enter(Node node)
    {
        if (node is not DirectiveDefinitionNode { IsExtension: false } d) return true;
        var name = d.Name.Value;
        if (_known.TryGetValue(name, out var first)) Context.Report($"There can be only one directive named \"@{name}\".", first, d.Name);
        else _known[name] = d.Name;
        return false;
    }
}

internal sealed class PossibleTypeExtensionsRule : ValidationRule
{
    private readonly Dictionary<string, TypeDefinitionNode> _defined = new(StringComparer.Ordinal);

    public PossibleTypeExtensionsRule(ValidationContext c) : base(c)
    {
        foreach (var def in c.Document.Definitions.OfType<TypeDefinitionNode>().Where(d => !d.IsExtension)) _defined[def.Name.Value] = def;
    }

    public override bool Enter(Node node)
    {
        if (node is not TypeDefinitionNode { IsExtension: true } ext) return true;
        var typeName = ext.Name.Value;
        if (_defined.TryGetValue(typeName, out var def))
        {
            if (def.GetType() != ext.GetType())
            {
                var kind = ext switch
                {
                    ScalarTypeDefinitionNode => "scalar",
                    ObjectTypeDefinitionNode => "object",
                    InterfaceTypeDefinitionNode => "interface",
                    UnionTypeDefinitionNode => "union",
                    EnumTypeDefinitionNode => "enum",
                    _ => "input object",
                };
                Context.Report($"Cannot extend non-{kind} type \"{typeName}\".", def, ext);
            }
        }
        else
        {
            Context.Report($"Cannot extend type \"{typeName}\" because it is not defined." +
                Suggestions.DidYouMean(Suggestions.List(typeName, _defined.Keys)), ext.Name);
        }
        return true;
    }
}
