using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TechHealth.GraphQL.AspNetCore;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>GraphQL over HTTP through a real test server and HttpClient, one rule of the specification per test.</summary>
public sealed class GraphQLHttpTests
{
    private const string GraphQLResponseJson = "application/graphql-response+json";

    private static HttpRequestMessage Post(string body, string contentType = "application/json", string? accept = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) message.Headers.Accept.ParseAdd(accept);
        return message;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpRequestMessage message)
    {
        var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response, document.RootElement.Clone());
    }

    private static string FirstError(JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString()!;

    [Fact]
    public async Task Post_with_json_runs_the_query_and_answers_application_json()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(), Post(Json(new { query = "{ hello }" })));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body.GetProperty("data").GetProperty("hello").GetString().ShouldBe("Hello, world");
    }

    [Fact]
    public async Task Post_with_variables_and_operation_name_selects_and_coerces()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var request = Json(new
        {
            query = "query A { whoami } query B($n: String) { hello(name: $n) }",
            operationName = "B",
            variables = new { n = "Ada" },
        });
        var (_, body) = await SendAsync(app.CreateClient(), Post(request));

        body.GetProperty("data").GetProperty("hello").GetString().ShouldBe("Hello, Ada");
    }

    [Fact]
    public async Task Accepting_graphql_response_json_gets_that_media_type()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(),
            Post(Json(new { query = "{ hello }" }), accept: $"{GraphQLResponseJson}, application/json;q=0.9"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(GraphQLResponseJson);
        body.GetProperty("data").GetProperty("hello").GetString().ShouldBe("Hello, world");
    }

    [Theory]
    [InlineData("{ hello", "Syntax Error")]
    [InlineData("  # only a comment", "Syntax Error: Unexpected <EOF>.")]
    [InlineData("{ nope }", "Cannot query field \"nope\" on type \"Query\".")]
    [InlineData("query($n: String) { hello }", "Variable \"$n\" is never used.")]
    public async Task Parse_and_validation_errors_are_400_in_graphql_response_json(string query, string expected)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(), Post(Json(new { query }), accept: GraphQLResponseJson));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(GraphQLResponseJson);
        FirstError(body).ShouldContain(expected);
        body.TryGetProperty("data", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("{ hello")]
    [InlineData("{ nope }")]
    public async Task Parse_and_validation_errors_are_200_in_application_json(string query)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(), Post(Json(new { query }), accept: "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("errors").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Field_errors_keep_status_200_with_partial_data_in_graphql_response_json()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(),
            Post(Json(new { query = "{ hello fail }" }), accept: GraphQLResponseJson));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("data").GetProperty("hello").GetString().ShouldBe("Hello, world");
        body.GetProperty("data").GetProperty("fail").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("errors")[0].GetProperty("path")[0].GetString().ShouldBe("fail");
    }

    [Theory]
    [InlineData(false, "Unexpected error.")]
    [InlineData(true, "the fail field always fails")]
    public async Task Resolver_exception_messages_are_hidden_unless_exposed(bool expose, string expected)
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.ExposeExceptionMessages = expose);
        var (_, body) = await SendAsync(app.CreateClient(), Post(Json(new { query = "{ fail }" })));

        FirstError(body).ShouldBe(expected);
    }

    [Fact]
    public async Task Configured_limits_refuse_a_deep_query_naming_the_limit()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.Limits = new ExecutionLimits { MaxDepth = 2 });
        var client = app.CreateClient();

        var (refused, refusedBody) = await SendAsync(client,
            Post(Json(new { query = "{ greeting { next { next { text } } } }" }), accept: GraphQLResponseJson));
        var (allowed, _) = await SendAsync(client, Post(Json(new { query = "{ greeting { text } }" }), accept: GraphQLResponseJson));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FirstError(refusedBody).ShouldContain("depth");
        refusedBody.TryGetProperty("data", out _).ShouldBeFalse();
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Variable_coercion_failure_is_a_request_error_400_in_graphql_response_json()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var request = Json(new { query = "query($n: String!) { hello(name: $n) }", variables = new { n = 5 } });
        var (response, body) = await SendAsync(app.CreateClient(), Post(request, accept: GraphQLResponseJson));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FirstError(body).ShouldContain("$n");
    }

    [Theory]
    [InlineData("{ \"query\": ", "not valid JSON")]
    [InlineData("{}", "no 'query'")]
    [InlineData("{ \"query\": null }", "no 'query'")]
    [InlineData("{ \"query\": 42 }", "'query' must be a string")]
    [InlineData("{ \"query\": \"{ hello }\", \"variables\": [1] }", "'variables' must be a JSON object")]
    [InlineData("{ \"query\": \"{ hello }\", \"variables\": \"{}\" }", "'variables' must be a JSON object")]
    [InlineData("{ \"query\": \"{ hello }\", \"operationName\": 3 }", "'operationName' must be a string")]
    [InlineData("[{ \"query\": \"{ hello }\" }]", "Batched requests")]
    [InlineData("\"{ hello }\"", "must be a JSON object")]
    public async Task Malformed_requests_are_400_with_a_clear_message(string body, string expected)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        foreach (var accept in new[] { "application/json", GraphQLResponseJson })
        {
            var (response, json) = await SendAsync(app.CreateClient(), Post(body, accept: accept));

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(accept);
            FirstError(json).ShouldContain(expected);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/graphql")]
    [InlineData("application/json; charset=latin1")]
    public async Task Wrong_content_type_is_415(string contentType)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var (response, body) = await SendAsync(app.CreateClient(), Post(Json(new { query = "{ hello }" }), contentType));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        FirstError(body).ShouldContain("application/json");
    }

    [Fact]
    public async Task Post_without_content_type_is_415()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var message = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent("{\"query\":\"{ hello }\"}"u8.ToArray()) };
        var response = await app.CreateClient().SendAsync(message);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_operation_name_is_200_in_json_and_400_in_graphql_response_json()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var request = Json(new { query = "query A { hello }", operationName = "B" });

        var (legacy, legacyBody) = await SendAsync(app.CreateClient(), Post(request, accept: "application/json"));
        var (modern, modernBody) = await SendAsync(app.CreateClient(), Post(request, accept: GraphQLResponseJson));

        legacy.StatusCode.ShouldBe(HttpStatusCode.OK);
        FirstError(legacyBody).ShouldBe("Unknown operation named \"B\".");
        modern.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FirstError(modernBody).ShouldBe("Unknown operation named \"B\".");
    }

    [Fact]
    public async Task Get_runs_a_query_from_query_parameters()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString("query Q($n: String) { hello(name: $n) }")
                  + "&operationName=Q&variables=" + Uri.EscapeDataString("{\"n\":\"GET\"}");
        var (response, body) = await SendAsync(app.CreateClient(), new HttpRequestMessage(HttpMethod.Get, url));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("data").GetProperty("hello").GetString().ShouldBe("Hello, GET");
    }

    [Fact]
    public async Task Get_with_a_mutation_is_405_allowing_post()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString("mutation { setGreeting(text: \"x\") }");
        var (response, body) = await SendAsync(app.CreateClient(), new HttpRequestMessage(HttpMethod.Get, url));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(new[] { "POST" });
        FirstError(body).ShouldContain("use POST");
    }

    [Fact]
    public async Task Get_selecting_a_mutation_by_operation_name_is_405()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var url = "/graphql?operationName=M&query=" + Uri.EscapeDataString("query Q { hello } mutation M { setGreeting(text: \"x\") }");
        var response = await app.CreateClient().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("variables={oops", "'variables' query parameter is not valid JSON")]
    [InlineData("variables=[1]", "'variables' must be a JSON object")]
    [InlineData("operationName=Q", "no 'query'")]
    public async Task Get_with_bad_parameters_is_400(string parameters, string expected)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var query = parameters.StartsWith("operationName") ? "" : "query=" + Uri.EscapeDataString("{ hello }") + "&";
        var url = "/graphql?" + query + parameters;
        var (response, body) = await SendAsync(app.CreateClient(), new HttpRequestMessage(HttpMethod.Get, url));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FirstError(body).ShouldContain(expected);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_405_allowing_get_and_post(string method)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/graphql"));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(new[] { "GET", "POST" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Accept_without_any_json_media_type_is_406()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var response = await app.CreateClient().SendAsync(Post(Json(new { query = "{ hello }" }), accept: "text/csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/json;q=0.5, application/graphql-response+json", GraphQLResponseJson)]
    [InlineData("application/json, application/graphql-response+json;q=0.1", "application/json")]
    public async Task Response_media_type_follows_the_accept_header(string? accept, string expected)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var response = await app.CreateClient().SendAsync(Post(Json(new { query = "{ hello }" }), accept: accept));

        response.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
        response.Headers.Vary.ShouldContain("Accept");
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.MaxRequestBodyBytes = 100);
        var request = Json(new { query = "{ hello }", variables = new { padding = new string('x', 500) } });
        var response = await app.CreateClient().SendAsync(Post(request));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Schema_is_served_as_sdl()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var response = await app.CreateClient().GetAsync("/graphql/schema.graphql");
        var sdl = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        sdl.ShouldBe(SchemaPrinter.Print(GraphQLTestApp.BuildSchema()));
        sdl.ShouldContain("setGreeting(text: String!, filter: Filter): String");
    }

    [Fact]
    public async Task Browser_gets_the_explorer_page_and_its_bundled_assets()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var client = app.CreateClient();
        var page = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var pageResponse = await client.SendAsync(page);
        var html = await pageResponse.Content.ReadAsStringAsync();

        pageResponse.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("/graphql/explorer/explorer.js");
        html.ShouldContain("/graphql/explorer/explorer.css");
        html.ShouldNotContain("https://");

        var script = await client.GetAsync("/graphql/explorer/explorer.js");
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await script.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(100_000);
        var style = await client.GetAsync("/graphql/explorer/explorer.css");
        style.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await client.GetAsync("/graphql/explorer/other.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Explorer_can_be_turned_off()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.EnableExplorer = false);
        var page = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        page.Headers.Accept.ParseAdd("text/html");
        var response = await app.CreateClient().SendAsync(page);

        response.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
        (await app.CreateClient().GetAsync("/graphql/explorer/explorer.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mutation_authorization_can_refuse_with_a_reason_and_let_queries_through()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.AuthorizeMutation = context =>
            ValueTask.FromResult(context.Request.Headers["X-Api-Key"] == "right"
                ? MutationAuthorization.Allowed
                : MutationAuthorization.Refused(StatusCodes.Status401Unauthorized, "Mutations need an API key.")));
        var client = app.CreateClient();
        var mutation = Json(new { query = "mutation { setGreeting(text: \"hi\") }" });

        var (refused, refusedBody) = await SendAsync(client, Post(mutation));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        FirstError(refusedBody).ShouldBe("Mutations need an API key.");

        var allowedRequest = Post(mutation);
        allowedRequest.Headers.Add("X-Api-Key", "right");
        var (allowed, allowedBody) = await SendAsync(client, allowedRequest);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        allowedBody.GetProperty("data").GetProperty("setGreeting").GetString().ShouldBe("hi");

        var (query, _) = await SendAsync(client, Post(Json(new { query = "{ hello }" })));
        query.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task User_context_factory_reaches_resolvers()
    {
        await using var app = await GraphQLTestApp.StartAsync(o =>
            o.UserContextFactory = context => new Dictionary<string, object?> { ["caller"] = "caller " + context.Request.Headers["X-Caller"] });
        var request = Post(Json(new { query = "{ whoami }" }));
        request.Headers.Add("X-Caller", "ada");
        var (_, body) = await SendAsync(app.CreateClient(), request);

        body.GetProperty("data").GetProperty("whoami").GetString().ShouldBe("caller ada");
    }

    [Fact]
    public async Task Schema_factory_is_asked_per_request_with_the_request_services()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var calls = 0;
        app.MapGraphQL("/graphql", services =>
        {
            services.ShouldNotBeNull();
            Interlocked.Increment(ref calls);
            return GraphQLTestApp.BuildSchema();
        });
        await app.StartAsync();
        try
        {
            var client = app.GetTestClient();
            await client.SendAsync(Post(Json(new { query = "{ hello }" })));
            await client.SendAsync(Post(Json(new { query = "{ hello }" })));
            calls.ShouldBe(2);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Aborted_request_cancels_the_running_resolver()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        using var abort = new CancellationTokenSource();
        var sending = app.CreateClient().SendAsync(Post(Json(new { query = "{ wait }" })), abort.Token);

        await app.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await abort.CancelAsync();

        await app.WaitCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Should.ThrowAsync<OperationCanceledException>(() => sending);
    }
}
