using TechHealth.Scanning.Fleet;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Hostile;

/// <summary>
/// No program a repository's own git configuration names ever runs: not when the scan reads a repository (it runs no git
/// there at all), and not for any git command the service runs in its own clones. Each test could fail: the first one
/// shows the same repository does run the program when git is run as a person would.
/// </summary>
public class HostileGitTests
{
    [Fact]
    public void The_hostile_configuration_runs_its_program_when_git_is_run_with_the_repositorys_own_config()
    {
        using var repo = new HostileGitRepository();

        HostileGitRepository.Git(repo.Root, "log", "-1", "--format=%cI");

        repo.ProgramRan.ShouldBeTrue("the old scanner's 'git log -1' runs gpg.program through log.showSignature");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scanning_a_hostile_repository_reads_head_and_the_commit_date_without_running_anything(bool packed)
    {
        using var repo = new HostileGitRepository(packed: packed);
        var scanner = new Scanner(new ScanningOptions());

        var result = await scanner.ScanRepositoryAsync(new RepositoryLocation("s", "hostile", repo.Root), null, full: true);

        repo.ProgramRan.ShouldBeFalse(repo.WhatRan);
        result.Status.ShouldBe(RepositoryScanStatus.Scanned);
        result.Fingerprint.ShouldBe("git:" + repo.Head);
        var component = result.Components.ShouldHaveSingleItem();
        component.Facts["git.lastCommit"].ShouldBe(HostileGitRepository.CommitDate);
        component.Issues.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cloning_fetching_resetting_and_cleaning_a_hostile_remote_and_a_tampered_clone_run_nothing_of_theirs()
    {
        using var remote = new HostileGitRepository("payments");
        // The next commit waits on a branch; main moves to it between the two updates (git run the service's way).
        var next = await Safe(remote.Root, "commit-tree", "-p", remote.Head, "-m", "next", remote.Head + "^{tree}");
        var cache = Path.Combine(remote.Parent, "cache");
        var source = new GitSource(new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = new Uri(remote.Root).AbsoluteUri, Branch = "main" }, cache, TimeSpan.FromMinutes(1));

        var clone = (await source.PrepareAsync(CancellationToken.None)).ShouldHaveSingleItem();
        remote.ProgramRan.ShouldBeFalse("clone: " + remote.WhatRan);

        await Safe(remote.Root, "update-ref", "refs/heads/main", next);
        await source.PrepareAsync(CancellationToken.None);
        remote.ProgramRan.ShouldBeFalse("set-url, fetch, reset, clean: " + remote.WhatRan);

        // A clone whose config someone edited: its hooks and helper settings are overridden too.
        remote.Arm(clone.Root, withDrivers: false);
        File.WriteAllText(Path.Combine(clone.Root, "untracked.txt"), "x");
        await source.PrepareAsync(CancellationToken.None);
        remote.ProgramRan.ShouldBeFalse("in a tampered clone: " + remote.WhatRan);
        File.Exists(Path.Combine(clone.Root, "untracked.txt")).ShouldBeFalse("clean ran");

        var scanned = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(clone, null, full: true);
        scanned.Fingerprint.ShouldBe("git:" + next);
        remote.ProgramRan.ShouldBeFalse("scan: " + remote.WhatRan);
    }

    [Theory]
    [InlineData("init", "-q", "-b", "main")]
    [InlineData("add", "-A")]
    [InlineData("-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "generated")]
    [InlineData("commit", "-q", "--allow-empty", "-m", "signed unless overridden")]
    [InlineData("remote", "set-url", "origin", "https://git.example.com/x.git")]
    [InlineData("reset", "--hard", "--quiet", "HEAD")]
    [InlineData("clean", "-fdxq")]
    [InlineData("log", "-1", "--format=%cI")]
    [InlineData("rev-parse", "HEAD")]
    [InlineData("status", "--porcelain")]
    [InlineData("fetch", "--depth", "1", "--no-tags", "origin", "refs/heads/main")]
    [InlineData("ls-remote", "origin")]
    public async Task Every_git_command_line_the_service_uses_runs_nothing_a_repositorys_config_or_hooks_name(params string[] args)
    {
        // The commands the fleet generator and git sources run, and the two the scan used to run, in a repository armed in full
        // except for filter and diff drivers (which need a definition in the repository's own config; see docs/security.md).
        using var repo = new HostileGitRepository();
        File.WriteAllText(Path.Combine(repo.Root, ".git", "config"), File.ReadAllText(Path.Combine(repo.Root, ".git", "config")).Replace("[filter \"evil\"]", "[x-filter \"evil\"]"));
        File.WriteAllText(Path.Combine(repo.Root, "new.txt"), "changed");
        // origin is the repository itself, so fetching from it works offline (through upload-pack, which its config names too).
        HostileGitRepository.Git(repo.Root, "config", "remote.origin.url", new Uri(repo.Root).AbsoluteUri);
        File.Delete(repo.Marker);

        var result = await GitCommand.RunAsync(args, repo.Root, TimeSpan.FromMinutes(1), CancellationToken.None, Identity);

        result.ExitCode.ShouldBe(0, result.Error);
        repo.ProgramRan.ShouldBeFalse(repo.WhatRan);
    }

    [Fact]
    public async Task The_fleet_generator_commits_a_repository_holding_a_filter_attribute_without_running_anything()
    {
        using var repo = new HostileGitRepository();
        var fleet = Path.Combine(repo.Parent, "fleet");
        Directory.CreateDirectory(Path.Combine(fleet, "svc"));
        File.WriteAllText(Path.Combine(fleet, "svc", ".gitattributes"), "* filter=lfs diff=lfs merge=lfs\n");
        File.WriteAllText(Path.Combine(fleet, "svc", "catalog-info.yaml"), "kind: Component\n");

        (await FleetHistory.CommitRepositoriesAsync(fleet, DateTimeOffset.Parse(HostileGitRepository.CommitDate))).ShouldBe(1);

        repo.ProgramRan.ShouldBeFalse(repo.WhatRan);
        var scanned = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("f", "svc", Path.Combine(fleet, "svc")), null, full: true);
        scanned.Components.ShouldHaveSingleItem().Facts["git.lastCommit"].ShouldBe(await Safe(Path.Combine(fleet, "svc"), "log", "-1", "--format=%cI"));
    }

    // The service's git has no global configuration, so no user.name: commits name their author the way the fleet generator does.
    private static readonly Dictionary<string, string> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Test", ["GIT_AUTHOR_EMAIL"] = "test@example.com", ["GIT_COMMITTER_NAME"] = "Test", ["GIT_COMMITTER_EMAIL"] = "test@example.com",
    };

    private static async Task<string> Safe(string root, params string[] args)
    {
        var result = await GitCommand.RunAsync(args, root, TimeSpan.FromMinutes(1), CancellationToken.None, Identity);
        result.ExitCode.ShouldBe(0, result.Error);
        return result.Output.Trim();
    }
}
