using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TechHealth.Api.Hosting;

/// <summary>
/// OpenTelemetry for the web host: the service's meter (<see cref="TechHealthMetrics"/>) and spans
/// (<see cref="TechHealthTelemetry"/>), ASP.NET Core's request duration, a Prometheus scrape endpoint and, when
/// configured, an OTLP exporter that also receives ASP.NET Core's request spans.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>ASP.NET Core's meter of <c>http.server.request.duration</c> and <c>http.server.active_requests</c>.</summary>
    public const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    public static IServiceCollection AddTechHealthTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithMetrics(m =>
            {
                // Of ASP.NET Core's meters only the request duration and requests in flight (the hosting meter): the
                // routing, Kestrel and rate-limiting meters would add several recordings to every request for little use.
                m.AddMeter(TechHealthMetrics.MeterName, AspNetCoreHostingMeter);
                if (options.Prometheus) m.AddPrometheusExporter();
                if (otlp is not null) m.AddOtlpExporter(o => o.Endpoint = otlp);
            })
            .WithTracing(t =>
            {
                t.AddSource(TechHealthTelemetry.SourceNames);
                if (otlp is null) return;
                // A span per request only when a collector receives it: made and dropped, it cost a fifth of a small
                // request's CPU (docs/benchmarks.md). The scrape itself is not worth a span every 15 seconds.
                t.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                    .AddOtlpExporter(o => o.Endpoint = otlp);
            });
        return services;
    }

    public static WebApplication MapTechHealthMetrics(this WebApplication app, TelemetryOptions options)
    {
        if (options.Prometheus) app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
