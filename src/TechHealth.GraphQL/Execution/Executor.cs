using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace TechHealth.GraphQL;

/// <summary>
/// Runs requests against a schema: parse, validate, check limits, coerce variables, execute the
/// chosen operation (query fields concurrently but in a deterministic order, mutation fields one
/// after another) and complete values with null propagation. It never throws for client errors;
/// they come back in the <see cref="ExecutionResult"/>.
/// </summary>
public static partial class Executor
{
    public static Task<ExecutionResult> ExecuteAsync(Schema schema, GraphQLRequest request, ExecutionOptions? options = null) =>
        ExecuteCoreAsync(schema, request, options ?? new ExecutionOptions(), null);

    /// <summary>Executes an already parsed (and, unless <paramref name="validate"/> is false, not yet validated) document.</summary>
    public static Task<ExecutionResult> ExecuteAsync(Schema schema, DocumentNode document, GraphQLRequest request, ExecutionOptions? options = null, bool validate = true) =>
        ExecuteCoreAsync(schema, request, options ?? new ExecutionOptions(), (document, validate));

    private static async Task<ExecutionResult> ExecuteCoreAsync(Schema schema, GraphQLRequest request, ExecutionOptions options, (DocumentNode Document, bool Validate)? parsed)
    {
        var prepared = Prepare(schema, request, options, parsed, out var failure);
        if (prepared is null) return failure!;
        return await RunPreparedAsync(schema, prepared, options, options.RootValue).ConfigureAwait(false);
    }

    /// <summary>
    /// The request stages shared by queries, mutations and subscriptions: parse, validate, select the operation,
    /// check it is permitted, coerce variables and check limits. Null with <paramref name="failure"/> set when a
    /// stage refuses the request.
    /// </summary>
    private static PreparedOperation? Prepare(Schema schema, GraphQLRequest request, ExecutionOptions options, (DocumentNode Document, bool Validate)? parsed, out ExecutionResult? failure)
    {
        failure = null;
        var limits = options.Limits;
        DocumentNode document;
        var validate = true;
        if (parsed is { } p)
        {
            document = p.Document;
            validate = p.Validate;
        }
        else
        {
            if (request.Query is null)
                { failure = ExecutionResult.Failure(GraphQLErrorKind.Request, new GraphQLError("Must provide query string.")); return null; }
            if (limits.MaxDocumentLength is { } maxLength && request.Query.Length > maxLength)
                { failure = ExecutionResult.Failure(GraphQLErrorKind.Limit, new GraphQLError(
                    $"Document length {request.Query.Length} exceeds the limit of {maxLength} characters.",
                    extensions: LimitExtensions("MaxDocumentLength"))); return null; }
            if (schema.ValidDocuments.TryGetValue(request.Query, out var known))
            {
                // A document already parsed and validated against this (immutable) schema needs neither again.
                if (limits.MaxTokens is { } maxTokens && known.TokenCount > maxTokens)
                    { failure = ExecutionResult.Failure(GraphQLErrorKind.Limit, new GraphQLError(
                        $"Document has more than {maxTokens} tokens, exceeding the limit of {maxTokens}.",
                        extensions: LimitExtensions("MaxTokens"))); return null; }
                document = known;
                validate = false;
            }
            else try
            {
                document = Parser.Parse(new Source(request.Query), new ParseOptions { MaxTokens = limits.MaxTokens });
            }
            catch (GraphQLSyntaxException ex)
            {
                { failure = ExecutionResult.Failure(GraphQLErrorKind.Parse, ex.ToError()); return null; }
            }
            catch (TokenLimitException ex)
            {
                { failure = ExecutionResult.Failure(GraphQLErrorKind.Limit, new GraphQLError(
                    $"Document has more than {ex.Limit} tokens, exceeding the limit of {ex.Limit}.",
                    extensions: LimitExtensions("MaxTokens"))); return null; }
            }
        }

        if (validate)
        {
            var errors = Validator.Validate(schema, document);
            if (errors.Count > 0) { failure = ExecutionResult.Failure(GraphQLErrorKind.Validation, errors); return null; }
            if (parsed is null) schema.RememberValidDocument(request.Query!, document);
        }

        OperationDefinitionNode? operation = null;
        var fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        var operationCount = 0;
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case OperationDefinitionNode op:
                    operationCount++;
                    if (request.OperationName is null)
                    {
                        if (operationCount > 1)
                            { failure = ExecutionResult.Failure(GraphQLErrorKind.Request,
                                new GraphQLError("Must provide operation name if query contains multiple operations.")); return null; }
                        operation = op;
                    }
                    else if (op.Name?.Value == request.OperationName)
                    {
                        operation = op;
                    }
                    break;
                case FragmentDefinitionNode fragment:
                    fragments[fragment.Name!.Value] = fragment;
                    break;
            }
        }
        if (operation is null)
        {
            { failure = ExecutionResult.Failure(GraphQLErrorKind.Request, new GraphQLError(request.OperationName is null
                ? "Must provide an operation."
                : $"Unknown operation named \"{request.OperationName}\".")); return null; }
        }

        var allowed = operation.Operation switch
        {
            OperationType.Query => AllowedOperations.Query,
            OperationType.Mutation => AllowedOperations.Mutation,
            _ => AllowedOperations.Subscription,
        };
        if ((options.AllowedOperations & allowed) == 0)
        {
            var opName = operation.Operation.ToString().ToLowerInvariant();
            { failure = ExecutionResult.Failure(GraphQLErrorKind.OperationNotAllowed,
                new GraphQLError($"Operations of type \"{opName}\" are not allowed for this request.", GraphQLError.At("", operation).Locations)); return null; }
        }

        var rawVariables = request.Variables;
        if (rawVariables is null && request.VariablesJson is { } json && json.ValueKind != JsonValueKind.Null && json.ValueKind != JsonValueKind.Undefined)
        {
            if (json.ValueKind != JsonValueKind.Object)
                { failure = ExecutionResult.Failure(GraphQLErrorKind.Request, new GraphQLError("Variables must be provided as an Object where each property is a variable value.")); return null; }
            rawVariables = JsonValues.ToDictionary(json);
        }
        var (variables, variableErrors) = VariableValues.Coerce(schema, operation.VariableDefinitions, rawVariables ?? new Dictionary<string, object?>());
        if (variableErrors.Count > 0) { failure = ExecutionResult.Failure(GraphQLErrorKind.VariableCoercion, variableErrors); return null; }

        var limitErrors = QueryLimits.Check(schema, operation, fragments, variables, limits);
        if (limitErrors.Count > 0) { failure = ExecutionResult.Failure(GraphQLErrorKind.Limit, limitErrors); return null; }

        return new PreparedOperation(document, operation, fragments, variables);
    }

    private static async Task<ExecutionResult> RunPreparedAsync(Schema schema, PreparedOperation prepared, ExecutionOptions options, object? rootValue)
    {
        var (document, operation, fragments, variables) = prepared;
        var limits = options.Limits;
        var rootType = schema.GetRootType(operation.Operation);
        if (rootType is null)
        {
            return new ExecutionResult
            {
                HasData = true,
                ErrorKind = GraphQLErrorKind.Execution,
                Errors = new[] { GraphQLError.At($"Schema is not configured to execute {operation.Operation.ToString().ToLowerInvariant()} operation.", operation) },
            };
        }

        if (limits.Timeout is null && !options.CancellationToken.CanBeCanceled)
        {
            var plainState = new ExecutionState(schema, document, operation, fragments, variables, options, CancellationToken.None);
            var plainCompletion = new TaskCompletionSource<ExecutionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            plainState.Strand.RunInline(() => _ = RunOperationAsync(plainState, rootType, rootValue, plainCompletion));
            return await plainCompletion.Task.ConfigureAwait(false);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (limits.Timeout is { } timeout) timeoutSource.CancelAfter(timeout);
        var state = new ExecutionState(schema, document, operation, fragments, variables, options, timeoutSource.Token);
        var completion = new TaskCompletionSource<ExecutionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        state.Strand.RunInline(() => _ = RunOperationAsync(state, rootType, rootValue, completion));

        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (timeoutSource.Token.Register(() => cancelled.TrySetResult()))
        {
            var first = await Task.WhenAny(completion.Task, cancelled.Task).ConfigureAwait(false);
            // A result that finished only because its resolvers saw the cancellation is not a real result.
            if (first == completion.Task && !timeoutSource.IsCancellationRequested) return await completion.Task.ConfigureAwait(false);
        }
        options.CancellationToken.ThrowIfCancellationRequested();
        return ExecutionResult.Failure(GraphQLErrorKind.Limit, new GraphQLError(
            $"Execution exceeded the time limit of {limits.Timeout!.Value.TotalMilliseconds:0} ms.",
            extensions: LimitExtensions("Timeout")));
    }

    internal static IReadOnlyDictionary<string, object?> LimitExtensions(string limit) =>
        new Dictionary<string, object?> { ["code"] = "LIMIT_EXCEEDED", ["limit"] = limit };

    private static async Task RunOperationAsync(ExecutionState state, ObjectType rootType, object? rootValue, TaskCompletionSource<ExecutionResult> completion)
    {
        try
        {
            var groups = state.CollectFields(rootType, state.Operation.SelectionSet);
            object? data;
            try
            {
                data = state.Operation.Operation == OperationType.Mutation
                    ? await state.ExecuteFieldsSeriallyAsync(rootType, rootValue, null, groups)
                    : await state.ExecuteFieldsAsync(rootType, rootValue, null, groups);
            }
            catch (NullBubble)
            {
                data = null;
            }
            completion.TrySetResult(new ExecutionResult
            {
                Data = (IReadOnlyDictionary<string, object?>?)data,
                HasData = true,
                Errors = state.Errors,
                ErrorKind = state.Errors.Count > 0 ? GraphQLErrorKind.Execution : GraphQLErrorKind.None,
            });
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
    }
}

/// <summary>An operation that passed every request stage, ready to execute once or once per subscription event.</summary>
internal sealed record PreparedOperation(DocumentNode Document, OperationDefinitionNode Operation,
    Dictionary<string, FragmentDefinitionNode> Fragments, IReadOnlyDictionary<string, object?> Variables);

/// <summary>Signals that a non-null position received null; the nearest nullable parent becomes null.</summary>
internal sealed class NullBubble : Exception
{
    public static readonly NullBubble Instance = new();
}

/// <summary>State of one execution: the operation, fragments, variables, errors and loaders.</summary>
internal sealed class ExecutionState
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Getters = new();
    private readonly Dictionary<(ObjectType, SelectionSetNode), List<KeyValuePair<string, List<FieldNode>>>> _subfieldCache = new();
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);
    private readonly List<GraphQLError> _errors = new();

    public ExecutionState(Schema schema, DocumentNode document, OperationDefinitionNode operation,
        Dictionary<string, FragmentDefinitionNode> fragments, IReadOnlyDictionary<string, object?> variables,
        ExecutionOptions options, CancellationToken cancellationToken)
    {
        Schema = schema;
        Document = document;
        Operation = operation;
        Fragments = fragments;
        Variables = variables;
        Options = options;
        CancellationToken = cancellationToken;
    }

    public Schema Schema { get; }
    public DocumentNode Document { get; }
    public OperationDefinitionNode Operation { get; }
    public Dictionary<string, FragmentDefinitionNode> Fragments { get; }
    public IReadOnlyDictionary<string, object?> Variables { get; }
    public ExecutionOptions Options { get; }
    public CancellationToken CancellationToken { get; }
    public ExecutionStrand Strand { get; } = new();

    public IReadOnlyList<GraphQLError> Errors
    {
        get
        {
            lock (_errors) return _errors.ToList();
        }
    }

    private void AddError(GraphQLError error)
    {
        lock (_errors) _errors.Add(error);
    }

    public DataLoader<TKey, TValue> GetLoader<TKey, TValue>(string name, Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch)
        where TKey : notnull
    {
        lock (_loaders)
        {
            if (_loaders.TryGetValue(name, out var existing))
            {
                return existing as DataLoader<TKey, TValue>
                    ?? throw new InvalidOperationException($"Data loader \"{name}\" was first created with other key or value types.");
            }
            var loader = new DataLoader<TKey, TValue>(batch, Strand, CancellationToken);
            _loaders[name] = loader;
            return loader;
        }
    }

    // ---- field collection ----

    public List<KeyValuePair<string, List<FieldNode>>> CollectFields(ObjectType type, SelectionSetNode selectionSet)
    {
        var groups = new List<KeyValuePair<string, List<FieldNode>>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        CollectFieldsInto(type, selectionSet, groups, index, new HashSet<string>(StringComparer.Ordinal));
        return groups;
    }

    private void CollectFieldsInto(ObjectType type, SelectionSetNode selectionSet,
        List<KeyValuePair<string, List<FieldNode>>> groups, Dictionary<string, int> index, HashSet<string> visitedFragments)
    {
        foreach (var selection in selectionSet.Selections)
        {
            if (!ShouldInclude(selection.Directives)) continue;
            switch (selection)
            {
                case FieldNode field:
                    var key = field.ResponseKey;
                    if (index.TryGetValue(key, out var i)) groups[i].Value.Add(field);
                    else
                    {
                        index[key] = groups.Count;
                        groups.Add(new(key, new List<FieldNode> { field }));
                    }
                    break;
                case InlineFragmentNode inline:
                    if (!FragmentApplies(inline.TypeCondition, type)) continue;
                    CollectFieldsInto(type, inline.SelectionSet, groups, index, visitedFragments);
                    break;
                case FragmentSpreadNode spread:
                    var name = spread.Name.Value;
                    if (!visitedFragments.Add(name)) continue;
                    if (!Fragments.TryGetValue(name, out var fragment)) continue;
                    if (!FragmentApplies(fragment.TypeCondition, type)) continue;
                    CollectFieldsInto(type, fragment.SelectionSet, groups, index, visitedFragments);
                    break;
            }
        }
    }

    /// <summary>When set, @skip and @include are collected here instead of evaluated (subscription root validation).</summary>
    internal List<DirectiveNode>? ForbiddenDirectives { get; set; }

    private bool ShouldInclude(IReadOnlyList<DirectiveNode> directives)
    {
        if (directives.Count == 0) return true;
        foreach (var name in new[] { "skip", "include" })
        {
            var directive = directives.FirstOrDefault(d => d.Name.Value == name);
            if (directive is null) continue;
            if (ForbiddenDirectives is not null)
            {
                ForbiddenDirectives.Add(directive);
                return false;
            }
            var def = Schema.GetDirective(name);
            if (def is null) continue;
            var args = ArgumentValues.Get(def.ArgumentList, directive.Arguments, directive, Variables);
            var condition = args.TryGetValue("if", out var v) && v is true;
            if (name == "skip" && condition) return false;
            if (name == "include" && !condition) return false;
        }
        return true;
    }

    private bool FragmentApplies(NamedTypeNode? condition, ObjectType type)
    {
        if (condition is null) return true;
        var conditionType = Schema.GetType(condition.Name.Value);
        if (conditionType is null) return false;
        if (ReferenceEquals(conditionType, type)) return true;
        return conditionType is InterfaceType or UnionType && Schema.IsSubType(conditionType, type);
    }

    private List<KeyValuePair<string, List<FieldNode>>> CollectSubfields(ObjectType type, List<FieldNode> fieldNodes)
    {
        if (fieldNodes.Count == 1 && fieldNodes[0].SelectionSet is { } only)
        {
            lock (_subfieldCache)
            {
                if (_subfieldCache.TryGetValue((type, only), out var cached)) return cached;
            }
            var computed = CollectFields(type, only);
            lock (_subfieldCache) _subfieldCache[(type, only)] = computed;
            return computed;
        }
        var groups = new List<KeyValuePair<string, List<FieldNode>>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in fieldNodes)
        {
            if (node.SelectionSet is not null) CollectFieldsInto(type, node.SelectionSet, groups, index, visited);
        }
        return groups;
    }

    // ---- execution ----

    public async ValueTask<object?> ExecuteFieldsSeriallyAsync(ObjectType type, object? source, ResponsePath? path,
        List<KeyValuePair<string, List<FieldNode>>> groups)
    {
        var result = new OrderedDictionary<string, object?>(groups.Count, StringComparer.Ordinal);
        foreach (var (key, nodes) in groups)
        {
            var fieldPath = new ResponsePath(path, key);
            var value = await ExecuteField(type, source, nodes, fieldPath);
            if (value is not Undefined) result[key] = value;
        }
        return result;
    }

    public async ValueTask<object?> ExecuteFieldsAsync(ObjectType type, object? source, ResponsePath? path,
        List<KeyValuePair<string, List<FieldNode>>> groups)
    {
        var result = new OrderedDictionary<string, object?>(groups.Count, StringComparer.Ordinal);
        List<(string Key, ValueTask<object?> Task)>? pending = null;
        foreach (var (key, nodes) in groups)
        {
            var fieldPath = new ResponsePath(path, key);
            var task = ExecuteField(type, source, nodes, fieldPath);
            if (task.IsCompletedSuccessfully)
            {
                var value = task.Result;
                if (value is not Undefined) result[key] = value;
            }
            else if (task.IsCompleted)
            {
                // Rethrows a synchronous null bubble before later siblings start, as the reference does.
                await task;
            }
            else
            {
                result[key] = Undefined.Value;
                (pending ??= new()).Add((key, task));
            }
        }
        if (pending is null) return result;
        NullBubble? bubble = null;
        foreach (var (key, task) in pending)
        {
            try
            {
                var value = await task;
                if (value is Undefined) result.Remove(key);
                else result[key] = value;
            }
            catch (NullBubble nb)
            {
                bubble = nb;
            }
        }
        if (bubble is not null) throw bubble;
        return result;
    }

    /// <summary>
    /// CreateSourceEventStream: calls the single root field's subscribe resolver (or, without one, reads the
    /// root value's property as graphql-js's default does) and requires an event stream back. A failure is a
    /// located error with the root field's path; it ends the request as one result.
    /// </summary>
    public async ValueTask<(IAsyncEnumerable<object?>? Stream, GraphQLError? Error)> CreateSourceEventStreamAsync(ObjectType rootType, object? rootValue)
    {
        var groups = CollectFields(rootType, Operation.SelectionSet);
        var (key, fieldNodes) = groups[0];
        var fieldNode = fieldNodes[0];
        var path = new ResponsePath(null, key);
        var field = GetFieldDefinition(rootType, fieldNode.Name.Value);
        if (field is null)
            return (null, GraphQLError.At($"The subscription field \"{fieldNode.Name.Value}\" is not defined.", fieldNodes.ToArray()));
        try
        {
            CancellationToken.ThrowIfCancellationRequested();
            var args = ArgumentValues.Get(field.ArgumentList, fieldNode.Arguments, fieldNode, Variables);
            var context = new ResolveContext(this, rootValue, rootType, field, fieldNodes, path, args);
            object? stream = field.Subscriber is { } subscriber ? await subscriber(context) : DefaultResolve(rootValue, field);
            if (stream is Task task) stream = await UnwrapTask(task);
            if (stream is Exception exception) throw exception;
            if (stream is IAsyncEnumerable<object?> events) return (events, null);
            throw new GraphQLException($"Subscription field must return Async Iterable. Received: {Inspect.Value(stream)}.");
        }
        catch (Exception ex)
        {
            return (null, LocatedError(ex, fieldNodes, path));
        }
    }

    private FieldDefinition? GetFieldDefinition(ObjectType parentType, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            var builtIns = BuiltIns.Instance;
            if (name == "__typename") return builtIns.TypeNameMetaField;
            if (ReferenceEquals(parentType, Schema.QueryType))
            {
                if (name == "__schema") return builtIns.SchemaMetaField;
                if (name == "__type") return builtIns.TypeMetaField;
            }
        }
        return parentType.Fields.GetValueOrDefault(name);
    }

    private ValueTask<object?> ExecuteField(ObjectType parentType, object? source, List<FieldNode> fieldNodes, ResponsePath path)
    {
        var fieldNode = fieldNodes[0];
        var field = GetFieldDefinition(parentType, fieldNode.Name.Value);
        if (field is null) return new ValueTask<object?>(Undefined.Value);
        var returnType = field.Type;
        ResolveContext? context = null;
        object? result;
        try
        {
            CancellationToken.ThrowIfCancellationRequested();
            var args = field.ArgumentList.Count == 0 && fieldNode.Arguments.Count == 0
                ? null
                : ArgumentValues.Get(field.ArgumentList, fieldNode.Arguments, fieldNode, Variables);
            context = new ResolveContext(this, source, parentType, field, fieldNodes, path, args);
            if (field.SyncResolver is { } sync) result = sync(context);
            else if (field.Resolver is { } resolver)
            {
                var pendingValue = resolver(context);
                if (!pendingValue.IsCompletedSuccessfully) return AwaitAndComplete(pendingValue, returnType, fieldNodes, context, path);
                result = pendingValue.Result;
            }
            else result = DefaultResolve(source, field);

            if (result is Task task) return AwaitTaskAndComplete(task, returnType, fieldNodes, context, path);
            var completed = CompleteValue(returnType, fieldNodes, context, path, result);
            if (completed.IsCompletedSuccessfully) return completed;
            return CatchCompletion(completed, returnType, fieldNodes, path);
        }
        catch (Exception ex)
        {
            return new ValueTask<object?>(HandleFieldError(ex, returnType, fieldNodes, path));
        }
    }

    private async ValueTask<object?> CatchCompletion(ValueTask<object?> completion, GraphQLType returnType, List<FieldNode> fieldNodes, ResponsePath path)
    {
        try
        {
            return await completion;
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, returnType, fieldNodes, path);
        }
    }

    private async ValueTask<object?> AwaitAndComplete(ValueTask<object?> pending, GraphQLType returnType, List<FieldNode> fieldNodes, ResolveContext context, ResponsePath path)
    {
        try
        {
            var result = await pending;
            if (result is Task task) result = await UnwrapTask(task);
            return await CompleteValue(returnType, fieldNodes, context, path, result);
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, returnType, fieldNodes, path);
        }
    }

    private async ValueTask<object?> AwaitTaskAndComplete(Task task, GraphQLType returnType, List<FieldNode> fieldNodes, ResolveContext context, ResponsePath path)
    {
        try
        {
            var result = await UnwrapTask(task);
            return await CompleteValue(returnType, fieldNodes, context, path, result);
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, returnType, fieldNodes, path);
        }
    }

    private static async Task<object?> UnwrapTask(Task task)
    {
        await task;
        var type = task.GetType();
        if (!type.IsGenericType) return null;
        var resultProperty = type.GetProperty("Result");
        var value = resultProperty?.GetValue(task);
        return value?.GetType().FullName == "System.Threading.Tasks.VoidTaskResult" ? null : value;
    }

    private object? HandleFieldError(Exception ex, GraphQLType returnType, List<FieldNode> fieldNodes, ResponsePath path)
    {
        // A bubble from below already carries its error; this position only decides whether to absorb it.
        if (ex is not NullBubble) AddError(LocatedError(ex, fieldNodes, path));
        if (returnType is NonNullType) throw NullBubble.Instance;
        return null;
    }

    private GraphQLError LocatedError(Exception ex, List<FieldNode> fieldNodes, ResponsePath path)
    {
        if (ex is FieldError fe)
            return new GraphQLError(fe.Message, fe.Locations ?? GraphQLError.At("", fe.Nodes.Count > 0 ? fe.Nodes.ToArray() : fieldNodes.ToArray()).Locations, path.ToList(), fe.Extensions, ex);
        var locations = GraphQLError.At("", fieldNodes.ToArray()).Locations;
        if (ex is GraphQLException gql) return new GraphQLError(gql.Message, locations, path.ToList(), gql.Extensions, ex);
        if (ex is OperationCanceledException && CancellationToken.IsCancellationRequested)
            return new GraphQLError("Execution was cancelled.", locations, path.ToList(), null, ex);
        var message = Options.ExposeExceptionMessages ? ex.Message : "Unexpected error.";
        return new GraphQLError(message, locations, path.ToList(), null, ex);
    }

    private ValueTask<object?> CompleteValue(GraphQLType returnType, List<FieldNode> fieldNodes, ResolveContext context, ResponsePath path, object? result)
    {
        if (result is Exception exception) throw exception;
        if (returnType is NonNullType nonNull)
        {
            var inner = CompleteValue(nonNull.OfType, fieldNodes, context, path, result);
            if (inner.IsCompletedSuccessfully)
            {
                if (inner.Result is null) throw NonNullError(context);
                return inner;
            }
            return EnsureNonNull(inner, context);
        }
        if (result is null || result is Undefined) return new ValueTask<object?>((object?)null);
        switch (returnType)
        {
            case ListType list:
                return CompleteListValue(list, fieldNodes, context, path, result);
            case ScalarType scalar:
                var serialized = scalar.Serialize(result);
                if (serialized is null or Undefined)
                    throw new GraphQLException($"Expected `{scalar.Name}.serialize({Inspect.Value(result)})` to return non-nullable value, returned: {Inspect.Value(serialized)}");
                return new ValueTask<object?>(serialized);
            case EnumType enumType:
                return new ValueTask<object?>(Values.SerializeEnum(enumType, result));
            case ObjectType obj:
                return CompleteObjectValue(obj, fieldNodes, path, result);
            case InterfaceType or UnionType:
                var runtimeType = ResolveRuntimeType((NamedType)returnType, context, result);
                return CompleteObjectValue(runtimeType, fieldNodes, path, result);
        }
        throw new InvalidOperationException($"Cannot complete value of unexpected output type: \"{returnType}\".");
    }

    private static FieldError NonNullError(ResolveContext context) =>
        new($"Cannot return null for non-nullable field {context.ParentType.Name}.{context.FieldName}.");

    private static async ValueTask<object?> EnsureNonNull(ValueTask<object?> inner, ResolveContext context)
    {
        var value = await inner;
        if (value is null) throw NonNullError(context);
        return value;
    }

    private ValueTask<object?> CompleteObjectValue(ObjectType type, List<FieldNode> fieldNodes, ResponsePath path, object result)
    {
        var subfields = CollectSubfields(type, fieldNodes);
        return ExecuteFieldsAsync(type, result, path, subfields);
    }

    private ObjectType ResolveRuntimeType(NamedType abstractType, ResolveContext context, object result)
    {
        var resolver = abstractType switch
        {
            InterfaceType i => i.ResolveType,
            UnionType u => u.ResolveType,
            _ => null,
        };
        string? typeName = resolver is not null ? resolver(result, context) : DefaultTypeName(abstractType, result);
        if (typeName is null)
        {
            throw new FieldError(
                $"Abstract type \"{abstractType.Name}\" must resolve to an Object type at runtime for field \"{context.ParentType.Name}.{context.FieldName}\". Either the \"{abstractType.Name}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.");
        }
        var runtimeType = Schema.GetType(typeName);
        if (runtimeType is null)
            throw new FieldError($"Abstract type \"{abstractType.Name}\" was resolved to a type \"{typeName}\" that does not exist inside the schema.");
        if (runtimeType is not ObjectType obj)
            throw new FieldError($"Abstract type \"{abstractType.Name}\" was resolved to a non-object type \"{typeName}\".");
        if (!Schema.IsSubType(abstractType, obj))
            throw new FieldError($"Runtime Object type \"{obj.Name}\" is not a possible type for \"{abstractType.Name}\".");
        return obj;
    }

    private string? DefaultTypeName(NamedType abstractType, object value)
    {
        switch (value)
        {
            case IDictionary<string, object?> dict when dict.TryGetValue("__typename", out var tn) && tn is string s:
                return s;
            case IReadOnlyDictionary<string, object?> rdict when rdict.TryGetValue("__typename", out var tn2) && tn2 is string s2:
                return s2;
            case JsonElement { ValueKind: JsonValueKind.Object } je when je.TryGetProperty("__typename", out var tn3) && tn3.ValueKind == JsonValueKind.String:
                return tn3.GetString();
        }
        var possible = Schema.GetPossibleTypes(abstractType);
        for (var t = value.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var candidate in possible)
            {
                if (candidate.Name == t.Name) return candidate.Name;
            }
        }
        return null;
    }

    private ValueTask<object?> CompleteListValue(ListType listType, List<FieldNode> fieldNodes, ResolveContext context, ResponsePath path, object result)
    {
        if (result is string || result is not IEnumerable items || result is IDictionary || result is IEnumerable<KeyValuePair<string, object?>>)
        {
            if (result is JsonElement { ValueKind: JsonValueKind.Array } array) items = array.EnumerateArray().Cast<object?>().ToList();
            else throw new FieldError($"Expected Iterable, but did not find one for field \"{context.ParentType.Name}.{context.FieldName}\".");
        }
        var itemType = listType.OfType;
        var completed = new List<object?>(items is ICollection c ? c.Count : 4);
        List<(int Index, ValueTask<object?> Task)>? pending = null;
        var index = 0;
        foreach (var item in items)
        {
            var itemPath = new ResponsePath(path, index);
            var task = CompleteListItem(itemType, fieldNodes, context, itemPath, item);
            if (task.IsCompletedSuccessfully) completed.Add(task.Result);
            else
            {
                completed.Add(null);
                (pending ??= new()).Add((index, task));
            }
            index++;
        }
        if (pending is null) return new ValueTask<object?>(completed);
        return AwaitListItems(completed, pending);
    }

    private static async ValueTask<object?> AwaitListItems(List<object?> completed, List<(int Index, ValueTask<object?> Task)> pending)
    {
        NullBubble? bubble = null;
        foreach (var (index, task) in pending)
        {
            try
            {
                completed[index] = await task;
            }
            catch (NullBubble nb)
            {
                bubble = nb;
            }
        }
        if (bubble is not null) throw bubble;
        return completed;
    }

    private ValueTask<object?> CompleteListItem(GraphQLType itemType, List<FieldNode> fieldNodes, ResolveContext context, ResponsePath itemPath, object? item)
    {
        try
        {
            if (item is Task task) return AwaitTaskAndComplete(task, itemType, fieldNodes, context, itemPath);
            var completed = CompleteValue(itemType, fieldNodes, context, itemPath, item);
            if (completed.IsCompletedSuccessfully) return completed;
            return CatchCompletion(completed, itemType, fieldNodes, itemPath);
        }
        catch (Exception ex)
        {
            return new ValueTask<object?>(HandleFieldError(ex, itemType, fieldNodes, itemPath));
        }
    }

    private static object? DefaultResolve(object? source, FieldDefinition field)
    {
        if (source is null) return null;
        var type = source.GetType();
        if (field.GetterCache is { } cache && cache.Type == type && cache.Getter is { } getter) return getter(source);
        var result = DefaultResolve(source, field.Name);
        if (source is not (IReadOnlyDictionary<string, object?> or IDictionary<string, object?> or JsonElement or IDictionary))
            field.GetterCache = new PropertyGetterCache(type, Getters.GetOrAdd((type, field.Name), static key => CompileGetter(key.Item1, key.Item2)));
        return result;
    }

    /// <summary>Property or dictionary lookup by field name; CLR properties match case-insensitively.</summary>
    internal static object? DefaultResolve(object? source, string fieldName)
    {
        switch (source)
        {
            case null: return null;
            case IReadOnlyDictionary<string, object?> rd: return rd.TryGetValue(fieldName, out var v1) ? v1 : null;
            case IDictionary<string, object?> d: return d.TryGetValue(fieldName, out var v2) ? v2 : null;
            case JsonElement { ValueKind: JsonValueKind.Object } je:
                return je.TryGetProperty(fieldName, out var prop) ? JsonValues.ToClr(prop) : null;
            case IDictionary legacy: return legacy.Contains(fieldName) ? legacy[fieldName] : null;
        }
        var getter = Getters.GetOrAdd((source.GetType(), fieldName), static key => CompileGetter(key.Item1, key.Item2));
        return getter?.Invoke(source);
    }

    private static Func<object, object?>? CompileGetter(Type type, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        MemberInfo? member = type.GetProperties(flags).FirstOrDefault(p => p.Name == name && p.GetIndexParameters().Length == 0)
            ?? type.GetProperties(flags).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.GetIndexParameters().Length == 0)
            ?? (MemberInfo?)type.GetFields(flags).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (member is null) return null;
        var parameter = Expression.Parameter(typeof(object), "source");
        var typed = Expression.Convert(parameter, type);
        Expression access = member is PropertyInfo p ? Expression.Property(typed, p) : Expression.Field(typed, (FieldInfo)member);
        var body = Expression.Convert(access, typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, parameter).Compile();
    }
}

/// <summary>A field error with a specification message and optional locations of its own.</summary>
internal sealed class FieldError : Exception
{
    public FieldError(string message, IReadOnlyList<Node>? nodes = null, IReadOnlyDictionary<string, object?>? extensions = null,
        IReadOnlyList<SourceLocation>? locations = null)
        : base(message)
    {
        Nodes = nodes ?? Array.Empty<Node>();
        Extensions = extensions;
        Locations = locations;
    }

    public IReadOnlyList<SourceLocation>? Locations { get; }

    public IReadOnlyList<Node> Nodes { get; }
    public IReadOnlyDictionary<string, object?>? Extensions { get; }
}

/// <summary>Coercion of field and directive arguments for execution.</summary>
internal static class ArgumentValues
{
    public static IReadOnlyDictionary<string, object?> Get(
        List<InputValueDefinition> definitionList,
        IReadOnlyList<ArgumentNode> nodes,
        Node owner,
        IReadOnlyDictionary<string, object?> variables)
    {
        var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var def in definitionList)
        {
            var name = def.Name;
            var type = def.Type;
            ArgumentNode? argNode = null;
            foreach (var n in nodes)
            {
                if (n.Name.Value == name)
                {
                    argNode = n;
                    break;
                }
            }
            if (argNode is null)
            {
                if (type is NonNullType && !def.HasDefaultValue)
                    throw new FieldError($"Argument \"{def.Coordinate}\" of required type \"{type}\" was not provided.", new[] { owner });
                if (def.HasDefaultValue) coerced[name] = def.DefaultValue;
                continue;
            }
            var valueNode = argNode.Value;
            if (valueNode is VariableNode variable &&
                (!variables.TryGetValue(variable.Name.Value, out var variableValue) || variableValue is Undefined) &&
                !(type is NonNullType && !def.HasDefaultValue))
            {
                if (def.HasDefaultValue) coerced[name] = def.DefaultValue;
                continue;
            }
            var value = ValueFromAst.Coerce(valueNode, type, variables);
            if (value is Undefined)
            {
                GraphQLError? first = null;
                IReadOnlyList<object>? firstPath = null;
                Values.ValidateInputLiteral(valueNode, type, variables, (error, path) =>
                {
                    if (first is not null) return;
                    first = error;
                    firstPath = path;
                });
                var message = first is null
                    ? $"Argument \"{def.Coordinate}\" has invalid value {Printer.Print(valueNode)}."
                    : $"Argument \"{def.Coordinate}\" has invalid value{VariableValues.PrintPathArray(firstPath!)}: {first.Message}";
                throw new FieldError(message, new Node[] { valueNode }, locations: first?.Locations);
            }
            coerced[name] = value;
        }
        return coerced;
    }
}

/// <summary>Coercion of the request's variable values against the operation's variable definitions.</summary>
internal static class VariableValues
{
    private const int MaxErrors = 50;

    public static (IReadOnlyDictionary<string, object?> Values, IReadOnlyList<GraphQLError> Errors) Coerce(
        Schema schema, IReadOnlyList<VariableDefinitionNode> definitions, IReadOnlyDictionary<string, object?> inputs)
    {
        var errors = new List<GraphQLError>();
        var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            foreach (var definition in definitions)
            {
                var name = definition.Variable.Name.Value;
                var type = schema.TypeFromAst(definition.Type);
                if (type is null || !type.IsInputType)
                {
                    var typeText = Printer.Print(definition.Type);
                    Report(errors, GraphQLError.At($"Variable \"${name}\" expected value of type \"{typeText}\" which cannot be used as an input type.", definition.Type));
                    continue;
                }
                if (!inputs.TryGetValue(name, out var input)) input = Undefined.Value;
                if (input is JsonElement je) input = JsonValues.ToClr(je);
                if (input is Undefined)
                {
                    if (definition.DefaultValue is not null)
                    {
                        coerced[name] = ValueFromAst.Coerce(definition.DefaultValue, type, null);
                        continue;
                    }
                    if (type is not NonNullType) continue;
                }
                var value = Values.CoerceInputValue(input, type, (path, message) =>
                    Report(errors, GraphQLError.At($"Variable \"${name}\" has invalid value{PrintPathArray(path)}: {message}", definition)));
                if (value is not Undefined) coerced[name] = value;
            }
        }
        catch (TooManyErrors)
        {
            errors.Add(new GraphQLError("Too many errors processing variables, error limit reached. Execution aborted."));
        }
        return (coerced, errors);
    }

    internal static string PrintPathArray(IReadOnlyList<object> path) =>
        path.Count == 0 ? "" : " at " + string.Concat(path.Select(p => p is int i ? $"[{i}]" : "." + p));

    private static void Report(List<GraphQLError> errors, GraphQLError error)
    {
        if (errors.Count >= MaxErrors) throw new TooManyErrors();
        errors.Add(error);
    }

    private sealed class TooManyErrors : Exception { }
}
