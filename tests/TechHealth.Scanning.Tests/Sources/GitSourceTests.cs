using System.Diagnostics;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Sources;

public class GitSourceTests
{
    private static string Git(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "Test";
        psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>A bare remote with one commit on main, pushed from a work folder the test can commit in again.</summary>
    private static (TestRepository Temp, string Bare, string Work) Remote()
    {
        var temp = new TestRepository("unused");
        var bare = Path.Combine(temp.Parent, "payments.git");
        var work = Path.Combine(temp.Parent, "work");
        Directory.CreateDirectory(bare);
        Directory.CreateDirectory(work);
        Git(bare, "init", "--bare", "--quiet", "--initial-branch=main");
        Git(work, "init", "--quiet", "--initial-branch=main");
        File.WriteAllText(Path.Combine(work, "catalog-info.yaml"), "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  owner: team-pay\n");
        Git(work, "add", ".");
        Git(work, "commit", "--quiet", "-m", "first");
        Git(work, "remote", "add", "origin", new Uri(bare).AbsoluteUri);
        Git(work, "push", "--quiet", "origin", "main");
        return (temp, bare, work);
    }

    [Fact]
    public async Task Clones_a_branch_then_picks_up_a_new_commit_on_update()
    {
        var (temp, bare, work) = Remote();
        using var _ = temp;
        var cache = Path.Combine(temp.Parent, "cache");
        var source = new GitSource(new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = new Uri(bare).AbsoluteUri, Branch = "main" }, cache, TimeSpan.FromMinutes(1));

        var first = (await source.PrepareAsync(CancellationToken.None)).ShouldHaveSingleItem();
        first.Key.ShouldBe("corp/payments");
        File.Exists(Path.Combine(first.Root, "catalog-info.yaml")).ShouldBeTrue();
        var head1 = Git(first.Root, "rev-parse", "HEAD");

        File.WriteAllText(Path.Combine(work, "package.json"), "{}");
        Git(work, "add", ".");
        Git(work, "commit", "--quiet", "-m", "second");
        Git(work, "push", "--quiet", "origin", "main");

        var second = (await source.PrepareAsync(CancellationToken.None)).ShouldHaveSingleItem();
        second.Root.ShouldBe(first.Root);
        File.Exists(Path.Combine(second.Root, "package.json")).ShouldBeTrue();
        Git(second.Root, "rev-parse", "HEAD").ShouldNotBe(head1);
        Git(second.Root, "rev-parse", "HEAD").ShouldBe(Git(work, "rev-parse", "HEAD"));
        // Shallow: only the newest commit is there.
        Git(second.Root, "rev-list", "--count", "HEAD").ShouldBe("1");
    }

    [Fact]
    public async Task Scanner_skips_an_unchanged_git_repository_by_its_head_and_rescans_after_a_commit()
    {
        var (temp, bare, work) = Remote();
        using var _ = temp;
        var options = new ScanningOptions
        {
            CacheDirectory = Path.Combine(temp.Parent, "cache"),
            Sources = [new SourceOptions { Name = "corp", Kind = SourceKind.Git, Url = new Uri(bare).AbsoluteUri }],
        };
        var scanner = new Scanner(options);

        var run1 = await scanner.ScanAsync(new ScanRequest());
        var component = run1.Components.ShouldHaveSingleItem();
        component.Owner.ShouldBe("group:default/team-pay");
        component.Fingerprint.ShouldBe("git:" + Git(work, "rev-parse", "HEAD"));
        component.Facts["git.lastCommit"].ShouldMatch(@"^\d{4}-\d\d-\d\dT");

        var run2 = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(run1.Fingerprints) });
        run2.SkippedCount.ShouldBe(1);
        run2.Components.ShouldBeEmpty();

        File.WriteAllText(Path.Combine(work, "README.md"), "# payments");
        Git(work, "add", ".");
        Git(work, "commit", "--quiet", "-m", "docs");
        Git(work, "push", "--quiet", "origin", "main");

        var run3 = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(run1.Fingerprints) });
        run3.ScannedCount.ShouldBe(1);
        run3.Components.ShouldHaveSingleItem().Facts["readme.present"].ShouldBe("true");
    }

    [Fact]
    public async Task A_token_never_appears_in_an_error_message()
    {
        using var temp = new TestRepository("unused");
        const string token = "s3cr3t-token-value";
        Environment.SetEnvironmentVariable("TH_TEST_GIT_TOKEN", token);
        var source = new GitSource(new SourceOptions
        {
            Name = "corp", Kind = SourceKind.Git, Url = $"file://{temp.Parent}/does-not-exist-{token}.git", CredentialEnvVar = "TH_TEST_GIT_TOKEN",
        }, Path.Combine(temp.Parent, "cache"), TimeSpan.FromMinutes(1));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => source.PrepareAsync(CancellationToken.None));

        error.Message.ShouldNotContain(token);
        error.Message.ShouldContain("***");
        error.Message.ShouldContain("could not ask the head of");
    }

    [Fact]
    public void Redaction_removes_passwords_in_urls()
    {
        GitCommand.Redact("fatal: https://bob:hunter2@git.example.com/x.git not found", null).ShouldBe("fatal: https://***@git.example.com/x.git not found");
    }

    [Fact]
    public async Task A_failing_git_source_is_reported_and_the_other_sources_still_scan()
    {
        using var temp = new TestRepository("svc");
        temp.Write("package.json", "{}");
        var options = new ScanningOptions
        {
            CacheDirectory = Path.Combine(temp.Parent, "cache"),
            Sources =
            [
                new SourceOptions { Name = "broken", Kind = SourceKind.Git, Url = new Uri(Path.Combine(temp.Parent, "nothing.git")).AbsoluteUri },
                new SourceOptions { Name = "local", Kind = SourceKind.Directory, Path = temp.Parent },
            ],
        };

        var outcome = await new Scanner(options).ScanAsync(new ScanRequest());

        outcome.FailedSources.ShouldBe(["broken"]);
        outcome.Issues.ShouldHaveSingleItem().File.ShouldBe("broken");
        outcome.Components.ShouldContain(c => c.Name == "svc");
    }
}
