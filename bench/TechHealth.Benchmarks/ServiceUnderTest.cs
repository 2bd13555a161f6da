using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TechHealth.Api.Fleet;

namespace TechHealth.Benchmarks;

/// <summary>
/// The real service (its Program, configuration and pipeline) hosted in this process on a Kestrel loopback port, over a
/// prepared benchmark folder. Only the configuration differs from <c>dotnet run --project src/TechHealth.Api</c>.
/// </summary>
public sealed class ServiceUnderTest : WebApplicationFactory<Program>
{
    private readonly BenchWorkspace _workspace;

    public ServiceUnderTest(BenchWorkspace workspace, bool kestrel)
    {
        _workspace = workspace;
        if (kestrel) UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The content root `dotnet run --project src/TechHealth.Api` would have (its appsettings.json).
        builder.UseContentRoot(Path.Combine(BenchWorkspace.RepositoryRoot, "src", "TechHealth.Api"));
        foreach (var (k, v) in _workspace.Settings()) builder.UseSetting(k, v);
        // A free loopback port: the benchmark must not take the service's default port from a running instance.
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureLogging(logging => BenchServices.Quiet(logging));
    }

    /// <summary>Starts the host and waits until it has published a fleet snapshot (after the start-up scan or evaluation).</summary>
    public async Task<FleetSnapshot> StartAsync(TimeSpan timeout)
    {
        StartServer();
        var state = Services.GetRequiredService<FleetState>();
        var deadline = DateTime.UtcNow + timeout;
        while (state.Current is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the service did not publish a snapshot in time");
            await Task.Delay(100);
        }
        return state.Current;
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
