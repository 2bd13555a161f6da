using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Settings of the graphql-transport-ws endpoint (the protocol of the <c>graphql-ws</c> library) served on the same
/// path as GraphQL over HTTP. It owns connection policy (init timeout, connection and operation limits, who may
/// connect); it must not carry engine behaviour.
/// </summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>Accepts WebSocket upgrades with the <c>graphql-transport-ws</c> subprotocol. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a socket may stay open without <c>connection_init</c> before it is closed with 4408. Default 3 s, as graphql-ws.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Operations one connection may run at once; a further <c>subscribe</c> gets an <c>error</c> message. Default 100.</summary>
    public int MaxOperationsPerConnection { get; set; } = 100;

    /// <summary>Open sockets this endpoint accepts; a further one is closed with 1013 (try again later). Default 1,000.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// Decides whether a connection may proceed, given the upgrade request and the <c>connection_init</c> payload
    /// (browsers cannot set headers on a WebSocket, so credentials may travel there). A refusal closes the socket
    /// with 4403. Null accepts every connection.
    /// </summary>
    public Func<HttpContext, JsonElement?, ValueTask<ConnectionAuthorization>>? AuthorizeConnection { get; set; }

    /// <summary>The clock the init timeout runs on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// The answer of <see cref="GraphQLWebSocketOptions.AuthorizeConnection"/>: allowed, or refused with a reason that
/// is safe to show the caller (it becomes the close reason and must never echo a secret).
/// </summary>
public sealed record ConnectionAuthorization(bool IsAllowed, string? Reason)
{
    public static ConnectionAuthorization Allowed { get; } = new(true, null);

    public static ConnectionAuthorization Refused(string reason) => new(false, reason);
}
