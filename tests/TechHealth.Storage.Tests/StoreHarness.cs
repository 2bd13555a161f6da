using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TechHealth.Storage.Tests;

/// <summary>What one process of the service would hold: its own service provider, contexts and stores over one database.</summary>
public sealed class StoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public StoreHarness(StorageOptions options, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddTechHealthStorage(options);
        _services = services.BuildServiceProvider();
    }

    public FactStore Facts => _services.GetRequiredService<FactStore>();
    public EvaluationStore Evaluations => _services.GetRequiredService<EvaluationStore>();
    public ExemptionStore Exemptions => _services.GetRequiredService<ExemptionStore>();
    public StorageDatabase Database => _services.GetRequiredService<StorageDatabase>();
    public IServiceProvider Services => _services;

    public TechHealthDbContext NewContext() => _services.GetRequiredService<IDbContextFactory<TechHealthDbContext>>().CreateDbContext();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
