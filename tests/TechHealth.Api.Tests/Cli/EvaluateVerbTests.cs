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
}
