using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.DotNet;
using TechHealth.Scanning.Reading;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Reading;

public class HostileRepositoryTests
{
    [Fact]
    public void A_symlink_to_a_file_outside_the_repository_is_not_listed_or_read()
    {
        using var repo = new TestRepository();
        var secret = Path.Combine(repo.Parent, "passwd");
        File.WriteAllText(secret, "root:x:0:0:root:/root:/bin/bash\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, "package.json"), secret);
        repo.Write("README.md", "# hello");

        var reader = repo.Reader();

        reader.Files.ShouldBe(["README.md"]);
        reader.TryReadText("package.json", out var text, out var reason).ShouldBeFalse();
        text.ShouldBeEmpty();
        reason.ShouldNotBeNull();
        reader.Issues.ShouldContain(i => i.File == "package.json" && i.Message.Contains("outside"));
    }

    [Fact]
    public void Nested_git_repositories_are_not_read_as_part_of_the_repository_around_them()
    {
        // A fleet generated under data/, a clone in a scratch folder and a submodule (its .git is a file).
        using var repo = new TestRepository();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write("package.json", """{ "name": "tool", "dependencies": { "express": "5.1.0" } }""");
        repo.Write("data/fleet/payments/.git/HEAD", "ref: refs/heads/main\n");
        repo.Write("data/fleet/payments/package.json", """{ "name": "payments", "dependencies": { "moment": "2.29.4" } }""");
        repo.Write("libs/vendored/.git", "gitdir: ../../.git/modules/vendored\n");
        repo.Write("libs/vendored/package.json", """{ "name": "vendored", "dependencies": { "lodash": "4.17.21" } }""");
        repo.Write("libs/own/package.json", """{ "name": "own", "dependencies": { "zod": "3.23.8" } }""");

        var reader = repo.Reader();

        reader.Files.ShouldBe(["libs/own/package.json", "package.json"]);
        reader.HasGit.ShouldBeTrue();
        var issue = reader.Issues.ShouldHaveSingleItem();
        (issue.File, issue.Severity).ShouldBe(("data/fleet/payments", ScanIssueSeverity.Warning));
        issue.Message.ShouldContain("2 nested git repositories were not read as part of this one (data/fleet/payments, libs/vendored)");
    }

    [Fact]
    public void A_symlink_to_a_file_inside_the_repository_is_read()
    {
        using var repo = new TestRepository();
        repo.Write("real/.nvmrc", "20\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, ".nvmrc"), Path.Combine(repo.Root, "real", ".nvmrc"));

        var reader = repo.Reader();

        reader.Files.ShouldContain(".nvmrc");
        reader.TryReadText(".nvmrc", out var text, out _).ShouldBeTrue();
        text.ShouldBe("20\n");
    }

    [Fact]
    public void A_symlink_loop_and_symlinked_folders_are_not_entered()
    {
        using var repo = new TestRepository();
        repo.Write("src/app.js", "1");
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "src", "loop"), repo.Root);
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "etc"), Path.GetTempPath());
        File.CreateSymbolicLink(Path.Combine(repo.Root, "a"), Path.Combine(repo.Root, "b"));
        File.CreateSymbolicLink(Path.Combine(repo.Root, "b"), Path.Combine(repo.Root, "a"));

        var reader = repo.Reader();

        reader.Files.ShouldBe(["src/app.js"]);
        reader.Issues.Count(i => i.Message.Contains("symlinked folder")).ShouldBe(2);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_listed_but_not_read_with_a_warning()
    {
        using var repo = new TestRepository();
        using (var f = File.Create(Path.Combine(repo.Root, "package-lock.json"))) f.SetLength(6 * 1024 * 1024);
        repo.Write("package.json", "{\"dependencies\":{\"left-pad\":\"1.3.0\"}}");

        var reader = repo.Reader();

        reader.Files.ShouldContain("package-lock.json");
        reader.TryReadText("package-lock.json", out _, out var reason).ShouldBeFalse();
        reason!.ShouldContain("limit");
        reader.Issues.ShouldContain(i => i.File == "package-lock.json" && i.Severity == ScanIssueSeverity.Warning && i.Message.Contains("5242880"));
        reader.TryReadText("package.json", out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void Nesting_200_folders_deep_stops_at_the_depth_limit()
    {
        using var repo = new TestRepository();
        var path = string.Join('/', Enumerable.Range(0, 200).Select(i => "d"));
        repo.Write(path + "/pom.xml", "<project/>");
        repo.Write("d/d/shallow.txt", "x");

        var reader = repo.Reader(new ScanningOptions { MaxDepth = 32 });

        reader.Files.ShouldBe(["d/d/shallow.txt"]);
        reader.Issues.ShouldContain(i => i.Message.Contains("deeper than the limit of 32"));
    }

    [Fact]
    public void The_file_count_limit_stops_enumeration_with_a_warning()
    {
        using var repo = new TestRepository();
        for (var i = 0; i < 30; i++) repo.Write($"f{i}.txt", "x");

        var reader = repo.Reader(new ScanningOptions { MaxFilesPerRepository = 10 });

        reader.Files.Count.ShouldBe(10);
        reader.Issues.ShouldContain(i => i.Message.Contains("more than 10 files"));
    }

    [Fact]
    public void An_xml_billion_laughs_project_file_is_refused_with_an_error_naming_the_file()
    {
        using var repo = new TestRepository();
        repo.Write("App/App.csproj", """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <Project><ItemGroup><PackageReference Include="&lol9;" Version="1.0.0" /></ItemGroup></Project>
            """);

        var sink = repo.Harvest(new DotNetHarvester());

        sink.Dependencies.ShouldBeEmpty();
        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(ScanIssueSeverity.Error);
        issue.File.ShouldBe("App/App.csproj");
        issue.Message.ShouldContain("DTD");
    }

    [Fact]
    public void An_external_entity_is_never_fetched()
    {
        SafeXml.TryParse("""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>""", out var doc, out var error, out _).ShouldBeFalse();
        doc.ShouldBeNull();
        error!.ShouldContain("DTD");
    }

    [Fact]
    public async Task A_yaml_alias_bomb_catalog_file_is_refused_and_the_repository_still_becomes_a_component()
    {
        using var repo = new TestRepository("bomb");
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join("", Enumerable.Range(1, 9).Select(i =>
            $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i - 1), 10))}]\n"));
        repo.Write("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bomb\n" + bomb);
        var scanner = new Scanner(new ScanningOptions());

        var result = await scanner.ScanRepositoryAsync(new RepositoryLocation("s", "bomb", repo.Root), null, full: true);

        result.Status.ShouldBe(RepositoryScanStatus.Scanned);
        var component = result.Components.ShouldHaveSingleItem();
        component.Name.ShouldBe("bomb");
        component.Owner.ShouldBeNull();
        component.Issues.ShouldContain(i => i.File == "catalog-info.yaml" && i.Severity == ScanIssueSeverity.Error && i.Message.Contains("alias bomb"));
    }
}
