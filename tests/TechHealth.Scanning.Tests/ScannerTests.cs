using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests;

public class ScannerTests
{
    private static TestRepository Monorepo()
    {
        var repo = new TestRepository("platform");
        repo.Write("catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: platform-web
              title: Platform web
              annotations:
                github.com/project-slug: acme/platform
                acme.com/tier: "1"
              tags: [web, react]
            spec:
              type: website
              lifecycle: production
              owner: Team-Web
              system: storefront
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: team-web
            spec:
              type: team
              parent: digital
            """);
        repo.Write("package.json", """{ "dependencies": { "react": "18.2.0" } }""");
        repo.Write("README.md", "# platform");
        repo.Write(".github/workflows/ci.yml", "jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n");
        repo.Write("services/billing/catalog-info.yml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: billing
              namespace: finance
            spec:
              type: service
              lifecycle: experimental
              owner: group:finance/team-billing
              tier: "2"
            """);
        repo.Write("services/billing/Billing.csproj", """<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Dapper" Version="2.1.0" /></ItemGroup></Project>""");
        repo.Write("services/billing/tests/BillingTests.cs", "class T {}");
        return repo;
    }

    [Fact]
    public async Task A_group_linked_only_by_its_parents_children_list_gets_that_parent()
    {
        using var repo = new TestRepository("org");
        repo.Write("catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: commerce
            spec:
              type: department
              children: [team-carts]
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: team-carts
            spec:
              type: team
            """);

        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", "org", repo.Root), null, false);

        result.Groups.Single(g => g.Name == "team-carts").ParentRef.ShouldBe("group:default/commerce");
        new OrgChart(result.Groups).DepartmentOf("team-carts")!.Name.ShouldBe("commerce");
    }

    [Fact]
    public async Task A_repository_without_any_ci_configuration_has_ci_present_false_not_unknown()
    {
        using var repo = new TestRepository("no-ci");
        repo.Write("README.md", "# no ci\n");
        repo.Write("package.json", "{ \"name\": \"no-ci\", \"dependencies\": { \"express\": \"^5.1.0\" } }");

        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", "no-ci", repo.Root), null, false);

        var component = result.Components.ShouldHaveSingleItem();
        component.Facts["ci.present"].ShouldBe("false");
        component.Facts.ContainsKey("ci.provider").ShouldBeFalse();
    }

    [Fact]
    public async Task A_monorepo_gives_one_component_per_catalog_folder_with_its_own_files_and_dependencies()
    {
        using var repo = Monorepo();
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", "platform", repo.Root), null, false);

        result.Components.Count.ShouldBe(2);
        var web = result.Components.Single(c => c.Name == "platform-web");
        web.Owner.ShouldBe("group:default/team-web");
        web.Type.ShouldBe("website");
        web.Lifecycle.ShouldBe("production");
        web.Tier.ShouldBe("1");
        web.System.ShouldBe("storefront");
        web.Tags.ShouldBe(["web", "react"]);
        web.Annotations["github.com/project-slug"].ShouldBe("acme/platform");
        web.Path.ShouldBe("");
        web.Files.ShouldNotContain(f => f.StartsWith("services/billing"));
        web.Dependencies.Select(d => d.Purl.Name).ShouldBe(["checkout", "react"], ignoreOrder: true);
        web.Facts["readme.present"].ShouldBe("true");
        web.Facts["ci.provider"].ShouldBe("github-actions");
        web.Facts["tests.present"].ShouldBe("false");

        var billing = result.Components.Single(c => c.Name == "billing");
        billing.Namespace.ShouldBe("finance");
        billing.Ref.ShouldBe("component:finance/billing");
        billing.Owner.ShouldBe("group:finance/team-billing");
        billing.Tier.ShouldBe("2");
        billing.Path.ShouldBe("services/billing");
        billing.Files.ShouldBe(["services/billing/Billing.csproj", "services/billing/catalog-info.yml", "services/billing/tests/BillingTests.cs"]);
        billing.Dependencies.Select(d => d.Purl.ToString() + "@" + d.Version).ShouldBe(["pkg:runtime/dotnet@8.0", "pkg:nuget/dapper@2.1.0"], ignoreOrder: true);
        billing.Facts["tests.present"].ShouldBe("true");
        billing.Facts["readme.present"].ShouldBe("false");
        // The repository's CI builds the nested component too.
        billing.Facts["ci.present"].ShouldBe("true");
        billing.Facts["dependencies.count"].ShouldBe("1");

        var group = result.Groups.ShouldHaveSingleItem();
        group.Ref.ShouldBe("group:default/team-web");
        group.Type.ShouldBe("team");
        group.ParentRef.ShouldBe("group:default/digital");
    }

    [Fact]
    public async Task A_repository_without_a_catalog_is_one_unowned_component_named_after_its_folder()
    {
        using var repo = new TestRepository("legacy-batch").Write("requirements.txt", "requests==2.31.0\n");
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", "legacy-batch", repo.Root), null, false);
        var c = result.Components.ShouldHaveSingleItem();
        c.Name.ShouldBe("legacy-batch");
        c.Owner.ShouldBeNull();
        c.Facts["catalog.present"].ShouldBe("false");
        c.Facts["manifests.present"].ShouldBe("true");
    }

    [Fact]
    public async Task An_org_repository_of_groups_gives_groups_and_no_component()
    {
        using var repo = new TestRepository("org").Write("groups/engineering.yaml", "").Write("catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: engineering }
            spec: { type: department }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: { name: team-a, title: Team A }
            spec: { type: team, parent: engineering, children: [] }
            """);
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", "org", repo.Root), null, false);
        result.Components.ShouldBeEmpty();
        result.Groups.Select(g => $"{g.Ref} {g.Type} {g.ParentRef}").ShouldBe(["group:default/engineering department ", "group:default/team-a team group:default/engineering"]);
    }

    [Fact]
    public async Task Unchanged_repositories_are_skipped_but_their_groups_still_count_and_full_rescans_them()
    {
        using var repo = Monorepo();
        var other = Path.Combine(repo.Parent, "tools");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "go.mod"), "module x\n");
        var options = new ScanningOptions { Sources = [new SourceOptions { Name = "corp", Path = repo.Parent }] };
        var scanner = new Scanner(options);

        var first = await scanner.ScanAsync(new ScanRequest());
        first.ScannedCount.ShouldBe(2);
        first.Fingerprints.Keys.ShouldBe(["corp/platform", "corp/tools"]);
        first.Fingerprints["corp/platform"].ShouldStartWith("sha256:");

        File.AppendAllText(Path.Combine(other, "go.mod"), "go 1.22\n");
        var second = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(first.Fingerprints) });
        second.SkippedRepositories.ShouldBe(["corp/platform"]);
        second.Components.ShouldHaveSingleItem().Name.ShouldBe("tools");
        second.Groups.ShouldHaveSingleItem().Ref.ShouldBe("group:default/team-web");
        second.Fingerprints["corp/platform"].ShouldBe(first.Fingerprints["corp/platform"]);

        var full = await scanner.ScanAsync(new ScanRequest { Full = true, PreviousFingerprint = ScanRequest.From(first.Fingerprints) });
        full.SkippedCount.ShouldBe(0);
        full.Components.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_new_file_that_matters_changes_the_fingerprint()
    {
        using var repo = new TestRepository("svc").Write("package.json", "{}");
        var scanner = new Scanner(new ScanningOptions());
        var location = new RepositoryLocation("s", "svc", repo.Root);
        var before = (await scanner.ScanRepositoryAsync(location, null, false)).Fingerprint;
        repo.Write("CODEOWNERS", "* @acme/team");
        var after = await scanner.ScanRepositoryAsync(location, before, false);
        after.Status.ShouldBe(RepositoryScanStatus.Scanned);
        after.Fingerprint.ShouldNotBe(before);
    }

    private sealed class ThrowingHarvester : IHarvester
    {
        public string Name => "broken";
        public bool Wants(string relativePath) => false;
        public void Harvest(IRepositoryReader repository, HarvestSink sink) => throw new InvalidOperationException("boom");
    }

    private sealed class SlowHarvester : IHarvester
    {
        public string Name => "slow";
        public bool Wants(string relativePath) => false;
        public void Harvest(IRepositoryReader repository, HarvestSink sink)
        {
            // Reads keep hitting the deadline check, as a harvester working through a huge repository would.
            while (true) { repository.TryReadText("package.json", out _, out _); Thread.Sleep(5); }
        }
    }

    [Fact]
    public async Task A_harvester_failure_marks_the_component_and_the_others_still_harvest()
    {
        using var repo = new TestRepository("svc").Write("package.json", """{ "dependencies": { "a": "1.0.0" } }""");
        var scanner = new Scanner(new ScanningOptions(), harvesters: [new ThrowingHarvester(), .. HarvesterSet.Default()]);
        var result = await scanner.ScanRepositoryAsync(new RepositoryLocation("s", "svc", repo.Root), null, false);
        var c = result.Components.ShouldHaveSingleItem();
        c.Dependencies.ShouldContain(d => d.Purl.Name == "a");
        c.Issues.ShouldContain(i => i.Severity == ScanIssueSeverity.Error && i.Message.Contains("harvester 'broken' failed") && i.Message.Contains("boom"));
    }

    [Fact]
    public async Task A_root_level_issue_in_a_monorepo_without_a_root_component_goes_to_every_component()
    {
        using var repo = new TestRepository("mono")
            .Write("pom.xml", "<project><dependencies>")
            .Write("api/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
            .Write("web/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
            .Write("web/package.json", "{ \"dependencies\": ");
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "mono", repo.Root), null, false);

        var api = result.Components.Single(c => c.Name == "api");
        var web = result.Components.Single(c => c.Name == "web");
        api.Issues.ShouldHaveSingleItem().File.ShouldBe("pom.xml");
        web.Issues.Select(i => i.File).Order(StringComparer.Ordinal).ShouldBe(["pom.xml", "web/package.json"]);
    }

    [Fact]
    public async Task A_catalog_breaking_Backstage_s_rules_is_read_and_each_problem_is_a_warning_with_file_and_line()
    {
        using var repo = new TestRepository("orders")
            .Write("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  type: service\n  owner: team-a\n");
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "orders", repo.Root), null, false);

        var orders = result.Components.ShouldHaveSingleItem();
        orders.Type.ShouldBe("service");
        var issue = orders.Issues.ShouldHaveSingleItem();
        issue.ShouldBe(new ScanIssue(ScanIssueSeverity.Warning, "catalog-info.yaml", 6, "catalog: the Component 'orders' has no spec.lifecycle, which Backstage requires; add spec.lifecycle"));
        orders.Facts["catalog.file"].ShouldBe("catalog-info.yaml");
        orders.Facts["catalog.line"].ShouldBe("1");
    }

    [Fact]
    public async Task A_repository_over_its_time_limit_fails_alone_and_the_run_goes_on()
    {
        using var repo = new TestRepository("slow").Write("package.json", "{}");
        Directory.CreateDirectory(Path.Combine(repo.Parent, "fine"));
        File.WriteAllText(Path.Combine(repo.Parent, "fine", "package.json"), "{}");
        var options = new ScanningOptions { PerRepositoryTimeout = TimeSpan.FromMilliseconds(300), Sources = [new SourceOptions { Name = "s", Path = repo.Parent }] };
        var scanner = new Scanner(options, harvesters: [new SlowHarvesterOnlyFor("slow")]);

        var outcome = await scanner.ScanAsync(new ScanRequest());

        outcome.FailedCount.ShouldBe(1);
        var failed = outcome.Repositories.Single(r => r.Status == RepositoryScanStatus.Failed);
        failed.Key.ShouldBe("s/slow");
        failed.Fingerprint.ShouldBeNull();
        failed.Error!.ShouldContain("longer than");
        outcome.Components.Single(c => c.Name == "slow").Issues.ShouldHaveSingleItem().Severity.ShouldBe(ScanIssueSeverity.Error);
        outcome.Components.ShouldContain(c => c.Name == "fine" && c.Issues.Count == 0);
    }

    private sealed class SlowHarvesterOnlyFor(string repository) : IHarvester
    {
        public string Name => "slow";
        public bool Wants(string relativePath) => false;
        public void Harvest(IRepositoryReader reader, HarvestSink sink) { if (reader.Name == repository) new SlowHarvester().Harvest(reader, sink); }
    }

    [Fact]
    public async Task Cancelling_a_run_returns_no_outcome()
    {
        using var repo = new TestRepository("slow").Write("package.json", "{}");
        var options = new ScanningOptions { Sources = [new SourceOptions { Name = "s", Path = repo.Parent }] };
        var scanner = new Scanner(options, harvesters: [new SlowHarvester()]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => scanner.ScanAsync(new ScanRequest(), cts.Token));
    }

    [Fact]
    public async Task A_path_request_scans_a_single_repository_folder()
    {
        using var repo = Monorepo();
        var outcome = await new Scanner(new ScanningOptions()).ScanAsync(new ScanRequest { Path = repo.Root });
        outcome.Repositories.ShouldHaveSingleItem().Key.ShouldBe("local/platform");
        outcome.Components.Count.ShouldBe(2);
    }

    [Fact]
    public void Options_are_validated_with_messages_naming_the_field()
    {
        var options = new ScanningOptions { MaxFileBytes = 0, Sources = [new SourceOptions { Name = "a", Kind = SourceKind.Git }, new SourceOptions { Name = "a", Path = "/x" }] };
        options.Validate().ShouldBe([
            "Scanning:MaxFileBytes must be positive",
            "Scanning:Sources:0:Url is required for a git source",
            "Scanning:Sources:1:Name 'a' is used by another source",
        ]);
        Should.Throw<ArgumentException>(() => new Scanner(options));
    }

    [Theory]
    [InlineData(0, null, "Scanning:MaxYamlNodes must be positive")]
    [InlineData(100, 0, "Scanning:MaxParallelism must be positive (or -1 for no limit), not 0")]
    public void Yaml_node_limit_and_parallelism_are_validated_before_a_scan_starts(int maxYamlNodes, int? maxParallelism, string message)
    {
        var options = new ScanningOptions { MaxYamlNodes = maxYamlNodes, MaxParallelism = maxParallelism };
        options.Validate().ShouldBe([message]);
        Should.Throw<ArgumentException>(() => new Scanner(options)).Message.ShouldContain(message);
    }

    [Fact]
    public void The_default_harvester_set_holds_every_harvester_of_this_assembly()
    {
        HarvesterSet.Default().Select(h => h.Name).ShouldBeSubsetOf(["ci", "containers", "dotnet", "go", "gradle", "maven", "npm", "python", "ruby", "rust", "devenv", "jsonnet", "helm"]);
        HarvesterSet.Default().Select(h => h.Name).ShouldContain("npm");
        HarvesterSet.Default().Select(h => h.Name).ShouldContain("helm");
    }
}
