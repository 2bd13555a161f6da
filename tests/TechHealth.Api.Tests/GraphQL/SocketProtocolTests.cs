using System.Net.WebSockets;
using System.Text;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>A service that gives a new WebSocket one second to send connection_init.</summary>
public sealed class ShortInitFactory() : TechHealthFactory(components: 6, new Dictionary<string, string?>
{
    ["TechHealth:GraphQL:ConnectionInitTimeoutSeconds"] = "1",
});

/// <summary>
/// The graphql-transport-ws protocol's close codes, as the served endpoint answers them (the codes the hand-written
/// transport's tests held before HotChocolate took over the socket): clients such as graphql-ws decide on retries by them.
/// 4403 for a refused connection_init is in <see cref="SecuredServiceTests"/>.
/// </summary>
[Collection(ServiceCollection.Name)]
public class SocketProtocolTests(TechHealthFactory factory)
{
    private const string Subscription = "subscription { evaluationCompleted { id } }";

    private static async Task ShouldBeClosedWith(SocketClient socket, int code)
    {
        // Messages sent before the close (an acknowledgement, say) are read past; then the close frame must come.
        for (var i = 0; i < 5; i++)
        {
            if (await socket.ReceiveAsync(TimeSpan.FromSeconds(30)) is null) break;
        }
        socket.Socket.State.ShouldBeOneOf(WebSocketState.CloseReceived, WebSocketState.Closed);
        ((int?)socket.Socket.CloseStatus).ShouldBe(code, socket.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_message_that_is_not_a_protocol_message_closes_with_4400()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"no-such-type\"}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ShouldBeClosedWith(socket, 4400);
    }

    [Fact]
    public async Task Text_that_is_not_JSON_closes_with_4400()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes("this is not json"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ShouldBeClosedWith(socket, 4400);
    }

    [Fact]
    public async Task A_subscribe_before_the_connection_is_acknowledged_closes_with_4401()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.OpenAsync(factory);
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = Subscription } });
        await ShouldBeClosedWith(socket, 4401);
    }

    [Fact]
    public async Task A_second_subscribe_with_an_id_in_use_closes_with_4409()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        await socket.SendAsync(new { id = "same", type = "subscribe", payload = new { query = Subscription } });
        await socket.SendAsync(new { id = "same", type = "subscribe", payload = new { query = Subscription } });
        await ShouldBeClosedWith(socket, 4409);
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        await socket.SendAsync(new { type = "connection_init" });
        await ShouldBeClosedWith(socket, 4429);
    }

    [Fact]
    public async Task A_subscription_on_an_acknowledged_connection_stays_open()
    {
        // The counterpart of the refusals above: a well-formed exchange is not closed, so the codes are not a blanket close.
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectAsync(factory, null);
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { query = Subscription } });
        await socket.SendAsync(new { type = "ping" });
        var pong = (await socket.ReceiveAsync(TimeSpan.FromSeconds(30))).ShouldNotBeNull();
        pong.GetProperty("type").GetString().ShouldBe("pong");
        socket.Socket.State.ShouldBe(WebSocketState.Open);
    }
}

/// <summary>4408: a socket that never sends connection_init is closed when the configured time is up.</summary>
public class SocketInitTimeoutTests(ShortInitFactory factory) : IClassFixture<ShortInitFactory>
{
    [Fact]
    public async Task A_socket_without_connection_init_is_closed_with_4408_after_the_configured_time()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.OpenAsync(factory);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await socket.ReceiveAsync(TimeSpan.FromSeconds(30))).ShouldBeNull("expected the socket to close");
        ((int?)socket.Socket.CloseStatus).ShouldBe(4408, socket.Socket.CloseStatusDescription);
        // Closed by the one-second setting, not by the ten-second default.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(9));
    }
}
