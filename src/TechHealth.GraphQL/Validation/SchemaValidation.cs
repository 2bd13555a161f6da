namespace TechHealth.GraphQL;

/// <summary>
/// The specification's type system validation (root types, names, fields, arguments, interface
/// implementation, unions, enums, input objects, @oneOf, input cycles) over a built schema.
/// </summary>
internal static class SchemaValidation
{
    public static IReadOnlyList<GraphQLError> Validate(Schema schema)
    {
        var errors = new List<GraphQLError>();
        void Report(string message, params Node?[] nodes) => errors.Add(GraphQLError.At(message, nodes));

        if (schema.QueryType is null) Report("Query root type must be provided.", schema.AstNode);

        foreach (var directive in schema.Directives)
        {
            ValidateName(directive.Name, directive.AstNode, Report);
            if (directive.Locations.Count == 0) Report($"Directive @{directive.Name} must include 1 or more locations.", directive.AstNode);
            foreach (var arg in directive.ArgumentList)
            {
                ValidateName(arg.Name, arg.AstNode, Report);
                if (!arg.Type.IsInputType) Report($"The type of @{directive.Name}({arg.Name}:) must be Input Type but got: {arg.Type}.", arg.AstNode);
                if (IsRequired(arg) && arg.IsDeprecated) Report($"Required argument @{directive.Name}({arg.Name}:) cannot be deprecated.", arg.AstNode);
            }
        }

        var inputVisited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in schema.Types)
        {
            if (!BuiltIns.IsIntrospectionType(type.Name)) ValidateName(type.Name, type.AstNode, Report);
            switch (type)
            {
                case ObjectType or InterfaceType:
                    var composite = (CompositeFieldsType)type;
                    ValidateFields(composite, Report);
                    ValidateInterfaces(schema, composite, Report);
                    break;
                case UnionType union:
                    if (union.Types.Count == 0) Report($"Union type {union.Name} must define one or more member types.", union.AstNode);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in union.Types)
                    {
                        if (!seen.Add(member.Name)) Report($"Union type {union.Name} can only include type {member.Name} once.", union.AstNode);
                    }
                    break;
                case EnumType e:
                    if (e.Values.Count == 0) Report($"Enum type {e.Name} must define one or more values.", e.AstNode);
                    foreach (var v in e.Values) ValidateName(v.Name, v.AstNode, Report);
                    break;
                case InputObjectType io:
                    if (io.FieldList.Count == 0) Report($"Input Object type {io.Name} must define one or more fields.", io.AstNode);
                    foreach (var field in io.FieldList)
                    {
                        ValidateName(field.Name, field.AstNode, Report);
                        if (!field.Type.IsInputType) Report($"The type of {io.Name}.{field.Name} must be Input Type but got: {field.Type}.", field.AstNode);
                        if (IsRequired(field) && field.IsDeprecated) Report($"Required input field {io.Name}.{field.Name} cannot be deprecated.", field.AstNode);
                        if (io.IsOneOf)
                        {
                            if (field.Type is NonNullType) Report($"OneOf input field {io.Name}.{field.Name} must be nullable.", field.AstNode);
                            if (field.HasDefaultValue) Report($"OneOf input field {io.Name}.{field.Name} cannot have a default value.", field.AstNode);
                        }
                    }
                    ValidateInputCycles(io, inputVisited, new List<InputValueDefinition>(), new Dictionary<string, int>(StringComparer.Ordinal), Report);
                    break;
            }
        }
        return errors;
    }

    private static bool IsRequired(InputValueDefinition v) => v.Type is NonNullType && !v.HasDefaultValue;

    private static void ValidateName(string name, Node? node, Action<string, Node?[]> report)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
            report($"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.", new[] { node });
    }

    private static void ValidateFields(CompositeFieldsType type, Action<string, Node?[]> report)
    {
        if (type.FieldList.Count == 0) report($"Type {type.Name} must define one or more fields.", new Node?[] { type.AstNode });
        foreach (var field in type.FieldList)
        {
            ValidateName(field.Name, field.AstNode, report);
            if (!field.Type.IsOutputType) report($"The type of {type.Name}.{field.Name} must be Output Type but got: {field.Type}.", new Node?[] { field.AstNode?.Type });
            foreach (var arg in field.ArgumentList)
            {
                ValidateName(arg.Name, arg.AstNode, report);
                if (!arg.Type.IsInputType) report($"The type of {type.Name}.{field.Name}({arg.Name}:) must be Input Type but got: {arg.Type}.", new Node?[] { arg.AstNode?.Type });
                if (IsRequired(arg) && arg.IsDeprecated) report($"Required argument {type.Name}.{field.Name}({arg.Name}:) cannot be deprecated.", new Node?[] { arg.AstNode });
            }
        }
    }

    private static void ValidateInterfaces(Schema schema, CompositeFieldsType type, Action<string, Node?[]> report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var iface in type.Interfaces)
        {
            if (ReferenceEquals(iface, type))
            {
                report($"Type {type.Name} cannot implement itself because it would create a circular reference.", new Node?[] { type.AstNode });
                continue;
            }
            if (!seen.Add(iface.Name))
            {
                report($"Type {type.Name} can only implement {iface.Name} once.", new Node?[] { type.AstNode });
                continue;
            }
            foreach (var transitive in iface.Interfaces)
            {
                if (!type.Interfaces.Contains(transitive))
                {
                    report(ReferenceEquals(transitive, type)
                        ? $"Type {type.Name} cannot implement {iface.Name} because it would create a circular reference."
                        : $"Type {type.Name} must implement {transitive.Name} because it is implemented by {iface.Name}.", new Node?[] { type.AstNode });
                }
            }
            foreach (var ifaceField in iface.FieldList)
            {
                var fieldName = ifaceField.Name;
                if (!type.Fields.TryGetValue(fieldName, out var typeField))
                {
                    report($"Interface field {iface.Name}.{fieldName} expected but {type.Name} does not provide it.", new Node?[] { ifaceField.AstNode, type.AstNode });
                    continue;
                }
                if (!TypeComparators.IsTypeSubTypeOf(schema, typeField.Type, ifaceField.Type))
                    report($"Interface field {iface.Name}.{fieldName} expects type {ifaceField.Type} but {type.Name}.{fieldName} is type {typeField.Type}.", new Node?[] { ifaceField.AstNode?.Type, typeField.AstNode?.Type });
                foreach (var ifaceArg in ifaceField.ArgumentList)
                {
                    if (!typeField.Arguments.TryGetValue(ifaceArg.Name, out var typeArg))
                    {
                        report($"Interface field argument {iface.Name}.{fieldName}({ifaceArg.Name}:) expected but {type.Name}.{fieldName} does not provide it.", new Node?[] { ifaceArg.AstNode, typeField.AstNode });
                        continue;
                    }
                    if (!ifaceArg.Type.SameAs(typeArg.Type))
                        report($"Interface field argument {iface.Name}.{fieldName}({ifaceArg.Name}:) expects type {ifaceArg.Type} but {type.Name}.{fieldName}({ifaceArg.Name}:) is type {typeArg.Type}.", new Node?[] { ifaceArg.AstNode?.Type, typeArg.AstNode?.Type });
                }
                foreach (var typeArg in typeField.ArgumentList)
                {
                    if (!ifaceField.Arguments.ContainsKey(typeArg.Name) && IsRequired(typeArg))
                        report($"Object field {type.Name}.{fieldName} includes required argument {typeArg.Name} that is missing from the Interface field {iface.Name}.{fieldName}.", new Node?[] { typeArg.AstNode, ifaceField.AstNode });
                }
            }
        }
    }

    private static void ValidateInputCycles(InputObjectType type, HashSet<string> visited, List<InputValueDefinition> path,
        Dictionary<string, int> pathIndex, Action<string, Node?[]> report)
    {
        if (!visited.Add(type.Name)) return;
        pathIndex[type.Name] = path.Count;
        foreach (var field in type.FieldList)
        {
            if (field.Type is NonNullType { OfType: InputObjectType fieldType })
            {
                path.Add(field);
                if (!pathIndex.TryGetValue(fieldType.Name, out var cycleIndex))
                {
                    ValidateInputCycles(fieldType, visited, path, pathIndex, report);
                }
                else
                {
                    var cycle = path.Skip(cycleIndex).ToList();
                    report($"Input Object {fieldType.Name} cannot be provided a finite value because it references itself through fields: {string.Join(", ", cycle.Select(f => f.Coordinate))}.",
                        cycle.Select(f => (Node?)f.AstNode).ToArray());
                }
                path.RemoveAt(path.Count - 1);
            }
        }
        pathIndex.Remove(type.Name);
    }
}
