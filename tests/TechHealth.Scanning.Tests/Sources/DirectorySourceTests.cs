using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Sources;

public class DirectorySourceTests
{
    [Fact]
    public async Task A_folder_of_repositories_lists_its_subfolders_but_not_hidden_or_symlinked_ones()
    {
        using var temp = new TestRepository("alpha");
        Directory.CreateDirectory(Path.Combine(temp.Parent, "beta"));
        Directory.CreateDirectory(Path.Combine(temp.Parent, ".cache"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Parent, "gamma"), temp.Root);

        var repos = await new DirectorySource("corp", temp.Parent).PrepareAsync(CancellationToken.None);

        repos.Select(r => r.Key).ShouldBe(["corp/alpha", "corp/beta"]);
    }

    [Theory]
    [InlineData("catalog-info.yaml")]
    [InlineData(".git/HEAD")]
    public async Task A_folder_with_a_catalog_or_git_at_its_root_is_one_repository(string marker)
    {
        using var temp = new TestRepository("svc");
        temp.Write(marker, "x");
        temp.Write("sub/package.json", "{}");

        var repos = await new DirectorySource("corp", temp.Root).PrepareAsync(CancellationToken.None);

        repos.ShouldHaveSingleItem().Key.ShouldBe("corp/svc");
    }

    [Fact]
    public async Task A_missing_folder_is_a_clear_error()
    {
        var error = await Should.ThrowAsync<DirectoryNotFoundException>(() => new DirectorySource("corp", "/nonexistent-th-folder").PrepareAsync(CancellationToken.None));
        error.Message.ShouldContain("source 'corp'");
    }

    [Fact]
    public async Task Extra_catalog_file_names_from_options_are_read()
    {
        using var temp = new TestRepository("svc");
        temp.Write("backstage.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: custom-named\nspec:\n  owner: team-x\n");
        var scanner = new Scanner(new ScanningOptions { ExtraCatalogFileNames = ["backstage.yaml"] });

        var outcome = await scanner.ScanAsync(new ScanRequest { Path = temp.Root });

        outcome.Repositories.ShouldHaveSingleItem().Key.ShouldBe("local/svc");
        outcome.Components.ShouldHaveSingleItem().Owner.ShouldBe("group:default/team-x");
    }
}
