using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Ci;

namespace TechHealth.Scanning.Tests.Harvesters;

public class CiHarvesterTests
{
    private const string Workflow = """
        name: build
        on: [push]
        jobs:
          test:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                node: [18, 20]
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-node@v4
                with:
                  node-version: ${{ matrix.node }}
              - uses: actions/setup-java@v4.2.1
                with:
                  distribution: temurin
                  java-version: '21'
              - uses: actions/setup-dotnet@v4
                with:
                  dotnet-version: 8.0.x
              - uses: ./.github/actions/local
              - uses: docker://alpine:3.19
              - uses: github/codeql-action/init@v3
              - run: npm test
          release:
            uses: acme/shared-workflows/.github/workflows/release.yml@main
        """;

    [Fact]
    public void Workflow_uses_become_github_actions_with_refs()
    {
        using var repo = new TestRepository().Write(".github/workflows/build.yml", Workflow);
        var deps = repo.Harvest(new CiHarvester()).Dependencies;
        var actions = deps.Where(d => d.Kind == TechnologyKind.Action).Select(d => $"{d.Purl}@{d.Version}").ToList();
        actions.ShouldBe([
            "pkg:github/actions/checkout@v4", "pkg:github/actions/setup-node@v4", "pkg:github/actions/setup-java@v4.2.1",
            "pkg:github/actions/setup-dotnet@v4", "pkg:github/github/codeql-action@v3", "pkg:github/acme/shared-workflows@main",
        ], ignoreOrder: true);
        deps.Single(d => d.Purl.Name == "checkout").Line.ShouldBe(10);
        var alpine = deps.Single(d => d.Kind == TechnologyKind.Image);
        alpine.Purl.ToString().ShouldBe("pkg:docker/alpine");
        alpine.Version.ShouldBe("3.19");
    }

    [Fact]
    public void Setup_actions_give_build_runtimes_with_matrix_values_expanded()
    {
        using var repo = new TestRepository().Write(".github/workflows/build.yml", Workflow);
        var runtimes = repo.Harvest(new CiHarvester()).Dependencies.Where(d => d.Kind == TechnologyKind.Runtime).ToList();
        runtimes.Select(r => $"{r.Purl.Name}@{r.Version}").ShouldBe(["node@18", "node@20", "java@21", "dotnet@8.0"], ignoreOrder: true);
        runtimes.ShouldAllBe(r => r.Scope == DependencyScope.Build);
        runtimes.Single(r => r.Purl.Name == "node" && r.Version == "20").Line.ShouldBe(8);
    }

    [Fact]
    public void Ci_providers_are_facts_by_folder()
    {
        using var repo = new TestRepository()
            .Write(".github/workflows/build.yml", "on: push\njobs: {}\n")
            .Write("Jenkinsfile", "pipeline { }")
            .Write("services/legacy/.gitlab-ci.yml", "stages: [build]\n");
        var facts = repo.Harvest(new CiHarvester()).FactsByFolder;
        facts[""]["ci.present"].ShouldBe("true");
        facts[""]["ci.provider"].ShouldBe("github-actions,jenkins");
        facts["services/legacy"]["ci.provider"].ShouldBe("gitlab");
    }

    [Fact]
    public void An_unknowable_version_is_unresolved()
    {
        using var repo = new TestRepository().Write(".github/workflows/x.yaml", """
            jobs:
              a:
                steps:
                  - uses: actions/setup-python@v5
                    with: { python-version: "${{ inputs.py }}" }
            """);
        var python = repo.Harvest(new CiHarvester()).Dependencies.Single(d => d.Kind == TechnologyKind.Runtime);
        python.Unresolved.ShouldBeTrue();
        python.Declared.ShouldBe("${{ inputs.py }}");
    }
}
