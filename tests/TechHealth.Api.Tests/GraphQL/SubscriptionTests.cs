using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>A service of its own: these tests scan again while it runs.</summary>
public sealed class SubscriptionFactory() : TechHealthFactory(components: 12);

/// <summary>
/// Subscriptions over a WebSocket on /graphql (graphql-transport-ws): a scan started over the same socket announces its
/// scan run and then the evaluation run it caused, with the figures the store holds.
/// </summary>
public class SubscriptionTests(SubscriptionFactory factory) : IClassFixture<SubscriptionFactory>
{
    [Fact]
    public async Task A_scan_started_over_the_socket_announces_its_scan_run_and_evaluation_run()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, new { apiKey = TechHealthFactory.AdminKey });
        var events = factory.Services.GetRequiredService<RunEvents>();
        var listening = events.SubscriberCount;

        await socket.SendAsync(new { id = "eval", type = "subscribe", payload = new { query = "subscription { evaluationCompleted { id trigger componentCount averageScore levels { level count } } }" } });
        await socket.SendAsync(new { id = "scan", type = "subscribe", payload = new { query = "subscription { scanCompleted { id status components failed } }" } });
        await WaitUntilAsync(() => events.SubscriberCount == listening + 2);
        await socket.SendAsync(new { id = "start", type = "subscribe", payload = new { query = "mutation { startScan(full: true) { accepted } }" } });

        var received = await socket.ReceiveUntilAsync(m => m.Any(x => Id(x) == "eval" && Type(x) == "next") && m.Any(x => Id(x) == "scan" && Type(x) == "next"));

        received.Single(m => Id(m) == "start" && Type(m) == "next").GetProperty("payload").GetProperty("data").GetProperty("startScan").GetProperty("accepted").GetBoolean().ShouldBeTrue();
        var scan = received.Single(m => Id(m) == "scan").GetProperty("payload").GetProperty("data").GetProperty("scanCompleted");
        var evaluation = received.Single(m => Id(m) == "eval").GetProperty("payload").GetProperty("data").GetProperty("evaluationCompleted");

        var storedScan = (await factory.Services.GetRequiredService<FactStore>().ListScanRunsAsync(1)).Single();
        scan.GetProperty("id").GetString().ShouldBe(storedScan.Id.ToString(CultureInfo.InvariantCulture));
        scan.GetProperty("status").GetString().ShouldBe("completed");
        scan.GetProperty("components").GetInt32().ShouldBe(12);

        var storedRun = (await factory.Services.GetRequiredService<EvaluationStore>().ListEvaluationRunsAsync(1)).Single();
        evaluation.GetProperty("id").GetString().ShouldBe(storedRun.Id.ToString(CultureInfo.InvariantCulture));
        evaluation.GetProperty("trigger").GetString().ShouldBe("scan");
        evaluation.GetProperty("componentCount").GetInt32().ShouldBe(12);
        evaluation.GetProperty("averageScore").GetDouble().ShouldBe(Math.Round(storedRun.AverageScore, 2));
        evaluation.GetProperty("levels").EnumerateArray().Sum(l => l.GetProperty("count").GetInt32()).ShouldBe(12);
    }

    [Fact]
    public async Task Scan_progress_is_a_query_and_a_subscription_that_follows_a_scan_to_its_end()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var last = (await GraphQLCalls.PostAsync(client, "{ scanProgress { running phase discovered harvested failed done failedSources } }")).Ok().GetProperty("scanProgress");
        last.GetProperty("running").GetBoolean().ShouldBeFalse();
        last.GetProperty("phase").GetString().ShouldBe("finished");
        last.GetProperty("done").GetInt32().ShouldBeGreaterThan(0);
        last.GetProperty("failed").GetInt32().ShouldBe(0);
        last.GetProperty("failedSources").GetArrayLength().ShouldBe(0);

        await using var socket = await SocketClient.ConnectAsync(factory, new { apiKey = TechHealthFactory.AdminKey });
        await socket.SendAsync(new { id = "progress", type = "subscribe", payload = new { query = "subscription { scanProgress { running phase startedAt done } }" } });
        // The first event is the figures as they stand: the last scan's.
        var first = (await socket.ReceiveUntilAsync(m => m.Any(x => Id(x) == "progress" && Type(x) == "next"))).First(x => Id(x) == "progress");
        var firstStart = first.GetProperty("payload").GetProperty("data").GetProperty("scanProgress").GetProperty("startedAt").GetString();
        await socket.SendAsync(new { id = "start", type = "subscribe", payload = new { query = "mutation { startScan(full: true) { accepted } }" } });

        // Then the new scan's, until it finishes (a slow subscriber may skip the running ones, never the end).
        var received = await socket.ReceiveUntilAsync(m => m.Any(x => Id(x) == "progress" && Type(x) == "next" && IsNewFinish(x, firstStart)));
        var finished = received.Last(x => Id(x) == "progress" && Type(x) == "next").GetProperty("payload").GetProperty("data").GetProperty("scanProgress");
        finished.GetProperty("done").GetInt32().ShouldBeGreaterThan(0);
    }

    private static bool IsNewFinish(JsonElement message, string? previousStart)
    {
        var p = message.GetProperty("payload").GetProperty("data").GetProperty("scanProgress");
        return !p.GetProperty("running").GetBoolean() && p.GetProperty("phase").GetString() == "finished"
            && p.GetProperty("startedAt").GetString() != previousStart;
    }

    [Fact]
    public async Task Completing_a_subscription_stops_listening_for_runs()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        var events = factory.Services.GetRequiredService<RunEvents>();
        var listening = events.SubscriberCount;

        await socket.SendAsync(new { id = "eval", type = "subscribe", payload = new { query = "subscription { evaluationCompleted { id } }" } });
        await WaitUntilAsync(() => events.SubscriberCount == listening + 1);
        await socket.SendAsync(new { id = "eval", type = "complete" });

        await WaitUntilAsync(() => events.SubscriberCount == listening);
    }

    [Fact]
    public async Task Subscriptions_over_post_are_refused_with_a_reason()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var answer = await GraphQLCalls.PostAsync(client, "subscription { evaluationCompleted { id } }");

        // The wording is HotChocolate's ("The specified operation kind is not allowed."); the refusal is ours to keep.
        answer.Root.TryGetProperty("data", out var data).ShouldBe(data.ValueKind == JsonValueKind.Null);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("not allowed");
    }

    private static string? Id(JsonElement message) => message.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }
}

/// <summary>A graphql-transport-ws client over the test server's in-memory WebSocket.</summary>
internal sealed class SocketClient : IAsyncDisposable
{
    private SocketClient(WebSocket socket) => Socket = socket;

    public WebSocket Socket { get; }

    /// <summary>Connects and initialises; the payload may carry credentials. Returns after connection_ack.</summary>
    public static async Task<SocketClient> ConnectAsync(TechHealthFactory factory, object? initPayload)
    {
        var socket = await ConnectWithoutAckAsync(factory, initPayload);
        var ack = await socket.ReceiveAsync();
        ack.ShouldNotBeNull($"closed instead of acknowledging: {(int?)socket.Socket.CloseStatus} {socket.Socket.CloseStatusDescription}");
        ack.Value.GetProperty("type").GetString().ShouldBe("connection_ack");
        return socket;
    }

    /// <summary>Connects and sends connection_init without waiting for the answer.</summary>
    public static async Task<SocketClient> ConnectWithoutAckAsync(TechHealthFactory factory, object? initPayload)
    {
        var socket = await OpenAsync(factory);
        await socket.SendAsync(initPayload is null ? new { type = "connection_init" } : new { type = "connection_init", payload = initPayload });
        return socket;
    }

    /// <summary>Opens the socket with the graphql-transport-ws subprotocol and sends nothing.</summary>
    public static async Task<SocketClient> OpenAsync(TechHealthFactory factory)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return new SocketClient(await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "graphql"), CancellationToken.None));
    }

    public Task SendAsync(object message) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var buffer = new byte[256 * 1024];
        var total = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer.AsMemory(total), cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            total += result.Count;
            if (!result.EndOfMessage) continue;
            using var document = JsonDocument.Parse(buffer.AsMemory(0, total));
            return document.RootElement.Clone();
        }
    }

    /// <summary>Messages received until <paramref name="done"/> holds for them.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(Func<List<JsonElement>, bool> done)
    {
        var messages = new List<JsonElement>();
        while (!done(messages))
        {
            var next = await ReceiveAsync();
            next.ShouldNotBeNull($"the server closed the socket after {messages.Count} messages: {(int?)Socket.CloseStatus} {Socket.CloseStatusDescription}");
            messages.Add(next.Value);
        }
        return messages;
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
