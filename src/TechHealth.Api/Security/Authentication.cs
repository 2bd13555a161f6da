using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace TechHealth.Api.Security;

/// <summary>
/// Callers through ASP.NET Core authentication: <c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c> by the API-key
/// scheme, <c>Authorization: Bearer ...</c> by the JwtBearer package, a policy scheme choosing between them; roles
/// through authorization policies (<see cref="Policies"/>).
/// </summary>
public static class TechHealthAuthentication
{
    public const string CallerScheme = "TechHealth";
    public const string ApiKeyScheme = "ApiKey";
    public const string NameClaim = "sub";

    public static IServiceCollection AddTechHealthAuthentication(this IServiceCollection services, IConfigurationSection security)
    {
        services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                // An API key wins over a token when a request sends both, as it always has.
                http.Request.Headers.ContainsKey("X-Api-Key") || http.Request.Headers.Authorization.ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure(o =>
        {
            var jwt = security.GetSection("Jwt").Get<JwtOptions>() ?? new JwtOptions();
            // Claims keep the names the token carries ("sub", the configured role claim), not WS-Federation URIs.
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = string.IsNullOrEmpty(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                ValidateIssuer = jwt.Issuer is not null,
                ValidIssuer = jwt.Issuer,
                ValidateAudience = jwt.Audience is not null,
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = NameClaim,
                RoleClaimType = jwt.RoleClaim,
            };
            o.Events = new JwtBearerEvents
            {
                // Without a signing key no token can verify: say that, rather than the handler's key-lookup failure. A
                // request that sends no token is simply anonymous, not refused a token it never sent.
                OnMessageReceived = context =>
                {
                    if (string.IsNullOrEmpty(jwt.SigningKey) && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                        context.Fail("Bearer tokens are not accepted here: no JWT signing key is configured (TechHealth:Security:Jwt:SigningKey).");
                    return Task.CompletedTask;
                },
            };
        });
        // An edited appsettings.json changes the token rules without a restart, as it changes the API keys.
        services.AddSingleton<IOptionsChangeTokenSource<JwtBearerOptions>>(new ConfigurationChangeTokenSource<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, security));

        services.AddAuthorization(o =>
        {
            o.AddPolicy(Policies.Read, p => p.AddRequirements(new ReadRequirement()));
            foreach (var role in Enum.GetValues<ApiRole>())
                o.AddPolicy(Policies.Role(role), p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(role)));
        });
        services.AddSingleton<IAuthorizationHandler, ReadRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        return services;
    }

    /// <summary>The caller's role as its credential states it; a token naming no known role reads.</summary>
    public static ApiRole? RoleOf(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return null;
        return Enum.TryParse<ApiRole>(identity.FindFirst(identity.RoleClaimType)?.Value, ignoreCase: true, out var role) ? role : ApiRole.Reader;
    }
}

/// <summary>The policies callers are held to: reads (open unless configured otherwise) and each role, higher roles included.</summary>
public static class Policies
{
    public const string Read = "techhealth:read";
    public static string Role(ApiRole role) => "techhealth:" + role.ToString().ToLowerInvariant();
}

public sealed record RoleRequirement(ApiRole Role) : IAuthorizationRequirement;

public sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (TechHealthAuthentication.RoleOf(context.User) is { } role && role >= requirement.Role) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public sealed record ReadRequirement : IAuthorizationRequirement;

/// <summary>Reads need an authenticated caller only where <c>TechHealth:Security:RequireAuthenticationForReads</c> says so.</summary>
public sealed class ReadRequirementHandler(IOptionsMonitor<SecurityOptions> options) : AuthorizationHandler<ReadRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadRequirement requirement)
    {
        if (!options.CurrentValue.RequireAuthenticationForReads || context.User.Identity?.IsAuthenticated == true) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c> against the configured keys' SHA-256 hashes. An unknown key
/// fails with a reason that neither echoes it nor says which part matched.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string UnknownKey = "The API key is not one this service knows.";

    public static string Hash(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (key is null && authorization is not null && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) key = authorization[7..].Trim();
        if (key is null) return Task.FromResult(AuthenticateResult.NoResult());
        var hash = Encoding.ASCII.GetBytes(Hash(key));
        foreach (var k in security.CurrentValue.ApiKeys)
        {
            // Constant-time comparison of hashes: timing reveals nothing about configured keys.
            if (!CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(k.Hash.Trim().ToLowerInvariant()))) continue;
            var identity = new ClaimsIdentity([new Claim(TechHealthAuthentication.NameClaim, k.Name), new Claim("role", k.Role.ToString().ToLowerInvariant())],
                Scheme.Name, TechHealthAuthentication.NameClaim, "role");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }
        return Task.FromResult(AuthenticateResult.Fail(UnknownKey));
    }
}
