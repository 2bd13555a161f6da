using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Contents;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Harvesters;

public class FileContentTests
{
    private static async Task<RepositoryScanResult> Scan(TestRepository repo, ScanningOptions options, params string[] globs)
        => await new Scanner(options).ScanRepositoryAsync(new RepositoryLocation("corp", Path.GetFileName(repo.Root), repo.Root), null, false,
            FileContentSet.Create(globs, options));

    private static ScanningOptions Options(int fileBytes = 256 * 1024, int files = 50, long bytes = 1024 * 1024)
        => new() { MaxContentFileBytes = fileBytes, MaxContentFilesPerComponent = files, MaxContentBytesPerComponent = bytes };

    private static string Catalog(string name)
        => $"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  owner: team-a\n";

    [Fact]
    public async Task The_text_of_matching_files_is_stored_under_the_path_relative_to_each_component()
    {
        using var repo = new TestRepository("platform");
        repo.Write("services/api/catalog-info.yaml", Catalog("api"))
            .Write("services/api/Dockerfile", "FROM node:24\nUSER node\n")
            .Write("services/api/deploy/Dockerfile", "FROM nginx\n")
            .Write("services/api/README.md", "# api\n")
            .Write("services/web/catalog-info.yaml", Catalog("web"))
            .Write("services/web/Dockerfile", "FROM nginx\n");

        var result = await Scan(repo, Options(), "**/Dockerfile");

        var api = result.Components.Single(c => c.Name == "api");
        api.Facts["file:Dockerfile"].ShouldBe("FROM node:24\nUSER node\n");
        api.Facts["file:deploy/Dockerfile"].ShouldBe("FROM nginx\n");
        api.Facts.Keys.ShouldNotContain("file:README.md");
        api.Facts.Keys.ShouldNotContain("file:services/web/Dockerfile");
        result.Components.Single(c => c.Name == "web").Facts.Keys.Where(k => k.StartsWith("file:", StringComparison.Ordinal)).ShouldBe(["file:Dockerfile"]);
    }

    [Fact]
    public async Task Without_content_globs_no_file_text_is_kept()
    {
        using var repo = new TestRepository();
        repo.Write("Dockerfile", "FROM node:24\n");
        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("corp", Path.GetFileName(repo.Root), repo.Root), null, false);
        result.Components.Single().Facts.Keys.ShouldNotContain(k => k.StartsWith("file:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_file_is_cut_at_a_line_end_within_the_per_file_cap_with_a_warning()
    {
        using var repo = new TestRepository();
        var lines = string.Concat(Enumerable.Range(1, 100).Select(i => $"line {i:D3} of the runbook\n"));
        repo.Write("README.md", lines);

        var result = await Scan(repo, Options(fileBytes: 1000), "README.md");

        var component = result.Components.Single();
        var kept = component.Facts["file:README.md"];
        kept.Length.ShouldBeLessThanOrEqualTo(1000);
        kept.ShouldEndWith("\n");
        kept.ShouldStartWith("line 001 of the runbook\n");
        lines.ShouldStartWith(kept);
        component.Issues.ShouldContain(i => i.File == "README.md" && i.Severity == ScanIssueSeverity.Warning
                                            && i.Message.Contains("truncated") && i.Message.Contains($"of {lines.Length} bytes"));
    }

    [Fact]
    public async Task The_per_component_caps_skip_further_files_with_a_warning_keeping_the_shallow_ones_first()
    {
        using var repo = new TestRepository();
        repo.Write("README.md", "# top\n").Write("docs/a.md", "# a\n").Write("docs/b.md", "# b\n").Write("docs/deep/c.md", "# c\n");

        var byCount = (await Scan(repo, Options(files: 2), "**/*.md")).Components.Single();
        byCount.Facts.Keys.Where(k => k.StartsWith("file:", StringComparison.Ordinal)).ShouldBe(["file:README.md", "file:docs/a.md"], ignoreOrder: true);
        byCount.Issues.Where(i => i.Message.StartsWith(FileContentSet.NotKeptMessage)).Select(i => i.File).ShouldBe(["docs/b.md", "docs/deep/c.md"], ignoreOrder: true);
        byCount.Issues.ShouldContain(i => i.File == "docs/b.md" && i.Message.Contains("MaxContentFilesPerComponent"));

        var byBytes = (await Scan(repo, Options(bytes: 10), "**/*.md")).Components.Single();
        byBytes.Facts.Keys.Where(k => k.StartsWith("file:", StringComparison.Ordinal)).ShouldBe(["file:README.md", "file:docs/a.md"], ignoreOrder: true);
        byBytes.Issues.ShouldContain(i => i.File == "docs/b.md" && i.Message.Contains("MaxContentBytesPerComponent"));
    }

    [Fact]
    public async Task A_binary_file_is_skipped_with_a_warning()
    {
        using var repo = new TestRepository();
        repo.Write("README.md", "# readme\n");
        File.WriteAllBytes(Path.Combine(repo.Root, "logo.md"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x0D, 0x0A]);

        var component = (await Scan(repo, Options(), "*.md")).Components.Single();

        component.Facts.Keys.ShouldContain("file:README.md");
        component.Facts.Keys.ShouldNotContain("file:logo.md");
        component.Issues.ShouldContain(i => i.File == "logo.md" && i.Message.Contains("binary"));
    }

    [Fact]
    public async Task A_symlink_out_of_the_repository_is_never_read()
    {
        using var repo = new TestRepository();
        var secret = Path.Combine(repo.Parent, "secret.md");
        File.WriteAllText(secret, "password=hunter2\n");
        repo.Write("README.md", "# readme\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, "NOTES.md"), secret);

        var component = (await Scan(repo, Options(), "*.md")).Components.Single();

        component.Facts.Keys.ShouldNotContain("file:NOTES.md");
        component.Facts.Values.ShouldNotContain(v => v.Contains("hunter2"));
        component.Issues.ShouldContain(i => i.File == "NOTES.md" && i.Message.Contains("outside the repository"));
    }

    [Fact]
    public async Task A_file_over_the_repository_size_limit_is_not_kept_and_says_so()
    {
        using var repo = new TestRepository();
        repo.Write("README.md", new string('x', 2000) + "\n");
        var options = Options();
        options.MaxFileBytes = 1000;

        var component = (await Scan(repo, options, "README.md")).Components.Single();

        component.Facts.Keys.ShouldNotContain("file:README.md");
        component.Issues.ShouldContain(i => i.File == "README.md" && i.Message.StartsWith(FileContentSet.NotKeptMessage) && i.Message.Contains("limit"));
    }

    [Fact]
    public async Task A_changed_set_of_content_globs_rescans_an_unchanged_repository_and_a_kept_file_edit_is_seen()
    {
        using var repo = new TestRepository("platform");
        repo.Write("go.mod", "module x\n").Write("README.md", "# platform\n");
        var options = new ScanningOptions { Sources = [new SourceOptions { Name = "corp", Path = repo.Parent }] };
        var scanner = new Scanner(options);

        var before = await scanner.ScanAsync(new ScanRequest());
        var same = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(before.Fingerprints) });
        same.SkippedRepositories.ShouldBe(["corp/platform"]);

        var withGlob = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(before.Fingerprints), ContentGlobs = ["README.md"] });
        withGlob.SkippedCount.ShouldBe(0);
        withGlob.Components.Single().Facts["file:README.md"].ShouldBe("# platform\n");

        var again = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(withGlob.Fingerprints), ContentGlobs = ["README.md"] });
        again.SkippedRepositories.ShouldBe(["corp/platform"]);

        // README.md is read by no harvester, yet its text is kept: an edit to it must change the fingerprint.
        repo.Write("README.md", "# platform\n\n## Runbook\n");
        var edited = await scanner.ScanAsync(new ScanRequest { PreviousFingerprint = ScanRequest.From(withGlob.Fingerprints), ContentGlobs = ["README.md"] });
        edited.SkippedCount.ShouldBe(0);
        edited.Components.Single().Facts["file:README.md"].ShouldContain("## Runbook");
    }

    [Fact]
    public async Task A_content_glob_that_does_not_parse_is_reported_and_the_others_still_apply()
    {
        using var repo = new TestRepository("platform");
        repo.Write("README.md", "# platform\n");
        var scanner = new Scanner(new ScanningOptions());

        var outcome = await scanner.ScanAsync(new ScanRequest { Path = repo.Parent, ContentGlobs = ["{README", "README.md"] });

        outcome.Issues.ShouldContain(i => i.Message.Contains("'{README'"));
        outcome.Components.Single().Facts.Keys.ShouldContain("file:README.md");
    }

    [Theory]
    [InlineData("**/Dockerfile", "services/api/Dockerfile", true)]
    [InlineData("Dockerfile", "services/api/Dockerfile", true)]
    [InlineData("README.md", "docs/guide.md", false)]
    [InlineData("docs/*.md", "services/api/docs/guide.md", true)]
    public void A_file_counts_for_the_fingerprint_when_a_glob_matches_it_below_some_folder(string glob, string path, bool expected)
        => FileContentSet.Create([glob], new ScanningOptions()).MayMatch(path).ShouldBe(expected);

    [Fact]
    public void Invalid_caps_and_globs_in_the_options_are_refused_with_their_keys()
    {
        var errors = new ScanningOptions { MaxContentFileBytes = 0, MaxContentFilesPerComponent = -1, ContentGlobs = ["{a,b"] }.Validate();
        errors.ShouldContain(e => e.Contains("Scanning:MaxContentFileBytes"));
        errors.ShouldContain(e => e.Contains("Scanning:MaxContentFilesPerComponent"));
        errors.ShouldContain(e => e.Contains("Scanning:ContentGlobs:0"));
    }
}
