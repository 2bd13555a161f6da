using System.Net;
using System.Xml.Linq;
using TechHealth.Api.Tests.GraphQL;

namespace TechHealth.Api.Tests.EndToEnd;

/// <summary>
/// A component whose manifest the scan could not read (over the size limit) shows it on every surface of the running
/// service: GraphQL's Component.scanIssues and the badge's tooltip.
/// </summary>
public class UnreadInputSurfacesTests
{
    [Fact]
    public async Task A_component_with_an_unread_manifest_shows_it_in_graphql_and_in_its_badge_tooltip()
    {
        await using var factory = new TechHealthFactory();
        var repo = Path.Combine(factory.Root, "fleet", "unread-web");
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "catalog-info.yaml"),
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: unread-web\nspec:\n  type: website\n  lifecycle: production\n  owner: team-a\n");
        using (var f = File.Create(Path.Combine(repo, "package.json"))) f.SetLength(6L << 20);

        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var data = (await GraphQLCalls.PostAsync(client, "{ component(name: \"unread-web\") { scanIssues { severity file line message } } }")).Ok();
        var issue = data.GetProperty("component").GetProperty("scanIssues").Items()
            .First(i => i.GetProperty("file").GetString() == "package.json");
        issue.GetProperty("severity").GetString().ShouldBe("warning");
        issue.GetProperty("message").GetString()!.ShouldContain("limit");

        var badge = await client.GetAsync("/badges/unread-web.svg");
        badge.StatusCode.ShouldBe(HttpStatusCode.OK);
        var svg = XDocument.Parse(await badge.Content.ReadAsStringAsync());
        svg.Root!.Element(XName.Get("title", "http://www.w3.org/2000/svg"))!.Value.ShouldContain("scan issue");
    }
}
