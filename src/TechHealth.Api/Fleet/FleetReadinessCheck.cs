using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TechHealth.Api.Fleet;

/// <summary>
/// "Starting" until the first results are in force: right after a restart nothing is served from the store yet, and a
/// load balancer must not send traffic that would see an empty fleet. /healthz answers 503 with status "Starting" until then.
/// </summary>
public sealed class FleetReadinessCheck(FleetState state) : IHealthCheck
{
    /// <summary>The data key that marks a check as still starting (the response's status then reads "Starting").</summary>
    public const string StartingKey = "starting";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Current is not { } current)
            return Task.FromResult(HealthCheckResult.Unhealthy("Starting: the first results are not in force yet (the start-up scan or evaluation is running).",
                data: new Dictionary<string, object> { [StartingKey] = true }));
        var data = new Dictionary<string, object> { ["components"] = current.Components.Count };
        if (current.Run is { } run) data["evaluationRun"] = run.Id;
        return Task.FromResult(HealthCheckResult.Healthy("Results are in force.", data));
    }
}
