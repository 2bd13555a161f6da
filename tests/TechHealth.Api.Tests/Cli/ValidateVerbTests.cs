using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.Cli;

public class ValidateVerbTests
{
    [Fact]
    public async Task The_shipped_radar_and_checks_validate()
    {
        var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "validate", "--json");
        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        using var doc = JsonDocument.Parse(result.Output);
        doc.RootElement.GetProperty("valid").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("radarEntries").GetInt32().ShouldBeGreaterThanOrEqualTo(60);
        doc.RootElement.GetProperty("checkCount").GetInt32().ShouldBeGreaterThanOrEqualTo(20);
    }

    [Fact]
    public async Task A_typo_an_unknown_ring_and_a_bad_range_are_all_reported_with_file_and_line_and_exit_1()
    {
        var dir = Directory.CreateTempSubdirectory("th-validate-");
        try
        {
            var radar = Directory.CreateDirectory(Path.Combine(dir.FullName, "radar")).FullName;
            var checks = Directory.CreateDirectory(Path.Combine(dir.FullName, "checks")).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(TechHealthFactory.RepositoryRoot, "radar"))) File.Copy(f, Path.Combine(radar, Path.GetFileName(f)));
            foreach (var f in Directory.GetFiles(Path.Combine(TechHealthFactory.RepositoryRoot, "checks"))) File.Copy(f, Path.Combine(checks, Path.GetFileName(f)));
            File.WriteAllText(Path.Combine(radar, "zz-broken.yaml"), """
                quadrant: tools
                entries:
                  - id: broken-typo
                    title: Typo
                    rign: adopt
                    packages: ["pkg:npm/typo-package"]
                  - id: broken-ring
                    title: Unknown ring
                    ring: golden
                    packages: ["pkg:npm/ring-package"]
                  - id: broken-range
                    title: Bad range
                    ring: adopt
                    packages: ["pkg:npm/range-package"]
                    versions:
                      - { range: ">=>1.0", ring: hold }
                """);

            var result = await Techhealth.RunAsync(dir.FullName, "validate", "--radar", radar, "--checks", checks);

            result.ExitCode.ShouldBe(1);
            var lines = result.Output.Split('\n').Where(l => l.Contains("zz-broken.yaml:")).ToList();
            lines.ShouldContain(l => l.Contains("zz-broken.yaml:5:") && l.Contains("rign"));
            lines.ShouldContain(l => l.Contains("zz-broken.yaml:9:") && l.Contains("golden"));
            lines.ShouldContain(l => l.Contains("zz-broken.yaml:16:") && l.Contains(">=>1.0"));
            result.Output.ShouldContain("FAILED");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Every_verb_answers_help()
    {
        foreach (var verb in new[] { "validate", "scan", "evaluate", "report", "serve", "apikey new", "fleet generate", "fleet bench" })
        {
            var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, [.. verb.Split(' '), "--help"]);
            result.ExitCode.ShouldBe(0, verb);
            result.Output.ShouldContain("Usage:", customMessage: verb);
        }
    }
}
