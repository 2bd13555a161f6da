using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace TechHealth.Api.Security;

/// <summary>Who is asking, as far as the request's credentials show; <see cref="Anonymous"/> when it sent none.</summary>
public sealed record Caller(string Name, ApiRole? Role, string? Problem)
{
    public static readonly Caller Anonymous = new("anonymous", null, null);
    public bool IsAuthenticated => Role is not null;

    /// <summary>The authenticated user the authorization policies are evaluated against.</summary>
    public ClaimsPrincipal Principal { get; init; } = new(new ClaimsIdentity());
}

/// <summary>
/// The caller of a request, from ASP.NET Core authentication (<see cref="TechHealthAuthentication"/>). A refused
/// credential says why (unknown key, expired token) without echoing the secret or saying which part matched.
/// </summary>
public sealed class CallerResolver(IAuthorizationService authorization)
{
    public const string HttpItemKey = "techhealth.caller";

    public static string Hash(string key) => ApiKeyHandler.Hash(key);

    public async Task<Caller> ResolveAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(HttpItemKey, out var cached) && cached is Caller c) return c;
        var caller = Of(await http.AuthenticateAsync());
        http.Items[HttpItemKey] = caller;
        return caller;
    }

    /// <summary>Whether the caller may read (<see cref="Policies.Read"/>).</summary>
    public async Task<bool> MayReadAsync(Caller caller) => (await authorization.AuthorizeAsync(caller.Principal, Policies.Read)).Succeeded;

    /// <summary>Whether the caller holds the role or a higher one (<see cref="Policies.Role"/>).</summary>
    public async Task<bool> HasAsync(Caller caller, ApiRole role) => (await authorization.AuthorizeAsync(caller.Principal, Policies.Role(role))).Succeeded;

    /// <summary>
    /// The caller of a GraphQL WebSocket: the upgrade request's headers, or else the <c>connection_init</c> payload's
    /// <c>X-Api-Key</c>/<c>apiKey</c> or <c>Authorization</c> entry (browsers cannot set headers on a WebSocket).
    /// The answer is kept on the request, so every operation of the connection runs as this caller.
    /// </summary>
    public async Task<Caller> ResolveForSocketAsync(HttpContext http, JsonElement? payload)
    {
        var fromHeaders = await ResolveAsync(http);
        if (fromHeaders.IsAuthenticated || payload is not { ValueKind: JsonValueKind.Object } p) return fromHeaders;
        string? Entry(params string[] names) => names.Select(n => p.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);
        var key = Entry("X-Api-Key", "x-api-key", "apiKey");
        var authorizationHeader = Entry("Authorization", "authorization");
        if (key is null && authorizationHeader is null) return fromHeaders;
        var caller = await ProbeAsync(http, key, authorizationHeader);
        http.Items[HttpItemKey] = caller;
        return caller;
    }

    /// <summary>
    /// The caller of credentials put on the request's headers after ASP.NET Core authenticated it (the pages' sign-in
    /// form and cookie): they are authenticated afresh, since a scheme asked before would keep its first answer.
    /// </summary>
    public async Task<Caller> ResolveAddedCredentialsAsync(HttpContext http)
    {
        var key = http.Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorizationHeader = http.Request.Headers.Authorization.FirstOrDefault();
        if (key is null && authorizationHeader is null) return await ResolveAsync(http);
        var caller = await ProbeAsync(http, key, authorizationHeader);
        http.Items[HttpItemKey] = caller;
        return caller;
    }

    /// <summary>
    /// Credentials through the same schemes as a request's own headers: on a request of their own, in a scope of its
    /// own, because a request's handlers keep their first answer.
    /// </summary>
    private static async Task<Caller> ProbeAsync(HttpContext http, string? key, string? authorizationHeader)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (key is not null) probe.Request.Headers["X-Api-Key"] = key;
        if (authorizationHeader is not null) probe.Request.Headers.Authorization = authorizationHeader;
        return Of(await probe.AuthenticateAsync());
    }

    private static Caller Of(AuthenticateResult result)
    {
        if (result.Succeeded && TechHealthAuthentication.RoleOf(result.Principal) is { } role)
            return new Caller(result.Principal.Identity?.Name ?? "token", role, null) { Principal = result.Principal };
        if (result.None || result.Failure is null) return Caller.Anonymous;
        return new Caller("anonymous", null, Reason(result.Failure));
    }

    /// <summary>Why a credential was refused, in words that neither echo it nor say which part matched.</summary>
    private static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The bearer token's signature does not verify.",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer is not the configured one.",
        SecurityTokenInvalidAudienceException => "The bearer token's audience is not the configured one.",
        SecurityTokenException or ArgumentException or AggregateException => "The bearer token is not valid.",
        // The schemes' own refusals (an unknown API key, no signing key configured) are already worded for the caller.
        _ => failure.Message,
    };
}
