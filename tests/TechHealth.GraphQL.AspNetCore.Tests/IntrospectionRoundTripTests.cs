using System.Net.Http.Json;
using System.Text.Json;
using TechHealth.GraphQL.Tests.Conformance;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>
/// The acceptance check of the HTTP endpoint: graphql-js's buildClientSchema, fed the answer to the introspection
/// query graphql-js clients send, prints the same schema the endpoint serves at /graphql/schema.graphql.
/// </summary>
public sealed class IntrospectionRoundTripTests
{
    [Fact]
    public async Task GraphQL_js_rebuilds_the_served_schema_from_our_introspection()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var client = app.CreateClient();
        var introspectionQuery = await ReferenceImplementation.RunNodeAsync("introspection-query.mjs", null);

        var response = await client.PostAsJsonAsync("/graphql", new { query = introspectionQuery });
        var introspection = await response.Content.ReadAsStringAsync();
        using (var parsed = JsonDocument.Parse(introspection))
        {
            parsed.RootElement.TryGetProperty("errors", out _).ShouldBeFalse(introspection);
        }
        var rebuilt = await ReferenceImplementation.RunNodeAsync("roundtrip.mjs", introspection);
        var served = await client.GetStringAsync("/graphql/schema.graphql");

        served.ShouldBe(rebuilt);
        served.ShouldContain("@oneOf");
    }
}
