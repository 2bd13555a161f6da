using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// What a GraphQL client or code generator sees is the contract, schema.graphql: it is served as SDL as written, and
/// the schema HotChocolate executes (as introspection shows it) neither breaks nor endangers any client of it.
/// </summary>
[Collection(ServiceCollection.Name)]
public class IntrospectionTests(TechHealthFactory factory)
{
    private static string ContractPath => Path.Combine(TechHealthFactory.RepositoryRoot, "src", "TechHealth.Api", "GraphQL", "schema.graphql");

    [Fact]
    public async Task The_served_sdl_is_the_contract_and_introspection_keeps_every_part_of_it()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var served = await client.GetStringAsync("/graphql/schema.graphql");
        Normalise(served).ShouldBe(Normalise(await File.ReadAllTextAsync(ContractPath)));

        var query = await ReferenceNode.ClientSchemaAsync("query");
        var answer = await GraphQLCalls.PostAsync(client, query);
        answer.Ok().GetProperty("__schema").GetProperty("types").GetArrayLength().ShouldBeGreaterThan(50);

        // graphql-js rebuilds the schema from our introspection (so it is valid) and compares it with the contract.
        var rebuilt = await ReferenceNode.ClientSchemaAsync("print", answer.Body);
        rebuilt.ShouldContain("type RunDiff");
        using var changes = JsonDocument.Parse(await ReferenceNode.ClientSchemaAsync("breaking", answer.Body, ContractPath));
        changes.RootElement.GetProperty("breaking").GetArrayLength().ShouldBe(0, changes.RootElement.ToString());
        changes.RootElement.GetProperty("dangerous").GetArrayLength().ShouldBe(0, changes.RootElement.ToString());
    }

    private static string Normalise(string sdl) => sdl.Replace("\r\n", "\n").Trim();
}
