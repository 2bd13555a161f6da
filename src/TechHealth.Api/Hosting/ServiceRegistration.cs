using TechHealth.Api.Definitions;

namespace TechHealth.Api.Hosting;

/// <summary>Registers everything the service and the command-line verbs share.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddTechHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TechHealthOptions.Section);
        services.Configure<TechHealthOptions>(section);
        var options = section.Get<TechHealthOptions>() ?? new TechHealthOptions();
        services.AddSingleton(WorkspacePaths.Discover(options.Root, Directory.GetCurrentDirectory()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DefinitionsState>();
        services.AddSingleton<DefinitionsReloader>();
        return services;
    }

    /// <summary>Services only the long-running web host needs: watcher, schedules, health checks.</summary>
    public static IServiceCollection AddTechHealthService(this IServiceCollection services)
    {
        services.AddHostedService<StartupWork>();
        services.AddHostedService<DefinitionsWatcher>();
        services.AddHealthChecks().AddCheck<DefinitionsHealthCheck>("definitions");
        return services;
    }
}
