namespace TechHealth.GraphQL;

/// <summary>
/// Builds a <see cref="Schema"/> from SDL and bindings: field resolvers, subscribe resolvers, custom scalar
/// conversions, abstract type resolvers and enum internal values. <see cref="Build"/> checks the
/// SDL (the specification's SDL rules and type system validation) and throws
/// <see cref="SchemaException"/> listing every problem. It owns no execution.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly DocumentNode _document;
    private readonly Dictionary<(string Type, string Field), (FieldResolver? Async, Func<ResolveContext, object?>? Sync)> _resolvers = new();
    private readonly Dictionary<(string Type, string Field), SubscriptionResolver> _subscribers = new();
    private readonly Dictionary<string, (Func<object?, object?> Serialize, Func<object?, object?> ParseValue, Func<ValueNode, object?> ParseLiteral)> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeResolver> _typeResolvers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Value), object?> _enumValues = new();

    private SchemaBuilder(DocumentNode document) => _document = document;

    /// <summary>Parses SDL; a syntax error becomes a <see cref="SchemaException"/> naming line and column.</summary>
    public static SchemaBuilder FromSdl(string sdl)
    {
        try
        {
            return new SchemaBuilder(Parser.Parse(new Source(sdl, "SDL")));
        }
        catch (GraphQLSyntaxException ex)
        {
            var loc = ex.Locations[0];
            throw new SchemaException(new[] { $"{ex.Message} (line {loc.Line}, column {loc.Column})" });
        }
    }

    public SchemaBuilder Resolve(string typeName, string fieldName, Func<ResolveContext, object?> resolver)
    {
        _resolvers[(typeName, fieldName)] = (null, resolver);
        return this;
    }

    public SchemaBuilder Resolve(string typeName, string fieldName, Func<ResolveContext, ValueTask<object?>> resolver)
    {
        _resolvers[(typeName, fieldName)] = (ctx => resolver(ctx), null);
        return this;
    }

    /// <summary>
    /// Binds the subscribe resolver of a subscription root field: it returns the source event stream, and each
    /// event becomes the root value the field's <c>Resolve</c> binding (or the default property read) sees.
    /// Cancellation reaches the stream through its enumerator's token.
    /// </summary>
    public SchemaBuilder Subscribe(string typeName, string fieldName, Func<ResolveContext, IAsyncEnumerable<object?>> subscribe)
    {
        _subscribers[(typeName, fieldName)] = ctx => new ValueTask<IAsyncEnumerable<object?>>(subscribe(ctx));
        return this;
    }

    /// <summary>As <see cref="Subscribe(string, string, Func{ResolveContext, IAsyncEnumerable{object?}})"/> for a stream created asynchronously.</summary>
    public SchemaBuilder Subscribe(string typeName, string fieldName, Func<ResolveContext, ValueTask<IAsyncEnumerable<object?>>> subscribe)
    {
        _subscribers[(typeName, fieldName)] = ctx => subscribe(ctx);
        return this;
    }

    /// <summary>Binds a custom scalar's conversions: internal to output, variable input to internal, literal to internal.</summary>
    public SchemaBuilder ScalarType(string name, Func<object?, object?> serialize, Func<object?, object?> parseValue, Func<ValueNode, object?> parseLiteral)
    {
        _scalars[name] = (serialize, parseValue, parseLiteral);
        return this;
    }

    /// <summary>Binds how an interface or union value finds its object type name.</summary>
    public SchemaBuilder ResolveType(string abstractTypeName, Func<object, ResolveContext, string?> resolveType)
    {
        _typeResolvers[abstractTypeName] = (value, ctx) => resolveType(value, ctx);
        return this;
    }

    /// <summary>Binds the internal value resolvers receive and return for an enum value (default: its name).</summary>
    public SchemaBuilder EnumValue(string enumTypeName, string valueName, object? internalValue)
    {
        _enumValues[(enumTypeName, valueName)] = internalValue;
        return this;
    }

    public Schema Build()
    {
        var problems = new List<string>();
        foreach (var error in Validator.ValidateSdl(_document)) problems.Add(Describe(error));
        if (problems.Count > 0) throw new SchemaException(problems);

        var schema = TypeFactory.BuildSchema(_document, BuiltIns.Instance, problems);
        if (schema is null || problems.Count > 0) throw new SchemaException(problems);

        Bind(schema, problems);
        foreach (var error in SchemaValidation.Validate(schema)) problems.Add(Describe(error));
        if (problems.Count > 0) throw new SchemaException(problems);
        return schema;
    }

    private static string Describe(GraphQLError error) =>
        error.Locations is { Count: > 0 } locs
            ? $"{error.Message} (line {locs[0].Line}, column {locs[0].Column})"
            : error.Message;

    private void Bind(Schema schema, List<string> problems)
    {
        foreach (var ((typeName, fieldName), (asyncResolver, syncResolver)) in _resolvers)
        {
            if (schema.GetType(typeName) is not CompositeFieldsType type)
            {
                problems.Add($"Cannot bind resolver {typeName}.{fieldName}: no object or interface type \"{typeName}\".");
                continue;
            }
            if (!type.Fields.TryGetValue(fieldName, out var field))
            {
                problems.Add($"Cannot bind resolver {typeName}.{fieldName}: type \"{typeName}\" has no field \"{fieldName}\".");
                continue;
            }
            field.Resolver = asyncResolver;
            field.SyncResolver = syncResolver;
        }
        foreach (var ((typeName, fieldName), subscriber) in _subscribers)
        {
            if (schema.SubscriptionType?.Name != typeName)
            {
                problems.Add($"Cannot bind subscribe resolver {typeName}.{fieldName}: \"{typeName}\" is not the subscription root type.");
                continue;
            }
            if (!schema.SubscriptionType!.Fields.TryGetValue(fieldName, out var field))
            {
                problems.Add($"Cannot bind subscribe resolver {typeName}.{fieldName}: type \"{typeName}\" has no field \"{fieldName}\".");
                continue;
            }
            field.Subscriber = subscriber;
        }
        foreach (var (name, (serialize, parseValue, parseLiteral)) in _scalars)
        {
            if (schema.GetType(name) is not ScalarType scalar || BuiltInScalars.Names.Contains(name))
            {
                problems.Add($"Cannot bind scalar \"{name}\": no custom scalar of that name.");
                continue;
            }
            scalar.Serialize = serialize;
            scalar.ParseValue = parseValue;
            scalar.ParseLiteral = (node, variables) => parseLiteral(node);
        }
        foreach (var (name, resolver) in _typeResolvers)
        {
            switch (schema.GetType(name))
            {
                case InterfaceType i: i.ResolveType = resolver; break;
                case UnionType u: u.ResolveType = resolver; break;
                default: problems.Add($"Cannot bind type resolver \"{name}\": no interface or union of that name."); break;
            }
        }
        foreach (var ((typeName, valueName), value) in _enumValues)
        {
            if (schema.GetType(typeName) is not EnumType e || e.GetValue(valueName) is not { } enumValue)
            {
                problems.Add($"Cannot bind enum value {typeName}.{valueName}: no such enum value.");
                continue;
            }
            enumValue.Value = value;
        }
    }
}

/// <summary>Creates schema types from SDL definitions and extensions; used for user SDL and the built-in SDL alike.</summary>
internal static class TypeFactory
{
    public static Schema? BuildSchema(DocumentNode document, BuiltIns builtIns, List<string> problems)
    {
        var typeMap = new Dictionary<string, NamedType>(StringComparer.Ordinal);
        var configTypes = new List<NamedType>();
        var definitions = document.Definitions.OfType<TypeDefinitionNode>().Where(d => !d.IsExtension).ToList();
        var extensions = document.Definitions.OfType<TypeDefinitionNode>().Where(d => d.IsExtension)
            .GroupBy(d => d.Name.Value).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        foreach (var def in definitions)
        {
            var name = def.Name.Value;
            if (typeMap.ContainsKey(name)) continue;
            var type = builtIns.StandardType(name) ?? Create(def);
            typeMap[name] = type;
            configTypes.Add(type);
        }

        NamedType? Lookup(string name) => typeMap.GetValueOrDefault(name) ?? builtIns.StandardType(name) ?? builtIns.IntrospectionType(name);

        foreach (var def in definitions)
        {
            var type = typeMap[def.Name.Value];
            if (builtIns.StandardType(def.Name.Value) is not null) continue;
            Fill(type, def, extensions.GetValueOrDefault(def.Name.Value) ?? new List<TypeDefinitionNode>(), Lookup, problems);
        }

        var directives = new List<DirectiveDefinition>();
        foreach (var node in document.Definitions.OfType<DirectiveDefinitionNode>())
        {
            directives.Add(CreateDirective(node, Lookup, problems));
        }
        foreach (var specified in builtIns.Directives)
        {
            if (directives.All(d => d.Name != specified.Name)) directives.Add(specified);
        }

        var schemaDefs = document.Definitions.OfType<SchemaDefinitionNode>().ToList();
        var schemaDef = schemaDefs.FirstOrDefault(s => !s.IsExtension);
        ObjectType? query = null, mutation = null, subscription = null;
        var operationNodes = schemaDefs.SelectMany(s => s.OperationTypes).ToList();
        if (schemaDef is not null || operationNodes.Count > 0)
        {
            foreach (var op in operationNodes)
            {
                var type = Lookup(op.Type.Name.Value);
                if (type is not ObjectType obj)
                {
                    var kind = op.Operation switch { OperationType.Query => "Query", OperationType.Mutation => "Mutation", _ => "Subscription" };
                    problems.Add(type is null
                        ? $"Unknown type \"{op.Type.Name.Value}\"."
                        : $"{kind} root type must be Object type{(op.Operation == OperationType.Query ? "" : " if provided")}, it cannot be {type.Name}.");
                    continue;
                }
                switch (op.Operation)
                {
                    case OperationType.Query: query = obj; break;
                    case OperationType.Mutation: mutation = obj; break;
                    default: subscription = obj; break;
                }
            }
        }
        else
        {
            query = typeMap.GetValueOrDefault("Query") as ObjectType;
            mutation = typeMap.GetValueOrDefault("Mutation") as ObjectType;
            subscription = typeMap.GetValueOrDefault("Subscription") as ObjectType;
        }
        if (problems.Count > 0) return null;
        CoerceDefaults(typeMap.Values, directives);

        var ordered = new OrderedTypeSet(configTypes);
        foreach (var t in configTypes)
        {
            ordered.Remove(t);
            ordered.Collect(t);
        }
        if (query is not null) ordered.Collect(query);
        if (mutation is not null) ordered.Collect(mutation);
        if (subscription is not null) ordered.Collect(subscription);
        foreach (var d in directives)
        {
            foreach (var arg in d.ArgumentList) ordered.Collect(arg.Type.Named);
        }
        ordered.Collect(builtIns.IntrospectionType("__Schema")!);

        var schema = new Schema(query, mutation, subscription, ordered.ToList(), directives, schemaDef?.Description?.Value)
        {
            AstNode = schemaDef,
        };
        return schema;
    }

    internal static NamedType Create(TypeDefinitionNode def) => def switch
    {
        ScalarTypeDefinitionNode => new ScalarType(def.Name.Value),
        ObjectTypeDefinitionNode => new ObjectType(def.Name.Value),
        InterfaceTypeDefinitionNode => new InterfaceType(def.Name.Value),
        UnionTypeDefinitionNode => new UnionType(def.Name.Value),
        EnumTypeDefinitionNode => new EnumType(def.Name.Value),
        InputObjectTypeDefinitionNode => new InputObjectType(def.Name.Value),
        _ => throw new ArgumentException("Unknown type definition.", nameof(def)),
    };

    internal static void Fill(NamedType type, TypeDefinitionNode def, List<TypeDefinitionNode> extensions, Func<string, NamedType?> lookup, List<string> problems)
    {
        type.AstNode = def;
        type.Description = def.Description?.Value;
        type.ExtensionNodes.AddRange(extensions);
        var all = new List<TypeDefinitionNode> { def };
        all.AddRange(extensions);
        switch (type)
        {
            case ScalarType scalar:
                foreach (var node in all)
                {
                    var url = DirectiveArgument(node.Directives, "specifiedBy", "url");
                    if (url is string s) scalar.SpecifiedByUrl = s;
                }
                break;
            case CompositeFieldsType composite:
                foreach (var node in all)
                {
                    var (interfaces, fields) = node switch
                    {
                        ObjectTypeDefinitionNode o => (o.Interfaces, o.Fields),
                        InterfaceTypeDefinitionNode i => (i.Interfaces, i.Fields),
                        _ => (Array.Empty<NamedTypeNode>(), (IReadOnlyList<FieldDefinitionNode>)Array.Empty<FieldDefinitionNode>()),
                    };
                    foreach (var iface in interfaces)
                    {
                        var t = lookup(iface.Name.Value);
                        if (t is InterfaceType it) composite.Interfaces.Add(it);
                        else if (t is null) problems.Add($"Unknown type \"{iface.Name.Value}\".");
                        else problems.Add($"Type {type.Name} must only implement Interface types, it cannot implement {t.Name}.");
                    }
                    foreach (var fieldNode in fields)
                    {
                        var fieldType = TypeRef(fieldNode.Type, lookup, problems);
                        if (fieldType is null) continue;
                        var field = new FieldDefinition(fieldNode.Name.Value, fieldType)
                        {
                            ParentTypeName = type.Name,
                            Description = fieldNode.Description?.Value,
                            DeprecationReason = DeprecationReason(fieldNode.Directives),
                            AstNode = fieldNode,
                        };
                        foreach (var argNode in fieldNode.Arguments)
                        {
                            var arg = CreateInputValue(argNode, lookup, problems);
                            if (arg is null) continue;
                            arg.Coordinate = $"{type.Name}.{field.Name}({arg.Name}:)";
                            field.AddArgument(arg);
                        }
                        composite.AddField(field);
                    }
                }
                break;
            case UnionType union:
                foreach (var node in all.OfType<UnionTypeDefinitionNode>())
                {
                    foreach (var member in node.Types)
                    {
                        var t = lookup(member.Name.Value);
                        if (t is ObjectType o) union.Types.Add(o);
                        else if (t is null) problems.Add($"Unknown type \"{member.Name.Value}\".");
                        else problems.Add($"Union type {union.Name} can only include Object types, it cannot include {t.Name}.");
                    }
                }
                break;
            case EnumType enumType:
                foreach (var node in all.OfType<EnumTypeDefinitionNode>())
                {
                    foreach (var valueNode in node.Values)
                    {
                        enumType.Values.Add(new EnumValueDefinition(valueNode.Name.Value)
                        {
                            Description = valueNode.Description?.Value,
                            DeprecationReason = DeprecationReason(valueNode.Directives),
                            Value = valueNode.Name.Value,
                            AstNode = valueNode,
                        });
                    }
                }
                break;
            case InputObjectType input:
                foreach (var node in all.OfType<InputObjectTypeDefinitionNode>())
                {
                    if (node.Directives.Any(d => d.Name.Value == "oneOf")) input.IsOneOf = true;
                    foreach (var fieldNode in node.Fields)
                    {
                        var field = CreateInputValue(fieldNode, lookup, problems);
                        if (field is null) continue;
                        field.Coordinate = $"{input.Name}.{field.Name}";
                        input.AddField(field);
                    }
                }
                break;
        }
    }

    internal static DirectiveDefinition CreateDirective(DirectiveDefinitionNode node, Func<string, NamedType?> lookup, List<string> problems)
    {
        var directive = new DirectiveDefinition(node.Name.Value)
        {
            Description = node.Description?.Value,
            IsRepeatable = node.Repeatable,
            AstNode = node,
            DeprecationReason = DeprecationReason(node.Directives),
        };
        foreach (var loc in node.Locations)
        {
            if (Enum.TryParse<DirectiveLocation>(loc.Value, out var location)) directive.Locations.Add(location);
        }
        foreach (var argNode in node.Arguments)
        {
            var arg = CreateInputValue(argNode, lookup, problems);
            if (arg is null) continue;
            arg.Coordinate = $"@{directive.Name}({arg.Name}:)";
            directive.AddArgument(arg);
        }
        return directive;
    }

    private static InputValueDefinition? CreateInputValue(InputValueDefinitionNode node, Func<string, NamedType?> lookup, List<string> problems)
    {
        var type = TypeRef(node.Type, lookup, problems);
        if (type is null) return null;
        var value = new InputValueDefinition(node.Name.Value, type)
        {
            Description = node.Description?.Value,
            DeprecationReason = DeprecationReason(node.Directives),
            AstNode = node,
            DefaultValueNode = node.DefaultValue,
        };
        return value;
    }

    /// <summary>Default values need every input type filled first, so they are coerced in a second pass.</summary>
    internal static void CoerceDefaults(IEnumerable<NamedType> types, IEnumerable<DirectiveDefinition> directives)
    {
        void Coerce(InputValueDefinition v)
        {
            if (v.DefaultValueNode is null || v.HasDefaultValue) return;
            v.HasDefaultValue = true;
            var coerced = ValueFromAst.Coerce(v.DefaultValueNode, v.Type, null);
            v.DefaultValue = coerced is Undefined ? ValueFromAst.Untyped(v.DefaultValueNode, null) : coerced;
        }
        foreach (var t in types)
        {
            switch (t)
            {
                case CompositeFieldsType c:
                    foreach (var f in c.FieldList)
                    {
                        foreach (var a in f.ArgumentList) Coerce(a);
                    }
                    break;
                case InputObjectType io:
                    foreach (var f in io.FieldList) Coerce(f);
                    break;
            }
        }
        foreach (var d in directives)
        {
            foreach (var a in d.ArgumentList) Coerce(a);
        }
    }

    internal static GraphQLType? TypeRef(TypeNode node, Func<string, NamedType?> lookup, List<string> problems)
    {
        switch (node)
        {
            case NamedTypeNode named:
                var t = lookup(named.Name.Value);
                if (t is null) problems.Add($"Unknown type \"{named.Name.Value}\".");
                return t;
            case ListTypeNode list:
                var inner = TypeRef(list.Type, lookup, problems);
                return inner is null ? null : new ListType(inner);
            case NonNullTypeNode nn:
                var inner2 = TypeRef(nn.Type, lookup, problems);
                return inner2 is null ? null : new NonNullType(inner2);
        }
        return null;
    }

    internal static string? DeprecationReason(IReadOnlyList<DirectiveNode> directives)
    {
        var deprecated = directives.FirstOrDefault(d => d.Name.Value == "deprecated");
        if (deprecated is null) return null;
        var reason = deprecated.Arguments.FirstOrDefault(a => a.Name.Value == "reason");
        if (reason?.Value is StringValueNode s) return s.Value;
        return "No longer supported";
    }

    private static object? DirectiveArgument(IReadOnlyList<DirectiveNode> directives, string directive, string argument)
    {
        var node = directives.FirstOrDefault(d => d.Name.Value == directive);
        var arg = node?.Arguments.FirstOrDefault(a => a.Name.Value == argument);
        return arg?.Value is StringValueNode s ? s.Value : null;
    }

    /// <summary>
    /// The reference implementation's type-map order: an insertion-ordered set where re-adding
    /// moves a type to the end, filled depth-first through fields and arguments.
    /// </summary>
    private sealed class OrderedTypeSet
    {
        private readonly LinkedList<NamedType> _order = new();
        private readonly Dictionary<string, LinkedListNode<NamedType>> _nodes = new(StringComparer.Ordinal);

        public OrderedTypeSet(IEnumerable<NamedType> initial)
        {
            foreach (var t in initial) Add(t);
        }

        private bool Add(NamedType t)
        {
            if (_nodes.ContainsKey(t.Name)) return false;
            _nodes[t.Name] = _order.AddLast(t);
            return true;
        }

        public void Remove(NamedType t)
        {
            if (_nodes.Remove(t.Name, out var node)) _order.Remove(node);
        }

        public void Collect(GraphQLType type)
        {
            var named = type.Named;
            if (!Add(named)) return;
            switch (named)
            {
                case UnionType u:
                    foreach (var m in u.Types) Collect(m);
                    break;
                case CompositeFieldsType c:
                    foreach (var i in c.Interfaces) Collect(i);
                    foreach (var f in c.FieldList)
                    {
                        Collect(f.Type);
                        foreach (var a in f.ArgumentList) Collect(a.Type);
                    }
                    break;
                case InputObjectType io:
                    foreach (var f in io.FieldList) Collect(f.Type);
                    break;
            }
        }

        public List<NamedType> ToList() => _order.ToList();
    }
}
