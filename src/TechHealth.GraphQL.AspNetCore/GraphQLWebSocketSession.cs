using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// One socket speaking graphql-transport-ws: connection_init/connection_ack, ping/pong, subscribe/next/error/complete
/// and the protocol's close codes. Every operation type runs here: queries and mutations answer with one
/// <c>next</c> and a <c>complete</c>, subscriptions with a <c>next</c> per event. It hands documents to the engine
/// and never validates or executes anything itself.
/// </summary>
internal sealed class GraphQLWebSocketSession
{
    public const string SubProtocol = "graphql-transport-ws";

    internal const int BadRequest = 4400;
    internal const int Unauthorized = 4401;
    internal const int Forbidden = 4403;
    internal const int SubprotocolNotAcceptable = 4406;
    internal const int ConnectionInitialisationTimeout = 4408;
    internal const int SubscriberAlreadyExists = 4409;
    internal const int TooManyInitialisationRequests = 4429;
    internal const int TryAgainLater = 1013;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebSocket socket;
    private readonly HttpContext http;
    private readonly Schema schema;
    private readonly GraphQLHttpOptions options;
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource session;
    private int initReceived;
    private volatile bool acknowledged;
    private int closed;

    public GraphQLWebSocketSession(WebSocket socket, HttpContext http, Schema schema, GraphQLHttpOptions options)
    {
        this.socket = socket;
        this.http = http;
        this.schema = schema;
        this.options = options;
        session = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    }

    public async Task RunAsync()
    {
        var ws = options.WebSockets;
        using var initTimer = ws.TimeProvider.CreateTimer(_ =>
        {
            if (Volatile.Read(ref initReceived) == 0) _ = CloseAsync(ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }, null, ws.ConnectionInitTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (!session.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var message = await ReceiveAsync();
                if (message is null) break;
                await HandleMessageAsync(message.Value);
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // Closed by us (a protocol error or the init timeout) or the client went away.
        }
        catch (WebSocketException)
        {
            // The peer vanished without a close handshake; nothing is left to answer.
        }
        finally
        {
            foreach (var operation in operations.Values) operation.Cancel();
            session.Cancel();
        }
    }

    /// <summary>The next text message as JSON, or null when the client closed (or a protocol error closed the socket).</summary>
    private async Task<JsonElement?> ReceiveAsync()
    {
        var limit = options.MaxRequestBodyBytes;
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), session.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return null;
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > limit)
            {
                await CloseAsync(BadRequest, $"Message exceeds {limit} bytes");
                return null;
            }
            if (!result.EndOfMessage) continue;
            if (result.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(BadRequest, "Binary messages are not part of graphql-transport-ws");
                return null;
            }
            try
            {
                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                await CloseAsync(BadRequest, "Invalid message received: not JSON");
                return null;
            }
        }
    }

    private async Task HandleMessageAsync(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            await CloseAsync(BadRequest, "Invalid message received: no type");
            return;
        }
        var payload = message.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null ? p : (JsonElement?)null;
        switch (typeElement.GetString())
        {
            case "connection_init":
                await InitAsync(payload);
                break;
            case "ping":
                await SendAsync("pong", null, payload);
                break;
            case "pong":
                break;
            case "subscribe":
                await SubscribeAsync(message, payload);
                break;
            case "complete":
                if (ReadId(message) is { } id && operations.TryRemove(id, out var operation)) operation.Cancel();
                break;
            default:
                // connection_ack, next and error travel only from server to client.
                await CloseAsync(BadRequest, $"Invalid message received: unexpected type \"{typeElement.GetString()}\"");
                break;
        }
    }

    private async Task InitAsync(JsonElement? payload)
    {
        if (Interlocked.Exchange(ref initReceived, 1) == 1)
        {
            await CloseAsync(TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        if (payload is { ValueKind: not JsonValueKind.Object })
        {
            await CloseAsync(BadRequest, "Invalid message received: connection_init payload must be an object");
            return;
        }
        if (options.WebSockets.AuthorizeConnection is { } authorize)
        {
            var decision = await authorize(http, payload);
            if (!decision.IsAllowed)
            {
                await CloseAsync(Forbidden, decision.Reason ?? "Forbidden");
                return;
            }
        }
        acknowledged = true;
        await SendAsync("connection_ack", null, null);
    }

    private static string? ReadId(JsonElement message) =>
        message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text ? text : null;

    private async Task SubscribeAsync(JsonElement message, JsonElement? payload)
    {
        if (!acknowledged)
        {
            await CloseAsync(Unauthorized, "Unauthorized");
            return;
        }
        var id = ReadId(message);
        if (id is null || payload is not { ValueKind: JsonValueKind.Object } body)
        {
            await CloseAsync(BadRequest, "Invalid message received: subscribe needs an id and a payload object");
            return;
        }
        var parsed = HttpGraphQLRequest.FromJsonElement(body);
        if (parsed.Error is { } error)
        {
            await CloseAsync(BadRequest, $"Invalid message received: {error.Message}");
            return;
        }
        if (operations.ContainsKey(id))
        {
            await CloseAsync(SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        if (operations.Count >= options.WebSockets.MaxOperationsPerConnection)
        {
            await SendErrorsAsync(id, new[] { new GraphQLError(
                $"This connection already runs {options.WebSockets.MaxOperationsPerConnection} operations, the limit; complete one first.",
                extensions: new Dictionary<string, object?> { ["code"] = "LIMIT_EXCEEDED", ["limit"] = "MaxOperationsPerConnection" }) });
            return;
        }
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(session.Token);
        operations[id] = cancellation;
        _ = RunOperationAsync(id, parsed.Request!, cancellation);
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, CancellationTokenSource cancellation)
    {
        try
        {
            if (options.AuthorizeMutation is { } authorize
                && OperationFinder.Find(request.Query!, request.OperationName) == OperationType.Mutation)
            {
                var decision = await authorize(http);
                if (!decision.IsAllowed)
                {
                    await SendErrorsAsync(id, new[] { new GraphQLError(decision.Reason ?? "This mutation is not allowed.") });
                    return;
                }
            }
            var executionOptions = new ExecutionOptions
            {
                RequestServices = http.RequestServices,
                UserContext = options.UserContextFactory?.Invoke(http) ?? new Dictionary<string, object?>(),
                CancellationToken = cancellation.Token,
                Limits = options.Limits ?? new ExecutionLimits(),
                ExposeExceptionMessages = options.ExposeExceptionMessages,
            };
            var outcome = await Executor.SubscribeAsync(schema, request, executionOptions);
            if (outcome.Result is { } single)
            {
                // Without data nothing executed: the request was refused, which the protocol reports as an error message.
                if (!single.HasData) await SendErrorsAsync(id, single.Errors);
                else
                {
                    await SendAsync("next", id, single);
                    await CompleteAsync(id);
                }
                return;
            }
            try
            {
                await foreach (var result in outcome.Events!.WithCancellation(cancellation.Token))
                {
                    await SendAsync("next", id, result);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                // The source stream failed after it started; the operation ends with an error, the socket stays.
                var message = options.ExposeExceptionMessages || ex is GraphQLException ? ex.Message : "Unexpected error.";
                await SendErrorsAsync(id, new[] { new GraphQLError(message) });
                return;
            }
            await CompleteAsync(id);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client completed the operation or the socket closed; nothing is owed.
        }
        catch (WebSocketException)
        {
            session.Cancel();
        }
        finally
        {
            if (operations.TryGetValue(id, out var current) && current == cancellation) operations.TryRemove(id, out _);
            cancellation.Dispose();
        }
    }

    private async Task CompleteAsync(string id)
    {
        // A client's complete removed the entry already and wants no echo.
        if (operations.TryRemove(id, out _)) await SendAsync("complete", id, null);
    }

    private Task SendErrorsAsync(string id, IReadOnlyList<GraphQLError> errors)
    {
        operations.TryRemove(id, out _);
        return SendAsync("error", id, errors);
    }

    private async Task SendAsync(string type, string? id, object? payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (id is not null) writer.WriteString("id", id);
            writer.WriteString("type", type);
            switch (payload)
            {
                case ExecutionResult result:
                    writer.WritePropertyName("payload");
                    result.WriteJson(writer);
                    break;
                case IReadOnlyList<GraphQLError> errors:
                    writer.WritePropertyName("payload");
                    writer.WriteStartArray();
                    foreach (var error in errors) error.WriteJson(writer);
                    writer.WriteEndArray();
                    break;
                case JsonElement element:
                    writer.WritePropertyName("payload");
                    element.WriteTo(writer);
                    break;
            }
            writer.WriteEndObject();
        }
        await sendGate.WaitAsync(session.Token);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, session.Token);
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>A close frame carries at most 123 bytes of reason; longer ones are cut at a character boundary.</summary>
    internal static string FitCloseReason(string reason)
    {
        const int MaxBytes = 123;
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= MaxBytes) return reason;
        var length = reason.Length;
        while (System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxBytes - 3) length--;
        if (length > 0 && char.IsHighSurrogate(reason[length - 1])) length--;
        return reason[..length] + "...";
    }

    /// <summary>Closes the socket with a protocol close code; the session and its operations end with it.</summary>
    internal async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref closed, 1) == 1) return;
        foreach (var operation in operations.Values) operation.Cancel();
        try
        {
            await sendGate.WaitAsync(http.RequestAborted);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, FitCloseReason(reason), http.RequestAborted);
            }
            finally
            {
                sendGate.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is already gone; the close frame has nobody to reach.
        }
        session.Cancel();
    }
}
