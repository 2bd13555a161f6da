using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) on the GraphQL path.</summary>
public sealed class GraphQLEventStreamTests
{
    private static async Task<(HttpResponseMessage Response, string Body)> StreamAsync(GraphQLTestApp app, HttpMethod method, string body)
    {
        using var client = app.CreateClient();
        var uri = method == HttpMethod.Get ? "/graphql?query=" + Uri.EscapeDataString(body) : "/graphql";
        using var request = new HttpRequestMessage(method, uri);
        if (method == HttpMethod.Post) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (response, await response.Content.ReadAsStringAsync(timeout.Token));
    }

    [Fact]
    public async Task A_subscription_posted_for_an_event_stream_streams_next_events_then_complete()
    {
        await using var app = await GraphQLTestApp.StartAsync();

        var (response, body) = await StreamAsync(app, HttpMethod.Post, """{"query":"subscription { count(to: 2) }"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        body.ShouldBe("""
            event: next
            data: {"data":{"count":1}}

            event: next
            data: {"data":{"count":2}}

            event: complete
            data: 


            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task EventSource_style_get_carries_subscriptions_and_queries()
    {
        await using var app = await GraphQLTestApp.StartAsync();

        var (_, subscription) = await StreamAsync(app, HttpMethod.Get, "subscription { count(to: 1) }");
        var (_, query) = await StreamAsync(app, HttpMethod.Get, "{ hello }");

        subscription.ShouldStartWith("event: next\ndata: {\"data\":{\"count\":1}}\n\n");
        query.ShouldBe("event: next\ndata: {\"data\":{\"hello\":\"Hello, world\"}}\n\nevent: complete\ndata: \n\n");
    }

    [Theory]
    [InlineData("subscription { count forever }", "Anonymous Subscription must select only one top level field.")]
    [InlineData("mutation { setGreeting(text: \"x\") }", "Mutations cannot be sent with GET; use POST.")]
    public async Task Problems_before_execution_come_as_a_next_event_with_errors(string query, string message)
    {
        await using var app = await GraphQLTestApp.StartAsync();

        var (response, body) = await StreamAsync(app, HttpMethod.Get, query);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = body.Split('\n');
        lines[0].ShouldBe("event: next");
        using var result = System.Text.Json.JsonDocument.Parse(lines[1]["data: ".Length..]);
        result.RootElement.GetProperty("errors")[0].GetProperty("message").GetString().ShouldBe(message);
        result.RootElement.TryGetProperty("data", out _).ShouldBeFalse();
        body.ShouldEndWith("\n\nevent: complete\ndata: \n\n");
    }

    [Fact]
    public async Task A_stream_waiting_between_events_gets_keep_alive_comments_that_do_not_disturb_the_events()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.EventStreamKeepAlive = TimeSpan.FromMilliseconds(40));

        var (_, body) = await StreamAsync(app, HttpMethod.Post, """{"query":"subscription { count(to: 2, everyMs: 400) }"}""");

        body.ShouldContain(": keep-alive\n\n");
        // Without the comments the stream is exactly the events: none was split or interleaved by a comment.
        body.Replace(": keep-alive\n\n", "").ShouldBe(
            "event: next\ndata: {\"data\":{\"count\":1}}\n\nevent: next\ndata: {\"data\":{\"count\":2}}\n\nevent: complete\ndata: \n\n");
    }

    [Fact]
    public async Task Event_streams_beyond_the_limit_are_answered_503_with_retry_after()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.MaxEventStreams = 1);
        using var client = app.CreateClient();
        using var open = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("subscription { forever }"));
        open.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var first = await client.SendAsync(open, HttpCompletionOption.ResponseHeadersRead);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var second = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ hello }"));
        second.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var refused = await client.SendAsync(second);

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("MaxEventStreams = 1");
    }
}
