using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TechHealth.Api.Definitions;

/// <summary>Healthy with valid definitions; degraded while the latest edit is refused (the last good ones still serve); unhealthy with none.</summary>
public sealed class DefinitionsHealthCheck(DefinitionsState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = state.Current;
        var data = new Dictionary<string, object>
        {
            ["version"] = current.Version,
            ["radarEntries"] = current.Radar.Entries.Count,
            ["checks"] = current.Checks.Checks.Count,
            ["loadedAt"] = current.LoadedAt,
        };
        var errors = state.Problems.Where(p => p.Severity == Core.Definitions.ProblemSeverity.Error).Select(p => p.ToString()).ToArray();
        if (errors.Length > 0) data["errors"] = errors;
        if (!state.IsLoaded)
            return Task.FromResult(HealthCheckResult.Unhealthy("No valid radar and checks are loaded.", data: data));
        if (errors.Length > 0)
            return Task.FromResult(HealthCheckResult.Degraded($"The latest edit of the definitions was refused ({errors.Length} errors); the last good definitions are in force.", data: data));
        return Task.FromResult(HealthCheckResult.Healthy("Definitions loaded.", data));
    }
}
