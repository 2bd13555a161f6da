using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using TechHealth.Api.Tests.Cli;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using TechHealth.Scanning;

namespace TechHealth.Api.Tests.Verdicts;

/// <summary>
/// The shipped checks and radar on repositories as teams write them: each verdict and its message, as a platform
/// engineer would defend them. Scans and evaluates in process with a fixed evaluation day, so the radar's dates decide.
/// </summary>
public sealed class RealisticRepositoryTests : IClassFixture<RealisticRepositories>
{
    private static readonly DateTimeOffset Today = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly RealisticRepositories _repositories;

    public RealisticRepositoryTests(RealisticRepositories repositories) => _repositories = repositories;

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Today;
    }

    private static readonly Lazy<CompiledChecks> Shipped = new(() =>
    {
        var root = TechHealthFactory.RepositoryRoot;
        var loaded = DefinitionLoader.Load(Path.Combine(root, "radar"), Path.Combine(root, "checks"), new FixedClock());
        loaded.Definitions.ShouldNotBeNull(string.Join(Environment.NewLine, loaded.Problems));
        return CheckCompiler.Compile(loaded.Definitions!);
    });

    private static async Task<ComponentEvaluation> EvaluateAsync(string repository)
    {
        var compiled = Shipped.Value;
        var outcome = await new Scanner(new ScanningOptions()).ScanAsync(
            new ScanRequest { Path = repository, Full = true, ContentGlobs = compiled.Definitions.Checks.FileContentGlobs() });
        var component = outcome.Components.ShouldHaveSingleItem();
        return compiled.Evaluate(component, ExemptionBook.From(compiled.Definitions.Checks), Today);
    }

    private static CheckResult Result(ComponentEvaluation e, string check) => e.Results.Single(r => r.CheckId == check);

    private static string Explain(ComponentEvaluation e) => LocalEvaluation.FormatText(e, Shipped.Value.Levels, verbose: true);

    /// <summary>What every verdict must be: no error, no check repeating another's evidence, no regular expression, no fact name.</summary>
    private static void ShouldReadPlainly(ComponentEvaluation e)
    {
        e.Results.Where(r => r.Status == CheckStatus.Error).ShouldBeEmpty(Explain(e));
        var (findings, _) = Findings.Of(e, Shipped.Value.Levels);
        foreach (var r in e.Results)
        {
            r.Message.ShouldNotMatch(@"\(\?[imsx]|\\[sSwWd]|\[\^", $"{r.CheckId} shows a regular expression: {r.Message}");
            r.Message.ShouldNotContain("fact '", Case.Sensitive, $"{r.CheckId} names an internal fact: {r.Message}");
            foreach (var f in findings) r.Message.ShouldNotContain(f.Statement, Case.Sensitive, $"{r.CheckId} repeats a finding in its message");
        }
        foreach (var group in e.Results.Where(r => r.Status is not (CheckStatus.Pass or CheckStatus.NotApplicable)).GroupBy(r => r.Message))
            if (group.Count() > 1) group.Select(r => r.CheckId).ShouldBe(group.Select(r => r.CheckId), "same summaries are fine; repeated evidence is not");
    }

    [Fact]
    public async Task A_Spring_service_whose_catalog_lacks_lifecycle_fails_lifecycle_declared_plainly_and_nothing_errors()
    {
        var e = await EvaluateAsync(_repositories.SpringServiceWithoutLifecycle());
        ShouldReadPlainly(e);

        var lifecycle = Result(e, "lifecycle-declared");
        lifecycle.Status.ShouldBe(CheckStatus.Fail);
        lifecycle.Message.ShouldBe("catalog-info.yaml declares no spec.lifecycle; add spec.lifecycle (one of experimental, production or deprecated)");
        Result(e, "tier-declared").Message.ShouldBe("catalog-info.yaml declares no spec.tier; add spec.tier (one of tier-1, tier-2 or tier-3)");

        // Backstage's own Component schema requires spec.lifecycle: the catalog check names the file and line.
        var catalog = Result(e, "catalog-valid");
        catalog.Status.ShouldBe(CheckStatus.Fail);
        catalog.Evidence.ShouldHaveSingleItem().ShouldBe(new Evidence(
            "catalog-info.yaml line 8: the Component 'spring-orders' has no spec.lifecycle, which Backstage requires; add spec.lifecycle", "catalog-info.yaml", 8));

        var resolved = Result(e, "dependencies-resolved");
        resolved.Status.ShouldBe(CheckStatus.Fail);
        resolved.Message.ShouldBe("2 dependencies without a known version; expected none");
        resolved.Evidence.Select(x => (x.Message, x.Line)).ShouldBe(
        [
            ("spring-boot-starter-web in pom.xml line 16: no version declared there", 16),
            ("orders-client in pom.xml line 20: version '${orders.client.version}' cannot be resolved", 20),
        ]);

        // Spring Boot 3.x is on hold on the radar: one finding, borne by both hold checks.
        Result(e, "no-hold-technology").Message.ShouldBe("1 library on hold");
        Result(e, "no-hold-technology-anywhere").Message.ShouldBe("1 library on hold");
        var (findings, _) = Findings.Of(e, Shipped.Value.Levels);
        findings.Single(f => f.RadarEntry == "spring-boot").Checks.ShouldBe(["no-hold-technology", "no-hold-technology-anywhere"]);

        Result(e, "golden-runtime").Status.ShouldBe(CheckStatus.Pass, Explain(e));
        Result(e, "container-runs-as-non-root").Message.ShouldBe("Dockerfile line 8 switches to a non-root USER after its last FROM");
        // Maven has no lock file to commit.
        Result(e, "lockfile-committed").Status.ShouldBe(CheckStatus.Pass);
        e.Level.ShouldBeNull();
    }

    [Fact]
    public async Task A_dotnet_10_service_pinning_sdk_10_0_100_runs_on_a_golden_runtime()
    {
        var e = await EvaluateAsync(_repositories.DotNetServiceWithGlobalJson());
        ShouldReadPlainly(e);
        Result(e, "golden-runtime").Status.ShouldBe(CheckStatus.Pass, Explain(e));
        Result(e, "supported-runtime").Status.ShouldBe(CheckStatus.Pass);
        Shipped.Value.MatchTechnologies(await ScanOne(_repositories.PathOf("dotnet-billing")), Today)
            .Single(m => m.Dependency.Purl.Name == "dotnet-sdk").Statement()
            .ShouldBe("dotnet-sdk 10.0.100 in global.json line 3 is on adopt: in range >=10.0.100 <11; radar entry dotnet-sdk");
        Result(e, "lockfile-committed").Status.ShouldBe(CheckStatus.Pass);
        Result(e, "container-runs-as-non-root").Status.ShouldBe(CheckStatus.Pass);
        e.Level.ShouldBe("gold", Explain(e));
    }

    [Fact]
    public async Task A_python_library_supporting_3_10_to_3_14_is_not_told_it_runs_on_3_10()
    {
        var e = await EvaluateAsync(_repositories.PythonLibrary());
        ShouldReadPlainly(e);
        Result(e, "supported-runtime").Status.ShouldBe(CheckStatus.Pass, Explain(e));
        e.Results.ShouldAllBe(r => !r.Message.Contains("3.10"));
        e.Results.SelectMany(r => r.Evidence).ShouldAllBe(x => !x.Message.Contains("python 3.10"));
        var python = Shipped.Value.MatchTechnologies(await ScanOne(_repositories.PathOf("py-retry")), Today).Single(m => m.Dependency.Purl.Name == "python");
        python.Ring.ShouldBe("adopt");
        python.Statement().ShouldBe("python >=3.10, <3.15 (supported range) in pyproject.toml line 4 supports 3.13, which is on adopt; radar entry python");
        Result(e, "golden-runtime").Status.ShouldBe(CheckStatus.NotApplicable);
        Result(e, "license-present").Status.ShouldBe(CheckStatus.Pass);
        Result(e, "techdocs-annotation").Message.ShouldBe("catalog-info.yaml has no annotation backstage.io/techdocs-ref");
        Result(e, "docs-present").Message.ShouldBe("no documentation (mkdocs.yml or docs/) found; no file matches mkdocs.yml or docs/**");
        e.Level.ShouldBe("silver");
    }

    [Fact]
    public async Task A_dockerfile_under_e2e_decides_no_runtime_image_or_non_root_verdict()
    {
        var e = await EvaluateAsync(_repositories.NodeWebsiteWithEndToEndDockerfile());
        ShouldReadPlainly(e);
        // e2e/Dockerfile builds on node:18 (out of support) and runs as root: none of that ships.
        Result(e, "golden-runtime").Status.ShouldBe(CheckStatus.Pass, Explain(e));
        Result(e, "golden-runtime").Message.ShouldContain("more under test folders not counted");
        Result(e, "supported-runtime").Status.ShouldBe(CheckStatus.Pass);
        Result(e, "golden-base-images").Status.ShouldBe(CheckStatus.Pass);
        Result(e, "container-runs-as-non-root").Message.ShouldBe("Dockerfile line 5 switches to a non-root USER after its last FROM");
        // Pinned by its lock file: every version is known.
        Result(e, "lockfile-committed").Message.ShouldBe("found a committed lock file");
        Result(e, "dependencies-resolved").Message.ShouldBe("0 dependencies without a known version");
        var technologies = Shipped.Value.MatchTechnologies(await ScanOne(_repositories.PathOf("node-web")), Today);
        technologies.Where(m => m.TestFolder == "e2e/").Select(m => m.Dependency.Purl.Name).ShouldContain("node");
        technologies.Single(m => m.Dependency.Purl.Name == "express").Dependency.Version.ShouldBe("5.1.0");
    }

    [Fact]
    public async Task A_go_service_on_a_distroless_nonroot_image_earns_silver_and_is_held_back_only_by_docs()
    {
        var e = await EvaluateAsync(_repositories.GoService());
        ShouldReadPlainly(e);
        Result(e, "golden-runtime").Status.ShouldBe(CheckStatus.Pass, Explain(e));
        Result(e, "container-runs-as-non-root").Message.ShouldBe("Dockerfile line 6 builds its last stage on a :nonroot image");
        Result(e, "lockfile-committed").Status.ShouldBe(CheckStatus.Pass);
        e.Level.ShouldBe("silver");
        ActionOrder.ToFix(e, Shipped.Value.Levels).Select(r => r.CheckId).ShouldBe(["docs-present", "techdocs-annotation"]);
    }

    private static async Task<Core.Facts.ComponentFacts> ScanOne(string repository)
        => (await new Scanner(new ScanningOptions()).ScanAsync(new ScanRequest { Path = repository, Full = true })).Components.Single();

    [Fact]
    public async Task Evaluate_json_follows_its_documented_schema_and_logs_stay_off_standard_output()
    {
        var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", _repositories.SpringServiceWithoutLifecycle(), "--json");

        result.Error.ShouldNotContain("info:");
        var schema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(TechHealthFactory.RepositoryRoot, "docs", "evaluate.schema.json")));
        using var doc = JsonDocument.Parse(result.Output);
        var validation = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        validation.IsValid.ShouldBeTrue(string.Join("\n", (validation.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(x => $"{d.InstanceLocation}: {x.Value}"))));

        var report = doc.RootElement.EnumerateArray().Single();
        report.GetProperty("checks")[0].GetProperty("level").GetString().ShouldBe("bronze");
        var ids = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToHashSet();
        foreach (var check in report.GetProperty("checks").EnumerateArray())
            foreach (var id in check.GetProperty("findings").EnumerateArray()) ids.ShouldContain(id.GetString());
    }

    [Fact]
    public async Task The_text_of_a_typical_service_fits_a_screen()
    {
        var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", _repositories.SpringServiceWithoutLifecycle());
        result.Error.ShouldBeEmpty();
        var lines = result.Output.Split('\n');
        lines.Length.ShouldBeLessThan(45, result.Output);
        result.Output.ShouldContain("bronze (working towards)");
        Regex.Matches(result.Output, "spring-boot-starter-parent 3.5.7").Count.ShouldBe(1, result.Output);
    }
}
