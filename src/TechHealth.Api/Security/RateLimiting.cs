using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TechHealth.Api.Security;

/// <summary>The framework's rate limiter, one fixed window per caller (API key name, else client address).</summary>
public static class RateLimiting
{
    public const string PolicyName = "per-caller";

    public static IServiceCollection AddTechHealthRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = options.WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ctx.HttpContext.Response.WriteAsJsonAsync(new { errors = new[] { new { message = $"Rate limit: at most {options.PermitsPerWindow} requests per {options.WindowSeconds} s per caller. Retry after {options.WindowSeconds} s." } } }, ct);
            };
            o.AddPolicy(PolicyName, http =>
            {
                if (options.PermitsPerWindow <= 0) return RateLimitPartition.GetNoLimiter("off");
                var key = http.Request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } k ? "key:" + CallerResolver.Hash(k)
                    : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local");
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerWindow,
                    Window = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
