using TechHealth.Scanning.Sources;
using TechHealth.TestServers;

namespace TechHealth.Scanning.Tests.Sources;

/// <summary>GitLab groups against a local server answering as GitLab's REST API v4 does, cloning from a real git daemon.</summary>
public sealed class GitLabSourceTests : IDisposable
{
    private readonly GitHttpFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    private HostedRepository Real(string subgroup, string name)
    {
        var owner = subgroup.Length == 0 ? "platform" : $"platform-{subgroup}";
        _fleet.Create(owner, name, new() { ["package.json"] = $"{{\"name\":\"{name}\"}}" });
        return new HostedRepository(name, _fleet.CloneUrl(owner, name)) { Subgroup = subgroup };
    }

    private ScanningOptions Options(string apiUrl, Action<SourceOptions>? change = null)
    {
        var source = new SourceOptions { Name = "gl", Kind = SourceKind.GitLab, ApiUrl = apiUrl, Group = "platform", Token = "glpat-local" };
        change?.Invoke(source);
        return new ScanningOptions { CacheDirectory = Path.Combine(_fleet.Root, "cache"), Sources = [source] };
    }

    [Fact]
    public async Task A_group_and_its_subgroups_are_listed_with_same_named_projects_kept_apart()
    {
        var gitlab = new LocalGitLab();
        gitlab.Projects.Add(Real("", "gateway"));
        gitlab.Projects.Add(Real("payments", "api"));
        gitlab.Projects.Add(Real("billing", "api"));
        gitlab.Projects.Add(new HostedRepository("attic", "git://127.0.0.1:1/x.git") { Archived = true });
        gitlab.Projects.Add(new HostedRepository("upstream-copy", "git://127.0.0.1:1/y.git") { Fork = true, Subgroup = "payments" });
        for (var i = 0; i < 120; i++) gitlab.Projects.Add(new HostedRepository($"tool-{i:000}", "git://127.0.0.1:1/z.git") { Subgroup = "tools", Topics = ["tooling"] });
        var (api, _) = await LocalGitLab.StartAsync(gitlab);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, s => s.ExcludeNamePatterns = ["tool-*"])).ScanAsync(new ScanRequest());

        outcome.Issues.ShouldBeEmpty();
        outcome.Repositories.Select(r => r.Key).ShouldBe(["gl/billing.api", "gl/gateway", "gl/payments.api"]);
        outcome.Repositories.ShouldAllBe(r => r.Status == RepositoryScanStatus.Scanned);
        var listings = api.Requests.Where(r => r.Request.StartsWith("GET /api/v4/groups/platform/projects", StringComparison.Ordinal)).ToList();
        listings.Count.ShouldBe(2, "124 unarchived projects are two pages of 100");
        listings[0].Request.ShouldContain("include_subgroups=true");
        listings[0].Request.ShouldContain("archived=false");
        listings.ShouldAllBe(r => r.Headers["PRIVATE-TOKEN"] == "glpat-local");
    }

    [Fact]
    public async Task Topic_and_visibility_filters_apply_to_projects()
    {
        var gitlab = new LocalGitLab();
        gitlab.Projects.Add(Real("payments", "api") with { Topics = ["tier-1"], Visibility = "internal" });
        gitlab.Projects.Add(new HostedRepository("public-site", "git://127.0.0.1:1/p.git") { Topics = ["tier-1"], Visibility = "public" });
        gitlab.Projects.Add(new HostedRepository("scratch", "git://127.0.0.1:1/q.git") { Visibility = "internal" });
        var (api, _) = await LocalGitLab.StartAsync(gitlab);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, s => { s.Topics = ["tier-1"]; s.Visibility = ["internal", "private"]; })).ScanAsync(new ScanRequest());

        outcome.Repositories.ShouldHaveSingleItem().Key.ShouldBe("gl/payments.api");
    }

    [Fact]
    public async Task A_bad_token_and_an_unknown_group_are_clear_errors_naming_the_source()
    {
        var (api, _) = await LocalGitLab.StartAsync(new LocalGitLab());
        await using var _api = api;

        var badToken = await new Scanner(Options(api.Url, s => s.Token = "wrong")).ScanAsync(new ScanRequest());
        var unknownGroup = await new Scanner(Options(api.Url, s => s.Group = "nosuch/group")).ScanAsync(new ScanRequest());

        badToken.FailedSources.ShouldBe(["gl"]);
        badToken.Issues.ShouldHaveSingleItem().Message.ShouldContain("source 'gl': GitLab refused the token (401 Unauthorized)");
        unknownGroup.Issues.ShouldHaveSingleItem().Message.ShouldContain("GitLab has no group 'nosuch/group'");
        api.Requests.ShouldContain(r => r.Request.StartsWith("GET /api/v4/groups/nosuch%2Fgroup/projects", StringComparison.Ordinal));
    }
}
