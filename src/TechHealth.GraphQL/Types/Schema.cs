namespace TechHealth.GraphQL;

/// <summary>
/// A validated, immutable GraphQL schema: root operation types, every named type in the
/// reference implementation's type-map order, and directives. Built only by
/// <see cref="SchemaBuilder"/>; it holds resolvers but never executes anything itself.
/// </summary>
public sealed class Schema
{
    private readonly Dictionary<string, NamedType> _typeMap;
    private readonly Dictionary<string, List<ObjectType>> _possibleTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<InterfaceType>> _interfaceImplementations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _subTypes = new(StringComparer.Ordinal);

    internal Schema(
        ObjectType? query,
        ObjectType? mutation,
        ObjectType? subscription,
        IReadOnlyList<NamedType> types,
        IReadOnlyList<DirectiveDefinition> directives,
        string? description)
    {
        QueryType = query!;
        MutationType = mutation;
        SubscriptionType = subscription;
        Types = types;
        Directives = directives;
        Description = description;
        _typeMap = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        // Sub-type sets are computed once here so concurrent requests read them without locking.
        foreach (var type in types)
        {
            if (type is ObjectType obj)
            {
                foreach (var iface in obj.Interfaces)
                {
                    if (!_possibleTypes.TryGetValue(iface.Name, out var list)) _possibleTypes[iface.Name] = list = new();
                    list.Add(obj);
                }
            }
            else if (type is InterfaceType it)
            {
                foreach (var iface in it.Interfaces)
                {
                    if (!_interfaceImplementations.TryGetValue(iface.Name, out var list)) _interfaceImplementations[iface.Name] = list = new();
                    list.Add(it);
                }
            }
        }
        foreach (var type in types)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (type is UnionType u)
            {
                foreach (var t in u.Types) set.Add(t.Name);
            }
            else if (type is InterfaceType i)
            {
                foreach (var t in GetPossibleTypes(i)) set.Add(t.Name);
                foreach (var t in GetInterfaceImplementations(i)) set.Add(t.Name);
            }
            else
            {
                continue;
            }
            _subTypes[type.Name] = set;
        }
    }

    public ObjectType QueryType { get; }
    public ObjectType? MutationType { get; }
    public ObjectType? SubscriptionType { get; }
    public string? Description { get; }
    public IReadOnlyList<NamedType> Types { get; }
    public IReadOnlyList<DirectiveDefinition> Directives { get; }
    public SchemaDefinitionNode? AstNode { get; internal set; }

    private const int MaxRememberedDocuments = 1000;

    /// <summary>Query texts that parsed and validated against this schema; lets repeated queries skip both steps.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, DocumentNode> ValidDocuments { get; } = new(StringComparer.Ordinal);

    internal void RememberValidDocument(string query, DocumentNode document)
    {
        // A crude bound: hostile clients sending endless distinct valid queries only cost a re-parse.
        if (ValidDocuments.Count >= MaxRememberedDocuments) ValidDocuments.Clear();
        ValidDocuments.TryAdd(query, document);
    }

    public NamedType? GetType(string name) => _typeMap.GetValueOrDefault(name);

    public DirectiveDefinition? GetDirective(string name) => Directives.FirstOrDefault(d => d.Name == name);

    public ObjectType? GetRootType(OperationType operation) => operation switch
    {
        OperationType.Query => QueryType,
        OperationType.Mutation => MutationType,
        _ => SubscriptionType,
    };

    /// <summary>Object types a value of an abstract type may be at runtime, in type-map order.</summary>
    public IReadOnlyList<ObjectType> GetPossibleTypes(NamedType abstractType) => abstractType switch
    {
        UnionType u => u.Types,
        InterfaceType i => _possibleTypes.TryGetValue(i.Name, out var list) ? list : Array.Empty<ObjectType>(),
        ObjectType o => new[] { o },
        _ => Array.Empty<ObjectType>(),
    };

    /// <summary>Interfaces that declare they implement the given interface.</summary>
    public IReadOnlyList<InterfaceType> GetInterfaceImplementations(InterfaceType iface) =>
        _interfaceImplementations.TryGetValue(iface.Name, out var list) ? list : Array.Empty<InterfaceType>();

    public bool IsSubType(NamedType abstractType, NamedType maybeSubType) =>
        _subTypes.TryGetValue(abstractType.Name, out var set) && set.Contains(maybeSubType.Name);

    /// <summary>Turns a syntax type reference into a schema type, or null when a named type is unknown.</summary>
    public GraphQLType? TypeFromAst(TypeNode node) => node switch
    {
        NamedTypeNode n => GetType(n.Name.Value),
        ListTypeNode l => TypeFromAst(l.Type) is { } inner ? new ListType(inner) : null,
        NonNullTypeNode nn => TypeFromAst(nn.Type) is { } inner2 ? new NonNullType(inner2) : null,
        _ => null,
    };

    /// <summary>Prints the schema as SDL (see <see cref="SchemaPrinter"/>).</summary>
    public string ToSdl() => SchemaPrinter.Print(this);
}
