using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TechHealth.Api.Hosting;

/// <summary>
/// OpenTelemetry for the web host: the service's meter (<see cref="TechHealthMetrics"/>) and spans
/// (<see cref="TechHealthTelemetry"/>), ASP.NET Core's request duration and spans, a Prometheus scrape endpoint and,
/// when configured, an OTLP exporter.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddTechHealthTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithMetrics(m =>
            {
                m.AddMeter(TechHealthMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (options.Prometheus) m.AddPrometheusExporter();
                if (otlp is not null) m.AddOtlpExporter(o => o.Endpoint = otlp);
            })
            .WithTracing(t =>
            {
                t.AddSource(TechHealthTelemetry.SourceNames)
                    // The scrape itself is not worth a span every 15 seconds.
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath));
                if (otlp is not null) t.AddOtlpExporter(o => o.Endpoint = otlp);
            });
        return services;
    }

    public static WebApplication MapTechHealthMetrics(this WebApplication app, TelemetryOptions options)
    {
        if (options.Prometheus) app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
