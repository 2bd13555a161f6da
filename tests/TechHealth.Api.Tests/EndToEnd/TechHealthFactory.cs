using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TechHealth.Storage;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Api.Tests.EndToEnd;

/// <summary>
/// The real service over the real HTTP pipeline: its own copy of the repository's radar and checks (so tests may edit
/// them), a generated fleet as the one source, and a SQLite file, all in a temp folder removed on dispose.
/// </summary>
public class TechHealthFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string ReaderKey = "test-reader-key-0123456789";

    public TechHealthFactory() : this(components: 40) { }

    /// <param name="components">How many components the generated fleet holds.</param>
    /// <param name="settings">Configuration keys added to (or overriding) the defaults below, e.g. security options.</param>
    protected TechHealthFactory(int components, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _extraSettings = settings ?? new Dictionary<string, string?>();
        Root = Directory.CreateTempSubdirectory("th-e2e-").FullName;
        CopyDirectory(Path.Combine(RepositoryRoot, "radar"), Path.Combine(Root, "radar"));
        CopyDirectory(Path.Combine(RepositoryRoot, "checks"), Path.Combine(Root, "checks"));
        FleetGenerator.Generate(Path.Combine(Root, "fleet"), components, seed: 7);
    }

    private readonly IReadOnlyDictionary<string, string?> _extraSettings;

    public string Root { get; }

    /// <summary>Counts every SQL command the service's store runs, so tests can prove batching.</summary>
    public StoreCommandCounter StoreCommands { get; } = new();

    // The conformance runner linked into this assembly already finds the repository; one search, one answer.
    public static string RepositoryRoot => TechHealth.Api.Tests.GraphQL.Conformance.ReferenceImplementation.RepositoryRoot;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TechHealth:Root"] = Root,
            ["TechHealth:Demo:Enabled"] = "false",
            ["TechHealth:Schedule:ScanCron"] = "",
            ["TechHealth:Scanning:Sources:0:Name"] = "fleet",
            ["TechHealth:Scanning:Sources:0:Kind"] = "Directory",
            ["TechHealth:Scanning:Sources:0:Path"] = Path.Combine(Root, "fleet"),
            ["TechHealth:Definitions:DebounceMilliseconds"] = "100",
            ["TechHealth:Security:ApiKeys:0:Name"] = "test-admin",
            ["TechHealth:Security:ApiKeys:0:Hash"] = CallerResolver.Hash(AdminKey),
            ["TechHealth:Security:ApiKeys:0:Role"] = "Admin",
            ["TechHealth:Security:ApiKeys:1:Name"] = "test-reader",
            ["TechHealth:Security:ApiKeys:1:Hash"] = CallerResolver.Hash(ReaderKey),
            ["TechHealth:Security:ApiKeys:1:Role"] = "Reader",
            ["TechHealth:Security:RateLimit:PermitsPerWindow"] = "0",
        };
        foreach (var (k, v) in _extraSettings) settings[k] = v;
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services => services.ConfigureDbContext<TechHealthDbContext>(o => o.AddInterceptors(StoreCommands)));
    }

    /// <summary>Waits until the start-up scan and evaluation have published a snapshot.</summary>
    public async Task<FleetSnapshot> ReadyAsync(TimeSpan? timeout = null)
    {
        _ = Server; // starts the host
        var state = Services.GetRequiredService<FleetState>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (state.Current is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the start-up scan did not publish a snapshot in time");
            await Task.Delay(100);
        }
        return state.Current;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
