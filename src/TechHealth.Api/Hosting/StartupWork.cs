namespace TechHealth.Api.Hosting;

/// <summary>
/// Loads the definitions before the service takes requests (so /healthz is truthful from the first call).
/// </summary>
public sealed class StartupWork(Definitions.DefinitionsReloader reloader) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        reloader.Reload("startup");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
