using System.Runtime.CompilerServices;

namespace TechHealth.GraphQL;

/// <summary>
/// The outcome of <see cref="Executor.SubscribeAsync"/>: either one <see cref="Result"/> (a request stage refused
/// the request, the source stream could not be created, or the operation is a query or mutation, executed once) or
/// a stream of <see cref="Events"/>, one result per source event. Exactly one of the two is set.
/// </summary>
public sealed class SubscriptionResult
{
    private SubscriptionResult(ExecutionResult? result, IAsyncEnumerable<ExecutionResult>? events)
    {
        Result = result;
        Events = events;
    }

    public ExecutionResult? Result { get; }
    /// <summary>Ends when the source stream ends; cancel through the enumerator's token or the request's token.</summary>
    public IAsyncEnumerable<ExecutionResult>? Events { get; }
    public bool IsStream => Events is not null;

    internal static SubscriptionResult Single(ExecutionResult result) => new(result, null);
    internal static SubscriptionResult Stream(IAsyncEnumerable<ExecutionResult> events) => new(null, events);
}

public static partial class Executor
{
    /// <summary>
    /// The specification's Subscribe: request stages as for <see cref="ExecuteAsync(Schema, GraphQLRequest, ExecutionOptions?)"/>,
    /// then CreateSourceEventStream (the root field's subscribe resolver returns an <see cref="IAsyncEnumerable{T}"/>)
    /// and MapSourceToResponseEvent (each event executes the selection set with the event as root value; field
    /// errors stay within that event's result). Limits other than the time limit are checked once; the time limit
    /// bounds each event's execution. Queries and mutations are executed once and come back as
    /// <see cref="SubscriptionResult.Result"/>, so a transport can hand every operation here.
    /// </summary>
    public static async Task<SubscriptionResult> SubscribeAsync(Schema schema, GraphQLRequest request, ExecutionOptions? options = null)
    {
        options ??= new ExecutionOptions();
        var prepared = Prepare(schema, request, options, null, out var failure);
        if (prepared is null) return SubscriptionResult.Single(failure!);
        if (prepared.Operation.Operation != OperationType.Subscription)
            return SubscriptionResult.Single(await RunPreparedAsync(schema, prepared, options, options.RootValue).ConfigureAwait(false));

        var rootType = schema.SubscriptionType;
        if (rootType is null)
        {
            return SubscriptionResult.Single(new ExecutionResult
            {
                ErrorKind = GraphQLErrorKind.Request,
                Errors = new[] { GraphQLError.At("Schema is not configured to execute subscription operation.", prepared.Operation) },
            });
        }

        var state = new ExecutionState(schema, prepared.Document, prepared.Operation, prepared.Fragments, prepared.Variables, options, options.CancellationToken);
        var (stream, error) = await state.CreateSourceEventStreamAsync(rootType, options.RootValue).ConfigureAwait(false);
        if (stream is null)
            return SubscriptionResult.Single(new ExecutionResult { ErrorKind = GraphQLErrorKind.Execution, Errors = new[] { error! } });
        return SubscriptionResult.Stream(MapSourceToResponseEvents(schema, prepared, stream, options, CancellationToken.None));
    }

    private static async IAsyncEnumerable<ExecutionResult> MapSourceToResponseEvents(Schema schema, PreparedOperation prepared,
        IAsyncEnumerable<object?> source, ExecutionOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, cancellationToken);
        var eventOptions = new ExecutionOptions
        {
            Limits = options.Limits,
            RequestServices = options.RequestServices,
            UserContext = options.UserContext,
            CancellationToken = linked.Token,
            AllowedOperations = options.AllowedOperations,
            RootValue = options.RootValue,
            ExposeExceptionMessages = options.ExposeExceptionMessages,
        };
        await using var enumerator = source.GetAsyncEnumerator(linked.Token);
        while (true)
        {
            var next = await NextEventAsync(schema, prepared, enumerator, eventOptions).ConfigureAwait(false);
            if (next is null) yield break;
            yield return next;
        }
    }

    /// <summary>The next event's result, or null when the source ended or the consumer cancelled.</summary>
    private static async Task<ExecutionResult?> NextEventAsync(Schema schema, PreparedOperation prepared,
        IAsyncEnumerator<object?> enumerator, ExecutionOptions eventOptions)
    {
        try
        {
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) return null;
            return await RunPreparedAsync(schema, prepared, eventOptions, enumerator.Current).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (eventOptions.CancellationToken.IsCancellationRequested)
        {
            // The consumer went away; ending quietly is the stream's normal end, not an error.
            return null;
        }
    }
}
