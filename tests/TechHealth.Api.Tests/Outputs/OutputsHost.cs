using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Apis;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;
using TechHealth.Api.Jobs;
using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Outputs;

/// <summary>
/// A real web host on the test server with the service's registrations, a SQLite file in a temp folder, the
/// repository's own radar and checks, and the badge, radar and report endpoints mapped. The snapshot in force is a
/// small fleet evaluated by the real compiled checks: gold-ish, failing and unowned components of one department.
/// </summary>
public sealed class OutputsHost : IAsyncLifetime
{
    public const string Department = "group:default/engineering";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("techhealth-outputs-");

    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public FleetSnapshot Snapshot { get; private set; } = null!;
    public string ReportsFolder => Path.Combine(_folder.FullName, "reports");

    public async Task InitializeAsync()
    {
        var root = WorkspacePaths.Discover(null, AppContext.BaseDirectory).Root;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TechHealth:Root"] = root,
            ["TechHealth:Definitions:Watch"] = "false",
            ["TechHealth:Demo:Enabled"] = "false",
            ["TechHealth:Reports:Path"] = ReportsFolder,
            ["TechHealth:Storage:Provider"] = "sqlite",
            ["TechHealth:Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder.FullName, "techhealth.db")}",
        });
        builder.Services.AddTechHealth(builder.Configuration).AddDepartmentReports();
        App = builder.Build();
        App.MapBadgesApi();
        App.MapRadarApi();
        App.MapReportsApi();
        await App.Services.MigrateTechHealthStorageAsync();
        App.Services.GetRequiredService<DefinitionsReloader>().Reload("test").ShouldBeTrue("the repository's radar and checks load");
        Snapshot = Publish(App.Services);
        await App.StartAsync();
        Client = App.GetTestClient();
    }

    private static FleetSnapshot Publish(IServiceProvider services)
    {
        var compiled = services.GetRequiredService<EvaluationService>().Compiled();
        var clock = services.GetRequiredService<TimeProvider>();
        var everyFile = new[] { "README.md", "catalog-info.yaml", ".github/workflows/ci.yml", "Dockerfile", "tests/unit/test_app.py", "CODEOWNERS", "SECURITY.md", ".github/dependabot.yml", "renovate.json" };
        ComponentFacts Component(string name, string? owner, string[] files, params DependencyFact[] dependencies) => new()
        {
            Name = name, Owner = owner, Type = "service", Lifecycle = "production", Tier = "1",
            Source = "test", Repository = name, Files = files, Dependencies = dependencies,
            Annotations = new Dictionary<string, string> { ["backstage.io/techdocs-ref"] = "dir:.", ["github.com/project-slug"] = $"acme/{name}" },
        };
        DependencyFact Runtime(string name, string version) => new()
        {
            Ecosystem = "runtime", Purl = PackageUrl.Create("runtime", null, name), Kind = TechnologyKind.Runtime, Version = version, File = "Dockerfile", Line = 1,
        };
        var components = new List<ComponentFacts>
        {
            Component("payments-api", "group:default/team-a", everyFile, Runtime("java", "21")),
            Component("legacy-web", "group:default/team-a", [], Runtime("node", "12.0.0")),
            Component("orphan", null, ["README.md"]),
        };
        var org = new OrgChart([
            new OrgGroup(Department, "engineering", "Engineering", "department", null),
            new OrgGroup("group:default/team-a", "team-a", "Team A", "team", Department),
        ]);
        var book = ExemptionBook.From(compiled.Definitions.Checks);
        var fleet = compiled.EvaluateFleet(components, book, clock.GetUtcNow());
        var snapshot = new FleetSnapshot(null, compiled, components, fleet, org, book);
        services.GetRequiredService<FleetState>().Publish(snapshot);
        return snapshot;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null) await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
