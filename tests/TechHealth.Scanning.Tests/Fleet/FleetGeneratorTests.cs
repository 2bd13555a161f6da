using System.Security.Cryptography;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Scanning.Tests.Fleet;

public class FleetGeneratorTests
{
    private static Dictionary<string, string> Hashes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void The_same_seed_gives_byte_identical_output_and_another_seed_does_not()
    {
        using var temp = new TestRepository("fleet");
        var a = Path.Combine(temp.Parent, "a");
        var b = Path.Combine(temp.Parent, "b");
        var c = Path.Combine(temp.Parent, "c");

        var summary = FleetGenerator.Generate(a, 60, seed: 7);
        FleetGenerator.Generate(b, 60, seed: 7);
        FleetGenerator.Generate(c, 60, seed: 8);

        var ha = Hashes(a);
        ha.Count.ShouldBe(summary.Files);
        ha.ShouldBe(Hashes(b));
        ha.ShouldNotBe(Hashes(c));
        summary.Components.ShouldBe(60);
    }

    [Fact]
    public async Task Scanning_a_generated_fleet_gives_components_owners_groups_and_every_ecosystem()
    {
        using var temp = new TestRepository("fleet");
        var summary = FleetGenerator.Generate(temp.Root, 40, seed: 3);
        summary.ComponentsByEcosystem.Values.ShouldAllBe(n => n > 0);

        var outcome = await new Scanner(new ScanningOptions()).ScanAsync(new ScanRequest { Path = temp.Root });

        outcome.FailedCount.ShouldBe(0);
        outcome.Components.Count.ShouldBe(40);
        outcome.Repositories.Count.ShouldBe(summary.Repositories);
        outcome.Components.Count(c => c.Owner is not null).ShouldBeGreaterThan(30);
        outcome.Groups.Count(g => g.Type == "department").ShouldBe(summary.Departments);
        outcome.Groups.Count(g => g.Type == "team").ShouldBe(summary.Teams);
        outcome.Groups.ShouldAllBe(g => g.Type == "organization" || g.ParentRef != null);
        var owners = outcome.Components.Select(c => c.Owner).OfType<string>().ToHashSet();
        owners.ShouldAllBe(o => outcome.Groups.Any(g => g.Ref == o));

        var deps = outcome.Components.SelectMany(c => c.Dependencies).ToList();
        foreach (var ecosystem in new[] { "nuget", "npm", "maven", "pypi", "golang", "cargo", "docker", "github", "runtime" })
            deps.ShouldContain(d => d.Ecosystem == ecosystem, $"no {ecosystem} dependency in the scanned fleet");
        deps.Where(d => d.Ecosystem == "runtime").Select(d => d.Purl.Name).Distinct().ShouldBe(["dotnet", "dotnet-sdk", "go", "java", "node", "python", "rust"], ignoreOrder: true);
        deps.ShouldContain(d => d.Purl.Key == "pkg:npm/lodash" && d.Locked);
        // Gradle's version catalog and Maven's parent properties both resolve.
        deps.ShouldContain(d => d.Purl.Key == "pkg:maven/io.ktor/ktor-server-core" && d.File.EndsWith("build.gradle.kts") && d.Version != null);
        deps.ShouldContain(d => d.Purl.Key == "pkg:maven/org.apache.logging.log4j/log4j-core" && d.File.EndsWith("pom.xml") && d.Declared == "${log4j2.version}" && d.Version != null);
        deps.ShouldContain(d => d.Ecosystem == "pypi" && d.Locked);
        deps.ShouldContain(d => d.Purl.Key == "pkg:nuget/newtonsoft.json" && d.Locked);
        outcome.Components.ShouldContain(c => c.Facts["tests.present"] == "true");
        outcome.Components.ShouldContain(c => c.Facts["tests.present"] == "false");
        outcome.Components.ShouldAllBe(c => c.Issues.All(i => i.Severity != ScanIssueSeverity.Error));
    }

    [Fact]
    public async Task Generated_dockerfiles_mix_non_root_users_explicit_root_and_no_user_and_the_scan_keeps_their_text()
    {
        using var temp = new TestRepository("fleet");
        FleetGenerator.Generate(temp.Root, 60, seed: 5);

        var outcome = await new Scanner(new ScanningOptions()).ScanAsync(new ScanRequest { Path = temp.Root, ContentGlobs = ["**/Dockerfile"] });

        var dockerfiles = outcome.Components.Where(c => c.Files.Any(f => f == "Dockerfile" || f.EndsWith("/Dockerfile", StringComparison.Ordinal))).ToList();
        dockerfiles.ShouldNotBeEmpty();
        dockerfiles.ShouldAllBe(c => c.Facts.ContainsKey("file:Dockerfile"));
        var texts = dockerfiles.Select(c => c.Facts["file:Dockerfile"]).ToList();
        texts.ShouldContain(t => t.Contains("\nUSER root\n"));
        texts.ShouldContain(t => !t.Contains("\nUSER ") && !t.Contains(":nonroot"));
        texts.ShouldContain(t => t.Contains("\nUSER ") && !t.Contains("\nUSER root\n"));
        texts.ShouldContain(t => t.Contains(":nonroot"));
    }
}
