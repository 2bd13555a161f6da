using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

public class FileContentCheckTests
{
    private static CheckResult Run(RuleNode rule, ComponentFacts component)
        => CheckCompiler.Compile(Definitions([Check("c", "silver", rule)])).Evaluate(component, ExemptionBook.Empty, Now).Results.Single();

    private const string NonRootUser = "(?i)^[ \\t]*USER[ \\t]+(?!(root|0)([ \\t:]|$))\\S+";

    private static ComponentFacts Service(string path, IReadOnlyDictionary<string, string> texts, IEnumerable<ScanIssue>? issues = null)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        return Component("api", path: path, files: texts.Keys.Select(k => prefix + k).Append(prefix + "catalog-info.yaml"),
            facts: texts.ToDictionary(t => "file:" + t.Key, t => t.Value)) with { Issues = issues?.ToList() ?? [] };
    }

    [Fact]
    public void A_matching_line_passes_with_the_file_and_line_as_evidence()
    {
        var component = Service("services/api", new Dictionary<string, string> { ["Dockerfile"] = "FROM node:24\nWORKDIR /app\n\nUSER node\nCMD [\"node\"]\n" });

        var result = Run(File("Dockerfile", NonRootUser), component);

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Message.ShouldBe("Dockerfile line 4 has the text the check looks for");
        var evidence = result.Evidence.ShouldHaveSingleItem();
        evidence.File.ShouldBe("services/api/Dockerfile");
        evidence.Line.ShouldBe(4);
    }

    [Theory]
    [InlineData("FROM node:24\nCMD [\"node\"]\n")]
    [InlineData("FROM node:24\nUSER root\n")]
    [InlineData("FROM node:24\nUSER 0:0\n")]
    public void A_file_without_the_pattern_fails_naming_the_file(string dockerfile)
    {
        var result = Run(File("Dockerfile", NonRootUser), Service("", new Dictionary<string, string> { ["Dockerfile"] = dockerfile }));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("no file matching Dockerfile has the text the check looks for");
        result.Evidence.ShouldHaveSingleItem().File.ShouldBe("Dockerfile");
    }

    [Fact]
    public void Any_of_several_matching_files_may_hold_the_pattern()
    {
        var component = Service("", new Dictionary<string, string>
        {
            ["README.md"] = "# api\n",
            ["docs/operations.md"] = "# Operations\n\n## Runbook\n\nRestart with kubectl rollout restart.\n",
        });

        var result = Run(File("**/*.md", "(?i)^## Runbook"), component);

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Evidence.ShouldHaveSingleItem().ShouldBe(new Evidence("docs/operations.md has the text the check looks for", "docs/operations.md", 3));
    }

    [Fact]
    public void A_literal_glob_finds_the_text_under_the_file_name_as_the_repository_spells_it()
    {
        var result = Run(File("README.md", "Runbook"), Service("", new Dictionary<string, string> { ["readme.md"] = "# api\n\nRunbook: see wiki\n" }));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Evidence.Single().File.ShouldBe("readme.md");
    }

    [Fact]
    public void Facts_from_before_a_check_asked_for_the_text_say_the_next_scan_collects_it()
    {
        var component = Component("api", files: ["Dockerfile"]);

        var result = Run(File("Dockerfile", NonRootUser), component);

        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldContain("is unknown");
        result.Message.ShouldContain("the next scan collects it");
    }

    [Fact]
    public void A_file_the_scan_skipped_is_unknown_and_quotes_the_scan_s_reason()
    {
        var component = Component("api", files: ["Dockerfile"]) with
        {
            Issues = [new ScanIssue(ScanIssueSeverity.Warning, "Dockerfile", 0, "text not kept: binary file (it holds NUL bytes)")],
        };

        var result = Run(File("Dockerfile", NonRootUser), component);

        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldContain("binary file");
        result.Message.ShouldNotContain("next scan");
    }

    [Fact]
    public void When_no_kept_file_matches_but_another_was_not_kept_the_result_is_unknown_not_a_fail()
    {
        var component = Component("api", files: ["README.md", "docs/runbook.md"], facts: new Dictionary<string, string> { ["file:README.md"] = "# api\n" });

        var result = Run(File("**/*.md", "(?i)^## Runbook"), component);

        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldContain("docs/runbook.md");
    }

    [Fact]
    public void The_file_content_globs_of_a_check_set_are_what_the_scan_is_asked_to_keep()
    {
        var set = Definitions([
            Check("non-root", "silver", Any(Not(File("**/Dockerfile")), File("**/Dockerfile", NonRootUser))),
            Check("runbook", "gold", All(File("README.md", "Runbook"), Not(File("docs/**", "TODO")))),
            Check("ci", "bronze", File("Jenkinsfile")),
        ]).Checks;

        set.FileContentGlobs().ShouldBe(["**/Dockerfile", "README.md", "docs/**"]);
    }
}
