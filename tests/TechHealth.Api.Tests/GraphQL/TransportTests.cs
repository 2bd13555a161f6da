using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>GraphQL over HTTP as clients use it: GET for queries only, both JSON media types, event streams, the explorer.</summary>
[Collection(ServiceCollection.Name)]
public class TransportTests(TechHealthFactory factory)
{
    private const string Read = "{ organisation { componentCount } }";

    [Fact]
    public async Task A_query_by_get_answers_and_a_mutation_by_get_is_refused()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        using var query = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString(Read));
        var body = await query.Content.ReadAsStringAsync();
        query.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("\"componentCount\":40");

        using var mutation = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { reloadDefinitions { version } }"));
        var refused = await mutation.Content.ReadAsStringAsync();
        refused.ShouldContain("not allowed");
        refused.ShouldNotContain("\"data\":{");
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    public async Task The_answer_has_the_media_type_asked_for_and_json_by_default(string? accept, string expected)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"" + Read + "\"}", Encoding.UTF8, "application/json") };
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
    }

    [Fact]
    public async Task A_document_that_does_not_validate_is_400_in_the_graphql_response_media_type_and_200_in_json()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        async Task<HttpStatusCode> StatusFor(string accept)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ organisation { nope } }\"}", Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd(accept);
            using var response = await client.SendAsync(request);
            (await response.Content.ReadAsStringAsync()).ShouldContain("nope");
            return response.StatusCode;
        }

        (await StatusFor("application/graphql-response+json")).ShouldBe(HttpStatusCode.BadRequest);
        (await StatusFor("application/json")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_query_over_server_sent_events_arrives_as_a_next_event_then_complete()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"" + Read + "\"}", Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await client.SendAsync(request);
        var stream = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        stream.ShouldContain("event: next");
        stream.ShouldContain("\"componentCount\":40");
        stream.ShouldContain("event: complete");
    }

    [Fact]
    public async Task The_explorer_is_served_from_the_package_without_a_network()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql/");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, html[..Math.Min(300, html.Length)]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        // Embedded mode: the page loads its scripts from this service, not from a CDN.
        html.ShouldNotContain("cdn.");
        html.ShouldContain("<script");
    }
}
