using System.Net;
using Microsoft.AspNetCore.Http;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Serves the GraphiQL explorer: a small HTML page plus the script and stylesheet bundled from npm packages at build
/// time and embedded in this assembly. It must not reach out to any CDN.
/// </summary>
internal static class ExplorerPage
{
    private const string ResourcePrefix = "TechHealth.GraphQL.AspNetCore.Explorer.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["explorer.js"] = "text/javascript; charset=utf-8",
        ["explorer.css"] = "text/css; charset=utf-8",
    };

    public static async Task WriteAsync(HttpContext context, string title, string? defaultQuery = null)
    {
        var endpoint = context.Request.PathBase + context.Request.Path;
        var basePath = endpoint.Value!.TrimEnd('/');
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{WebUtility.HtmlEncode(title)}}</title>
              <link rel="stylesheet" href="{{WebUtility.HtmlEncode(basePath)}}/explorer/explorer.css">
              <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
            </head>
            <body data-endpoint="{{WebUtility.HtmlEncode(basePath)}}"{{(defaultQuery is null ? "" : $" data-default-query=\"{WebUtility.HtmlEncode(defaultQuery)}\"")}}>
              <div id="graphiql">Loading the explorer…</div>
              <script src="{{WebUtility.HtmlEncode(basePath)}}/explorer/explorer.js"></script>
            </body>
            </html>
            """;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    public static async Task WriteAssetAsync(HttpContext context, string file)
    {
        if (!ContentTypes.TryGetValue(file, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await using var stream = typeof(ExplorerPage).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = contentType;
        context.Response.ContentLength = stream.Length;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
