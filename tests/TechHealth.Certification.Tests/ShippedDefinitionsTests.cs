using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

/// <summary>The repository's own radar/ and checks/ folders, loaded by the real loader and compiled by the engine.</summary>
public class ShippedDefinitionsTests
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "checks", "levels.yaml"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("no folder above the test binaries holds checks/levels.yaml");
    }

    public static DefinitionSet Load()
    {
        var root = RepositoryRoot();
        var result = DefinitionLoader.Load(Path.Combine(root, "radar"), Path.Combine(root, "checks"), new FakeTimeProvider(Now));
        result.Definitions.ShouldNotBeNull(string.Join(Environment.NewLine, result.Problems));
        return result.Definitions!;
    }

    [Fact]
    public void The_shipped_checks_compile_without_errors()
    {
        var compiled = CheckCompiler.Compile(Load());
        compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error).ShouldBeEmpty();
    }

    [Fact]
    public void A_well_kept_service_and_a_neglected_one_land_where_an_engineer_would_put_them()
    {
        var compiled = CheckCompiler.Compile(Load());
        var facts = new Dictionary<string, string>
        {
            ["catalog.present"] = "true", ["tests.present"] = "true", ["lockfile.present"] = "true", ["dependencies.unresolved"] = "0", ["harvest.issues"] = "0",
            ["git.lastCommit"] = "2026-11-10T09:00:00Z", ["readme.present"] = "true", ["ci.present"] = "true",
        };
        var good = Component("orders-api", facts: facts, files: ["README.md", "CODEOWNERS", "mkdocs.yml"],
            annotations: new Dictionary<string, string> { ["backstage.io/techdocs-ref"] = "dir:." },
            deps: [Runtime("java", "21"), Dep("pkg:maven/org.apache.logging.log4j/log4j-core", "2.24.1", "pom.xml", 30)]) with { System = "orders", Tier = "tier-2" };
        var bad = Component("legacy", owner: null, facts: new Dictionary<string, string> { ["catalog.present"] = "false" },
            deps: [Dep("pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "pom.xml", 42)]);

        var goodEval = compiled.Evaluate(good, ExemptionBook.From(compiled.Definitions.Checks), Now);
        var badEval = compiled.Evaluate(bad, ExemptionBook.From(compiled.Definitions.Checks), Now);

        goodEval.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error).ShouldBeEmpty(LocalEvaluation.FormatText(goodEval, compiled.Levels));
        badEval.Level.ShouldBeNull();
        badEval.Results.Single(r => r.CheckId == "has-owner").Status.ShouldBe(CheckStatus.Fail);
        var log4shell = badEval.Results.Single(r => r.CheckId == "no-log4shell");
        log4shell.Status.ShouldBe(CheckStatus.Fail);
        log4shell.Evidence.Single().Message.ShouldContain("log4j-core 2.14.1 in pom.xml line 42 is on hold");
        badEval.Score.ShouldBeLessThan(goodEval.Score);
    }

    [Fact]
    public void None_retiring_fails_for_any_technology_with_a_retirement_date()
    {
        var check = Check("no-retiring", "gold", RadarRule(RadarQuantifier.None, new RadarSelector { Retiring = true }));
        var compiled = CheckCompiler.Compile(Definitions([check]));
        var result = compiled.Evaluate(Component("web", deps: [Dep("pkg:npm/moment", "2.29.4", "package.json", 3)]), ExemptionBook.Empty, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Results.Single();
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("1 library due for retirement");
        result.Evidence.Single().Message.ShouldContain("retires on 2027-01-31 (replace with date-fns); radar entry moment");
    }

    [Theory]
    // The last stage switches to an unprivileged user: the line of that USER is the evidence.
    [InlineData("FROM node:24-alpine\nWORKDIR /app\nUSER node\nCMD [\"node\", \"main.js\"]\n", CheckStatus.Pass, 3)]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER $APP_UID\n", CheckStatus.Pass, 2)]
    [InlineData("FROM eclipse-temurin:21-jre\r\nUSER 10001\r\n", CheckStatus.Pass, 2)]
    [InlineData("FROM golang:1.26 AS build\nRUN go build\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out /\n", CheckStatus.Pass, 4)]
    // No USER, root said outright (also as uid 0, also with CRLF), or a USER that a later stage or a later USER undoes.
    [InlineData("FROM node:24-alpine\nCMD [\"node\"]\n", CheckStatus.Fail, 0)]
    [InlineData("FROM node:24-alpine\nUSER root\n", CheckStatus.Fail, 0)]
    [InlineData("FROM node:24-alpine\r\nUSER root\r\n", CheckStatus.Fail, 0)]
    [InlineData("FROM node:24-alpine\nUSER 0:0\n", CheckStatus.Fail, 0)]
    [InlineData("FROM node:24 AS build\nUSER node\nRUN npm ci\n\nFROM node:24-alpine\nCOPY --from=build /app .\n", CheckStatus.Fail, 0)]
    [InlineData("FROM node:24-alpine\nUSER node\nRUN npm ci\nUSER root\n", CheckStatus.Fail, 0)]
    [InlineData("FROM gcr.io/distroless/static-debian12:nonroot\nUSER root\n", CheckStatus.Fail, 0)]
    public void The_non_root_container_check_reads_the_last_stage_of_the_dockerfile(string dockerfile, CheckStatus expected, int line)
    {
        var compiled = CheckCompiler.Compile(Load());
        var service = Component("orders-api", path: "services/orders", files: ["services/orders/Dockerfile", "services/orders/catalog-info.yaml"],
            facts: new Dictionary<string, string> { ["file:Dockerfile"] = dockerfile });

        var result = compiled.Evaluate(service, ExemptionBook.Empty, Now).Results.Single(r => r.CheckId == "container-runs-as-non-root");

        result.Status.ShouldBe(expected, result.Message);
        if (expected == CheckStatus.Pass) result.Evidence.ShouldContain(e => e.File == "services/orders/Dockerfile" && e.Line == line);
        else result.Evidence.ShouldContain(e => e.File == "services/orders/Dockerfile");
    }

    [Fact]
    public void The_non_root_container_check_passes_without_a_dockerfile_and_asks_the_scan_for_dockerfiles()
    {
        var compiled = CheckCompiler.Compile(Load());
        var result = compiled.Evaluate(Component("orders-api", files: ["pom.xml"]), ExemptionBook.Empty, Now).Results.Single(r => r.CheckId == "container-runs-as-non-root");

        result.Status.ShouldBe(CheckStatus.Pass);
        compiled.Definitions.Checks.FileContentGlobs().ShouldContain("**/Dockerfile");
    }
}
