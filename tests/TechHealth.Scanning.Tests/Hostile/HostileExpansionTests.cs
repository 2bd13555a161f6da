using System.Text;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Containers;
using TechHealth.Scanning.Harvesters.DotNet;
using TechHealth.Scanning.Harvesters.Gradle;
using TechHealth.Scanning.Harvesters.Maven;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests.Hostile;

/// <summary>
/// Files that expand: each doubles a value thirty times (a billion characters from a few KB). Each ends in a warning naming
/// the file and line, and allocation on the scanning thread (an upper bound of the memory used) stays small.
/// </summary>
public class HostileExpansionTests
{
    private const long MemoryCeiling = 200L << 20;

    private static (HarvestSink Sink, long Allocated) Harvest(TestRepository repo, IHarvester harvester)
    {
        var reader = repo.Reader();
        var sink = new HarvestSink();
        var before = GC.GetAllocatedBytesForCurrentThread();
        harvester.Harvest(reader, sink);
        return (sink, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_project_whose_thirty_properties_each_double_the_last_is_a_warning_on_the_line_where_the_budget_runs_out()
    {
        using var repo = new TestRepository();
        var props = new StringBuilder("<P0>xxxxxxxxxxxxxxxx</P0>\n");
        for (var i = 1; i <= 30; i++) props.Append($"    <P{i}>$(P{i - 1})$(P{i - 1})</P{i}>\n");
        repo.Write("Doubling.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {props}  </PropertyGroup>
              <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="$(P30)" /></ItemGroup>
            </Project>
            """);

        var (sink, allocated) = Harvest(repo, new DotNetHarvester());

        var issue = sink.Issues.ShouldHaveSingleItem();
        (issue.File, issue.Severity).ShouldBe(("Doubling.csproj", ScanIssueSeverity.Warning));
        // 16 characters doubled 12 times is 65,536: P13 (on line 16) is the first past the 64 Ki budget.
        issue.Line.ShouldBe(16);
        issue.Message.ShouldContain("expansion budget");
        sink.Dependencies.ShouldBeEmpty();
        allocated.ShouldBeLessThan(MemoryCeiling);
    }

    [Fact]
    public void A_props_file_doubling_across_imports_names_the_props_file()
    {
        using var repo = new TestRepository();
        var props = new StringBuilder("<Q0>abcdefghabcdefgh</Q0>");
        for (var i = 1; i <= 30; i++) props.Append($"<Q{i}>$(Q{i - 1})$(Q{i - 1})</Q{i}>");
        repo.Write("Directory.Build.props", $"<Project><PropertyGroup>{props}</PropertyGroup></Project>");
        repo.Write("src/App/App.csproj", """<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");

        var (sink, allocated) = Harvest(repo, new DotNetHarvester());

        sink.Issues.ShouldHaveSingleItem().File.ShouldBe("Directory.Build.props");
        allocated.ShouldBeLessThan(MemoryCeiling);
    }

    [Fact]
    public void Maven_properties_doubling_thirty_times_are_a_warning_naming_the_property_and_its_line_and_the_dependency_stays_unresolved()
    {
        using var repo = new TestRepository();
        var props = new StringBuilder("<p0>1.0.0.0.0.0.0.0</p0>\n");
        for (var i = 1; i <= 30; i++) props.Append($"    <p{i}>${{p{i - 1}}}${{p{i - 1}}}</p{i}>\n");
        repo.Write("pom.xml", "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n  <properties>\n    " + props +
            "  </properties>\n  <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${p30}</version></dependency></dependencies>\n</project>\n");

        var (sink, allocated) = Harvest(repo, new MavenHarvester());

        var issue = sink.Issues.ShouldHaveSingleItem();
        (issue.File, issue.Line).ShouldBe(("pom.xml", 33));
        issue.Message.ShouldContain("property 'p30'");
        issue.Message.ShouldContain("expansion budget");
        sink.Dependencies.Single(d => d.Purl.ToString() == "pkg:maven/x/y").Unresolved.ShouldBeTrue();
        allocated.ShouldBeLessThan(MemoryCeiling);
    }

    [Fact]
    public void Gradle_variables_doubling_are_a_warning_naming_the_dependency_line()
    {
        using var repo = new TestRepository();
        var props = new StringBuilder("v0=1.0.0.0.0.0.0.0\n");
        for (var i = 1; i <= 30; i++) props.Append($"v{i}=${{v{i - 1}}}${{v{i - 1}}}\n");
        repo.Write("gradle.properties", props.ToString());
        repo.Write("build.gradle", "plugins { id 'java' }\ndependencies {\n    implementation \"org.x:y:${v30}\"\n}\n");

        var (sink, allocated) = Harvest(repo, new GradleHarvester());

        sink.Issues.ShouldContain(i => i.File == "build.gradle" && i.Line == 3 && i.Message.Contains("expansion budget"), string.Join("\n", sink.Issues) + string.Join("\n", sink.Dependencies.Select(d => d.Purl + " " + d.Declared + " " + d.Version)));
        allocated.ShouldBeLessThan(MemoryCeiling);
    }

    [Fact]
    public void A_dockerfile_multiplying_a_long_arg_is_a_warning_on_its_from_line()
    {
        using var repo = new TestRepository();
        var arg = new string('a', 100_000);
        repo.Write("Dockerfile", $"ARG A={arg}\nFROM {string.Concat(Enumerable.Repeat("$A", 10_000))}\n");

        var (sink, allocated) = Harvest(repo, new ContainerHarvester());

        sink.Issues.ShouldContain(i => i.File == "Dockerfile" && i.Line == 2 && i.Message.Contains("expansion budget"));
        allocated.ShouldBeLessThan(MemoryCeiling);
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData(".github/workflows/ci.yml")]
    public async Task A_yaml_alias_bomb_in_a_compose_or_workflow_file_is_an_issue_naming_the_file(string file)
    {
        using var repo = new TestRepository("bomb");
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++) bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i - 1), 10))}]\n");
        repo.Write(file, bomb.ToString());

        var result = await new Scanner(new ScanningOptions()).ScanRepositoryAsync(new RepositoryLocation("s", "bomb", repo.Root), null, full: true);

        result.Status.ShouldBe(RepositoryScanStatus.Scanned);
        result.Components.ShouldHaveSingleItem().Issues.ShouldContain(i => i.File == file);
    }
}
