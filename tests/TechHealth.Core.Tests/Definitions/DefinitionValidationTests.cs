using TechHealth.Core.Definitions;

namespace TechHealth.Core.Tests.Definitions;

public class DefinitionValidationTests
{
    private static DefinitionProblem SingleError(DefinitionLoadResult result)
    {
        var errors = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        errors.Count.ShouldBe(1, string.Join("\n", result.Problems));
        result.Definitions.ShouldBeNull();
        return errors[0];
    }

    [Fact]
    public void The_fixture_itself_loads_cleanly()
    {
        using var f = new DefinitionFixture();
        var result = f.Load();
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        result.Definitions!.Radar.Entries.Count.ShouldBe(3);
        result.Definitions.LoadedAt.ShouldBe(f.Clock.GetUtcNow());
    }

    [Fact]
    public void A_typo_in_a_key_and_an_unknown_ring_are_both_reported_with_file_and_line()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "    ring: hold\n    description: old dates", "    rign: hold\n    description: old dates");
        f.Edit("radar/libraries.yaml", "{ date: 2021-12-20, ring: adopt }", "{ date: 2021-12-20, ring: adpot }");
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        var file = f.PathOf("radar/libraries.yaml");
        result.Problems.ShouldContain(p => p.Location.File == file && p.Location.Line == 14 && p.Message == "unknown key 'rign' in radar entry 'moment' - did you mean 'ring'?");
        result.Problems.ShouldContain(p => p.Location.File == file && p.Location.Line == 11 && p.Message.Contains("unknown ring 'adpot'") && p.Message.Contains("did you mean 'adopt'?"));
        result.Problems.ShouldContain(p => p.Location.Line == 12 && p.Message.Contains("has no 'ring'"));
        result.Problems.ShouldAllBe(p => p.ToString().StartsWith(file + ":"));
    }

    [Fact]
    public void A_typo_an_unknown_ring_and_a_bad_range_are_all_reported_with_file_and_line()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "    ring: hold\n    description: old dates", "    rign: hold\n    description: old dates");
        f.Edit("radar/libraries.yaml", "    ring: adopt\n    description: dates", "    ring: adpot\n    description: dates");
        f.Edit("radar/libraries.yaml", "range: \"<2.17.1\"", "range: \">=>2.17.1\"");
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        var lines = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => $"{Path.GetFileName(p.Location.File)}:{p.Location.Line}").ToList();
        lines.ShouldContain("libraries.yaml:14");
        lines.ShouldContain("libraries.yaml:21");
        lines.ShouldContain("libraries.yaml:9");
        result.Problems.ShouldContain(p => p.Location.Line == 9 && p.Message.StartsWith("bad version range '>=>2.17.1' in radar entry 'log4j' (Maven versions): "), string.Join("\n", result.Problems));
        result.Problems.ShouldContain(p => p.Location.Line == 21 && p.Message == "unknown ring 'adpot' in radar entry 'date-fns' - did you mean 'adopt'?");
    }

    [Theory]
    [InlineData("\">=>2.17.1\"")]
    [InlineData("\"<2.17.1 ||\"")]
    [InlineData("\"<\"")]
    public void A_bad_version_range_is_an_error(string range)
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "\"<2.17.1\"", range);
        SingleError(f.Load()).Message.ShouldStartWith($"bad version range '{range.Trim('"')}' in radar entry 'log4j'");
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_line_and_does_not_hide_problems_in_other_files()
    {
        using var f = new DefinitionFixture();
        f.Write("radar/tools.yaml", "quadrant: tools\nentries:\n  - id: x\n    title: [unclosed\n");
        f.Edit("checks/bronze.yaml", "title: No hold", "titel: No hold");
        var result = f.Load();
        result.Problems.ShouldContain(p => p.Location.File == f.PathOf("radar/tools.yaml") && p.Message.StartsWith("YAML syntax error") && p.Location.Line >= 4);
        result.Problems.ShouldContain(p => p.Location.File == f.PathOf("checks/bronze.yaml") && p.Message.Contains("did you mean 'title'?"));
    }

    [Theory]
    [InlineData("radar/libraries.yaml", "    title: Log4j\n", "", "radar entry 'log4j' has no 'title'; it is required")]
    [InlineData("checks/bronze.yaml", "    rule: { fact: owner, exists: true }\n", "", "check 'has-owner' has no 'rule'; it is required")]
    [InlineData("checks/exemptions.yaml", "reason: r, ", "", "the exemption for 'payments-api' has no 'reason'; it is required")]
    [InlineData("checks/gates.yaml", "minLevel: silver, ", "", "gate 'deps' has no 'minLevel'; it is required")]
    [InlineData("radar/libraries.yaml", "packages: [\"pkg:npm/date-fns\"]", "packages: []", "radar entry 'date-fns' lists no packages; add the purl patterns that are this technology")]
    public void A_missing_required_field_is_an_error(string file, string from, string to, string message)
    {
        using var f = new DefinitionFixture();
        f.Edit(file, from, to);
        SingleError(f.Load()).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("radar/libraries.yaml", "packages: [\"pkg:npm/date-fns\"]", "packages: { npm: date-fns }", "'packages' of radar entry 'date-fns' must be a value or a list of values, but is a mapping")]
    [InlineData("radar/libraries.yaml", "title: Moment.js", "title: [Moment.js]", "'title' of radar entry 'moment' must be a single value, but is a list")]
    [InlineData("checks/bronze.yaml", "    title: Has an owner\n", "    title: Has an owner\n    weight: heavy\n", "'weight' of check 'has-owner' must be a number, but is 'heavy'")]
    [InlineData("checks/bronze.yaml", "    title: Has an owner\n", "    title: Has an owner\n    weight: 0\n", "'weight' of check 'has-owner' must be greater than 0")]
    [InlineData("radar/radar.yaml", "rings:", "rings: adopt\nold_rings:", "'rings' must be a non-empty list, but is a text value")]
    [InlineData("checks/bronze.yaml", "{ ring: hold }", "{ ring: hold, direct: maybe }", "'direct' of a radar selector of check 'no-hold' must be true or false, but is 'maybe'")]
    public void A_value_of_the_wrong_type_is_an_error(string file, string from, string to, string message)
    {
        using var f = new DefinitionFixture();
        f.Edit(file, from, to);
        f.Load().Problems.ShouldContain(p => p.Severity == ProblemSeverity.Error && p.Message == message, string.Join("\n", f.Load().Problems));
    }

    [Fact]
    public void Duplicate_entry_ids_across_files_point_at_the_first_definition()
    {
        using var f = new DefinitionFixture();
        f.Write("radar/tools.yaml", "quadrant: tools\nentries:\n  - { id: moment, title: M, ring: hold, description: d, packages: [\"pkg:npm/moment2\"] }\n");
        var error = SingleError(f.Load());
        error.Location.File.ShouldBe(f.PathOf("radar/tools.yaml"));
        error.Location.Line.ShouldBe(3);
        error.Message.ShouldBe($"radar entry id 'moment' is already used at {f.PathOf("radar/libraries.yaml")}:12:5; ids must be unique");
    }

    [Theory]
    [InlineData("checks/bronze.yaml", "id: no-hold", "id: has-owner", "check id 'has-owner' is already used at")]
    [InlineData("checks/gates.yaml", "requireChecks: [has-owner] }", "requireChecks: [has-owner] }\n  - { id: deps, title: Again, minLevel: gold }", "gate id 'deps' is already used at")]
    [InlineData("radar/radar.yaml", "  - { id: hold, name: Hold }", "  - { id: hold, name: Hold }\n  - { id: trial, name: Trial again }", "ring 'trial' is listed twice")]
    [InlineData("radar/radar.yaml", "  - { id: tools, name: Tools }", "  - { id: tools, name: Tools }\n  - { id: tools, name: More tools }", "quadrant 'tools' is listed twice")]
    [InlineData("checks/levels.yaml", "gold]", "gold, silver]", "level 'silver' is listed twice")]
    public void Duplicate_ids_are_errors(string file, string from, string to, string messageStart)
    {
        using var f = new DefinitionFixture();
        f.Edit(file, from, to);
        SingleError(f.Load()).Message.ShouldStartWith(messageStart);
    }

    [Theory]
    [InlineData("radar/libraries.yaml", "{ range: \"<2.17.1\", ring: hold", "{ range: \"<2.17.1\", ring: frozen", "unknown ring 'frozen' in a version rule of radar entry 'log4j'")]
    [InlineData("radar/libraries.yaml", "replacedBy: [date-fns]", "replacedBy: [date-fnz]", "unknown radar entry 'date-fnz' in 'replacedBy' - did you mean 'date-fns'?")]
    [InlineData("radar/libraries.yaml", "replacedBy: [date-fns]", "replacedBy: [moment]", "radar entry 'moment' cannot be replaced by itself")]
    [InlineData("radar/libraries.yaml", "quadrant: libraries", "quadrant: librarys", "unknown quadrant 'librarys' - did you mean 'libraries'?")]
    [InlineData("checks/bronze.yaml", "level: bronze", "level: platinum", "unknown level 'platinum'; known levels are bronze, gold, silver")]
    [InlineData("checks/gates.yaml", "minLevel: silver", "minLevel: sliver", "unknown level 'sliver' - did you mean 'silver'?")]
    [InlineData("checks/gates.yaml", "requireChecks: [has-owner]", "requireChecks: [has-tests]", "unknown check 'has-tests' in 'requireChecks' of gate 'deps'")]
    [InlineData("checks/exemptions.yaml", "check: has-owner", "check: has-ownr", "unknown check 'has-ownr' in the exemption for 'payments-api' - did you mean 'has-owner'?")]
    [InlineData("checks/bronze.yaml", "{ ring: hold }", "{ ring: [hold, retired] }", "unknown ring 'retired' in check 'no-hold'")]
    [InlineData("checks/bronze.yaml", "{ ring: hold }", "{ entry: momentjs }", "unknown radar entry 'momentjs' in check 'no-hold'")]
    [InlineData("checks/bronze.yaml", "{ ring: hold }", "{ kind: container }", "unknown technology kind 'container'")]
    public void References_to_unknown_things_are_errors(string file, string from, string to, string messageStart)
    {
        using var f = new DefinitionFixture();
        f.Edit(file, from, to);
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        result.Problems.ShouldContain(p => p.Severity == ProblemSeverity.Error && p.Message.StartsWith(messageStart), string.Join("\n", result.Problems));
    }

    [Theory]
    [InlineData("\"pkg:npm/date-fns\"", "\"npm/date-fns\"", "it must start with 'pkg:'")]
    [InlineData("\"pkg:npm/date-fns\"", "\"pkg:npm/date-fns@2.30.0\"", "names a version")]
    [InlineData("\"pkg:npm/date-fns\"", "\"pkg:npm\"", "has no name")]
    [InlineData("\"pkg:npm/date-fns\"", "\"pkg:9npm/date-fns\"", "invalid type")]
    public void A_bad_package_pattern_is_an_error(string from, string to, string contains)
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", from, to);
        var error = SingleError(f.Load());
        error.Message.ShouldStartWith("bad package pattern in radar entry 'date-fns': ");
        error.Message.ShouldContain(contains);
        error.Location.Line.ShouldBe(23);
    }

    [Theory]
    [InlineData("radar/libraries.yaml", "retireBy: 2027-01-31", "retireBy: 31/01/2027", "'retireBy' of radar entry 'moment' is '31/01/2027', which is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31")]
    [InlineData("radar/libraries.yaml", "date: 2021-12-20", "date: 2021-13-01", "'date' of a history item of radar entry 'log4j' is '2021-13-01', which is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31")]
    [InlineData("checks/exemptions.yaml", "expires: 2027-03-31", "expires: next year", "'expires' of the exemption for 'payments-api' is 'next year', which is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31")]
    public void A_bad_date_is_an_error(string file, string from, string to, string message)
    {
        using var f = new DefinitionFixture();
        f.Edit(file, from, to);
        SingleError(f.Load()).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("{ fact: owner, exists: true }", "{ fact: owner, equalz: x }", "unknown key 'equalz' in a fact condition of check 'has-owner' - did you mean 'equals'?")]
    [InlineData("{ fact: owner, exists: true }", "{ fact: owner }", "a fact condition of check 'has-owner' has no operator; add one of equals, notEquals, in, exists, matches, greaterThan, lessThan, versionSatisfies, olderThanDays, newerThanDays")]
    [InlineData("{ fact: owner, exists: true }", "{ fact: owner, exists: true, equals: x }", "a fact condition of check 'has-owner' has 2 operators (exists, equals); use one per condition and combine with 'all'")]
    [InlineData("{ fact: owner, exists: true }", "{ flie: README.md }", "unknown rule 'flie' in check 'has-owner' - did you mean 'file'?")]
    [InlineData("{ fact: owner, exists: true }", "{ fact: owner, exists: yes-please }", "'exists' of a fact condition of check 'has-owner' must be true or false, but is 'yes-please'")]
    [InlineData("{ fact: owner, exists: true }", "{ fact: git.lastCommit, olderThanDays: soon }", "'olderThanDays' of a fact condition of check 'has-owner' must be a whole number of days, but is 'soon'")]
    [InlineData("{ fact: owner, exists: true }", "{ fact: dependencies.count, greaterThan: many }", "'greaterThan' of a fact condition of check 'has-owner' must be a number, but is 'many'")]
    [InlineData("{ fact: owner, exists: true }", "{ any: [] }", "'any' in check 'has-owner' must be a non-empty list of rules, but is a list")]
    [InlineData("{ fact: owner, exists: true }", "{ all: [ { file: README.md } ], file: x }", "a rule of check 'has-owner' mixes all and file; wrap several conditions in 'all' or 'any'")]
    [InlineData("{ fact: owner, exists: true }", "{ radar: { some: { ring: hold } } }", "unknown key 'some' in a radar condition of check 'has-owner' - did you mean 'none'?")]
    [InlineData("{ fact: owner, exists: true }", "{ file: \"../secrets\" }", "file glob '../secrets' in check 'has-owner' must be relative to the component with forward slashes, without '..'")]
    public void A_bad_rule_is_an_error(string from, string to, string message)
    {
        using var f = new DefinitionFixture();
        f.Edit("checks/bronze.yaml", from, to);
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        result.Problems.ShouldContain(p => p.Severity == ProblemSeverity.Error && p.Message == message, string.Join("\n", result.Problems));
    }

    [Fact]
    public void A_bad_regular_expression_in_a_rule_is_an_error()
    {
        using var f = new DefinitionFixture();
        f.Edit("checks/bronze.yaml", "{ fact: owner, exists: true }", "{ file: { glob: Dockerfile, contains: \"FROM (\" } }");
        SingleError(f.Load()).Message.ShouldStartWith("'contains' of a file condition of check 'has-owner' is not a valid regular expression");
    }

    [Fact]
    public void Every_rule_form_loads_into_the_model()
    {
        using var f = new DefinitionFixture();
        f.Edit("checks/bronze.yaml", "{ fact: owner, exists: true }", """
            { all: [
                { any: [ { file: README.md }, { file: { glob: "docs/**", contains: "^# " } } ] },
                { not: { fact: lifecycle, in: [deprecated, experimental] } },
                { annotation: backstage.io/techdocs-ref },
                { annotation: pagerduty.com/service-id, value: P123 },
                { fact: git.lastCommit, newerThanDays: 90 },
                { radar: { all: { ecosystem: runtime, ring: [adopt, trial] } } },
                { radar: { none: { pastRetirement: true } } },
                { radar: { all: { kind: image, listed: true } } } ] }
            """);
        var result = f.Load();
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        var rule = result.Definitions!.Checks.Checks.Single(c => c.Id == "has-owner").Rule.ShouldBeOfType<AllRule>();
        rule.Children.Count.ShouldBe(8);
        var any = rule.Children[0].ShouldBeOfType<AnyRule>();
        any.Children[1].ShouldBeOfType<FileCondition>().Contains.ShouldBe("^# ");
        var not = rule.Children[1].ShouldBeOfType<NotRule>().Child.ShouldBeOfType<FactCondition>();
        not.Operator.ShouldBe("in");
        not.Values.ShouldBe(["deprecated", "experimental"]);
        rule.Children[3].ShouldBeOfType<AnnotationCondition>().Value.ShouldBe("P123");
        var runtime = rule.Children[5].ShouldBeOfType<RadarCondition>();
        runtime.Quantifier.ShouldBe(RadarQuantifier.All);
        runtime.Selector.Ecosystem.ShouldBe("runtime");
        runtime.Selector.Rings.ShouldBe(["adopt", "trial"]);
        rule.Children[6].ShouldBeOfType<RadarCondition>().Selector.PastRetirement.ShouldBe(true);
        rule.Children[7].ShouldBeOfType<RadarCondition>().Selector.Listed.ShouldBe(true);
        rule.Location.Line.ShouldBe(7);
    }

    [Fact]
    public void An_expired_exemption_is_an_error_and_one_expiring_today_is_not()
    {
        using var f = new DefinitionFixture();
        f.Edit("checks/exemptions.yaml", "expires: 2027-03-31", "expires: 2026-11-20");
        var error = SingleError(f.Load());
        error.Message.ShouldBe("the exemption for 'payments-api' from check 'has-owner' expired on 2026-11-20; renew it with a new approval and date, or remove it");
        error.Location.Line.ShouldBe(2);
        f.Edit("checks/exemptions.yaml", "expires: 2026-11-20", "expires: 2026-11-21");
        f.Load().Problems.ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_fact_is_a_warning_that_suggests_the_known_name()
    {
        using var f = new DefinitionFixture();
        f.Edit("checks/bronze.yaml", "{ fact: owner, exists: true }", "{ fact: readme.presnt, equals: \"true\" }");
        var result = f.Load();
        result.HasErrors.ShouldBeFalse();
        result.Definitions.ShouldNotBeNull();
        var warning = result.Problems.Single();
        warning.Severity.ShouldBe(ProblemSeverity.Warning);
        warning.Message.ShouldBe("fact 'readme.presnt' in check 'has-owner' is not one the harvest provides - did you mean 'readme.present'?");
    }

    [Fact]
    public void A_key_written_twice_is_an_error()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "    title: Moment.js\n", "    title: Moment.js\n    title: Moment\n");
        SingleError(f.Load()).Message.ShouldBe("key 'title' appears twice in radar entry 'moment'; keep one");
    }

    [Fact]
    public void A_missing_folder_and_a_second_document_are_errors()
    {
        using var f = new DefinitionFixture();
        var missing = DefinitionLoader.Load(f.PathOf("nowhere"), f.ChecksDir, f.Clock);
        missing.Problems.ShouldContain(p => p.Message == "the radar folder does not exist" && p.Location.File == f.PathOf("nowhere"));
        f.Write("radar/tools.yaml", "quadrant: tools\nentries: []\n---\nquadrant: tools\n");
        SingleError(f.Load()).Message.ShouldStartWith("the file holds 2 YAML documents");
    }

    [Fact]
    public void Version_rules_over_packages_with_different_version_orders_are_an_error()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "packages: [\"pkg:maven/org.apache.logging.log4j/log4j-core\"]", "packages: [\"pkg:maven/org.apache.logging.log4j/log4j-core\", \"pkg:npm/log4js\"]");
        SingleError(f.Load()).Message.ShouldStartWith("radar entry 'log4j' has version rules but its packages use different version orders (Maven, SemVer)");
    }

    [Fact]
    public void Every_problem_in_every_file_is_reported_in_one_load()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "ring: adopt", "rnig: adopt");
        f.Edit("radar/libraries.yaml", "\"pkg:npm/moment\"", "\"moment\"");
        f.Edit("checks/bronze.yaml", "level: bronze", "level: tin");
        f.Edit("checks/exemptions.yaml", "expires: 2027-03-31", "expires: 2020-01-01");
        f.Edit("checks/gates.yaml", "minLevel: silver", "minLevel: diamond");
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        var files = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => Path.GetFileName(p.Location.File)).Distinct().Order().ToList();
        files.ShouldBe(["bronze.yaml", "exemptions.yaml", "gates.yaml", "libraries.yaml"]);
        result.Problems.ShouldAllBe(p => p.Location.Line > 0);
    }

    [Fact]
    public void A_warning_leaves_the_definitions_usable()
    {
        using var f = new DefinitionFixture();
        f.Edit("radar/libraries.yaml", "    description: dates\n", "");
        var result = f.Load();
        result.HasErrors.ShouldBeFalse();
        result.Definitions.ShouldNotBeNull();
        result.Problems.Single().Message.ShouldBe("radar entry 'date-fns' has no 'description'; say what it is and why it sits in its ring");
    }

    [Fact]
    public void Entries_can_share_fields_through_a_yaml_merge_key()
    {
        using var f = new DefinitionFixture();
        f.Write("radar/tools.yaml", """
            quadrant: tools
            entries:
              - &build-tool
                id: maven
                title: Maven
                ring: adopt
                description: builds Java
                packages: ["pkg:maven/org.apache.maven/maven-core"]
              - <<: *build-tool
                id: gradle
                title: Gradle
                packages: ["pkg:maven/org.gradle/gradle-tooling-api"]
            """);
        var result = f.Load();
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        var gradle = result.Definitions!.Radar.Entries.Single(e => e.Id == "gradle");
        gradle.Ring.ShouldBe("adopt");
        gradle.Description.ShouldBe("builds Java");
        gradle.Packages.ShouldHaveSingleItem().ToString().ShouldBe("pkg:maven/org.gradle/gradle-tooling-api");
    }
}
