using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.Cli;

/// <summary>The repository's own Dockerfile holds to TechHealth's own checks (no container engine is needed for that).</summary>
public class ContainerImageTests
{
    [Fact]
    public async Task The_repositorys_dockerfile_passes_its_own_non_root_check()
    {
        var dockerfile = Path.Combine(TechHealthFactory.RepositoryRoot, "Dockerfile");
        File.Exists(dockerfile).ShouldBeTrue();

        var result = await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot, "evaluate", ".", "--json");

        using var doc = JsonDocument.Parse(result.Output);
        var component = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "techhealth");
        var check = component.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "container-runs-as-non-root");
        check.GetProperty("status").GetString().ShouldBe("pass");
        check.GetProperty("message").GetString()!.ShouldStartWith("Dockerfile line ");
        // The compose file adds no image of its own that the radar does not know.
        component.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "base-images-on-radar").GetProperty("status").GetString().ShouldBe("pass");
    }

    [Fact]
    public void The_image_keeps_its_data_on_a_volume_and_checks_its_health()
    {
        var text = File.ReadAllText(Path.Combine(TechHealthFactory.RepositoryRoot, "Dockerfile"));
        var lastStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        lastStage.ShouldContain("VOLUME /var/lib/techhealth");
        lastStage.ShouldContain("HEALTHCHECK");
        lastStage.ShouldContain("/healthz");
        var compose = File.ReadAllText(Path.Combine(TechHealthFactory.RepositoryRoot, "compose.yaml"));
        compose.ShouldContain("TechHealth__Storage__Provider: postgres");
        compose.ShouldContain("condition: service_healthy");
    }
}
