using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class CheckEngineTests
{
    private static CheckResult Run(CheckDefinition check, ComponentFacts component, DateTimeOffset? now = null, IEnumerable<Exemption>? exemptions = null, Radar? radar = null)
    {
        var compiled = CheckCompiler.Compile(Definitions([check], radar));
        var evaluation = compiled.Evaluate(component, new ExemptionBook(exemptions ?? []), now ?? Now);
        return evaluation.Results.Single();
    }

    private static readonly Dictionary<string, string> SomeFacts = new()
    {
        ["readme.present"] = "true",
        ["tests.count"] = "42",
        ["git.lastCommit"] = "2026-11-01T10:00:00Z",
        ["java.version"] = "21.0.2",
        ["ci.system"] = "github-actions",
        ["notes"] = "not-a-number",
    };

    public static TheoryData<string, RuleNode, CheckStatus, string> States => new()
    {
        { "file present passes", File(".github/workflows/*.y*ml"), CheckStatus.Pass, ".github/workflows/ci.yml exists" },
        { "file absent fails", File("Jenkinsfile"), CheckStatus.Fail, "no file matches Jenkinsfile" },
        { "any of two files", Any(File("Jenkinsfile"), File(".github/workflows/*.yml")), CheckStatus.Pass, "exists" },
        { "all with a failing half", All(File("README.md"), File("CODEOWNERS")), CheckStatus.Fail, "no file matches CODEOWNERS" },
        { "not over a present file fails", Not(File("README.md")), CheckStatus.Fail, "README.md exists, which the check does not allow" },
        { "not over an absent file passes", Not(File("Jenkinsfile")), CheckStatus.Pass, "no file matches Jenkinsfile" },
        { "equals", Fact("ci.system", "equals", "github-actions"), CheckStatus.Pass, "github-actions" },
        { "equals mismatched", Fact("ci.system", "equals", "jenkins"), CheckStatus.Fail, "expected 'jenkins'" },
        { "notEquals", Fact("ci.system", "notEquals", "jenkins"), CheckStatus.Pass, "github-actions" },
        { "in", Fact("ci.system", "in", "jenkins", "github-actions"), CheckStatus.Pass, "github-actions" },
        { "in mismatched", Fact("ci.system", "in", "jenkins", "gitlab"), CheckStatus.Fail, "expected one of jenkins or gitlab" },
        { "exists", Fact("readme.present", "exists"), CheckStatus.Pass, "found a README" },
        { "exists on a missing fact fails, it does not error", Fact("sbom.present", "exists"), CheckStatus.Fail, "'sbom.present' is not set" },
        { "exists false", Fact("sbom.present", "exists", "false"), CheckStatus.Pass, "is not set, as required" },
        { "matches", Fact("java.version", "matches", "^21\\."), CheckStatus.Pass, "21.0.2" },
        { "greaterThan", Fact("tests.count", "greaterThan", "10"), CheckStatus.Pass, "42" },
        { "lessThan fails", Fact("tests.count", "lessThan", "10"), CheckStatus.Fail, "expected fewer than 10" },
        { "a number that is not one is unknown", Fact("notes", "greaterThan", "1"), CheckStatus.Error, "not a number" },
        { "versionSatisfies", Fact("java.version", "versionSatisfies", ">=21"), CheckStatus.Pass, "within >=21" },
        { "versionSatisfies outside", Fact("java.version", "versionSatisfies", ">=22", "SemVer"), CheckStatus.Fail, "outside >=22" },
        { "newerThanDays", Fact("git.lastCommit", "newerThanDays", "90"), CheckStatus.Pass, "2026-11-01" },
        { "olderThanDays fails on a fresh date", Fact("git.lastCommit", "olderThanDays", "90"), CheckStatus.Fail, "20 days ago" },
        { "a missing fact is unknown, never a pass", Fact("coverage.percent", "greaterThan", "80"), CheckStatus.Error, "no harvester provides the fact 'coverage.percent'" },
        { "not over an unknown stays unknown", Not(Fact("coverage.percent", "greaterThan", "80")), CheckStatus.Error, "no harvester provides" },
        { "any with a failure and an unknown is unknown", Any(File("Jenkinsfile"), Fact("coverage.percent", "greaterThan", "80")), CheckStatus.Error, "cannot be decided" },
        { "all with a failure and an unknown fails", All(File("Jenkinsfile"), Fact("coverage.percent", "greaterThan", "80")), CheckStatus.Fail, "Jenkinsfile" },
        { "unknown operator is an error naming the file", Fact("ci.system", "sortOf", "x"), CheckStatus.Error, "unknown operator 'sortOf'" },
        { "bad regex is an error", Fact("ci.system", "matches", "(unclosed"), CheckStatus.Error, "not a valid regular expression" },
        { "annotation present", Annotation("backstage.io/techdocs-ref"), CheckStatus.Pass, "dir:." },
        { "annotation with the wrong value", Annotation("backstage.io/techdocs-ref", "url:x"), CheckStatus.Fail, "expected 'url:x'" },
        { "annotation missing", Annotation("pagerduty.com/service-id"), CheckStatus.Fail, "no catalog-info.yaml to hold the annotation pagerduty.com/service-id" },
        { "component fields are facts too", Fact("component.lifecycle", "equals", "production"), CheckStatus.Pass, "production" },
        { "file contents not harvested is unknown", File("Dockerfile", "USER\\s+\\w+"), CheckStatus.Error, "the scan these facts come from did not keep its text" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Each_rule_gives_its_state_and_says_why(string name, RuleNode rule, CheckStatus expected, string messagePart)
    {
        var component = Component("api", files: [".github/workflows/ci.yml", "README.md", "Dockerfile"], facts: SomeFacts,
            annotations: new Dictionary<string, string> { ["backstage.io/techdocs-ref"] = "dir:." });
        var result = Run(Check("c", "bronze", rule), component);
        result.Status.ShouldBe(expected, name);
        result.Message.ShouldContain(messagePart, Case.Insensitive, name);
        if (expected != CheckStatus.Pass) result.Remediation.ShouldBe("fix c");
    }

    [Fact]
    public void A_pattern_that_would_backtrack_without_end_gives_a_verdict_and_one_that_needs_backtracking_still_runs()
    {
        // (a+)+$ against a long run of a's that does not end the pattern's way: exponential for a backtracking engine,
        // which ran into the time limit and made the check an error; on the linear-time engine it is a plain fail.
        var facts = new Dictionary<string, string> { ["name"] = new string('a', 5_000) + "!", ["pair"] = "abab" };
        var fail = Run(Check("c", "bronze", Fact("name", "matches", "^(a+)+$")), Component("api", facts: facts));
        fail.Status.ShouldBe(CheckStatus.Fail, fail.Message);
        // A backreference needs the backtracking engine; the pattern still runs there (with its time limit).
        Run(Check("c", "bronze", Fact("pair", "matches", "^(ab)\\1$")), Component("api", facts: facts)).Status.ShouldBe(CheckStatus.Pass);
        Run(Check("c", "bronze", Fact("pair", "matches", "^(ab)\\1x$")), Component("api", facts: facts)).Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void A_check_whose_applies_to_excludes_the_component_is_not_applicable()
    {
        var check = Check("golden-runtime", "silver", File("x"), appliesTo: new AppliesTo(["service", "website"], [], []));
        var result = Run(check, Component("lib", type: "library"));
        result.Status.ShouldBe(CheckStatus.NotApplicable);
        result.Message.ShouldContain("type service/website");
    }

    [Theory]
    [InlineData("service", "production", "1", true)]
    [InlineData("service", "experimental", "1", false)]
    [InlineData("library", "production", "1", false)]
    [InlineData("service", "production", "3", false)]
    [InlineData(null, "production", "1", false)]
    public void Applies_to_restricts_by_type_lifecycle_and_tier(string? type, string lifecycle, string tier, bool applies)
    {
        var appliesTo = new AppliesTo(["service"], ["!experimental"], ["1", "2"]);
        var compiled = CheckCompiler.CompileAppliesTo(appliesTo);
        compiled(Component("x", type: type, lifecycle: lifecycle) with { Tier = tier }).ShouldBe(applies);
    }

    [Fact]
    public void File_contents_given_as_facts_are_searched_and_the_line_is_named()
    {
        var facts = new Dictionary<string, string> { ["file:Dockerfile"] = "FROM eclipse-temurin:21\nUSER app\n" };
        var component = Component("api", files: ["svc/Dockerfile"], facts: facts, path: "svc");
        var pass = Run(Check("non-root", "silver", File("Dockerfile", "^USER\\s+\\w+")), component);
        pass.Status.ShouldBe(CheckStatus.Pass);
        // The message says what the match means, never the pattern.
        pass.Message.ShouldBe("Dockerfile line 2 has the text the check looks for");
        pass.Evidence.Single().File.ShouldBe("svc/Dockerfile");

        var fail = Run(Check("healthcheck", "silver", File("Dockerfile", "^HEALTHCHECK")), component);
        fail.Status.ShouldBe(CheckStatus.Fail);
    }

    [Fact]
    public void A_hold_dependency_fails_naming_package_version_file_line_and_reason()
    {
        var check = Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }), remediation: "Upgrade.");
        var component = Component("web", deps:
        [
            Dep("pkg:npm/lodash", "4.17.15", "services/web/package.json", 42),
            Dep("pkg:npm/moment", "2.29.4", "services/web/package.json", 43),
            Dep("pkg:npm/date-fns", "3.0.0", "services/web/package.json", 44),
        ]);
        var result = Run(check, component);
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("2 libraries on hold");
        result.Evidence[0].Message.ShouldStartWith("lodash 4.17.15 in services/web/package.json line 42 is on hold: below 4.17.21 (CVE-2021-23337)");
        result.Evidence[1].Message.ShouldStartWith("moment 2.29.4 in services/web/package.json line 43 is on hold");
        result.Evidence.Count.ShouldBe(2);
        result.Evidence[0].ShouldBe(result.Evidence[0] with { File = "services/web/package.json", Line = 42, RadarEntry = "lodash", Ring = "hold", Version = "4.17.15" });
        result.Remediation.ShouldBe("Upgrade.");
    }

    private static Radar RadarWithBuildConditions()
    {
        var radar = Radar();
        return radar with
        {
            Entries =
            [
                .. radar.Entries,
                Entry("log4j", "adopt", "frameworks-and-libraries", "pkg:maven/org.apache.logging.log4j/log4j-core") with
                {
                    Versions = [Rule("<2.17.1", "hold", "Log4Shell")],
                },
                Entry("openssl-sys", "hold", "frameworks-and-libraries", "pkg:cargo/openssl-sys"),
            ],
        };
    }

    private static ComponentFacts ComponentWithConditionalHolds() => Component("agent", deps:
    [
        Dep("pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "pom.xml", 42) with { Condition = "profile:legacy" },
        Dep("pkg:cargo/openssl-sys", "0.9.90", "Cargo.toml", 17) with { Condition = "target:cfg(unix)" },
        Dep("pkg:npm/moment", "2.29.4", "web/package.json", 8),
    ]);

    [Fact]
    public void A_hold_dependency_only_some_builds_use_still_fails_and_its_evidence_names_the_condition()
    {
        var check = Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }));

        var result = Run(check, ComponentWithConditionalHolds(), radar: RadarWithBuildConditions());

        result.Status.ShouldBe(CheckStatus.Fail);
        result.Evidence.Select(e => e.Message).ShouldBe(
        [
            "log4j-core 2.14.1 in pom.xml line 42 (only in Maven profile 'legacy') is on hold: below 2.17.1 (Log4Shell); radar entry log4j",
            "openssl-sys 0.9.90 in Cargo.toml line 17 (only for target cfg(unix)) is on hold; radar entry openssl-sys",
            "moment 2.29.4 in web/package.json line 8 is on hold; it retires on 2027-01-31 (replace with date-fns); radar entry moment",
        ]);
        result.Evidence[0].ShouldBe(result.Evidence[0] with { File = "pom.xml", Line = 42, RadarEntry = "log4j", Ring = "hold" });
    }

    [Theory]
    [InlineData(null, "log4j-core, openssl-sys, moment")]
    [InlineData(false, "moment")]
    [InlineData(true, "log4j-core, openssl-sys")]
    public void The_conditional_selector_keeps_or_leaves_out_dependencies_only_some_builds_use(bool? conditional, string offenders)
    {
        var check = Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"], Conditional = conditional }));

        var result = Run(check, ComponentWithConditionalHolds(), radar: RadarWithBuildConditions());

        result.Status.ShouldBe(CheckStatus.Fail);
        string.Join(", ", result.Evidence.Select(e => e.Message[..e.Message.IndexOf(' ')])).ShouldBe(offenders);
    }

    [Fact]
    public void An_all_rule_over_no_unconditional_technology_says_which_it_looked_for()
    {
        var check = Check("adopted", "bronze", RadarRule(RadarQuantifier.All, new RadarSelector { Ecosystem = "cargo", Conditional = false, Rings = ["adopt"] }));

        var result = Run(check, ComponentWithConditionalHolds(), radar: RadarWithBuildConditions());

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Message.ShouldBe("no cargo unconditional technology found, so none breaks the rule");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("profile:legacy", "only in Maven profile 'legacy'")]
    [InlineData("target:cfg(windows)", "only for target cfg(windows)")]
    [InlineData("target:x86_64-pc-windows-gnu", "only for target x86_64-pc-windows-gnu")]
    // A kind of condition no harvester writes today is shown as written rather than lost.
    [InlineData("feature:tls", "only when feature:tls")]
    public void A_build_condition_reads_as_words(string? condition, string? words)
        => RadarMatch.DescribeCondition(condition).ShouldBe(words);

    [Theory]
    [InlineData("2026-06-01", CheckStatus.Pass)]
    [InlineData("2026-11-21", CheckStatus.Warn)]
    [InlineData("2027-01-31", CheckStatus.Fail)]
    public void Past_retirement_fails_and_retiring_warns_with_the_date(string today, CheckStatus expected)
    {
        var check = Check("no-retired", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { PastRetirement = true }));
        var component = Component("web", deps: [Dep("pkg:npm/moment", "2.29.4", "package.json", 7)]);
        var result = Run(check, component, DateTimeOffset.Parse(today + "T08:00:00Z"));
        result.Status.ShouldBe(expected);
        if (expected == CheckStatus.Warn) result.Message.ShouldBe("1 technology due to retire within 90 days");
        if (expected == CheckStatus.Fail) result.Message.ShouldBe("1 library past retirement");
        if (expected != CheckStatus.Pass) result.Evidence.Single().Message.ShouldContain("2027-01-31 (replace with date-fns)");
        if (expected == CheckStatus.Fail) result.Evidence.Single().Message.ShouldContain("moment 2.29.4 in package.json line 7 is on hold; it was due to retire by 2027-01-31");
    }

    [Fact]
    public void All_runtimes_adopt_over_no_runtime_is_unknown_not_a_pass()
    {
        var check = Check("golden-runtime", "silver", RadarRule(RadarQuantifier.All, new RadarSelector { Ecosystem = "runtime", Rings = ["adopt"] }));
        var result = Run(check, Component("api", deps: [Dep("pkg:npm/date-fns", "3.0.0", "package.json")]));
        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldContain("no runtime technology was found");
    }

    [Fact]
    public void All_images_listed_over_no_image_holds_because_images_are_optional()
    {
        var check = Check("known-images", "silver", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "image", Listed = true }));
        var result = Run(check, Component("api", deps: [Runtime("java", "21")]));
        result.Status.ShouldBe(CheckStatus.Pass);
        result.Message.ShouldBe("no image technology found, so none breaks the rule");
    }

    [Theory]
    [InlineData("21", CheckStatus.Pass, "qualify")]
    [InlineData("17", CheckStatus.Fail, "1 runtime on trial (of 2 runtime technologies)\njava 17 in .tool-versions line 1 is on trial: in range >=17 <21 (upgrade to 21)")]
    public void All_runtimes_adopt_checks_every_runtime(string javaVersion, CheckStatus expected, string message)
    {
        var check = Check("golden-runtime", "silver", RadarRule(RadarQuantifier.All, new RadarSelector { Ecosystem = "runtime", Rings = ["adopt"] }));
        var result = Run(check, Component("api", deps: [Runtime("java", javaVersion), Runtime("node", "20")]));
        result.Status.ShouldBe(expected);
        (result.Message + "\n" + string.Join("\n", result.Evidence.Select(e => e.Message))).ShouldContain(message);
    }

    [Fact]
    public void Unlisted_technology_is_named_when_the_check_asks_for_listed_images()
    {
        var check = Check("known-images", "gold", RadarRule(RadarQuantifier.All, new RadarSelector { Kind = "image", Listed = true }));
        var component = Component("api", deps:
        [
            Dep("pkg:docker/eclipse-temurin", "21-jre", "Dockerfile", 1, TechnologyKind.Image),
            Dep("pkg:docker/alpine", "3.19", "Dockerfile", 9, TechnologyKind.Image),
        ]);
        var result = Run(check, component);
        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("1 base image not on the radar (of 2 image technologies)");
        result.Evidence.Single().Message.ShouldBe("alpine 3.19 in Dockerfile line 9 is not on the radar");
    }

    [Fact]
    public void An_unknown_version_of_a_ringed_entry_warns_that_the_ring_was_assumed()
    {
        var check = Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }));
        var result = Run(check, Component("web", deps: [Dep("pkg:npm/lodash", "^4.17.0", "package.json", 3, unresolved: true)]));
        result.Status.ShouldBe(CheckStatus.Warn);
        result.Message.ShouldBe("1 technology of unknown version, ring assumed");
        result.Evidence.Single().Message.ShouldContain("version unknown, so its ring is assumed to be adopt");
    }

    [Fact]
    public void Scan_errors_turn_a_clean_radar_pass_into_a_warning()
    {
        var check = Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }));
        var component = Component("web", deps: [Dep("pkg:npm/date-fns", "3.0.0", "package.json")]) with
        {
            Issues = [new ScanIssue(ScanIssueSeverity.Error, "pom.xml", 12, "malformed XML")],
        };
        var result = Run(check, component);
        result.Status.ShouldBe(CheckStatus.Warn);
        result.Message.ShouldContain("the technologies may be incomplete: the scan reported 1 error");
        result.Evidence.Single().ShouldBe(new Evidence("pom.xml:12: malformed XML", "pom.xml", 12));
    }

    [Fact]
    public void Compiling_reports_problems_with_their_location_and_the_rest_still_evaluates()
    {
        var compiled = CheckCompiler.Compile(Definitions(
        [
            Check("broken", "bronze", Fact("x", "roughly", "1")),
            Check("ok", "bronze", File("README.md")),
            Check("odd-ring", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["frozen"] })),
        ]));
        compiled.Problems.ShouldContain(p => p.Severity == ProblemSeverity.Error && p.Message.Contains("check 'broken'") && p.Location.Line == 3);
        compiled.Problems.ShouldContain(p => p.Severity == ProblemSeverity.Warning && p.Message.Contains("ring 'frozen'"));
        var evaluation = compiled.Evaluate(Component("api", files: ["README.md"]), ExemptionBook.Empty, Now);
        evaluation.Results.Single(r => r.CheckId == "broken").Status.ShouldBe(CheckStatus.Error);
        evaluation.Results.Single(r => r.CheckId == "broken").Message.ShouldContain("checks/test.yaml:3:5");
        evaluation.Results.Single(r => r.CheckId == "ok").Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public void The_compiler_reuses_a_compilation_while_the_definitions_version_is_unchanged()
    {
        var compiler = new CheckCompiler();
        var first = compiler.GetOrCompile(Definitions([Check("a", "bronze", File("x"))], version: "v1"));
        compiler.GetOrCompile(Definitions([Check("a", "bronze", File("x"))], version: "v1")).ShouldBeSameAs(first);
        compiler.GetOrCompile(Definitions([Check("a", "bronze", File("x"))], version: "v2")).ShouldNotBeSameAs(first);
    }

    [Fact]
    public void Fleet_evaluation_keeps_order_and_matches_every_technology()
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }))]));
        var components = Enumerable.Range(0, 50).Select(i => Component($"c{i:00}", deps: [Dep("pkg:npm/lodash", i % 2 == 0 ? "4.17.15" : "4.17.21", "package.json")])).ToList();
        var fleet = compiled.EvaluateFleet(components, ExemptionBook.Empty, new FakeTimeProvider(Now));
        fleet.Evaluations.Select(e => e.ComponentName).ShouldBe(components.Select(c => c.Name));
        fleet.Evaluations.Count(e => e.Results[0].Status == CheckStatus.Fail).ShouldBe(25);
        fleet.HoldUsage(compiled.HoldRing).Count.ShouldBe(25);
        fleet.Technologies["component:default/c01"].Single().Ring.ShouldBe("adopt");
    }
}
