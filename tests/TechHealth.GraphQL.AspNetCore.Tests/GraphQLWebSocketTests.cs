using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>The graphql-transport-ws protocol on the in-memory test server, driven by a plain WebSocket client.</summary>
public sealed class GraphQLWebSocketTests
{
    /// <summary>A raw protocol client: sends JSON messages, reads JSON messages or the close status.</summary>
    internal sealed class ProtocolClient : IAsyncDisposable
    {
        private ProtocolClient(WebSocket socket) => Socket = socket;

        public WebSocket Socket { get; }

        public static async Task<ProtocolClient> ConnectAsync(GraphQLTestApp app, string? subProtocol = "graphql-transport-ws")
        {
            var client = app.App.GetTestServer().CreateWebSocketClient();
            if (subProtocol is not null) client.SubProtocols.Add(subProtocol);
            var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
            return new ProtocolClient(socket);
        }

        public static async Task<ProtocolClient> ConnectAndInitAsync(GraphQLTestApp app, object? payload = null)
        {
            var client = await ConnectAsync(app);
            await client.SendAsync(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });
            (await client.ReceiveAsync()).GetProperty("type").GetString().ShouldBe("connection_ack");
            return client;
        }

        public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

        public Task SendTextAsync(string text) =>
            Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>The next message; fails the test if the server closes instead or nothing comes within 10 s.</summary>
        public async Task<JsonElement> ReceiveAsync()
        {
            var (message, status, reason) = await ReceiveRawAsync();
            message.ShouldNotBeNull($"the server closed with {(int?)status} {reason}");
            return message.Value;
        }

        /// <summary>The close code and reason the server sends next; fails if a message comes instead.</summary>
        public async Task<(int Code, string? Reason)> ReceiveCloseAsync()
        {
            var (message, status, reason) = await ReceiveRawAsync();
            message.ShouldBeNull("expected the socket to close");
            return ((int)status!.Value, reason);
        }

        private async Task<(JsonElement? Message, WebSocketCloseStatus? Status, string? Reason)> ReceiveRawAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var buffer = new byte[64 * 1024];
            var total = 0;
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) return (null, Socket.CloseStatus, Socket.CloseStatusDescription);
                total += result.Count;
                if (!result.EndOfMessage) continue;
                using var document = JsonDocument.Parse(buffer.AsMemory(0, total));
                return (document.RootElement.Clone(), null, null);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Socket.State == WebSocketState.Open)
            {
                try
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // Already gone.
                }
            }
            Socket.Dispose();
        }
    }

    private static object Subscribe(string id, string query, object? variables = null) =>
        new { id, type = "subscribe", payload = new { query, variables } };

    [Fact]
    public async Task Subscription_streams_one_next_per_event_then_complete()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);
        client.Socket.SubProtocol.ShouldBe("graphql-transport-ws");

        await client.SendAsync(Subscribe("s1", "subscription ($to: Int!) { count(to: $to) }", new { to = 3 }));

        for (var i = 1; i <= 3; i++)
        {
            var next = await client.ReceiveAsync();
            next.GetRawText().ShouldBe("""{"id":"s1","type":"next","payload":{"data":{"count":""" + i + "}}}");
        }
        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"id":"s1","type":"complete"}""");
    }

    [Theory]
    [InlineData("{ hello(name: \"socket\") }", """{"data":{"hello":"Hello, socket"}}""")]
    [InlineData("mutation { setGreeting(text: \"hi\") }", """{"data":{"setGreeting":"hi"}}""")]
    [InlineData("{ hello fail }", """{"errors":[{"message":"Unexpected error.","locations":[{"line":1,"column":9}],"path":["fail"]}],"data":{"hello":"Hello, world","fail":null}}""")]
    public async Task Queries_and_mutations_answer_with_one_next_and_complete(string query, string payload)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("q", query));

        (await client.ReceiveAsync()).GetRawText().ShouldBe($$"""{"id":"q","type":"next","payload":{{payload}}}""");
        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"id":"q","type":"complete"}""");
    }

    [Theory]
    [InlineData("subscription { count forever }", "Anonymous Subscription must select only one top level field.")]
    [InlineData("{ nope }", "Cannot query field \"nope\" on type \"Query\".")]
    [InlineData("subscription ($n: Int!) { count(to: $n) }", "Variable \"$n\" has invalid value: Expected a value of non-null type \"Int!\" to be provided.")]
    [InlineData("{", "Syntax Error: Expected Name, found <EOF>.")]
    public async Task Request_errors_come_back_as_one_error_message(string query, string message)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("bad", query));

        var error = await client.ReceiveAsync();
        error.GetProperty("type").GetString().ShouldBe("error");
        error.GetProperty("id").GetString().ShouldBe("bad");
        error.GetProperty("payload")[0].GetProperty("message").GetString().ShouldBe(message);
        // The socket stays usable after an operation's error.
        await client.SendAsync(Subscribe("ok", "{ hello }"));
        (await client.ReceiveAsync()).GetProperty("id").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task A_source_stream_failing_midway_ends_its_operation_with_an_error()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("b", "subscription { brokenStream }"));

        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"id":"b","type":"next","payload":{"data":{"brokenStream":1}}}""");
        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"id":"b","type":"error","payload":[{"message":"the source stream broke"}]}""");
    }

    [Fact]
    public async Task Client_complete_stops_the_source_stream_without_an_echo()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("f", "subscription { forever }"));
        await client.SendAsync(new { id = "f", type = "complete" });

        await app.ForeverEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.SendAsync(new { type = "ping", payload = new { n = 1 } });
        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"type":"pong","payload":{"n":1}}""");
    }

    [Fact]
    public async Task Closing_the_socket_stops_running_subscriptions()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        var client = await ProtocolClient.ConnectAndInitAsync(app);
        await client.SendAsync(Subscribe("f", "subscription { forever }"));
        await client.SendAsync(new { type = "ping" });
        (await client.ReceiveAsync()).GetProperty("type").GetString().ShouldBe("pong");

        await client.DisposeAsync();

        await app.ForeverEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Subscribing_before_connection_ack_closes_with_4401()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAsync(app);

        await client.SendAsync(Subscribe("early", "{ hello }"));

        (await client.ReceiveCloseAsync()).ShouldBe((4401, "Unauthorized"));
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(new { type = "connection_init" });

        (await client.ReceiveCloseAsync()).ShouldBe((4429, "Too many initialisation requests"));
    }

    [Fact]
    public async Task No_connection_init_within_the_timeout_closes_with_4408()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.WebSockets.ConnectionInitTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = await ProtocolClient.ConnectAsync(app);

        (await client.ReceiveCloseAsync()).ShouldBe((4408, "Connection initialisation timeout"));
    }

    [Fact]
    public async Task A_duplicate_id_of_a_running_subscription_closes_with_4409()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("same", "subscription { forever }"));
        await client.SendAsync(Subscribe("same", "subscription { forever }"));

        (await client.ReceiveCloseAsync()).ShouldBe((4409, "Subscriber for same already exists"));
    }

    [Theory]
    [InlineData("not json", "Invalid message received: not JSON")]
    [InlineData("""{"type":"shout"}""", "Invalid message received: unexpected type \"shout\"")]
    [InlineData("""{"type":"next","id":"x"}""", "Invalid message received: unexpected type \"next\"")]
    [InlineData("""{"id":"x","type":"subscribe"}""", "Invalid message received: subscribe needs an id and a payload object")]
    [InlineData("""{"id":"x","type":"subscribe","payload":{"query":7}}""", "Invalid message received: 'query' must be a string holding a GraphQL document, not a JSON number.")]
    public async Task Invalid_messages_close_with_4400(string text, string reason)
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendTextAsync(text);

        (await client.ReceiveCloseAsync()).ShouldBe((4400, reason));
    }

    [Fact]
    public async Task A_refused_connection_init_closes_with_4403_and_a_payload_key_is_accepted()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.WebSockets.AuthorizeConnection = (_, payload) =>
            new ValueTask<ConnectionAuthorization>(
                payload is { } p && p.TryGetProperty("apiKey", out var key) && key.GetString() == "sesame"
                    ? ConnectionAuthorization.Allowed
                    : ConnectionAuthorization.Refused("An API key is required in the connection_init payload.")));

        await using (var refused = await ProtocolClient.ConnectAsync(app))
        {
            await refused.SendAsync(new { type = "connection_init", payload = new { apiKey = "wrong" } });
            (await refused.ReceiveCloseAsync()).ShouldBe((4403, "An API key is required in the connection_init payload."));
        }
        await using var accepted = await ProtocolClient.ConnectAndInitAsync(app, new { apiKey = "sesame" });
        await accepted.SendAsync(Subscribe("q", "{ hello }"));
        (await accepted.ReceiveAsync()).GetProperty("type").GetString().ShouldBe("next");
    }

    [Fact]
    public async Task A_refusal_reason_longer_than_a_close_frame_holds_is_shortened()
    {
        var reason = string.Concat(Enumerable.Repeat("Ünknown key; ", 20));
        await using var app = await GraphQLTestApp.StartAsync(o => o.WebSockets.AuthorizeConnection = (_, _) =>
            new ValueTask<ConnectionAuthorization>(ConnectionAuthorization.Refused(reason)));
        await using var client = await ProtocolClient.ConnectAsync(app);

        await client.SendAsync(new { type = "connection_init" });

        var (code, sent) = await client.ReceiveCloseAsync();
        code.ShouldBe(4403);
        Encoding.UTF8.GetByteCount(sent!).ShouldBeLessThanOrEqualTo(123);
        sent.ShouldStartWith("Ünknown key; Ünknown key;");
        sent.ShouldEndWith("...");
    }

    [Fact]
    public async Task Mutations_over_the_socket_ask_the_host_as_over_http()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.AuthorizeMutation = _ =>
            new ValueTask<MutationAuthorization>(MutationAuthorization.Refused(401, "Mutations need a key.")));
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("m", "mutation { setGreeting(text: \"x\") }"));

        (await client.ReceiveAsync()).GetRawText().ShouldBe("""{"id":"m","type":"error","payload":[{"message":"Mutations need a key."}]}""");
    }

    [Fact]
    public async Task Operations_beyond_the_per_connection_limit_get_an_error()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.WebSockets.MaxOperationsPerConnection = 1);
        await using var client = await ProtocolClient.ConnectAndInitAsync(app);

        await client.SendAsync(Subscribe("one", "subscription { forever }"));
        await client.SendAsync(Subscribe("two", "subscription { forever }"));

        var error = await client.ReceiveAsync();
        error.GetProperty("id").GetString().ShouldBe("two");
        error.GetProperty("type").GetString().ShouldBe("error");
        error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("limit").GetString().ShouldBe("MaxOperationsPerConnection");
    }

    [Fact]
    public async Task Connections_beyond_the_limit_close_with_1013()
    {
        await using var app = await GraphQLTestApp.StartAsync(o => o.WebSockets.MaxConnections = 1);
        await using var first = await ProtocolClient.ConnectAndInitAsync(app);

        await using var second = await ProtocolClient.ConnectAsync(app);

        (await second.ReceiveCloseAsync()).Code.ShouldBe(1013);
    }

    [Fact]
    public async Task A_socket_without_the_graphql_transport_ws_subprotocol_closes_with_4406()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        await using var client = await ProtocolClient.ConnectAsync(app, subProtocol: "graphql-ws");

        (await client.ReceiveCloseAsync()).Code.ShouldBe(4406);
    }

    [Fact]
    public async Task Subscriptions_over_post_stay_refused_with_a_clear_error()
    {
        await using var app = await GraphQLTestApp.StartAsync();
        using var http = app.CreateClient();

        var response = await http.PostAsync("/graphql", new StringContent("""{"query":"subscription { count }"}""", Encoding.UTF8, "application/json"));

        (await response.Content.ReadAsStringAsync()).ShouldContain("Operations of type \\\"subscription\\\" are not allowed for this request.");
    }
}
