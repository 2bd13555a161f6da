using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TechHealth.Api.Tests.EndToEnd;

/// <summary>
/// Right after a (re)start, before the first results are in force, /healthz answers 503 "Starting". The start-up scan is
/// held by a git source on a loopback port that accepts the connection and never answers, until the test lets it fail.
/// </summary>
public class StartingHealthTests
{
    private sealed class StalledSourceFactory(int port) : TechHealthFactory(components: 5, new Dictionary<string, string?>
    {
        ["TechHealth:Scanning:Sources:0:Kind"] = "Git",
        ["TechHealth:Scanning:Sources:0:Url"] = $"http://127.0.0.1:{port}/stalled.git",
        ["TechHealth:Scanning:GitTimeout"] = "00:02:00",
    });

    [Fact]
    public async Task Healthz_is_starting_with_503_until_the_first_results_are_in_force()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptTcpClientAsync();
        await using var factory = new StalledSourceFactory(((IPEndPoint)listener.LocalEndpoint).Port);
        using var client = factory.CreateClient();
        try
        {
            // git has connected and waits for an answer: the start-up scan cannot finish.
            using var stalled = await accepted.WaitAsync(TimeSpan.FromMinutes(1));

            var starting = await client.GetAsync("/healthz");
            starting.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            using (var doc = JsonDocument.Parse(await starting.Content.ReadAsStringAsync()))
            {
                doc.RootElement.GetProperty("status").GetString().ShouldBe("Starting");
                doc.RootElement.GetProperty("checks").GetProperty("fleet").GetProperty("description").GetString()!.ShouldContain("first results");
            }

            // The source fails (the connection drops); the scan completes without it and its results come in force.
            stalled.Close();
            listener.Stop();
            await factory.ReadyAsync();
            var ready = await client.GetAsync("/healthz");
            ready.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var after = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            after.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        }
        finally { listener.Stop(); }
    }
}
