using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TechHealth.Api.Apis;

/// <summary>
/// <c>/healthz</c>: status plus, for each part, why it is degraded (file and line of a refused definitions edit). Until the
/// first results are in force the status is "Starting" with 503, so nothing routes traffic to a service with an empty fleet.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            // Degraded still serves: the last good definitions are in force. Only unhealthy is 503.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        // Unhealthy only because it is still starting reads "Starting"; a real failure stays "Unhealthy".
        var starting = report.Entries.Values.Any(e => e.Data.ContainsKey(Fleet.FleetReadinessCheck.StartingKey))
                       && report.Entries.Values.All(e => e.Status != HealthStatus.Unhealthy || e.Data.ContainsKey(Fleet.FleetReadinessCheck.StartingKey));
        var body = new
        {
            status = starting ? "Starting" : report.Status.ToString(),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
