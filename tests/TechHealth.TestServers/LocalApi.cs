using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TechHealth.TestServers;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) with the routes a test maps; records every request it answers.</summary>
public sealed class LocalApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalApi(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Method, path and query, and the request headers, of every request in order.</summary>
    public ConcurrentQueue<(string Request, IHeaderDictionary Headers)> Requests { get; } = new();

    /// <param name="url">where to listen; a free loopback port unless a fixed one is wanted (the walk-through).</param>
    public static async Task<LocalApi> StartAsync(Action<WebApplication> map, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new LocalApi(app);
        app.Use(async (context, next) =>
        {
            api.Requests.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        api.Url = app.Urls.First().TrimEnd('/');
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
