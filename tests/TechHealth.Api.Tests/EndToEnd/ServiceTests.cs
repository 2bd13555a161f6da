using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Tests.EndToEnd;

public class ServiceTests : IClassFixture<TechHealthFactory>
{
    private readonly TechHealthFactory _factory;

    public ServiceTests(TechHealthFactory factory) => _factory = factory;

    [Fact]
    public async Task Healthz_reports_the_loaded_definitions()
    {
        await _factory.ReadyAsync();
        using var client = _factory.CreateClient();
        var response = await client.GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        doc.RootElement.GetProperty("checks").GetProperty("definitions").GetProperty("data").GetProperty("radarEntries").GetInt32().ShouldBeGreaterThan(60);
    }

    [Fact]
    public async Task The_service_uses_the_configured_root_and_scans_the_configured_source()
    {
        var snapshot = await _factory.ReadyAsync();
        _factory.Services.GetRequiredService<WorkspacePaths>().Root.ShouldBe(Path.GetFullPath(_factory.Root));
        snapshot.Components.Count.ShouldBe(40);
        snapshot.Components.ShouldAllBe(c => c.Source == "fleet");
        snapshot.Run.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_explorer_opens_on_a_welcome_query_that_answers_without_errors()
    {
        await _factory.ReadyAsync();
        using var client = _factory.CreateClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/graphql/");
        page.Headers.Accept.ParseAdd("text/html");
        (await (await client.SendAsync(page)).Content.ReadAsStringAsync()).ShouldContain("<script");
        // Nitro reads its settings, the welcome document among them, from beside the page.
        var config = await client.GetStringAsync("/graphql/nitro-config.json");
        config.ShouldContain("organisation { componentCount");

        var response = await client.PostAsJsonAsync("/graphql", new { query = TechHealth.Api.Apis.GraphQLApi.ExplorerWelcome });
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.TryGetProperty("errors", out _).ShouldBeFalse();
        doc.RootElement.GetProperty("data").GetProperty("organisation").GetProperty("componentCount").GetInt32().ShouldBe(40);
    }
}
