using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TechHealth.Api.Security;

/// <summary>Who is asking, as far as the request's credentials show; <see cref="Anonymous"/> when it sent none.</summary>
public sealed record Caller(string Name, ApiRole? Role, string? Problem)
{
    public static readonly Caller Anonymous = new("anonymous", null, null);
    public bool IsAuthenticated => Role is not null;
    public bool Has(ApiRole role) => Role is { } r && r >= role;
}

/// <summary>
/// Reads <c>X-Api-Key</c>, <c>Authorization: ApiKey ...</c> or <c>Authorization: Bearer ...</c>. A refused credential
/// says why (unknown key, expired token) without echoing the secret or saying which part matched.
/// </summary>
public sealed class CallerResolver(IOptionsMonitor<SecurityOptions> options)
{
    public const string HttpItemKey = "techhealth.caller";

    public static string Hash(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<Caller> ResolveAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(HttpItemKey, out var cached) && cached is Caller c) return c;
        var caller = await ResolveUncachedAsync(http.Request);
        http.Items[HttpItemKey] = caller;
        return caller;
    }

    /// <summary>
    /// The caller of a GraphQL WebSocket: the upgrade request's headers, or else the <c>connection_init</c> payload's
    /// <c>X-Api-Key</c>/<c>apiKey</c> or <c>Authorization</c> entry (browsers cannot set headers on a WebSocket).
    /// The answer is kept on the request, so every operation of the connection runs as this caller.
    /// </summary>
    public async Task<Caller> ResolveForSocketAsync(HttpContext http, System.Text.Json.JsonElement? payload)
    {
        var fromHeaders = await ResolveAsync(http);
        if (fromHeaders.IsAuthenticated || payload is not { ValueKind: System.Text.Json.JsonValueKind.Object } p) return fromHeaders;
        string? Entry(params string[] names) => names.Select(n => p.TryGetProperty(n, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);
        var key = Entry("X-Api-Key", "x-api-key", "apiKey");
        var authorization = Entry("Authorization", "authorization");
        if (key is null && authorization is null) return fromHeaders;
        var caller = await ResolveCredentialsAsync(key, authorization);
        http.Items[HttpItemKey] = caller;
        return caller;
    }

    private Task<Caller> ResolveUncachedAsync(HttpRequest request) =>
        ResolveCredentialsAsync(request.Headers["X-Api-Key"].FirstOrDefault(), request.Headers.Authorization.FirstOrDefault());

    private async Task<Caller> ResolveCredentialsAsync(string? key, string? authorization)
    {
        var o = options.CurrentValue;
        if (key is null && authorization is not null && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) key = authorization[7..].Trim();
        if (key is not null) return FromKey(o, key);
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return await FromTokenAsync(o.Jwt, authorization[7..].Trim());
        return Caller.Anonymous;
    }

    private static Caller FromKey(SecurityOptions o, string key)
    {
        var hash = Encoding.ASCII.GetBytes(Hash(key));
        foreach (var k in o.ApiKeys)
        {
            // Constant-time comparison of hashes: timing reveals nothing about configured keys.
            if (CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(k.Hash.Trim().ToLowerInvariant())))
                return new Caller(k.Name, k.Role, null);
        }
        return new Caller("anonymous", null, "The API key is not one this service knows.");
    }

    private static async Task<Caller> FromTokenAsync(JwtOptions jwt, string token)
    {
        if (string.IsNullOrEmpty(jwt.SigningKey))
            return new Caller("anonymous", null, "Bearer tokens are not accepted here: no JWT signing key is configured (TechHealth:Security:Jwt:SigningKey).");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
            ValidateIssuer = jwt.Issuer is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience is not null,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        if (!result.IsValid)
            return new Caller("anonymous", null, result.Exception switch
            {
                SecurityTokenExpiredException => "The bearer token has expired.",
                SecurityTokenInvalidSignatureException => "The bearer token's signature does not verify.",
                SecurityTokenInvalidIssuerException => "The bearer token's issuer is not the configured one.",
                SecurityTokenInvalidAudienceException => "The bearer token's audience is not the configured one.",
                _ => "The bearer token is not valid.",
            });
        var name = result.Claims.TryGetValue("sub", out var sub) ? sub?.ToString() ?? "token" : "token";
        var roleText = result.Claims.TryGetValue(jwt.RoleClaim, out var r) ? r?.ToString() : null;
        return Enum.TryParse<ApiRole>(roleText, ignoreCase: true, out var role)
            ? new Caller(name, role, null)
            : new Caller(name, ApiRole.Reader, null);
    }
}
