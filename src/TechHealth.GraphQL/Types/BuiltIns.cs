namespace TechHealth.GraphQL;

/// <summary>
/// The specified scalars, the specified directives and the introspection types with their
/// resolvers, built once from <see cref="BuiltInSdl"/> and shared by every schema (they are immutable).
/// </summary>
internal sealed class BuiltIns
{
    public static readonly BuiltIns Instance = new();

    private readonly Dictionary<string, NamedType> _standard = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamedType> _introspection = new(StringComparer.Ordinal);

    private BuiltIns()
    {
        var document = Parser.Parse(new Source(BuiltInSdl.Text, "built-ins"));
        var all = new Dictionary<string, NamedType>(StringComparer.Ordinal);
        var defs = document.Definitions.OfType<TypeDefinitionNode>().ToList();
        foreach (var def in defs) all[def.Name.Value] = TypeFactory.Create(def);
        var problems = new List<string>();
        foreach (var def in defs) TypeFactory.Fill(all[def.Name.Value], def, new List<TypeDefinitionNode>(), n => all.GetValueOrDefault(n), problems);
        Directives = document.Definitions.OfType<DirectiveDefinitionNode>()
            .Select(d => TypeFactory.CreateDirective(d, n => all.GetValueOrDefault(n), problems)).ToList();
        TypeFactory.CoerceDefaults(all.Values, Directives);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        foreach (var (name, type) in all)
        {
            if (name.StartsWith("__", StringComparison.Ordinal)) _introspection[name] = type;
            else _standard[name] = type;
            type.AstNode = null;
        }
        foreach (var scalar in _standard.Values.OfType<ScalarType>()) BuiltInScalars.Configure(scalar);
        foreach (var d in Directives) d.AstNode = null;
        Introspection.Bind(this);

        var schemaType = (ObjectType)_introspection["__Schema"];
        var typeType = (ObjectType)_introspection["__Type"];
        SchemaMetaField = new FieldDefinition("__schema", new NonNullType(schemaType))
        {
            Description = "Access the current type schema of this server.",
            SyncResolver = ctx => ctx.Schema,
        };
        TypeMetaField = new FieldDefinition("__type", typeType)
        {
            Description = "Request the type information of a single type.",
            SyncResolver = ctx => ctx.Schema.GetType((string)ctx.Arguments["name"]!),
        };
        TypeMetaField.AddArgument(new InputValueDefinition("name", new NonNullType(_standard["String"])) { Coordinate = "<meta>.__type(name:)" });
        TypeNameMetaField = new FieldDefinition("__typename", new NonNullType(_standard["String"]))
        {
            Description = "The name of the current Object type at runtime.",
            SyncResolver = ctx => ctx.ParentType.Name,
        };
    }

    public IReadOnlyList<DirectiveDefinition> Directives { get; }
    public FieldDefinition SchemaMetaField { get; }
    public FieldDefinition TypeMetaField { get; }
    public FieldDefinition TypeNameMetaField { get; }

    public NamedType? StandardType(string name) => _standard.GetValueOrDefault(name);
    public NamedType? IntrospectionType(string name) => _introspection.GetValueOrDefault(name);

    public static bool IsBuiltInScalar(string name) => BuiltInScalars.Names.Contains(name);
    public static bool IsIntrospectionType(string name) => name.StartsWith("__", StringComparison.Ordinal);
    public static bool IsSpecifiedDirective(string name) => name is "include" or "skip" or "deprecated" or "specifiedBy" or "oneOf";
}
