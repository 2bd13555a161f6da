using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>What a GraphQL client or code generator sees through introspection is the schema the service publishes.</summary>
[Collection(ServiceCollection.Name)]
public class IntrospectionTests(TechHealthFactory factory)
{
    [Fact]
    public async Task Graphql_js_rebuilds_from_our_introspection_the_schema_served_as_SDL()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var query = await ReferenceNode.ClientSchemaAsync("query");
        var answer = await GraphQLCalls.PostAsync(client, query);
        answer.Ok().GetProperty("__schema").GetProperty("types").GetArrayLength().ShouldBeGreaterThan(50);

        var rebuilt = await ReferenceNode.ClientSchemaAsync("print", answer.Body);
        var served = await client.GetStringAsync("/graphql/schema.graphql");

        rebuilt.ShouldContain("type RunDiff");
        Normalise(rebuilt).ShouldBe(Normalise(served));
    }

    private static string Normalise(string sdl) => sdl.Replace("\r\n", "\n").Trim();
}
