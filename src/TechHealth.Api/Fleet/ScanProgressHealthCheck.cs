using Microsoft.Extensions.Diagnostics.HealthChecks;
using TechHealth.Scanning;

namespace TechHealth.Api.Fleet;

/// <summary>
/// <c>/healthz</c>'s <c>scan</c> entry: the scan under way (or the last one) as counts of repositories. Always healthy:
/// a running or failed scan leaves the last complete results in force; a source that failed is named in its data.
/// </summary>
public sealed class ScanProgressHealthCheck(ScanProgress progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var p = progress.Current;
        var description = p.Running
            ? $"scan {p.Phase}: {p.Done} of {p.Discovered} repositories done ({p.Fetched} fetched, {p.Harvested} harvested, {p.Failed} failed)"
            : p.FinishedAt is null ? "no scan has run since start"
            : $"last scan finished {p.FinishedAt:u}: {p.Discovered} repositories, {p.Fetched} fetched, {p.Harvested} harvested, {p.Failed} failed";
        var data = new Dictionary<string, object>
        {
            ["running"] = p.Running,
            ["phase"] = p.Phase,
            ["discovered"] = p.Discovered,
            ["fetched"] = p.Fetched,
            ["harvested"] = p.Harvested,
            ["failed"] = p.Failed,
            ["failedSources"] = p.FailedSources,
        };
        if (p.StartedAt is { } started) data["startedAt"] = started;
        if (p.FinishedAt is { } finished) data["finishedAt"] = finished;
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
