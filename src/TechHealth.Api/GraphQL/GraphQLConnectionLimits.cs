using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using TechHealth.Api.Apis;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Long-lived GraphQL connections held to the configured numbers: WebSockets beyond
/// <c>MaxWebSocketConnections</c> are accepted and closed at once with 1013 (try again later), and Server-Sent
/// Event streams beyond <c>MaxEventStreams</c> get 503 with Retry-After, so dashboards cannot exhaust the service.
/// </summary>
public sealed class GraphQLConnectionLimits(IOptions<GraphQLLimitOptions> options)
{
    private int _sockets;
    private int _streams;

    public async Task Enforce(HttpContext ctx, RequestDelegate next)
    {
        var limits = options.Value;
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            if (Interlocked.Increment(ref _sockets) > limits.MaxWebSocketConnections)
            {
                Interlocked.Decrement(ref _sockets);
                var protocol = ctx.WebSockets.WebSocketRequestedProtocols.FirstOrDefault();
                using var socket = await ctx.WebSockets.AcceptWebSocketAsync(protocol);
                await socket.CloseAsync((WebSocketCloseStatus)1013,
                    $"The service is at its limit of open connections (MaxConnections = {limits.MaxWebSocketConnections}); try again later.", ctx.RequestAborted);
                return;
            }
            try { await next(ctx); }
            finally { Interlocked.Decrement(ref _sockets); }
            return;
        }
        if (ctx.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            if (Interlocked.Increment(ref _streams) > limits.MaxEventStreams)
            {
                Interlocked.Decrement(ref _streams);
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                ctx.Response.Headers.RetryAfter = "5";
                await ctx.Response.WriteAsJsonAsync(new { errors = new[] { new { message = $"The service is at its limit of open event streams (MaxEventStreams = {limits.MaxEventStreams}); try again later." } } });
                return;
            }
            try { await next(ctx); }
            finally { Interlocked.Decrement(ref _streams); }
            return;
        }
        await next(ctx);
    }
}
