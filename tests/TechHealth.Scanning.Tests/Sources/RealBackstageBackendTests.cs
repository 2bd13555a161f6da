using Npgsql;
using TechHealth.Core.Catalog;
using TechHealth.Scanning.Sources;
using TechHealth.Scanning.Sources.Discovery;
using TechHealth.Storage.Tests;
using TechHealth.TestServers;

namespace TechHealth.Scanning.Tests.Sources;

/// <summary>
/// The Backstage source against a real Backstage backend (<c>@backstage/backend-defaults</c> with the catalog plugin, from
/// npm) that ingests catalog files into PostgreSQL: what it serves, how it pages and how it refuses a token are the
/// backend's own, not an imitation's. The imitation (<see cref="LocalBackstage"/>) stays for faults a real backend cannot
/// be made to show on cue.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RealBackstageBackendTests(PostgresServer postgres) : IDisposable
{
    private readonly GitHttpFleet _fleet = new();
    private readonly DirectoryInfo _catalogs = Directory.CreateTempSubdirectory("th-catalog-");

    public void Dispose()
    {
        _fleet.Dispose();
        _catalogs.Delete(recursive: true);
    }

    [Fact]
    public async Task A_github_organisation_and_a_real_backstage_catalog_roll_components_up_by_its_teams_and_departments()
    {
        foreach (var name in new[] { "pay-api", "pay-web" })
            _fleet.Create("acme", name, new() { ["package.json"] = $"{{\"name\":\"{name}\"}}" });
        _fleet.Create("acme", "monorepo", new() { ["services/search/package.json"] = "{}", ["tools/package.json"] = "{}" });
        var github = new LocalGitHub();
        foreach (var name in new[] { "pay-api", "pay-web", "monorepo" }) github.Repositories.Add(new HostedRepository(name, _fleet.CloneUrl("acme", name)));
        var (gh, _) = await LocalGitHub.StartAsync(github);
        await using var _gh = gh;

        var org = Catalog("org.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: engineering }
            spec: { type: department, children: [payments-dept] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: payments-dept }
            spec: { type: department, parent: engineering, children: [team-pay] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: team-pay }
            spec: { type: team, children: [] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: team-search }
            spec: { type: team, parent: engineering, children: [] }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata: { name: ada }
            spec: { memberOf: [team-pay] }
            """);
        var components = Catalog("components.yaml", Components(payWebOwner: "group:default/team-pay"));
        await using var backstage = await StartAsync(org, components);
        await backstage.WaitForEntitiesAsync(8, TimeSpan.FromMinutes(2), "group", "component");

        var options = new ScanningOptions
        {
            CacheDirectory = Path.Combine(_fleet.Root, "cache"),
            Sources =
            [
                new SourceOptions { Name = "gh", Kind = SourceKind.GitHub, ApiUrl = gh.Url + LocalGitHub.Prefix, Organization = "acme" },
                new SourceOptions { Name = "catalog", Kind = SourceKind.Backstage, ApiUrl = backstage.Url, Token = backstage.Token },
            ],
        };
        var scanner = new Scanner(options);

        var first = await scanner.ScanAsync(new ScanRequest());

        first.FailedSources.ShouldBeEmpty();
        first.Issues.ShouldHaveSingleItem().Message.ShouldContain("component 'orphan' has no backstage.io/source-location");
        var byName = first.Components.ToDictionary(c => c.Name);
        // A repository the catalog describes yields the catalog's components, not one per manifest folder.
        byName.Keys.Order().ShouldBe(["pay-web", "payments-api", "search"]);
        byName["payments-api"].Owner.ShouldBe("group:default/team-pay");
        byName["payments-api"].Repository.ShouldBe("pay-api");
        byName["search"].Path.ShouldBe("services/search");
        byName["search"].Owner.ShouldBe("group:default/team-search");
        var chart = new OrgChart(first.Groups);
        chart.DepartmentOf("group:default/team-pay")!.Name.ShouldBe("payments-dept");
        chart.SelfAndAncestors("group:default/team-pay").ShouldBe(["group:default/team-pay", "group:default/payments-dept", "group:default/engineering"]);
        chart.DepartmentOf("group:default/team-search")!.Name.ShouldBe("engineering");

        // The catalog file edited: the backend re-reads it, and the next scan rescans only the repository whose owner moved.
        File.WriteAllText(components, Components(payWebOwner: "team-search"));
        await WaitForOwnerAsync(backstage, "pay-web", "group:default/team-search");
        var second = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(first.Fingerprints) });

        second.FetchedCount.ShouldBe(0);
        second.Repositories.Single(r => r.Status == RepositoryScanStatus.Scanned).Name.ShouldBe("pay-web");
        second.Components.ShouldHaveSingleItem().Owner.ShouldBe("group:default/team-search");
    }

    [Fact]
    public async Task Every_page_of_a_real_catalog_is_read_and_a_wrong_token_is_named()
    {
        var entities = new System.Text.StringBuilder("""
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: team-many }
            spec: { type: team, children: [] }
            """);
        for (var i = 0; i < 620; i++)
            entities.Append($"""

                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: svc-{i:0000}
                  annotations: {"{"} github.com/project-slug: acme/svc-{i:0000} {"}"}
                spec: {"{"} type: service, lifecycle: production, owner: team-many {"}"}
                """);
        await using var backstage = await StartAsync(Catalog("many.yaml", entities.ToString()));
        await backstage.WaitForEntitiesAsync(621, TimeSpan.FromMinutes(3), "group", "component");

        using (var reader = new BackstageCatalog(new SourceOptions { Name = "bs", Kind = SourceKind.Backstage, ApiUrl = backstage.Url, Token = backstage.Token }, new ScanningOptions()))
        {
            var inventory = await reader.ReadAsync(CancellationToken.None);
            inventory.Problems.ShouldBeEmpty();
            inventory.Groups.Select(g => g.Name).ShouldBe(["team-many"]);
            inventory.Components.Count.ShouldBe(620, "more than one page of the backend's catalog");
            inventory.Components.Select(c => c.Slug).Distinct().Count().ShouldBe(620);
        }

        var refused = await new Scanner(new ScanningOptions
        {
            Sources = [new SourceOptions { Name = "catalog", Kind = SourceKind.Backstage, ApiUrl = backstage.Url, Token = "not-the-token" }],
        }).ScanAsync(new ScanRequest());
        refused.FailedSources.ShouldBe(["catalog"]);
        refused.Issues.ShouldHaveSingleItem().Message.ShouldContain("the Backstage catalog refused the request");
    }

    private static string Components(string payWebOwner) => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments-api
          annotations: {"{"} backstage.io/source-location: "url:https://github.com/acme/pay-api/tree/main/" {"}"}
        spec: {"{"} type: service, lifecycle: production, owner: team-pay {"}"}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: pay-web
          annotations: {"{"} github.com/project-slug: acme/pay-web {"}"}
        spec: {"{"} type: website, lifecycle: production, owner: "{payWebOwner}" {"}"}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: search
          annotations: {"{"} backstage.io/source-location: "url:https://github.com/acme/monorepo/tree/main/services/search/" {"}"}
        spec: {"{"} type: service, lifecycle: production, owner: team-search {"}"}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {"{"} name: orphan {"}"}
        spec: {"{"} type: service, lifecycle: production, owner: team-search {"}"}
        """;

    private string Catalog(string name, string yaml)
    {
        var path = Path.Combine(_catalogs.FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private async Task<BackstageBackend> StartAsync(params string[] catalogFiles)
    {
        if (postgres.Unavailable is { } why) throw new InvalidOperationException(why);
        var server = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("postgres"));
        return await BackstageBackend.StartAsync((server.Host!, server.Port, server.Username!), catalogFiles);
    }

    private static async Task WaitForOwnerAsync(BackstageBackend backstage, string component, string owner)
    {
        using var reader = new BackstageCatalog(new SourceOptions { Name = "bs", Kind = SourceKind.Backstage, ApiUrl = backstage.Url, Token = backstage.Token }, new ScanningOptions());
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var inventory = await reader.ReadAsync(CancellationToken.None);
            var entity = inventory.Components.SingleOrDefault(c => c.Entity.Name == component)?.Entity;
            var now = entity?.SpecValue("owner");
            if (now is not null && (now == owner || "group:default/" + now == owner)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{component}'s owner is still {now} after two minutes:\n{backstage.Log}");
            await Task.Delay(500);
        }
    }
}
