using System.Security.Cryptography;
using TechHealth.Scanning.Sources;
using TechHealth.Scanning.Sources.Discovery;
using TechHealth.TestServers;

namespace TechHealth.Scanning.Tests.Sources;

/// <summary>GitHub organisations against a local server answering as GitHub's REST API does, cloning from a real git daemon.</summary>
public sealed class GitHubSourceTests : IDisposable
{
    private readonly GitHttpFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    private HostedRepository Real(string name, Dictionary<string, string>? files = null)
    {
        _fleet.Create("acme", name, files ?? new() { ["package.json"] = $"{{\"name\":\"{name}\",\"dependencies\":{{\"express\":\"4.18.2\"}}}}" });
        return new HostedRepository(name, _fleet.CloneUrl("acme", name));
    }

    private ScanningOptions Options(string apiUrl, Action<SourceOptions>? change = null, Action<ScanningOptions>? tune = null)
    {
        var source = new SourceOptions { Name = "gh", Kind = SourceKind.GitHub, ApiUrl = apiUrl + LocalGitHub.Prefix, Organization = "acme", Token = "ghp_local" };
        change?.Invoke(source);
        var options = new ScanningOptions { CacheDirectory = Path.Combine(_fleet.Root, "cache"), Sources = [source], MaxParallelClones = 3 };
        tune?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Every_page_is_listed_and_only_what_the_filters_choose_is_cloned()
    {
        var github = new LocalGitHub { Token = "ghp_local" };
        github.Repositories.Add(Real("pay-api") with { Topics = ["payments", "java"] });
        github.Repositories.Add(Real("pay-web") with { Topics = ["payments"], Visibility = "internal" });
        github.Repositories.Add(new HostedRepository("legacy-api", "git://127.0.0.1:1/acme/legacy-api.git") { Topics = ["payments"] });
        github.Repositories.Add(new HostedRepository("old-api", "git://127.0.0.1:1/acme/old-api.git") { Topics = ["payments"], Archived = true });
        github.Repositories.Add(new HostedRepository("fork-api", "git://127.0.0.1:1/acme/fork-api.git") { Topics = ["payments"], Fork = true });
        github.Repositories.Add(new HostedRepository("secret-api", "git://127.0.0.1:1/acme/secret-api.git") { Topics = ["payments"], Visibility = "private" });
        github.Repositories.Add(new HostedRepository("docs", "git://127.0.0.1:1/acme/docs.git") { Topics = ["payments"] });
        for (var i = 0; i < 220; i++) github.Repositories.Add(new HostedRepository($"filler-{i:000}-api", $"git://127.0.0.1:1/acme/filler-{i:000}.git"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;
        var options = Options(api.Url, s =>
        {
            s.Topics = ["payments"];
            s.NamePatterns = ["*-api", "*-web"];
            s.ExcludeNamePatterns = ["legacy-*"];
            s.Visibility = ["public", "internal"];
        });

        var outcome = await new Scanner(options).ScanAsync(new ScanRequest());

        outcome.Issues.ShouldBeEmpty();
        outcome.Repositories.Select(r => r.Key).ShouldBe(["gh/pay-api", "gh/pay-web"]);
        outcome.Repositories.ShouldAllBe(r => r.Status == RepositoryScanStatus.Scanned);
        outcome.Components.Single(c => c.Repository == "pay-api").Dependencies.ShouldContain(d => d.Purl.ToString().Contains("express"));
        var listings = api.Requests.Where(r => r.Request.StartsWith("GET /api/v3/orgs/acme/repos", StringComparison.Ordinal)).ToList();
        listings.Count.ShouldBe(3, "227 repositories are three pages of 100");
        listings[2].Request.ShouldContain("page=3");
        listings.ShouldAllBe(r => r.Headers.Authorization == "Bearer ghp_local" && r.Headers.Accept == "application/vnd.github+json" && r.Headers["X-GitHub-Api-Version"] == "2022-11-28");
    }

    [Fact]
    public async Task A_second_scan_with_one_repository_changed_fetches_only_that_one()
    {
        var github = new LocalGitHub();
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" }) github.Repositories.Add(Real(name));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;
        var scanner = new Scanner(Options(api.Url));
        var progress = new ScanProgress();

        var first = await scanner.ScanAsync(new ScanRequest { Progress = progress });
        first.FetchedCount.ShouldBe(4);
        first.ScannedCount.ShouldBe(4);
        progress.Current.Discovered.ShouldBe(4);
        progress.Current.Fetched.ShouldBe(4);
        var betaClone = Path.Combine(_fleet.Root, "cache", "gh", "beta");
        var betaFetchedAt = File.GetLastWriteTimeUtc(Path.Combine(betaClone, ".git", "HEAD"));

        _fleet.Commit("acme", "gamma", new() { ["README.md"] = "# gamma" });
        progress.Start();
        var second = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(first.Fingerprints), Progress = progress });

        second.FetchedCount.ShouldBe(1);
        second.ScannedCount.ShouldBe(1);
        second.SkippedCount.ShouldBe(3);
        second.Repositories.Single(r => r.Status == RepositoryScanStatus.Scanned).Key.ShouldBe("gh/gamma");
        second.Components.ShouldHaveSingleItem().Fingerprint.ShouldBe("git:" + _fleet.Head("acme", "gamma"));
        progress.Current.Fetched.ShouldBe(1);
        progress.Current.Harvested.ShouldBe(4);
        File.GetLastWriteTimeUtc(Path.Combine(betaClone, ".git", "HEAD")).ShouldBe(betaFetchedAt);
        GitHttpFleet.Git(Path.Combine(_fleet.Root, "cache", "gh", "gamma"), "rev-list", "--count", "HEAD").ShouldBe("1", "clones stay shallow");
    }

    [Fact]
    public async Task A_repository_no_longer_listed_is_pruned_from_the_cache()
    {
        var github = new LocalGitHub();
        github.Repositories.Add(Real("keep"));
        github.Repositories.Add(Real("gone"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;
        var scanner = new Scanner(Options(api.Url));
        await scanner.ScanAsync(new ScanRequest());
        Directory.Exists(Path.Combine(_fleet.Root, "cache", "gh", "gone")).ShouldBeTrue();

        github.Repositories.RemoveAll(r => r.Name == "gone");
        var outcome = await scanner.ScanAsync(new ScanRequest());

        outcome.Repositories.ShouldHaveSingleItem().Key.ShouldBe("gh/keep");
        Directory.Exists(Path.Combine(_fleet.Root, "cache", "gh", "gone")).ShouldBeFalse();
        Directory.Exists(Path.Combine(_fleet.Root, "cache", "gh", "keep")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_token_fails_the_source_with_a_clear_message_and_the_rest_of_the_fleet_is_scanned()
    {
        var github = new LocalGitHub { Token = "ghp_right" };
        github.Repositories.Add(Real("pay-api"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;
        using var local = new TestRepository("local-svc");
        local.Write("package.json", "{}");
        var options = Options(api.Url, s => s.Token = "ghp_wrong");
        options.Sources.Add(new SourceOptions { Name = "disk", Kind = SourceKind.Directory, Path = local.Parent });

        var outcome = await new Scanner(options).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBe(["gh"]);
        var issue = outcome.Issues.ShouldHaveSingleItem();
        issue.Message.ShouldContain("source 'gh'");
        issue.Message.ShouldContain("GitHub refused the credentials (401: Bad credentials)");
        issue.Message.ShouldNotContain("ghp_wrong");
        outcome.Components.ShouldContain(c => c.Name == "local-svc");
    }

    [Fact]
    public async Task An_unknown_organisation_is_named_in_the_error()
    {
        var (api, _) = await LocalGitHub.StartAsync(new LocalGitHub());
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, s => s.Organization = "nosuch")).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBe(["gh"]);
        outcome.Issues.ShouldHaveSingleItem().Message.ShouldContain("GitHub has no organisation 'nosuch'");
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_as_retry_after_says()
    {
        var github = new LocalGitHub { SecondaryLimits = 1 };
        github.Repositories.Add(Real("pay-api"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url)).ScanAsync(new ScanRequest());

        outcome.Issues.ShouldBeEmpty();
        outcome.ScannedCount.ShouldBe(1);
        api.Requests.Count(r => r.Request.StartsWith("GET /api/v3/orgs/acme/repos", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task An_exhausted_rate_limit_resetting_later_than_the_longest_wait_fails_the_source_saying_so()
    {
        var github = new LocalGitHub { ExhaustedFor = TimeSpan.FromMinutes(30) };
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, tune: o => o.MaxRateLimitWait = TimeSpan.FromMinutes(1))).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBe(["gh"]);
        outcome.Issues.ShouldHaveSingleItem().Message.ShouldContain("longer than Scanning:MaxRateLimitWait (60 s)");
    }

    [Fact]
    public async Task A_github_app_lists_and_clones_with_installation_tokens_renewed_before_they_expire()
    {
        using var key = RSA.Create(2048);
        var pem = Path.Combine(_fleet.Root, "app.pem");
        File.WriteAllText(pem, key.ExportRSAPrivateKeyPem());
        // Tokens that expire in four minutes are inside the five-minute renewal margin: every use renews.
        var github = new LocalGitHub { AppKey = key, InstallationTokenLifetime = TimeSpan.FromMinutes(4) };
        github.Repositories.Add(Real("pay-api"));
        github.Repositories.Add(Real("pay-web"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, s => { s.Token = null; s.AppId = github.AppId; s.PrivateKeyPath = pem; })).ScanAsync(new ScanRequest());

        outcome.Issues.ShouldBeEmpty();
        outcome.ScannedCount.ShouldBe(2);
        api.Requests.ShouldContain(r => r.Request == "GET /api/v3/orgs/acme/installation");
        api.Requests.ShouldContain(r => r.Request.StartsWith("GET /api/v3/installation/repositories", StringComparison.Ordinal));
        github.IssuedTokens.Count.ShouldBeGreaterThanOrEqualTo(3, "one for the listing and one per clone, each renewed");
    }

    [Fact]
    public async Task A_github_app_key_from_an_environment_variable_with_long_lived_tokens_is_asked_once()
    {
        using var key = RSA.Create(2048);
        Environment.SetEnvironmentVariable("TH_TEST_APP_KEY", key.ExportPkcs8PrivateKeyPem());
        var github = new LocalGitHub { AppKey = key };
        github.Repositories.Add(Real("pay-api"));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, s => { s.Token = null; s.AppId = github.AppId; s.PrivateKeyEnvVar = "TH_TEST_APP_KEY"; s.InstallationId = github.InstallationId; }))
            .ScanAsync(new ScanRequest());

        outcome.ScannedCount.ShouldBe(1);
        github.IssuedTokens.Count.ShouldBe(1);
        api.Requests.ShouldNotContain(r => r.Request.EndsWith("/installation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repository_over_the_size_limit_is_recorded_with_its_reason_and_the_others_are_scanned()
    {
        var github = new LocalGitHub();
        github.Repositories.Add(Real("small"));
        github.Repositories.Add(Real("huge-by-host") with { SizeKilobytes = 5 * 1024 * 1024 });
        var blob = new string('x', 3 * 1024 * 1024);
        github.Repositories.Add(Real("huge-on-disk", new() { ["data.txt"] = blob + Guid.NewGuid() }) with { SizeKilobytes = 1 });
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url, tune: o => o.MaxRepositoryMegabytes = 1)).ScanAsync(new ScanRequest());

        outcome.Repositories.Single(r => r.Name == "small").Status.ShouldBe(RepositoryScanStatus.Scanned);
        var byHost = outcome.Repositories.Single(r => r.Name == "huge-by-host");
        byHost.Status.ShouldBe(RepositoryScanStatus.Failed);
        byHost.Error!.ShouldContain("the host reports 5,120 MiB, over Scanning:MaxRepositoryMegabytes (1)");
        var onDisk = outcome.Repositories.Single(r => r.Name == "huge-on-disk");
        onDisk.Status.ShouldBe(RepositoryScanStatus.Failed);
        onDisk.Error!.ShouldContain("over Scanning:MaxRepositoryMegabytes (1); it was removed");
        Directory.Exists(Path.Combine(_fleet.Root, "cache", "gh", "huge-on-disk")).ShouldBeFalse();
    }

    [Fact]
    public async Task An_unreachable_repository_is_recorded_and_the_others_are_scanned()
    {
        var github = new LocalGitHub();
        github.Repositories.Add(Real("fine"));
        github.Repositories.Add(new HostedRepository("missing", _fleet.CloneUrl("acme", "missing")));
        var (api, _) = await LocalGitHub.StartAsync(github);
        await using var _api = api;

        var outcome = await new Scanner(Options(api.Url)).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBeEmpty();
        outcome.Repositories.Single(r => r.Name == "fine").Status.ShouldBe(RepositoryScanStatus.Scanned);
        var missing = outcome.Repositories.Single(r => r.Name == "missing");
        missing.Status.ShouldBe(RepositoryScanStatus.Failed);
        missing.Error!.ShouldContain("could not ask the head of http://127.0.0.1");
    }
}
