namespace TechHealth.GraphQL;

/// <summary>
/// What one field resolver sees: its parent value, coerced arguments, position in the response,
/// request services, user context and cancellation, and per-request data loaders. It must not be
/// kept beyond the resolver call.
/// </summary>
public sealed class ResolveContext
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>();

    internal ResolveContext(ExecutionState state, object? source, ObjectType parentType, FieldDefinition field,
        IReadOnlyList<FieldNode> fieldNodes, ResponsePath path, IReadOnlyDictionary<string, object?>? arguments)
    {
        State = state;
        Source = source;
        ParentType = parentType;
        FieldDefinition = field;
        FieldNodes = fieldNodes;
        ResponsePath = path;
        Arguments = arguments ?? NoArguments;
    }

    internal ExecutionState State { get; }
    /// <summary>The parent object (the root value for root fields).</summary>
    public object? Source { get; }
    public IReadOnlyDictionary<string, object?> Arguments { get; }
    public string FieldName => FieldDefinition.Name;
    public FieldDefinition FieldDefinition { get; }
    public GraphQLType ReturnType => FieldDefinition.Type;
    public ObjectType ParentType { get; }
    public IReadOnlyList<FieldNode> FieldNodes { get; }
    internal ResponsePath ResponsePath { get; }
    /// <summary>Response path of this field: names and list indexes.</summary>
    public IReadOnlyList<object> Path => ResponsePath.ToList();
    public Schema Schema => State.Schema;
    public OperationDefinitionNode Operation => State.Operation;
    public IReadOnlyDictionary<string, object?> Variables => State.Variables;
    public IServiceProvider? RequestServices => State.Options.RequestServices;
    public IDictionary<string, object?> UserContext => State.Options.UserContext;
    public CancellationToken CancellationToken => State.CancellationToken;

    /// <summary>Typed argument access: null when absent.</summary>
    public T? Argument<T>(string name) => Arguments.TryGetValue(name, out var v) && v is T t ? t : default;

    /// <summary>
    /// The request's loader of this name, created on first use. Keys requested while resolvers of
    /// one execution step run are collected and fetched with one call of <paramref name="batch"/>.
    /// </summary>
    public DataLoader<TKey, TValue> GetLoader<TKey, TValue>(
        string name, Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch)
        where TKey : notnull =>
        State.GetLoader(name, batch);

    /// <summary>As <see cref="GetLoader{TKey,TValue}(string, Func{IReadOnlyList{TKey}, CancellationToken, Task{IReadOnlyDictionary{TKey, TValue}}})"/> for a synchronous batch function.</summary>
    public DataLoader<TKey, TValue> GetLoader<TKey, TValue>(string name, Func<IReadOnlyList<TKey>, IReadOnlyDictionary<TKey, TValue>> batch)
        where TKey : notnull =>
        State.GetLoader<TKey, TValue>(name, (keys, _) => Task.FromResult(batch(keys)));
}

/// <summary>An immutable linked response path (field names and list indexes).</summary>
internal sealed class ResponsePath
{
    public ResponsePath(ResponsePath? prev, object key)
    {
        Prev = prev;
        Key = key;
    }

    public ResponsePath? Prev { get; }
    public object Key { get; }

    public List<object> ToList()
    {
        var list = new List<object>();
        for (var p = this; p is not null; p = p.Prev) list.Add(p.Key);
        list.Reverse();
        return list;
    }
}
