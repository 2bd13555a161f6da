using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TechHealth.Storage;

/// <summary>Registers the store: options, a context factory, <see cref="StorageDatabase"/> and the three stores (all singletons).</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Reads <see cref="StorageOptions"/> from a configuration section (e.g. <c>TechHealth:Storage</c>) and registers the store.</summary>
    public static IServiceCollection AddTechHealthStorage(this IServiceCollection services, IConfiguration section)
        => services.AddTechHealthStorage(ReadOptions(section));

    /// <summary>Registers the store with options set in code.</summary>
    public static IServiceCollection AddTechHealthStorage(this IServiceCollection services, Action<StorageOptions> configure)
    {
        var options = new StorageOptions();
        configure(options);
        return services.AddTechHealthStorage(options);
    }

    public static IServiceCollection AddTechHealthStorage(this IServiceCollection services, StorageOptions options)
    {
        _ = options.NormalisedProvider; // fail at registration, naming the setting, rather than at first query
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddDbContextFactory<TechHealthDbContext>(builder => TechHealthDbContext.Configure(builder, options));
        services.AddSingleton<StorageDatabase>();
        services.AddSingleton<FactStore>();
        services.AddSingleton<EvaluationStore>();
        services.AddSingleton<ExemptionStore>();
        services.AddSingleton<ScanShardStore>();
        return services;
    }

    /// <summary>Applies the migrations (call once at start-up, before serving).</summary>
    public static Task MigrateTechHealthStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
        => services.GetRequiredService<StorageDatabase>().MigrateAsync(cancellationToken);

    /// <summary>Reads the section's keys: Provider, ConnectionString, BusyTimeout (seconds or hh:mm:ss), DepartmentGroupTypes (list).</summary>
    public static StorageOptions ReadOptions(IConfiguration section)
    {
        var options = new StorageOptions();
        if (section["Provider"] is { Length: > 0 } provider) options.Provider = provider;
        if (section["ConnectionString"] is { Length: > 0 } connection) options.ConnectionString = connection;
        if (section["BusyTimeout"] is { Length: > 0 } timeout)
        {
            if (double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) options.BusyTimeout = TimeSpan.FromSeconds(seconds);
            else if (TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var span)) options.BusyTimeout = span;
            else throw new InvalidOperationException($"TechHealth:Storage:BusyTimeout '{timeout}' is neither seconds nor hh:mm:ss.");
        }
        var types = section.GetSection("DepartmentGroupTypes");
        var list = types.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (list.Count == 0 && types.Value is { Length: > 0 } csv)
            list = csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (list.Count > 0) options.DepartmentGroupTypes = list;
        return options;
    }
}
