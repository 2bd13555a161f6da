using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Turns HTTP requests into GraphQL requests and execution results into HTTP responses, following the
/// GraphQL-over-HTTP specification: request shape, media types, status codes and the GET-only-for-queries rule.
/// It must not validate or execute anything itself; that is the engine's work.
/// </summary>
internal sealed class GraphQLHttpHandler
{
    // Responses are JSON documents, never embedded in HTML: quotes and non-ASCII text are written as they are, as graphql-js does.
    private static readonly System.Text.Json.JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal const string GraphQLResponseMediaType = "application/graphql-response+json";
    internal const string JsonMediaType = "application/json";

    private static readonly ConditionalWeakTable<Schema, string> PrintedSchemas = new();

    private readonly Func<IServiceProvider, Schema> schemaFactory;
    private readonly GraphQLHttpOptions options;
    private int openSockets;
    private int openEventStreams;

    public GraphQLHttpHandler(Func<IServiceProvider, Schema> schemaFactory, GraphQLHttpOptions options)
    {
        this.schemaFactory = schemaFactory;
        this.options = options;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (options.WebSockets.Enabled && context.WebSockets.IsWebSocketRequest)
        {
            await HandleWebSocketAsync(context);
            return;
        }
        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        // The media type, the status code and even the explorer page depend on Accept; caches must key on it.
        context.Response.Headers.Vary = "Accept";
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteErrorAsync(context, JsonMediaType, StatusCodes.Status405MethodNotAllowed,
                $"GraphQL requests use GET or POST, not {request.Method}.");
            return;
        }

        if (isGet && options.EnableExplorer && !request.Query.ContainsKey("query") && AcceptsHtml(request))
        {
            await ExplorerPage.WriteAsync(context, options.ExplorerTitle, options.ExplorerDefaultQuery);
            return;
        }

        if (options.EnableEventStream && AcceptsEventStream(request))
        {
            await HandleEventStreamAsync(context, isGet);
            return;
        }

        var mediaType = NegotiateMediaType(request);
        if (mediaType is null)
        {
            await WriteErrorAsync(context, JsonMediaType, StatusCodes.Status406NotAcceptable,
                $"The Accept header allows neither {GraphQLResponseMediaType} nor {JsonMediaType}.");
            return;
        }

        var parsed = isGet ? HttpGraphQLRequest.FromQueryString(request.Query) : await ReadPostAsync(context);
        if (parsed.Error is { } error)
        {
            await WriteErrorAsync(context, mediaType, error.StatusCode, error.Message);
            return;
        }

        var graphQLRequest = parsed.Request!;
        var operation = OperationFinder.Find(graphQLRequest.Query!, graphQLRequest.OperationName);
        if (isGet && operation is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context, mediaType, StatusCodes.Status405MethodNotAllowed,
                $"{(operation == OperationType.Mutation ? "Mutations" : "Subscriptions")} cannot be sent with GET; use POST.");
            return;
        }

        if (operation == OperationType.Mutation && options.AuthorizeMutation is { } authorize)
        {
            var decision = await authorize(context);
            if (!decision.IsAllowed)
            {
                await WriteErrorAsync(context, mediaType, decision.StatusCode,
                    decision.Reason ?? "This mutation is not allowed.");
                return;
            }
        }

        var schema = schemaFactory(context.RequestServices);
        var executionOptions = new ExecutionOptions
        {
            RequestServices = context.RequestServices,
            UserContext = options.UserContextFactory?.Invoke(context) ?? new Dictionary<string, object?>(),
            CancellationToken = context.RequestAborted,
            Limits = options.Limits ?? new ExecutionLimits(),
            ExposeExceptionMessages = options.ExposeExceptionMessages,
            // GET must never change state, whatever the pre-check above concluded.
            AllowedOperations = isGet ? AllowedOperations.Query : AllowedOperations.Query | AllowedOperations.Mutation,
        };

        ExecutionResult result;
        try
        {
            result = await Executor.ExecuteAsync(schema, graphQLRequest, executionOptions);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            return;
        }

        var status = StatusCodes.Status200OK;
        if (result.ErrorKind == GraphQLErrorKind.OperationNotAllowed && isGet)
        {
            context.Response.Headers.Allow = "POST";
            status = StatusCodes.Status405MethodNotAllowed;
        }
        else if (mediaType == GraphQLResponseMediaType && !result.HasData)
        {
            status = StatusCodes.Status400BadRequest;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonOptions);
        result.WriteJson(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// GraphQL over Server-Sent Events, graphql-sse's distinct connections mode: one request, one stream of
    /// <c>next</c> events (one per result) and a closing <c>complete</c>. Problems found before execution come as a
    /// <c>next</c> event holding the errors, as that protocol asks, because an event-stream client cannot read a 4xx body.
    /// GET (what <c>EventSource</c> sends) carries queries and subscriptions; mutations need POST.
    /// </summary>
    private async Task HandleEventStreamAsync(HttpContext context, bool isGet)
    {
        if (Interlocked.Increment(ref openEventStreams) > options.MaxEventStreams)
        {
            Interlocked.Decrement(ref openEventStreams);
            context.Response.Headers.RetryAfter = "5";
            await WriteErrorAsync(context, JsonMediaType, StatusCodes.Status503ServiceUnavailable,
                $"This endpoint is at its limit of open event streams (MaxEventStreams = {options.MaxEventStreams}); try again later.");
            return;
        }
        try
        {
            await StreamEventsAsync(context, isGet);
        }
        finally
        {
            Interlocked.Decrement(ref openEventStreams);
        }
    }

    private async Task StreamEventsAsync(HttpContext context, bool isGet)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies such as nginx would otherwise hold events back until their buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        var stream = new EventStreamWriter(response);
        using var stopKeepAlive = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Task? keepAlive = null;
        try
        {
            await response.StartAsync(aborted);
            if (options.EventStreamKeepAlive > TimeSpan.Zero)
                keepAlive = stream.KeepAliveAsync(options.EventStreamKeepAlive, options.WebSockets.TimeProvider, stopKeepAlive.Token);
            var parsed = isGet ? HttpGraphQLRequest.FromQueryString(context.Request.Query) : await ReadPostAsync(context);
            if (parsed.Error is { } error)
            {
                await stream.WriteAsync("next", Refusal(error.Message), aborted);
                await stream.WriteAsync("complete", null, aborted);
                return;
            }
            var graphQLRequest = parsed.Request!;
            var operation = OperationFinder.Find(graphQLRequest.Query!, graphQLRequest.OperationName);
            if (isGet && operation == OperationType.Mutation)
            {
                await stream.WriteAsync("next", Refusal("Mutations cannot be sent with GET; use POST."), aborted);
                await stream.WriteAsync("complete", null, aborted);
                return;
            }
            if (operation == OperationType.Mutation && options.AuthorizeMutation is { } authorize)
            {
                var decision = await authorize(context);
                if (!decision.IsAllowed)
                {
                    await stream.WriteAsync("next", Refusal(decision.Reason ?? "This mutation is not allowed."), aborted);
                    await stream.WriteAsync("complete", null, aborted);
                    return;
                }
            }
            var outcome = await Executor.SubscribeAsync(schemaFactory(context.RequestServices), graphQLRequest, new ExecutionOptions
            {
                RequestServices = context.RequestServices,
                UserContext = options.UserContextFactory?.Invoke(context) ?? new Dictionary<string, object?>(),
                CancellationToken = aborted,
                Limits = options.Limits ?? new ExecutionLimits(),
                ExposeExceptionMessages = options.ExposeExceptionMessages,
                AllowedOperations = isGet ? AllowedOperations.Query | AllowedOperations.Subscription : AllowedOperations.All,
            });
            if (outcome.Result is { } single) await stream.WriteAsync("next", single, aborted);
            else
            {
                try
                {
                    await foreach (var result in outcome.Events!.WithCancellation(aborted)) await stream.WriteAsync("next", result, aborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
                {
                    var message = options.ExposeExceptionMessages || ex is GraphQLException ? ex.Message : "Unexpected error.";
                    await stream.WriteAsync("next", Refusal(message), aborted);
                }
            }
            await stream.WriteAsync("complete", null, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the stream: that is how a subscription over SSE ends.
        }
        finally
        {
            await stopKeepAlive.CancelAsync();
            if (keepAlive is not null)
            {
                try { await keepAlive; }
                catch (OperationCanceledException) { }
            }
        }
    }

    private static ExecutionResult Refusal(string message) => new() { Errors = new[] { new GraphQLError(message) } };

    /// <summary>
    /// Writes one event stream's events and keep-alive comments; a lock keeps the two from interleaving their bytes.
    /// </summary>
    private sealed class EventStreamWriter(HttpResponse response)
    {
        private readonly SemaphoreSlim _writing = new(1, 1);

        public async Task WriteAsync(string name, ExecutionResult? result, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            buffer.Write(Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
            if (result is not null)
            {
                // Utf8JsonWriter never writes a raw line break, so one data line holds the whole result.
                using var writer = new Utf8JsonWriter(buffer, JsonOptions);
                result.WriteJson(writer);
            }
            buffer.Write("\n\n"u8);
            await WriteRawAsync(buffer.WrittenMemory, cancellationToken);
        }

        /// <summary>A comment line every <paramref name="interval"/> until cancelled; clients ignore comments.</summary>
        public async Task KeepAliveAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await WriteRawAsync(": keep-alive\n\n"u8.ToArray(), cancellationToken);
        }

        private async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await _writing.WaitAsync(cancellationToken);
            try
            {
                await response.Body.WriteAsync(bytes, cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    internal static bool AcceptsEventStream(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.ToArray()!, out var accepted)) return false;
        return accepted.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
    }

    private async Task HandleWebSocketAsync(HttpContext context)
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var speaksProtocol = offered.Contains(GraphQLWebSocketSession.SubProtocol, StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(speaksProtocol ? GraphQLWebSocketSession.SubProtocol : null);
        if (Interlocked.Increment(ref openSockets) > options.WebSockets.MaxConnections)
        {
            Interlocked.Decrement(ref openSockets);
            await CloseEarlyAsync(socket, GraphQLWebSocketSession.TryAgainLater,
                $"This endpoint is at its limit of open connections (MaxConnections = {options.WebSockets.MaxConnections}); try again later", context.RequestAborted);
            return;
        }
        try
        {
            if (!speaksProtocol)
            {
                // The legacy subscriptions-transport-ws protocol also calls itself "graphql-ws"; it is not spoken here.
                await CloseEarlyAsync(socket, GraphQLWebSocketSession.SubprotocolNotAcceptable,
                    "Subprotocol not acceptable: use graphql-transport-ws", context.RequestAborted);
                return;
            }
            var schema = schemaFactory(context.RequestServices);
            await new GraphQLWebSocketSession(socket, context, schema, options).RunAsync();
        }
        finally
        {
            Interlocked.Decrement(ref openSockets);
        }
    }

    private static async Task CloseEarlyAsync(System.Net.WebSockets.WebSocket socket, int code, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await socket.CloseOutputAsync((System.Net.WebSockets.WebSocketCloseStatus)code, GraphQLWebSocketSession.FitCloseReason(reason), cancellationToken);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            // The peer left before hearing why.
        }
    }

    public async Task HandleSchemaAsync(HttpContext context)
    {
        if (!options.EnableSchemaDownload)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var schema = schemaFactory(context.RequestServices);
        var sdl = PrintedSchemas.GetValue(schema, SchemaPrinter.Print);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(sdl, context.RequestAborted);
    }

    public Task HandleExplorerAssetAsync(HttpContext context, string file)
    {
        if (!options.EnableExplorer)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return ExplorerPage.WriteAssetAsync(context, file);
    }

    private async Task<HttpGraphQLRequest> ReadPostAsync(HttpContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ContentType)
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return HttpGraphQLRequest.Failed(StatusCodes.Status415UnsupportedMediaType,
                $"POST bodies must be {JsonMediaType}; the request's Content-Type is '{request.ContentType}'.");
        }
        if (contentType.Charset.HasValue
            && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return HttpGraphQLRequest.Failed(StatusCodes.Status415UnsupportedMediaType,
                $"POST bodies must be {JsonMediaType} in utf-8, not '{contentType.Charset}'.");
        }
        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            return HttpGraphQLRequest.Failed(StatusCodes.Status413PayloadTooLarge,
                $"The request body has {request.ContentLength} bytes; the limit is {options.MaxRequestBodyBytes}.");
        }

        var body = await ReadBodyAsync(request.Body, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return HttpGraphQLRequest.Failed(StatusCodes.Status413PayloadTooLarge,
                $"The request body exceeds the limit of {options.MaxRequestBodyBytes} bytes.");
        }
        return HttpGraphQLRequest.FromJsonBody(body);
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static bool AcceptsHtml(HttpRequest request)
    {
        // A header's values may include null; TryParseList passes over null and empty values, its signature just does not say so.
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.ToArray()!, out var accepted)) return false;
        return accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                                 && (a.Quality ?? 1) > 0);
    }

    /// <summary>
    /// Picks the response media type. application/graphql-response+json when asked for; application/json for
    /// legacy clients, wildcards and requests without Accept, as the specification recommends until its watershed.
    /// </summary>
    internal static string? NegotiateMediaType(HttpRequest request)
    {
        var header = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(header)) return JsonMediaType;
        if (!MediaTypeHeaderValue.TryParseList(header.ToArray()!, out var accepted) || accepted.Count == 0)
        {
            return JsonMediaType;
        }
        string? best = null;
        double bestQuality = 0;
        foreach (var candidate in accepted)
        {
            var quality = candidate.Quality ?? 1;
            if (quality <= 0) continue;
            var type = candidate.MediaType.Value ?? "";
            string? offered = type.ToLowerInvariant() switch
            {
                GraphQLResponseMediaType => GraphQLResponseMediaType,
                JsonMediaType or "application/*" or "*/*" => JsonMediaType,
                _ => null,
            };
            if (offered is null) continue;
            var better = quality > bestQuality
                         || (quality == bestQuality && offered == GraphQLResponseMediaType && best != offered);
            if (better)
            {
                best = offered;
                bestQuality = quality;
            }
        }
        return best;
    }

    private static async Task WriteErrorAsync(HttpContext context, string mediaType, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("errors");
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
