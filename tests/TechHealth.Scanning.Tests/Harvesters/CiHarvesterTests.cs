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

    private const string PinnedWorkflow = """
        name: ci
        on: [push]
        jobs:
          test_go:
            runs-on: ubuntu-latest
            container:
              # keep in step with .promu.yml
              image: quay.io/prometheus/golang-builder:1.26-base
            services:
              postgres:
                image: postgres:16.4
              cache: redis:7
            steps:
              - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
                with:
                  persist-credentials: false
              - uses: actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e #v7
              - uses: rojopolis/spellcheck-github-actions@c1934c57e61c734261d7905b525486b12f8eb670 # tag=0.66.0
              - uses: tiangolo/pr-submit@d802fdf59bde80bc3eb8bd3259f4cbeec63de4aa
              - uses: docker://rhysd/actionlint:1.7.12@sha256:b1934ee5f1c509618f2508e6eb47ee0d3520686341fec936f3b79331f9315667
          e2e:
            runs-on: ubuntu-latest
            container: cypress/browsers:node14.17.6-chrome100-ff98
            steps:
              - run: npm test
          matrix:
            runs-on: ubuntu-latest
            container: ${{ matrix.image }}
            steps:
              - run: make
        """;

    [Fact]
    public void An_action_pinned_by_commit_keeps_the_sha_and_takes_its_version_from_the_comment()
    {
        using var repo = new TestRepository().Write(".github/workflows/ci.yml", PinnedWorkflow);
        var sink = repo.Harvest(new CiHarvester());
        var checkout = sink.Single("pkg:github/actions/checkout");
        checkout.Declared.ShouldBe("3d3c42e5aac5ba805825da76410c181273ba90b1");
        checkout.Version.ShouldBe("v7.0.1");
        checkout.Unresolved.ShouldBeFalse();
        sink.Single("pkg:github/actions/setup-go").Version.ShouldBe("v7");
        sink.Single("pkg:github/rojopolis/spellcheck-github-actions").Version.ShouldBe("0.66.0");
        var bare = sink.Single("pkg:github/tiangolo/pr-submit");
        bare.Version.ShouldBeNull();
        bare.Unresolved.ShouldBeTrue();
        sink.Issues.ShouldContain(i => i.File == ".github/workflows/ci.yml" && i.Line == 19 && i.Message.Contains("tiangolo/pr-submit"));
        sink.Single("pkg:docker/rhysd/actionlint").Version.ShouldBe("1.7.12");
    }

    [Fact]
    public void Job_containers_and_service_containers_are_build_images()
    {
        using var repo = new TestRepository().Write(".github/workflows/ci.yml", PinnedWorkflow);
        var sink = repo.Harvest(new CiHarvester());
        var builder = sink.Single("pkg:docker/quay.io/prometheus/golang-builder");
        (builder.Version, builder.Line, builder.Scope).ShouldBe(("1.26-base", 8, DependencyScope.Build));
        sink.Single("pkg:docker/postgres").Version.ShouldBe("16.4");
        sink.Single("pkg:docker/redis").Version.ShouldBe("7");
        sink.Single("pkg:docker/cypress/browsers").Version.ShouldBe("node14.17.6-chrome100-ff98");
        sink.Issues.ShouldContain(i => i.Line == 28 && i.Message.Contains("expression"));
    }
}
