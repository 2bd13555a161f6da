using TechHealth.Scanning.Sources;
using TechHealth.TestServers;

namespace TechHealth.Scanning.Tests.Sources;

/// <summary>Source configuration is refused up front with messages naming the key; the clone cache can never be deleted through it.</summary>
public sealed class SourceConfigurationTests
{
    [Theory]
    [InlineData("https://git.example.com/acme/..", "has a '.' or '..' segment")]
    [InlineData("https://git.example.com/acme/../..", "has a '.' or '..' segment")]
    [InlineData("file:///srv/git/..", "has a '.' or '..' segment")]
    [InlineData("git@git.example.com:..", "has a '.' or '..' segment")]
    [InlineData("ext::sh -c touch% pwned", "must not contain spaces")]
    [InlineData("ext::sh", "uses a git remote helper")]
    [InlineData("--upload-pack=touch x", "must not contain spaces")]
    [InlineData("-uhttps://x", "must not start with '-'")]
    [InlineData("ftp://git.example.com/acme/pay.git", "has scheme 'ftp'")]
    [InlineData("just-a-name", "is not a git URL")]
    public void A_git_url_that_could_escape_or_run_something_is_refused_naming_the_key(string url, string message)
    {
        var options = new ScanningOptions { Sources = [new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = url }] };

        var error = options.Validate().ShouldHaveSingleItem();

        error.ShouldStartWith("Scanning:Sources:0:Url ");
        error.ShouldContain(message);
    }

    [Theory]
    [InlineData("https://github.com/acme/payments.git")]
    [InlineData("ssh://git@github.com/acme/payments.git")]
    [InlineData("git@github.com:acme/payments.git")]
    [InlineData("git://127.0.0.1:9418/acme/payments.git")]
    [InlineData("file:///srv/git/payments.git")]
    public void Ordinary_git_urls_pass(string url)
        => new ScanningOptions { Sources = [new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = url }] }.Validate().ShouldBeEmpty();

    [Fact]
    public void Names_urls_and_accounts_of_every_kind_are_checked_with_messages_naming_the_key()
    {
        var options = new ScanningOptions
        {
            Sources =
            [
                new SourceOptions { Name = "..", Kind = SourceKind.Directory, Path = "x" },
                new SourceOptions { Name = "gh", Kind = SourceKind.GitHub },
                new SourceOptions { Name = "gh2", Kind = SourceKind.GitHub, Organization = "acme", ApiUrl = "ftp://ghe.example.com", Visibility = ["secret"] },
                new SourceOptions { Name = "gh3", Kind = SourceKind.GitHub, Organization = "acme", AppId = "1" },
                new SourceOptions { Name = "gl", Kind = SourceKind.GitLab, Group = "platform/../admin" },
                new SourceOptions { Name = "bs", Kind = SourceKind.Backstage },
                new SourceOptions { Name = "bad name", Kind = SourceKind.Directory, Path = "y" },
            ],
        };

        options.Validate().ShouldBe(
        [
            "Scanning:Sources:0:Name '..' may hold only letters, digits, '.', '-' and '_' (it names the source's cache folder), and not be '.' or '..'",
            "Scanning:Sources:1: a GitHub source needs exactly one of Organization and User",
            "Scanning:Sources:2:ApiUrl 'ftp://ghe.example.com' must be an http(s) URL without query or credentials",
            "Scanning:Sources:2:Visibility 'secret' is not public, private or internal",
            "Scanning:Sources:3: a GitHub App needs exactly one of PrivateKeyPath and PrivateKeyEnvVar",
            "Scanning:Sources:4:Group 'platform/../admin' is not a GitLab group path",
            "Scanning:Sources:5:ApiUrl is required for a Backstage source (the backend's URL, e.g. https://backstage.example.com)",
            "Scanning:Sources:6:Name 'bad name' may hold only letters, digits, '.', '-' and '_' (it names the source's cache folder), and not be '.' or '..'",
        ]);
        Should.Throw<ScanConfigurationException>(() => new Scanner(options)).Errors.Count.ShouldBe(8);
    }

    [Fact]
    public async Task A_url_ending_in_dot_dot_never_deletes_the_clone_cache()
    {
        using var fleet = new GitHttpFleet();
        fleet.Create("acme", "payments", new() { ["package.json"] = "{}" });
        var cache = Path.Combine(fleet.Root, "cache");
        var good = new SourceOptions { Name = "good", Kind = SourceKind.Git, Url = fleet.CloneUrl("acme", "payments") };
        (await new Scanner(new ScanningOptions { CacheDirectory = cache, Sources = [good] }).ScanAsync(new ScanRequest())).ScannedCount.ShouldBe(1);
        var clone = Path.Combine(cache, "good", "payments");
        File.Exists(Path.Combine(clone, "package.json")).ShouldBeTrue();
        var hostile = new SourceOptions { Name = "hostile", Kind = SourceKind.Git, Url = $"git://127.0.0.1:{fleet.Port}/acme/.." };

        Should.Throw<ScanConfigurationException>(() => new Scanner(new ScanningOptions { CacheDirectory = cache, Sources = [good, hostile] }))
            .Errors.ShouldHaveSingleItem().ShouldContain("Scanning:Sources:1:Url");
        // Even handed to the source directly (configuration validation bypassed), it refuses before touching the disk.
        Should.Throw<ArgumentException>(() => new GitSource(hostile, cache, TimeSpan.FromMinutes(1))).Message.ShouldContain("'.' or '..' segment");
        Should.Throw<ArgumentException>(() => new CloneCache(cache, "hostile", new ScanningOptions()).FolderFor(".."));
        Should.Throw<ArgumentException>(() => new CloneCache(cache, "..", new ScanningOptions()));

        File.Exists(Path.Combine(clone, "package.json")).ShouldBeTrue();
    }

    [Fact]
    public void A_git_source_clones_into_a_folder_named_inside_its_own_cache_folder()
    {
        var cache = Path.Combine(Path.GetTempPath(), "th-cache-test");
        new GitSource(new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = "https://git.example.com/acme/payments.git" }, cache, TimeSpan.FromMinutes(1))
            .ClonePath.ShouldBe(Path.Combine(cache, "corp", "payments"));
        // A last segment that is no plain folder name gives way to the source's name.
        new GitSource(new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = "git@git.example.com:acme/pay%20ments" }, cache, TimeSpan.FromMinutes(1))
            .ClonePath.ShouldBe(Path.Combine(cache, "corp", "corp"));
    }

    [Fact]
    public void A_source_name_that_is_not_configured_lists_those_that_are()
    {
        var scanner = new Scanner(new ScanningOptions
        {
            Sources = [new SourceOptions { Name = "alpha", Path = "a" }, new SourceOptions { Name = "beta", Path = "b" }],
        });

        var error = Should.Throw<UnknownSourceException>(() => scanner.SourcesFor(new ScanRequest { Source = "nosuch" }));

        error.Message.ShouldBe("no source named 'nosuch' is configured; the sources are: alpha, beta");
    }
}
