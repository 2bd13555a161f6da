namespace TechHealth.Api.Security;

/// <summary>Roles, lowest first; each role may do what the roles below it may.</summary>
public enum ApiRole { Reader, Operator, Approver, Admin }

/// <summary>
/// <c>TechHealth:Security</c>. Reads are open on a local install unless <see cref="RequireAuthenticationForReads"/>;
/// mutations always need a caller: an API key (only its SHA-256 hash is configured) or a JWT when <see cref="Jwt"/> is set.
/// </summary>
public sealed class SecurityOptions
{
    public bool RequireAuthenticationForReads { get; set; }
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
    public JwtOptions Jwt { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>One entry of <c>TechHealth:Security:ApiKeys</c>: a named caller, its role, and the hash of its key (never the key itself).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key; shown in logs and recorded as the creator of exemptions.</summary>
    public string Name { get; set; } = "";
    /// <summary><c>sha256:</c> followed by the hex SHA-256 of the key (<c>techhealth apikey new</c> prints one).</summary>
    public string Hash { get; set; } = "";
    public ApiRole Role { get; set; } = ApiRole.Reader;
}

/// <summary><c>TechHealth:Security:Jwt</c>: how bearer tokens are validated and where their role is read.</summary>
public sealed class JwtOptions
{
    /// <summary>HMAC signing key (at least 32 characters). Empty: JWTs are not accepted.</summary>
    public string SigningKey { get; set; } = "";
    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    /// <summary>The claim holding the role name (reader, operator, approver, admin).</summary>
    public string RoleClaim { get; set; } = "role";
}

/// <summary><c>TechHealth:Security:RateLimit</c>: the fixed window each caller's requests are counted in.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per window per caller (API key, token subject, or IP address). 0 turns the limit off.</summary>
    public int PermitsPerWindow { get; set; } = 300;
    public int WindowSeconds { get; set; } = 1;
}
