using System.Net;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.OData;

/// <summary>A service whose checks define a fourth level and whose configuration narrows OData pages.</summary>
public sealed class PlatinumFactory : TechHealthFactory
{
    public PlatinumFactory() : base(components: 6, new Dictionary<string, string?> { ["TechHealth:OData:MaxPageSize"] = "2" })
    {
        File.AppendAllText(Path.Combine(Root, "checks", "levels.yaml"), """
              - id: platinum
                name: Platinum
                description: A level above gold, with no checks of its own yet.

            """);
    }
}

/// <summary>The OData feed follows the service's own levels and configuration, not the library's defaults.</summary>
public class FeedConfigurationTests(PlatinumFactory factory) : IClassFixture<PlatinumFactory>
{
    [Fact]
    public async Task Teams_count_components_at_every_level_of_the_checks_and_pages_follow_the_configured_size()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var metadata = await client.GetStringAsync("/odata/$metadata");
        metadata.ShouldContain("Name=\"PlatinumCount\"");
        metadata.ShouldContain("Name=\"GoldCount\"");

        var page = await client.GetAsync("/odata/Components?$select=Name");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = System.Text.Json.JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("value").GetArrayLength().ShouldBe(2);
        body.RootElement.GetProperty("@odata.nextLink").GetString()!.ShouldContain("$skip=2");
    }
}
