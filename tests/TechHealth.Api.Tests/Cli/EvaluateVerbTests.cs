using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.Cli;

public class EvaluateVerbTests
{
    private static void Write(string root, string relative, string text)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static string Catalog(string name) => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: service
          lifecycle: production
          owner: team-a

        """;

    [Fact]
    public async Task A_contains_check_passes_on_the_component_whose_dockerfile_drops_root_and_fails_on_the_other()
    {
        var dir = Directory.CreateTempSubdirectory("th-evaluate-");
        try
        {
            Write(dir.FullName, "orders-api/catalog-info.yaml", Catalog("orders-api"));
            Write(dir.FullName, "orders-api/Dockerfile", "FROM node:24-alpine AS build\nRUN npm ci\n\nFROM node:24-alpine\nWORKDIR /app\nCOPY --from=build /app .\nUSER node\n");
            Write(dir.FullName, "billing-api/catalog-info.yaml", Catalog("billing-api"));
            Write(dir.FullName, "billing-api/Dockerfile", "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\n");

            var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName, "--json");

            result.Error.ShouldNotContain("have errors");
            using var doc = JsonDocument.Parse(result.Output);
            JsonElement Check(string component) => doc.RootElement.EnumerateArray()
                .Single(c => c.GetProperty("name").GetString() == component)
                .GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "container-runs-as-non-root");

            var orders = Check("orders-api");
            orders.GetProperty("status").GetString().ShouldBe("pass", orders.ToString());
            orders.GetProperty("message").GetString().ShouldBe("Dockerfile line 7 switches to a non-root USER after its last FROM");

            var billing = Check("billing-api");
            billing.GetProperty("status").GetString().ShouldBe("fail", billing.ToString());
            billing.GetProperty("message").GetString().ShouldBe(
                "no file matching **/Dockerfile switches to a non-root USER after its last FROM; no file matching **/Dockerfile builds its last stage on a :nonroot image");
            billing.GetProperty("remediation").GetString()!.ShouldContain("USER");
            // The Dockerfile it read is a finding of the failing check, with its file.
            var billingReport = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "billing-api");
            var finding = billingReport.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("statement").GetString() == "Dockerfile was read");
            finding.GetProperty("checks").EnumerateArray().Select(c => c.GetString()).ShouldContain("container-runs-as-non-root");
            finding.GetProperty("file").GetString().ShouldBe("Dockerfile");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task A_folder_with_files_of_its_own_is_one_repository_even_without_git_or_a_catalog()
    {
        var dir = Directory.CreateTempSubdirectory("th-evaluate-");
        try
        {
            Write(dir.FullName, "README.md", "# exported\n");
            Write(dir.FullName, "package.json", "{ \"name\": \"exported\", \"dependencies\": { \"express\": \"5.1.0\" } }");
            Write(dir.FullName, "docs/index.md", "# docs\n");
            Write(dir.FullName, "src/server.js", "require('express')\n");

            var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName, "--json");

            using var doc = JsonDocument.Parse(result.Output);
            var component = doc.RootElement.EnumerateArray().ShouldHaveSingleItem();
            component.GetProperty("name").GetString().ShouldBe(dir.Name);
            var lifecycle = component.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "lifecycle-declared");
            lifecycle.GetProperty("status").GetString().ShouldBe("fail");
            lifecycle.GetProperty("message").GetString()!.ShouldStartWith("there is no catalog-info.yaml, so nothing declares spec.lifecycle");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task An_over_size_manifest_is_reported_in_text_and_json_and_fails_the_run_with_fail_on_scan_issues()
    {
        var dir = Directory.CreateTempSubdirectory("th-evaluate-");
        try
        {
            Write(dir.FullName, "catalog-info.yaml", Catalog("big-web"));
            // Over the default 5 MiB per file: the scan skips it, and a CI must hear so.
            Write(dir.FullName, "package.json", "{\"name\":\"big-web\",\"description\":\"" + new string('x', 6 << 20) + "\"}");

            var text = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName);
            text.ExitCode.ShouldBe(0, text.Error);
            text.Output.ShouldContain("SCAN ISSUES (");
            text.Output.ShouldContain("warning: package.json: file of");

            var json = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName, "--json");
            using var doc = JsonDocument.Parse(json.Output);
            var issue = doc.RootElement.EnumerateArray().Single().GetProperty("scanIssues").EnumerateArray().First();
            issue.GetProperty("severity").GetString().ShouldBe("warning");
            issue.GetProperty("file").GetString().ShouldBe("package.json");
            issue.GetProperty("message").GetString()!.ShouldContain("limit");

            var gated = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName, "--fail-on-scan-issues");
            gated.ExitCode.ShouldBe(1);
            gated.Error.ShouldContain("scan issue(s)");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task A_clean_repository_passes_fail_on_scan_issues_and_its_json_has_an_empty_issue_list()
    {
        var dir = Directory.CreateTempSubdirectory("th-evaluate-");
        try
        {
            Write(dir.FullName, "catalog-info.yaml", Catalog("small-web"));
            Write(dir.FullName, "package.json", "{\"name\":\"small-web\",\"dependencies\":{\"react\":\"18.2.0\"}}");

            var json = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", dir.FullName, "--json", "--fail-on-scan-issues");
            json.ExitCode.ShouldBe(0, json.Output + json.Error);
            using var doc = JsonDocument.Parse(json.Output);
            doc.RootElement.EnumerateArray().Single().GetProperty("scanIssues").GetArrayLength().ShouldBe(0);
        }
        finally { dir.Delete(recursive: true); }
    }
}
