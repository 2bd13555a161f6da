using System.Runtime.CompilerServices;
using HotChocolate.AspNetCore;
using HotChocolate.AspNetCore.Subscriptions;
using HotChocolate.AspNetCore.Subscriptions.Protocols;
using HotChocolate.Execution;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Every GraphQL request over HTTP carries its caller and one fleet snapshot (taken when the request starts), so
/// every field of one answer comes from the same evaluation run and the resolvers know who asks.
/// </summary>
public sealed class GraphQLCallerInterceptor : DefaultHttpRequestInterceptor
{
    public override async ValueTask OnCreateAsync(HttpContext context, IRequestExecutor requestExecutor, OperationRequestBuilder requestBuilder, CancellationToken cancellationToken)
    {
        var caller = await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context);
        requestBuilder.SetGlobalState(Authorization.CallerKey, caller);
        requestBuilder.SetGlobalState(TechHealthSchema.SnapshotKey, context.RequestServices.GetRequiredService<FleetState>().Current);
        await base.OnCreateAsync(context, requestExecutor, requestBuilder, cancellationToken);
    }
}

/// <summary>
/// GraphQL WebSockets (graphql-transport-ws): the caller comes from the upgrade request's headers or the
/// <c>connection_init</c> payload (browsers cannot set headers on a WebSocket); when reads need a caller, a connection
/// without one is refused (closed with 4403 and the reason). Each operation runs as that caller on the snapshot in
/// force when it starts, and one connection runs at most <c>MaxOperationsPerConnection</c> operations at once.
/// </summary>
public sealed class GraphQLSocketInterceptor(int maxOperationsPerConnection) : DefaultSocketSessionInterceptor
{
    private const string RefusedKey = "techhealth.refused-limit";
    private readonly ConditionalWeakTable<ISocketSession, StrongBox<int>> _running = new();

    public override async ValueTask<ConnectionStatus> OnConnectAsync(ISocketSession session, IOperationMessagePayload connectionInitMessage, CancellationToken cancellationToken)
    {
        var http = session.Connection.HttpContext;
        var callers = http.RequestServices.GetRequiredService<CallerResolver>();
        var caller = await callers.ResolveForSocketAsync(http, connectionInitMessage.Payload);
        if (!await callers.MayReadAsync(caller))
            return ConnectionStatus.Reject(caller.Problem ?? "Send an API key in the connection_init payload: {\"X-Api-Key\": \"...\"}");
        return ConnectionStatus.Accept();
    }

    public override async ValueTask OnRequestAsync(ISocketSession session, string operationSessionId, OperationRequestBuilder requestBuilder, CancellationToken cancellationToken)
    {
        var http = session.Connection.HttpContext;
        // The caller was settled at connection_init and kept on the upgrade request.
        var caller = await http.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(http);
        requestBuilder.SetGlobalState(Authorization.CallerKey, caller);
        requestBuilder.SetGlobalState(TechHealthSchema.SnapshotKey, http.RequestServices.GetRequiredService<FleetState>().Current);
        var running = _running.GetOrCreateValue(session);
        var max = maxOperationsPerConnection;
        if (Interlocked.Increment(ref running.Value) > max) requestBuilder.SetGlobalState(RefusedKey, max);
        await base.OnRequestAsync(session, operationSessionId, requestBuilder, cancellationToken);
    }

    public override ValueTask OnCompleteAsync(ISocketSession session, string operationSessionId, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(session, out var running)) Interlocked.Decrement(ref running.Value);
        return base.OnCompleteAsync(session, operationSessionId, cancellationToken);
    }

    /// <summary>The request stage that answers an operation over the connection's limit with an error naming it.</summary>
    public static RequestMiddleware RefuseOverLimit => (_, next) => context =>
    {
        if (context.ContextData.TryGetValue(RefusedKey, out var max))
        {
            context.Result = OperationResult.FromError(QueryLimits.Refusal(
                $"This connection already runs its limit of {max} operations at once (MaxOperationsPerConnection); complete one first.",
                "MaxOperationsPerConnection"));
            return ValueTask.CompletedTask;
        }
        return next(context);
    };
}
