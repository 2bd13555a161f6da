using TechHealth.Core.Catalog;
using TechHealth.Scanning.Sources;
using TechHealth.Scanning.Sources.Discovery;
using TechHealth.TestServers;

namespace TechHealth.Scanning.Tests.Sources;

/// <summary>The Backstage catalog as inventory and org chart, against a local server answering as a Backstage backend does.</summary>
public sealed class BackstageCatalogTests : IDisposable
{
    private readonly GitHttpFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Theory]
    [InlineData("url:https://github.com/acme/payments/tree/main/", "acme/payments", "")]
    [InlineData("url:https://github.com/acme/payments/tree/main/services/api/", "acme/payments", "services/api")]
    [InlineData("url:https://github.com/acme/payments/blob/main/services/api/catalog-info.yaml", "acme/payments", "services/api")]
    [InlineData("url:https://gitlab.example.com/platform/payments/api/-/tree/main/web", "platform/payments/api", "web")]
    [InlineData("url:https://git.example.com/acme/payments.git", "acme/payments", "")]
    [InlineData("url:https://github.com/acme/payments/tree/main/../../etc", null, null)]
    [InlineData("file:/etc/passwd", null, null)]
    public void A_source_location_gives_the_repository_and_folder(string annotation, string? slug, string? folder)
    {
        var parsed = BackstageCatalog.ParseSourceLocation(annotation);
        if (slug is null) parsed.ShouldBeNull();
        else parsed.ShouldBe((slug, folder!));
    }

    [Fact]
    public async Task Every_page_is_read_through_the_catalog_routers_relative_next_links()
    {
        var catalog = new LocalBackstage();
        catalog.Group("engineering", "department", null, "team-pay");
        catalog.Group("team-pay", "team", "engineering");
        for (var i = 0; i < 1100; i++)
            catalog.Component($"svc-{i:0000}", "team-pay", new Dictionary<string, string> { ["github.com/project-slug"] = $"acme/svc-{i:0000}" });
        var (api, _) = await LocalBackstage.StartAsync(catalog);
        await using var _api = api;
        using var reader = new BackstageCatalog(new SourceOptions { Name = "bs", Kind = SourceKind.Backstage, ApiUrl = api.Url }, new ScanningOptions());

        var inventory = await reader.ReadAsync(CancellationToken.None);

        inventory.Problems.ShouldBeEmpty();
        inventory.Groups.Select(g => g.Name).ShouldBe(["engineering", "team-pay"]);
        inventory.Components.Count.ShouldBe(1100);
        inventory.Components[0].Slug.ShouldBe("acme/svc-0000");
        inventory.Components[0].Entity.SpecValue("owner").ShouldBe("team-pay");
        var reads = api.Requests.Select(r => r.Request).ToList();
        reads.Count.ShouldBe(3, "1,102 entities are three pages of 500");
        reads[1].ShouldStartWith("GET /api/catalog/entities?");
        reads[1].ShouldContain("after=");
    }

    [Fact]
    public async Task A_github_organisation_and_a_catalog_roll_components_up_by_the_catalogs_teams_and_departments()
    {
        foreach (var name in new[] { "pay-api", "pay-web" })
            _fleet.Create("acme", name, new() { ["package.json"] = $"{{\"name\":\"{name}\"}}" });
        _fleet.Create("acme", "monorepo", new()
        {
            ["services/search/package.json"] = "{}",
            ["tools/package.json"] = "{}",
        });
        var github = new LocalGitHub();
        foreach (var name in new[] { "pay-api", "pay-web", "monorepo" }) github.Repositories.Add(new HostedRepository(name, _fleet.CloneUrl("acme", name)));
        var (gh, _) = await LocalGitHub.StartAsync(github);
        await using var _gh = gh;
        var catalog = new LocalBackstage { Token = "bs-static" }
            .Group("engineering", "department", null, "payments-dept")
            .Group("payments-dept", "department", "engineering", "team-pay")
            .Group("team-pay", "team")
            .Group("team-search", "team", "engineering")
            .Component("payments-api", "team-pay", new Dictionary<string, string> { ["backstage.io/source-location"] = "url:https://github.com/acme/pay-api/tree/main/" })
            .Component("payments-web", "group:default/team-pay", new Dictionary<string, string> { ["github.com/project-slug"] = "acme/pay-web" }, type: "website")
            .Component("search", "team-search", new Dictionary<string, string> { ["backstage.io/source-location"] = "url:https://github.com/acme/monorepo/tree/main/services/search/" })
            .Component("orphan", "team-search", new Dictionary<string, string>());
        var (bs, _) = await LocalBackstage.StartAsync(catalog);
        await using var _bs = bs;
        var options = new ScanningOptions
        {
            CacheDirectory = Path.Combine(_fleet.Root, "cache"),
            Sources =
            [
                new SourceOptions { Name = "gh", Kind = SourceKind.GitHub, ApiUrl = gh.Url + LocalGitHub.Prefix, Organization = "acme" },
                new SourceOptions { Name = "catalog", Kind = SourceKind.Backstage, ApiUrl = bs.Url, Token = "bs-static" },
            ],
        };
        var scanner = new Scanner(options);

        var first = await scanner.ScanAsync(new ScanRequest());

        first.FailedSources.ShouldBeEmpty();
        first.Issues.ShouldHaveSingleItem().Message.ShouldContain("component 'orphan' has no backstage.io/source-location");
        var byName = first.Components.ToDictionary(c => c.Name);
        byName["payments-api"].Owner.ShouldBe("group:default/team-pay");
        byName["payments-api"].Repository.ShouldBe("pay-api");
        byName["payments-web"].Type.ShouldBe("website");
        byName["search"].Path.ShouldBe("services/search");
        byName["search"].Owner.ShouldBe("group:default/team-search");
        byName["search"].Facts["catalog.present"].ShouldBe("true");
        var chart = new OrgChart(first.Groups);
        chart.DepartmentOf("group:default/team-pay")!.Name.ShouldBe("payments-dept");
        chart.SelfAndAncestors("group:default/team-pay").ShouldBe(["group:default/team-pay", "group:default/payments-dept", "group:default/engineering"]);
        chart.DepartmentOf("group:default/team-search")!.Name.ShouldBe("engineering");
        bs.Requests.ShouldAllBe(r => r.Headers.Authorization == "Bearer bs-static");

        // A new owner in the catalog rescans that repository only, although no repository moved.
        catalog.Entities.RemoveAll(e => e["metadata"]!["name"]!.GetValue<string>() == "payments-web");
        catalog.Component("payments-web", "team-search", new Dictionary<string, string> { ["github.com/project-slug"] = "acme/pay-web" }, type: "website");
        var second = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(first.Fingerprints) });

        second.FetchedCount.ShouldBe(0);
        second.Repositories.Single(r => r.Status == RepositoryScanStatus.Scanned).Name.ShouldBe("pay-web");
        second.Components.ShouldHaveSingleItem().Owner.ShouldBe("group:default/team-search");
        second.Groups.Count.ShouldBe(4);

        // The catalog unreadable (its token rotated): the repositories it described keep their previous facts, not rescanned without owners.
        catalog.Token = "rotated";
        var fingerprints = new Dictionary<string, string>(first.Fingerprints);
        foreach (var (key, value) in second.Fingerprints) fingerprints[key] = value;
        var third = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(fingerprints) });

        third.FailedSources.ShouldBe(["catalog"]);
        third.Repositories.Count.ShouldBe(3);
        third.Repositories.ShouldAllBe(r => r.Status == RepositoryScanStatus.Skipped);
        third.Components.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unreachable_catalog_fails_its_source_and_the_repositories_are_still_scanned()
    {
        using var local = new TestRepository("svc");
        local.Write("package.json", "{}");
        var options = new ScanningOptions
        {
            Sources =
            [
                new SourceOptions { Name = "catalog", Kind = SourceKind.Backstage, ApiUrl = "http://127.0.0.1:9" },
                new SourceOptions { Name = "disk", Kind = SourceKind.Directory, Path = local.Parent },
            ],
        };

        var outcome = await new Scanner(options).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBe(["catalog"]);
        outcome.Issues.ShouldHaveSingleItem().Message.ShouldContain("source 'catalog': http://127.0.0.1:9/api/catalog/entities could not be reached");
        outcome.Components.ShouldContain(c => c.Name == "svc");
    }

    [Fact]
    public async Task A_catalog_that_wants_a_token_says_so()
    {
        var (bs, _) = await LocalBackstage.StartAsync(new LocalBackstage { Token = "right" });
        await using var _bs = bs;

        var outcome = await new Scanner(new ScanningOptions { Sources = [new SourceOptions { Name = "catalog", Kind = SourceKind.Backstage, ApiUrl = bs.Url }] }).ScanAsync(new ScanRequest());

        outcome.Issues.ShouldHaveSingleItem().Message.ShouldContain("the Backstage catalog refused the request (Missing credentials); set Token or CredentialEnvVar");
    }
}
