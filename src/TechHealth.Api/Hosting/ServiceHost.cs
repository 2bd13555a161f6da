using Microsoft.Extensions.Options;
using TechHealth.Api.Apis;
using TechHealth.Api.Jobs;

namespace TechHealth.Api.Hosting;

/// <summary>Builds and runs the web service: the host for every API, the watcher and the scheduled jobs.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?> overrides)
    {
        var options = new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the executable, so the service starts the same from any folder;
            // the test host passes its own content root, which then wins.
            ContentRootPath = overrides.ContainsKey("contentRoot") ? null : AppContext.BaseDirectory,
        };
        var builder = WebApplication.CreateBuilder(options);
        RepositorySettings.Add(builder.Configuration, Environment.CurrentDirectory, overrides.GetValueOrDefault(CommandLineSplit.SettingsFile));
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddTechHealth(builder.Configuration).AddTechHealthService(builder.Configuration);

        var o = builder.Configuration.GetSection(TechHealthOptions.Section).Get<TechHealthOptions>() ?? new TechHealthOptions();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
            builder.WebHost.UseUrls(o.Url);

        builder.AddTechHealthJobs(o);
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapTechHealthApis();
        app.MapTechHealthMetrics(o.Telemetry);
        return app;
    }
}
