namespace TechHealth.GraphQL;

/// <summary>A GraphQL type reference: a named type, or a list or non-null wrapper around one.</summary>
public abstract class GraphQLType
{
    /// <summary>The named type under all wrappers.</summary>
    public abstract NamedType Named { get; }
    public GraphQLType Nullable => this is NonNullType nn ? nn.OfType : this;
    public bool IsInputType => Named is ScalarType or EnumType or InputObjectType;
    public bool IsOutputType => Named is ScalarType or EnumType or ObjectType or InterfaceType or UnionType;
    public bool IsLeaf => Named is ScalarType or EnumType;
    public bool IsNonNull => this is NonNullType;
    public abstract bool SameAs(GraphQLType other);
}

public sealed class ListType : GraphQLType
{
    public ListType(GraphQLType ofType) => OfType = ofType;
    public GraphQLType OfType { get; }
    public override NamedType Named => OfType.Named;
    public override string ToString() => $"[{OfType}]";
    public override bool SameAs(GraphQLType other) => other is ListType l && OfType.SameAs(l.OfType);
}

public sealed class NonNullType : GraphQLType
{
    public NonNullType(GraphQLType ofType) => OfType = ofType;
    public GraphQLType OfType { get; }
    public override NamedType Named => OfType.Named;
    public override string ToString() => $"{OfType}!";
    public override bool SameAs(GraphQLType other) => other is NonNullType n && OfType.SameAs(n.OfType);
}

/// <summary>A type with a name in the schema. Owns its definition; it never resolves data.</summary>
public abstract class NamedType : GraphQLType
{
    protected NamedType(string name) => Name = name;
    public string Name { get; }
    public string? Description { get; internal set; }
    public TypeDefinitionNode? AstNode { get; internal set; }
    public List<TypeDefinitionNode> ExtensionNodes { get; } = new();
    public override NamedType Named => this;
    public override string ToString() => Name;
    public override bool SameAs(GraphQLType other) => ReferenceEquals(this, other);
}

/// <summary>Converts leaf values between their internal, serialized and literal forms.</summary>
public sealed class ScalarType : NamedType
{
    public ScalarType(
        string name,
        Func<object?, object?>? serialize = null,
        Func<object?, object?>? parseValue = null,
        Func<ValueNode, IReadOnlyDictionary<string, object?>?, object?>? parseLiteral = null)
        : base(name)
    {
        Serialize = serialize ?? (v => v);
        ParseValue = parseValue ?? (v => v);
        ParseLiteral = parseLiteral ?? ((node, vars) => ValueFromAst.Untyped(node, vars));
    }

    public string? SpecifiedByUrl { get; internal set; }
    public Func<object?, object?> Serialize { get; internal set; }
    public Func<object?, object?> ParseValue { get; internal set; }
    public Func<ValueNode, IReadOnlyDictionary<string, object?>?, object?> ParseLiteral { get; internal set; }
}

/// <summary>Context of one abstract type resolution: the value and the field being resolved.</summary>
public delegate string? TypeResolver(object value, ResolveContext context);

public abstract class CompositeFieldsType : NamedType
{
    protected CompositeFieldsType(string name) : base(name) { }
    public Dictionary<string, FieldDefinition> Fields { get; } = new(StringComparer.Ordinal);
    /// <summary>Fields in definition order.</summary>
    public List<FieldDefinition> FieldList { get; } = new();
    public List<InterfaceType> Interfaces { get; } = new();

    internal void AddField(FieldDefinition field)
    {
        if (Fields.TryAdd(field.Name, field)) FieldList.Add(field);
    }
}

public sealed class ObjectType : CompositeFieldsType
{
    public ObjectType(string name) : base(name) { }
}

public sealed class InterfaceType : CompositeFieldsType
{
    public InterfaceType(string name) : base(name) { }
    public TypeResolver? ResolveType { get; internal set; }
}

public sealed class UnionType : NamedType
{
    public UnionType(string name) : base(name) { }
    public List<ObjectType> Types { get; } = new();
    public TypeResolver? ResolveType { get; internal set; }
}

public sealed class EnumValueDefinition
{
    public EnumValueDefinition(string name) => Name = name;
    public string Name { get; }
    public string? Description { get; internal set; }
    public string? DeprecationReason { get; internal set; }
    public bool IsDeprecated => DeprecationReason is not null;
    /// <summary>The internal value resolvers see; the name unless bound otherwise.</summary>
    public object? Value { get; internal set; }
    public EnumValueDefinitionNode? AstNode { get; internal set; }
}

public sealed class EnumType : NamedType
{
    public EnumType(string name) : base(name) { }
    public List<EnumValueDefinition> Values { get; } = new();
    public EnumValueDefinition? GetValue(string name) => Values.FirstOrDefault(v => v.Name == name);

    /// <summary>Finds the enum value for an internal value: by bound value, by name, or by a CLR enum's name.</summary>
    public EnumValueDefinition? FromInternal(object? value)
    {
        if (value is null) return null;
        foreach (var v in Values)
        {
            if (Equals(v.Value, value)) return v;
        }
        var text = value is Enum e ? e.ToString() : value as string;
        if (text is null) return null;
        foreach (var v in Values)
        {
            if (v.Name == text) return v;
        }
        foreach (var v in Values)
        {
            if (string.Equals(v.Name.Replace("_", ""), text.Replace("_", ""), StringComparison.OrdinalIgnoreCase)) return v;
        }
        return null;
    }
}

public sealed class InputObjectType : NamedType
{
    public InputObjectType(string name) : base(name) { }
    public Dictionary<string, InputValueDefinition> Fields { get; } = new(StringComparer.Ordinal);
    public List<InputValueDefinition> FieldList { get; } = new();
    public bool IsOneOf { get; internal set; }

    internal void AddField(InputValueDefinition field)
    {
        if (Fields.TryAdd(field.Name, field)) FieldList.Add(field);
    }
}

/// <summary>An argument or input field: name, type, optional default (already coerced) and deprecation.</summary>
public sealed class InputValueDefinition
{
    public InputValueDefinition(string name, GraphQLType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }
    public GraphQLType Type { get; internal set; }
    public string? Description { get; internal set; }
    /// <summary>Schema coordinate used in messages: "Type.field(arg:)", "@directive(arg:)" or "Input.field".</summary>
    public string Coordinate { get; internal set; } = "";
    public bool HasDefaultValue { get; internal set; }
    public object? DefaultValue { get; internal set; }
    public ValueNode? DefaultValueNode { get; internal set; }
    public string? DeprecationReason { get; internal set; }
    public bool IsDeprecated => DeprecationReason is not null;
    public InputValueDefinitionNode? AstNode { get; internal set; }
}

/// <summary>Resolves one field's value from the context.</summary>
public delegate ValueTask<object?> FieldResolver(ResolveContext context);

/// <summary>Creates a subscription's source event stream; each element becomes the root value of one response.</summary>
public delegate ValueTask<IAsyncEnumerable<object?>> SubscriptionResolver(ResolveContext context);

internal sealed record PropertyGetterCache(Type Type, Func<object, object?>? Getter);

public sealed class FieldDefinition
{
    public FieldDefinition(string name, GraphQLType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }
    public GraphQLType Type { get; internal set; }
    public string? Description { get; internal set; }
    /// <summary>Name of the type declaring the field ("&lt;meta&gt;" for introspection meta fields).</summary>
    public string ParentTypeName { get; internal set; } = "<meta>";
    public string Coordinate => $"{ParentTypeName}.{Name}";
    public Dictionary<string, InputValueDefinition> Arguments { get; } = new(StringComparer.Ordinal);
    public List<InputValueDefinition> ArgumentList { get; } = new();
    public string? DeprecationReason { get; internal set; }
    public bool IsDeprecated => DeprecationReason is not null;
    public FieldResolver? Resolver { get; internal set; }
    /// <summary>For a subscription root field: creates the source event stream; <see cref="Resolver"/> then maps each event.</summary>
    public SubscriptionResolver? Subscriber { get; internal set; }
    /// <summary>True when the resolver never awaits: the executor calls it without an async state machine.</summary>
    internal Func<ResolveContext, object?>? SyncResolver { get; set; }
    /// <summary>The default resolver's last CLR type and property getter for this field; swapped atomically as one object.</summary>
    internal PropertyGetterCache? GetterCache { get; set; }
    public FieldDefinitionNode? AstNode { get; internal set; }

    internal void AddArgument(InputValueDefinition arg)
    {
        if (Arguments.TryAdd(arg.Name, arg)) ArgumentList.Add(arg);
    }
}

public enum DirectiveLocation
{
    QUERY, MUTATION, SUBSCRIPTION, FIELD, FRAGMENT_DEFINITION, FRAGMENT_SPREAD, INLINE_FRAGMENT, VARIABLE_DEFINITION,
    SCHEMA, SCALAR, OBJECT, FIELD_DEFINITION, ARGUMENT_DEFINITION, INTERFACE, UNION, ENUM, ENUM_VALUE, INPUT_OBJECT,
    INPUT_FIELD_DEFINITION, DIRECTIVE_DEFINITION, FRAGMENT_VARIABLE_DEFINITION,
}

public sealed class DirectiveDefinition
{
    public DirectiveDefinition(string name) => Name = name;
    public string Name { get; }
    public string? Description { get; internal set; }
    public List<DirectiveLocation> Locations { get; } = new();
    public Dictionary<string, InputValueDefinition> Arguments { get; } = new(StringComparer.Ordinal);
    public List<InputValueDefinition> ArgumentList { get; } = new();
    public bool IsRepeatable { get; internal set; }
    public string? DeprecationReason { get; internal set; }
    public bool IsDeprecated => DeprecationReason is not null;
    public DirectiveDefinitionNode? AstNode { get; internal set; }

    internal void AddArgument(InputValueDefinition arg)
    {
        if (Arguments.TryAdd(arg.Name, arg)) ArgumentList.Add(arg);
    }
}
