using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

/// <summary>Verdicts a team believes: absent is not unknown, evidence is stated once, runtimes are judged where they run.</summary>
public class VerdictTests
{
    private static CheckResult Run(CheckDefinition check, ComponentFacts component, Radar? radar = null, CertificationOptions? options = null)
        => CheckCompiler.Compile(Definitions([check], radar), options).Evaluate(component, ExemptionBook.Empty, Now).Results.Single();

    private static readonly Dictionary<string, string> Catalogued = new() { ["catalog.present"] = "true", ["catalog.file"] = "svc/catalog-info.yaml", ["catalog.line"] = "1" };

    [Fact]
    public void A_catalog_without_the_field_fails_naming_the_file_and_what_to_add()
    {
        var check = Check("lifecycle-declared", "bronze", Fact("lifecycle", "in", "experimental", "production", "deprecated"));
        var result = Run(check, Component("orders", lifecycle: null, facts: Catalogued));
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("svc/catalog-info.yaml declares no spec.lifecycle; add spec.lifecycle (one of experimental, production or deprecated)");
    }

    [Fact]
    public void No_catalog_at_all_fails_saying_to_add_one()
    {
        var result = Run(Check("tier-declared", "silver", Fact("tier", "in", "tier-1", "tier-2")), Component("orders", facts: new Dictionary<string, string> { ["catalog.present"] = "false" }));
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("there is no catalog-info.yaml, so nothing declares spec.tier; add a catalog-info.yaml with spec.tier (one of tier-1 or tier-2)");
    }

    [Theory]
    [InlineData("readme.present", "equals", "true", "no README found")]
    [InlineData("dependencies.unresolved", "lessThan", "1", "0 dependencies without a known version")]
    public void A_fact_the_harvest_looked_for_and_did_not_write_is_a_plain_answer(string fact, string op, string value, string message)
    {
        var result = Run(Check("c", "bronze", Fact(fact, op, value)), Component("api"));
        result.Status.ShouldNotBe(CheckStatus.Error);
        result.Message.ShouldBe(message);
    }

    [Fact]
    public void Only_what_truly_cannot_be_decided_is_an_error_and_it_says_why()
    {
        var result = Run(Check("recent", "silver", Fact("git.lastCommit", "newerThanDays", "365")), Component("api"));
        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldBe("cannot be decided: the date of the last commit is unknown: the folder was not read as a git repository");
    }

    [Fact]
    public void Dependencies_resolved_lists_each_unresolved_dependency_with_file_and_line()
    {
        var component = Component("api", facts: new Dictionary<string, string> { ["dependencies.unresolved"] = "2" }, deps:
        [
            Dep("pkg:maven/com.example/orders-client", null, "pom.xml", 20, unresolved: true) with { Declared = "${orders.version}" },
            Dep("pkg:maven/org.springframework.boot/spring-boot-starter-web", null, "pom.xml", 16, unresolved: true),
            Dep("pkg:maven/org.slf4j/slf4j-api", "2.0.17", "pom.xml", 30),
        ]);
        var result = Run(Check("dependencies-resolved", "silver", Fact("dependencies.unresolved", "lessThan", "1")), component);
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("2 dependencies without a known version; expected none");
        result.Evidence.Select(e => (e.Message, e.File, e.Line)).ShouldBe(
        [
            ("orders-client in pom.xml line 20: version '${orders.version}' cannot be resolved", "pom.xml", 20),
            ("spring-boot-starter-web in pom.xml line 16: no version declared there", "pom.xml", 16),
        ]);
    }

    [Fact]
    public void Catalog_problems_are_counted_from_the_scan_issues_and_listed_with_file_and_line()
    {
        var component = Component("api", facts: Catalogued) with
        {
            Issues =
            [
                new ScanIssue(ScanIssueSeverity.Warning, "svc/catalog-info.yaml", 4, "catalog: metadata.name 'Orders API' must be letters and digits separated by single '-', '_' or '.'"),
                new ScanIssue(ScanIssueSeverity.Warning, "svc/pom.xml", 9, "property not defined"),
            ],
        };
        var result = Run(Check("catalog-valid", "bronze", Fact("catalog.problems", "lessThan", "1")), component);
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("1 problem in the catalog file against Backstage's entity rules; expected none");
        result.Evidence.Single().ShouldBe(new Evidence("svc/catalog-info.yaml line 4: metadata.name 'Orders API' must be letters and digits separated by single '-', '_' or '.'", "svc/catalog-info.yaml", 4));
    }

    [Fact]
    public void A_contains_condition_says_what_it_means_and_never_shows_its_pattern()
    {
        var rule = new FileCondition("**/Dockerfile", @"(?im)^USER\s+(?!root)\S+", At) { Says = "switches to a non-root USER" };
        var component = Component("api", files: ["Dockerfile"], facts: new Dictionary<string, string> { ["file:Dockerfile"] = "FROM node:24\nUSER root\n" });
        var result = Run(Check("non-root", "silver", rule), component);
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("no file matching **/Dockerfile switches to a non-root USER");
        result.Evidence.Single().ShouldBe(new Evidence("Dockerfile was read", "Dockerfile"));
        result.Message.ShouldNotContain("(?");
    }

    [Fact]
    public void Results_are_ordered_by_the_level_worked_towards_then_by_status()
    {
        var compiled = CheckCompiler.Compile(Definitions(
        [
            Check("b-readme", "bronze", File("README.md")),
            Check("b-retiring", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { PastRetirement = true })),
            Check("g-codeowners", "gold", File("CODEOWNERS")),
            Check("s-unknown", "silver", Fact("coverage.percent", "greaterThan", "1")),
            Check("s-ci", "silver", File("Jenkinsfile")),
        ]));
        var evaluation = compiled.Evaluate(Component("web", files: ["README.md"], deps: [Dep("pkg:npm/moment", "2.29.4", "package.json", 3)]), ExemptionBook.Empty, Now);
        evaluation.Level.ShouldBe("bronze");
        ActionOrder.Sort(evaluation, Levels).Select(r => r.CheckId).ShouldBe(["s-ci", "s-unknown", "g-codeowners", "b-retiring", "b-readme"]);
        ActionOrder.ToFix(evaluation, Levels).Select(r => r.CheckId).ShouldBe(["s-ci", "s-unknown", "g-codeowners", "b-retiring"]);
    }

    [Fact]
    public void A_technology_two_checks_mind_is_one_finding_naming_both_checks()
    {
        var compiled = CheckCompiler.Compile(Definitions(
        [
            Check("no-hold-direct", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Direct = true, Rings = ["hold"] })),
            Check("no-hold-anywhere", "gold", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] })),
            Check("no-retired", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { PastRetirement = true })),
        ]));
        var evaluation = compiled.Evaluate(Component("web", deps: [Dep("pkg:npm/lodash", "4.17.15", "package.json", 42), Dep("pkg:npm/moment", "2.29.4", "package.json", 43)]), ExemptionBook.Empty, Now.AddYears(1));

        var (findings, byCheck) = Findings.Of(evaluation, Levels);
        findings.Select(f => (f.Statement[..f.Statement.IndexOf(' ')], string.Join(",", f.Checks))).ShouldBe(
            [("moment", "no-retired,no-hold-direct,no-hold-anywhere"), ("lodash", "no-hold-direct,no-hold-anywhere")]);
        byCheck["no-hold-anywhere"].ShouldBe(["F2", "F1"], ignoreOrder: true);
        var messages = evaluation.Results.Where(r => r.Status != CheckStatus.Pass).Select(r => r.Message).ToList();
        messages.ShouldBe(["2 libraries on hold", "2 libraries on hold", "1 library past retirement"], ignoreOrder: true);
        // No message repeats a finding's text.
        foreach (var m in messages) findings.ShouldNotContain(f => m.Contains(f.Statement));
    }

    private static Radar PythonRadar() => Radar() with
    {
        Entries =
        [
            .. Radar().Entries,
            Entry("python", "adopt", "languages-and-runtimes", "pkg:runtime/python") with
            {
                Versions =
                [
                    Rule("<3.11", "hold", "end of life", "runtime"), Rule(">=3.11 <3.13", "trial", "security fixes only", "runtime"),
                    Rule(">=3.13 <3.15", "adopt", null, "runtime"), Rule(">=3.15", "assess", "too new", "runtime"),
                ],
            },
        ],
    };

    private static DependencyFact RequiresPython(string declared, string lowest)
        => Runtime("python", lowest, "pyproject.toml", 4) with { Declared = declared };

    [Fact]
    public void A_library_supporting_a_golden_python_is_not_told_it_runs_on_its_lowest_bound()
    {
        var check = Check("supported-runtime", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Kind = "runtime", Rings = ["hold"] }));
        var library = Run(check, Component("py-retry", type: "library", deps: [RequiresPython(">=3.10, <3.15", "3.10")]), PythonRadar());
        library.Status.ShouldBe(CheckStatus.Pass, library.Message);

        var matches = CheckCompiler.Compile(Definitions([check], PythonRadar())).MatchTechnologies(Component("py-retry", type: "library", deps: [RequiresPython(">=3.10, <3.15", "3.10")]), Now);
        matches.Single().Statement().ShouldBe("python >=3.10, <3.15 (supported range) in pyproject.toml line 4 supports 3.13, which is on adopt; radar entry python");

        // A library supporting only out-of-support versions still fails; a service is judged by what it runs on.
        Run(check, Component("old-lib", type: "library", deps: [RequiresPython(">=3.8, <3.11", "3.8")]), PythonRadar()).Status.ShouldBe(CheckStatus.Fail);
        Run(check, Component("svc", type: "service", deps: [RequiresPython(">=3.10, <3.15", "3.10")]), PythonRadar()).Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void A_library_range_on_node_engines_is_judged_by_the_best_version_it_allows()
    {
        var radar = Radar() with
        {
            Entries = [.. Radar().Entries.Where(e => e.Id != "node"), Entry("node", "adopt", "languages-and-runtimes", "pkg:runtime/node") with { Versions = [Rule("<22", "hold", "end of life", "runtime"), Rule(">=22 <24", "trial", null, "runtime")] }],
        };
        var check = Check("golden", "gold", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "runtime", Rings = ["adopt"] }));
        var engines = Runtime("node", "18.0.0", "package.json", 6) with { Declared = ">=18" };
        Run(check, Component("lib", type: "library", deps: [engines]), radar).Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public void A_library_targeting_an_old_and_a_golden_framework_supports_the_golden_one()
    {
        var targets = new[]
        {
            Runtime("java", "17", "pom.xml", 12) with { Declared = "17" },
            Runtime("java", "21", "pom.xml", 12) with { Declared = "21" },
        };
        var check = Check("supported-runtime", "silver", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "runtime", Rings = ["adopt"] }));
        var library = Run(check, Component("lib", type: "library", deps: targets));
        library.Status.ShouldBe(CheckStatus.Pass, library.Message);
        CheckCompiler.Compile(Definitions([check])).MatchTechnologies(Component("lib", type: "library", deps: targets), Now)[0].Statement()
            .ShouldBe("java 17;21 (supported range) in pom.xml line 12 supports 21, which is on adopt; radar entry java");
        // A service running on both is judged on each.
        Run(check, Component("svc", type: "service", deps: targets)).Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void What_sits_under_a_test_folder_decides_no_runtime_or_file_verdict()
    {
        var component = Component("web", files: ["Dockerfile", "e2e/Dockerfile"], deps:
        [
            Runtime("node", "24", "Dockerfile", 1),
            Runtime("java", "11", "e2e/Dockerfile", 1),
        ]) with { Facts = new Dictionary<string, string> { ["file:Dockerfile"] = "FROM node:24\nUSER node\n", ["file:e2e/Dockerfile"] = "FROM x\n" } };

        var golden = Run(Check("golden", "gold", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "runtime", Rings = ["adopt"] })), component);
        golden.Status.ShouldBe(CheckStatus.Pass);
        golden.Message.ShouldBe("the one runtime technology qualifies (1 more under test folders not counted)");

        // A check may ask for them; the evidence then says where they come from.
        var asked = Run(Check("anywhere", "gold", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"], TestFolders = true })), component);
        asked.Status.ShouldBe(CheckStatus.Fail);
        asked.Evidence.Single().ShouldBe(asked.Evidence.Single() with { TestFolder = "e2e/" });
        asked.Evidence.Single().Message.ShouldStartWith("java 11 in e2e/Dockerfile line 1 (under test folder e2e/) is on hold");

        var nonRoot = new FileCondition("**/Dockerfile", "(?m)^USER node", At) { Says = "switches to the node user" };
        Run(Check("non-root", "silver", nonRoot), component).Message.ShouldBe("Dockerfile line 2 switches to the node user");
        Run(Check("e2e-files", "silver", File("e2e/**")), component).Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public void An_action_pinned_to_a_commit_is_of_unknown_version_not_below_every_range()
    {
        var radar = Radar() with
        {
            Entries = [.. Radar().Entries, Entry("actions-checkout", "adopt", "infrastructure", "pkg:github/actions/checkout") with { Versions = [Rule("<5", "hold", "Node 20 runtime", "github")] }],
        };
        var action = Dep("pkg:github/actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", ".github/workflows/ci.yml", 20, TechnologyKind.Action);
        var result = Run(Check("ci-actions-supported", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Kind = "action", Rings = ["hold"] })), Component("api", deps: [action]), radar);
        result.Status.ShouldBe(CheckStatus.Warn);
        result.Message.ShouldBe("1 technology of unknown version, ring assumed");
        Run(Check("c", "silver", RadarRule(RadarQuantifier.None, new RadarSelector { Kind = "action", Rings = ["hold"] })), Component("api", deps: [action with { Version = "v4" }]), radar)
            .Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void Which_folders_count_as_test_folders_is_configurable()
    {
        var component = Component("web", deps: [Runtime("node", "24", "Dockerfile", 1), Runtime("java", "11", "qa/Dockerfile", 1)]);
        var check = Check("golden", "gold", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "runtime", Rings = ["adopt"] }));
        Run(check, component).Status.ShouldBe(CheckStatus.Fail);
        Run(check, component, options: new CertificationOptions { TestFolders = ["qa"] }).Status.ShouldBe(CheckStatus.Pass);
        new RadarMatcher(Radar()).TestFolderOf("services/web", "services/web/src/tests/fixtures/Dockerfile").ShouldBe("src/tests/");
        new RadarMatcher(Radar()).TestFolderOf("services/web", "services/web/src/main/Dockerfile").ShouldBeNull();
    }
}
