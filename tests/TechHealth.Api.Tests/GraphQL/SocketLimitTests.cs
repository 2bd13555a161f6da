using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>A service whose configuration allows one GraphQL WebSocket with one operation at a time.</summary>
public sealed class OneSocketFactory() : TechHealthFactory(components: 6, new Dictionary<string, string?>
{
    ["TechHealth:GraphQL:MaxWebSocketConnections"] = "1",
    ["TechHealth:GraphQL:MaxOperationsPerConnection"] = "1",
});

/// <summary>The WebSocket limits are the service's configuration, not the library's defaults.</summary>
public class SocketLimitTests(OneSocketFactory factory) : IClassFixture<OneSocketFactory>
{
    [Fact]
    public async Task The_configured_socket_and_operation_limits_are_enforced_with_their_names()
    {
        await factory.ReadyAsync();
        await using var first = await SocketClient.ConnectAsync(factory, null);

        await first.SendAsync(new { id = "a", type = "subscribe", payload = new { query = "subscription { evaluationCompleted { id } }" } });
        await first.SendAsync(new { id = "b", type = "subscribe", payload = new { query = "subscription { scanCompleted { id } }" } });
        var refused = (await first.ReceiveUntilAsync(m => m.Any(x => x.GetProperty("type").GetString() == "error"))).Single();
        refused.GetProperty("id").GetString().ShouldBe("b");
        refused.GetProperty("payload")[0].GetProperty("extensions").GetProperty("limit").GetString().ShouldBe("MaxOperationsPerConnection");

        // The second socket is closed as soon as it is accepted, before it can say anything.
        await using var second = await SocketClient.OpenAsync(factory);
        (await second.ReceiveAsync()).ShouldBeNull(); // a close frame
        ((int?)second.Socket.CloseStatus).ShouldBe(1013);
        second.Socket.CloseStatusDescription!.ShouldContain("limit of open connections (MaxConnections = 1)");
    }
}
