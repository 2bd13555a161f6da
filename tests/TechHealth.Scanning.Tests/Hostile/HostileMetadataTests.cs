using System.Diagnostics;
using System.IO.Compression;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Reading;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Hostile;

/// <summary>
/// <c>.git</c> metadata written to make the scan read outside the repository, read forever, or blow up: every case ends in a
/// warning and reads nothing outside. Allocation on the reading thread stands in for memory (it bounds it from above).
/// </summary>
public class HostileMetadataTests
{
    private const string Secret = "TOP-SECRET-0123456789abcdef0123456789abcdef";

    private static (TestRepository Repo, string Outside) WithSecretOutside()
    {
        var repo = new TestRepository("repo");
        repo.Write("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: repo\nspec:\n  type: service\n  lifecycle: production\n  owner: team-x\n");
        var outside = Path.Combine(repo.Parent, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Secret + "\n");
        Directory.CreateDirectory(Path.Combine(repo.Root, ".git", "refs", "heads"));
        return (repo, outside);
    }

    private static async Task<RepositoryScanResult> Scan(TestRepository repo)
        => await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "repo", repo.Root), null, full: true);

    [Fact]
    public async Task A_head_naming_a_file_outside_the_repository_is_a_warning_and_the_file_is_not_read()
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        repo.Write(".git/HEAD", "ref: ../../../outside/secret.txt\n");

        var result = await Scan(repo);

        result.Fingerprint!.ShouldStartWith("sha256:");
        result.Fingerprint.ShouldNotContain("SECRET");
        var component = result.Components.ShouldHaveSingleItem();
        component.Issues.ShouldContain(i => i.File == ".git/HEAD" && i.Message.Contains("not a ref inside the repository"));
        component.Facts.Values.ShouldAllBe(v => !v.Contains("SECRET"));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("refs/heads/main")]
    [InlineData("packed-refs")]
    public async Task A_metadata_file_that_is_a_symlink_out_of_the_repository_is_not_followed(string file)
    {
        var (repo, outside) = WithSecretOutside();
        using var _r = repo;
        if (file != "HEAD") repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, ".git", file), Path.Combine(outside, "secret.txt"));

        var result = await Scan(repo);

        result.Fingerprint!.ShouldNotContain("SECRET");
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.File == ".git/" + file && i.Message.Contains("symlink"));
    }

    [Fact]
    public async Task A_refs_folder_that_is_a_symlink_out_of_the_repository_is_not_followed()
    {
        var (repo, outside) = WithSecretOutside();
        using var _r = repo;
        Directory.Delete(Path.Combine(repo.Root, ".git", "refs"), recursive: true);
        Directory.CreateDirectory(Path.Combine(outside, "heads"));
        File.WriteAllText(Path.Combine(outside, "heads", "main"), "0123456789012345678901234567890123456789\n");
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, ".git", "refs"), outside);
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");

        var result = await Scan(repo);

        result.Fingerprint!.ShouldNotContain("0123456789012345678901234567890123456789");
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.Message.Contains("symlink"));
    }

    [Fact]
    public void A_head_that_is_a_symlink_to_dev_zero_reads_nothing_and_allocates_almost_nothing()
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        File.CreateSymbolicLink(Path.Combine(repo.Root, ".git", "HEAD"), "/dev/zero");
        var issues = new List<ScanIssue>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var git = GitMetadata.Read(repo.Root, issues);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        git.Head.ShouldBeNull();
        issues.ShouldContain(i => i.File == ".git/HEAD" && i.Message.Contains("symlink"));
        allocated.ShouldBeLessThan(1L << 20);
    }

    [Fact]
    public async Task A_head_that_is_a_fifo_is_never_opened()
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        MakeFifo(Path.Combine(repo.Root, ".git", "HEAD"));
        // A FIFO in the working tree too: opening either would wait for a writer for ever, so the scan would hit its deadline.
        MakeFifo(Path.Combine(repo.Root, "package.json"));

        var result = await new Scanner(new ScanningOptions { PerRepositoryTimeout = TimeSpan.FromMinutes(1) })
            .ScanRepositoryAsync(new RepositoryLocation("s", "repo", repo.Root), null, full: true);

        result.Status.ShouldBe(RepositoryScanStatus.Scanned, result.Error);
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.File == ".git/HEAD" && i.Message.Contains("not a regular file"));
    }

    [Fact]
    public async Task A_loose_commit_that_inflates_without_end_is_refused_within_its_limit()
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        const string id = "1111111111111111111111111111111111111111";
        repo.Write(".git/HEAD", id + "\n");
        // 64 MiB of zeros compress to about 64 KiB: a zip bomb in the object store.
        var bomb = Path.Combine(repo.Root, ".git", "objects", id[..2], id[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(bomb)!);
        using (var file = File.Create(bomb))
        using (var zlib = new ZLibStream(file, CompressionLevel.SmallestSize))
        {
            zlib.Write("commit 67108864\0"u8);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) zlib.Write(zeros);
        }
        var issues = new List<ScanIssue>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var git = GitMetadata.Read(repo.Root, issues);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        git.Head.ShouldBe(id);
        git.LastCommitDate.ShouldBeNull();
        issues.ShouldContain(i => i.Message.Contains("inflates past"));
        allocated.ShouldBeLessThan(16L << 20);
        (await Scan(repo)).Fingerprint.ShouldBe("git:" + id);
    }

    [Fact]
    public void An_oversized_packed_refs_is_not_read()
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        using (var f = File.Create(Path.Combine(repo.Root, ".git", "packed-refs"))) f.SetLength(GitMetadataLimits.PackedRefs + 1);
        var issues = new List<ScanIssue>();

        GitMetadata.Read(repo.Root, issues).Head.ShouldBeNull();

        issues.ShouldContain(i => i.File == ".git/packed-refs" && i.Message.Contains("over the"));
    }

    [Theory]
    [InlineData("ref: refs/heads/../../../outside/secret.txt")]
    [InlineData("ref: /etc/passwd")]
    [InlineData("ref: refs/heads/main\u0000")]
    [InlineData("ref: refs/./heads")]
    [InlineData("not a ref at all")]
    public void A_head_that_is_not_a_plain_ref_is_refused(string head)
    {
        var (repo, _) = WithSecretOutside();
        using var _r = repo;
        repo.Write(".git/HEAD", head + "\n");
        var issues = new List<ScanIssue>();

        GitMetadata.Read(repo.Root, issues).Head.ShouldBeNull();

        issues.ShouldHaveSingleItem().File.ShouldBe(".git/HEAD");
    }

    [Fact]
    public async Task A_git_file_pointing_elsewhere_is_not_followed()
    {
        var (repo, outside) = WithSecretOutside();
        using var _r = repo;
        Directory.Delete(Path.Combine(repo.Root, ".git"), recursive: true);
        repo.Write(".git", $"gitdir: {outside}\n");

        var result = await Scan(repo);

        result.Fingerprint!.ShouldStartWith("sha256:");
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.File == ".git" && i.Message.Contains("not followed"));
    }

    private static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        p.WaitForExit();
        p.ExitCode.ShouldBe(0);
    }
}
