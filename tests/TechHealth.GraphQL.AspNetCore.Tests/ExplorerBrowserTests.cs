using Microsoft.Playwright;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>
/// Opens the explorer in Debian's chromium against the app on a real Kestrel loopback port and runs a query in it,
/// proving the bundled GraphiQL loads without any CDN and talks to the endpoint.
/// </summary>
public sealed class ExplorerBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task GraphiQL_renders_and_runs_a_query_in_chromium()
    {
        File.Exists(ChromiumPath).ShouldBeTrue(
            $"The browser test drives Debian's chromium at {ChromiumPath}; install it with 'apt-get install -y chromium'.");

        await using var app = await GraphQLTestApp.StartAsync(kestrel: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);

        await page.GotoAsync(app.Address + "/graphql");
        var editor = page.Locator(".graphiql-query-editor .CodeMirror");
        await editor.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        // CodeMirror keeps its instance on the element; setting the text this way avoids auto-closed brackets.
        await page.EvaluateAsync(
            "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('{ hello(name: \"browser\") }')");
        await page.Locator(".graphiql-execute-button").ClickAsync();

        var result = page.Locator(".result-window");
        await Assertions.Expect(result).ToContainTextAsync("Hello, browser", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });

        // The documentation explorer only fills in once GraphiQL's introspection query succeeded against our engine.
        await page.Locator("[aria-label='Show Documentation Explorer']").ClickAsync();
        var docs = page.Locator(".graphiql-doc-explorer");
        await Assertions.Expect(docs).ToContainTextAsync("Query", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await docs.GetByText("Query", new LocatorGetByTextOptions { Exact = true }).First.ClickAsync();
        await Assertions.Expect(docs).ToContainTextAsync("greeting", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        failedRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task GraphiQL_streams_a_subscription_over_graphql_ws_in_chromium()
    {
        File.Exists(ChromiumPath).ShouldBeTrue(
            $"The browser test drives Debian's chromium at {ChromiumPath}; install it with 'apt-get install -y chromium'.");

        await using var app = await GraphQLTestApp.StartAsync(kestrel: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var protocols = new List<string>();
        var frames = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            lock (frames) protocols.Add(socket.Url);
            socket.FrameReceived += (_, frame) =>
            {
                lock (frames) frames.Add(frame.Text ?? "");
            };
        };

        await page.GotoAsync(app.Address + "/graphql");
        var editor = page.Locator(".graphiql-query-editor .CodeMirror");
        await editor.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.EvaluateAsync(
            "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('subscription { count(to: 4, everyMs: 150) }')");
        await page.Locator(".graphiql-execute-button").ClickAsync();

        // GraphiQL shows the latest event; the last one means every event arrived over the socket.
        var result = page.Locator(".result-window");
        await Assertions.Expect(result).ToContainTextAsync("\"count\": 4", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        lock (frames)
        {
            protocols.ShouldHaveSingleItem().ShouldEndWith("/graphql");
            frames.ShouldContain(f => f.Contains("\"type\":\"connection_ack\""));
            frames.Count(f => f.Contains("\"type\":\"next\"")).ShouldBe(4);
        }
    }
}
