using Microsoft.AspNetCore.Http;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Settings of one GraphQL endpoint mapped by <see cref="GraphQLEndpointRouteBuilderExtensions.MapGraphQL(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, Schema, GraphQLHttpOptions?)"/>.
/// It owns the HTTP-side policy (body size, explorer, schema download) and the host's hooks; it must not carry
/// engine behaviour beyond handing <see cref="Limits"/> to the executor.
/// </summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Limits handed to the executor for every request; null uses the engine's defaults.</summary>
    public ExecutionLimits? Limits { get; set; }

    /// <summary>Fills the per-request user context resolvers see (for example the caller's identity).</summary>
    public Func<HttpContext, IDictionary<string, object?>>? UserContextFactory { get; set; }

    /// <summary>
    /// Decides whether the caller may run a mutation; called only for mutation operations, before execution.
    /// Null lets every mutation through (the host adds API key or token checks here).
    /// </summary>
    public Func<HttpContext, ValueTask<MutationAuthorization>>? AuthorizeMutation { get; set; }

    /// <summary>
    /// Shows the messages of unexpected resolver exceptions to callers. Default false: they read "Unexpected error."
    /// so internals do not leak; <see cref="GraphQLException"/> messages are always shown.
    /// </summary>
    public bool ExposeExceptionMessages { get; set; }

    /// <summary>Serves GraphiQL to browsers that open the endpoint. Default true.</summary>
    public bool EnableExplorer { get; set; } = true;

    /// <summary>Serves the schema as SDL at <c>{pattern}/schema.graphql</c>. Default true.</summary>
    public bool EnableSchemaDownload { get; set; } = true;

    /// <summary>Largest accepted POST body in bytes; larger ones get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The query a first-time visitor finds in the explorer's editor; null keeps GraphiQL's own welcome text.</summary>
    public string? ExplorerDefaultQuery { get; set; }

    /// <summary>Title of the explorer page.</summary>
    public string ExplorerTitle { get; set; } = "GraphiQL";

    /// <summary>
    /// Answers requests that accept <c>text/event-stream</c> with GraphQL over Server-Sent Events (graphql-sse's distinct
    /// connections mode), subscriptions included. Default true.
    /// </summary>
    public bool EnableEventStream { get; set; } = true;

    /// <summary>
    /// How often an event stream with nothing to send gets a comment line (<c>: keep-alive</c>), so proxies and load
    /// balancers that cut idle connections keep a waiting subscription open. Default 15 s; zero turns it off.
    /// </summary>
    public TimeSpan EventStreamKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Event streams open at once; one more is answered 503 with Retry-After. Default 1000.</summary>
    public int MaxEventStreams { get; set; } = 1000;

    /// <summary>Subscriptions, queries and mutations over WebSockets (graphql-transport-ws) on the same path.</summary>
    public GraphQLWebSocketOptions WebSockets { get; set; } = new();
}

/// <summary>
/// The answer of <see cref="GraphQLHttpOptions.AuthorizeMutation"/>: allowed, or refused with an HTTP status and a
/// reason that is safe to show the caller (it must never echo a secret).
/// </summary>
public sealed record MutationAuthorization(bool IsAllowed, int StatusCode, string? Reason)
{
    public static MutationAuthorization Allowed { get; } = new(true, StatusCodes.Status200OK, null);

    /// <summary>Refuses the mutation; use 401 when credentials are missing and 403 when they lack the right.</summary>
    public static MutationAuthorization Refused(int statusCode, string reason) => new(false, statusCode, reason);
}
