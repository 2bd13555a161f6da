using Microsoft.Data.Sqlite;
using TechHealth.Api.Apis;
using TechHealth.Api.Definitions;
using TechHealth.Api.Security;
using TechHealth.OData;
using TechHealth.Pages;
using TechHealth.Api.Fleet;
using TechHealth.Api.Jobs;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Hosting;

/// <summary>Registers everything the service and the command-line verbs share.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddTechHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TechHealthOptions.Section);
        services.Configure<TechHealthOptions>(section);
        var options = section.Get<TechHealthOptions>() ?? new TechHealthOptions();
        var paths = WorkspacePaths.Discover(options.Root, Directory.GetCurrentDirectory());
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DefinitionsState>();
        services.AddSingleton<DefinitionsReloader>();

        var storage = StorageServiceCollectionExtensions.ReadOptions(section.GetSection("Storage"));
        storage.ConnectionString = AnchorSqlitePath(storage, paths);
        // Stored department refs (OData, trends) follow the same department types as the rollups.
        storage.DepartmentGroupTypes = [.. options.Evaluation.DepartmentTypes];
        services.AddTechHealthStorage(storage);
        var cluster = Cluster.ClusterMode.From(configuration, storage);
        services.AddSingleton(cluster);

        services.AddSingleton<FleetState>();
        services.AddSingleton<RunEvents>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<UnchangedEvaluation>();
        services.AddMetrics();
        services.AddSingleton<TechHealthMetrics>();
        services.AddSingleton<ScanSources>();
        services.AddSingleton<ScanService>();
        services.AddSingleton(sp => new ScanProgress(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<InterruptedScanRuns>();
        services.AddDepartmentReports();
        return services;
    }

    /// <summary>Services only the long-running web host needs: start-up work, watcher, schedules, health checks.</summary>
    public static IServiceCollection AddTechHealthService(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TechHealthOptions.Section).Get<TechHealthOptions>() ?? new TechHealthOptions();
        services.AddTechHealthTelemetry(options.Telemetry);
        services.AddHostedService<StartupWork>();
        services.AddSingleton<Cluster.ShardScheduler>();
        services.AddSingleton<Cluster.ShardScanner>();
        services.AddSingleton<Cluster.ClusterRunCompletion>();
        services.AddSingleton<Cluster.ClusterScan>();
        // After StartupWork, whose start migrates the tables the follower reads.
        services.AddHostedService<Cluster.RunFollower>();
        services.AddHostedService<DefinitionsWatcher>();
        services.AddHostedService<ReevaluateOnEdit>();
        services.AddHealthChecks().AddCheck<DefinitionsHealthCheck>("definitions").AddCheck<FleetReadinessCheck>("fleet").AddCheck<ScanProgressHealthCheck>("scan");

        var security = configuration.GetSection($"{TechHealthOptions.Section}:Security");
        services.Configure<SecurityOptions>(security);
        services.AddSingleton<CallerResolver>();
        services.AddTechHealthAuthentication(security);
        services.AddTechHealthRateLimiting((security.Get<SecurityOptions>() ?? new SecurityOptions()).RateLimit);
        var graphQL = configuration.GetSection($"{TechHealthOptions.Section}:GraphQL");
        services.Configure<GraphQLLimitOptions>(graphQL);
        services.AddGraphQLApi(graphQL.Get<GraphQLLimitOptions>() ?? new GraphQLLimitOptions());
        // Trends per stored run, read once and shared by GraphQL and the pages.
        services.AddSingleton<RunTrends>();
        services.AddTechHealthPages();
        services.AddODataFeed(sp => sp.GetRequiredService<DefinitionsState>().Current.Radar);
        var evaluation = options.Evaluation;
        services.AddOptions<ODataFeedOptions>()
            .Bind(configuration.GetSection($"{TechHealthOptions.Section}:OData"))
            .Configure<DefinitionsState, Definitions.DefinitionsReloader>((feed, definitions, reloader) =>
            {
                // The feed's EDM model is built when the routes are, which can come before start-up loads the
                // definitions: load them here then, so its {Level}Count columns are the levels in checks/, and
                // departments are the rollups' group types.
                if (!definitions.IsLoaded) reloader.Reload("odata model");
                if (definitions.IsLoaded) feed.Levels = [.. definitions.Current.Checks.Levels];
                feed.DepartmentGroupTypes = [.. evaluation.DepartmentTypes];
            });
        return services;
    }

    // A relative SQLite file is placed under the workspace root, not wherever the process happened to start.
    private static string AnchorSqlitePath(StorageOptions storage, WorkspacePaths paths)
    {
        if (storage.NormalisedProvider != StorageOptions.Sqlite) return storage.ConnectionString;
        var b = new SqliteConnectionStringBuilder(storage.ConnectionString);
        if (string.IsNullOrEmpty(b.DataSource) || b.DataSource == ":memory:" || b.Mode == SqliteOpenMode.Memory || Path.IsPathRooted(b.DataSource))
            return storage.ConnectionString;
        b.DataSource = paths.Resolve(b.DataSource);
        return b.ToString();
    }
}
