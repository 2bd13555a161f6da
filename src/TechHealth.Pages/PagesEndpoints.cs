using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TechHealth.Fleet;
using TechHealth.Pages.Components;
using TechHealth.Pages.Figures;

namespace TechHealth.Pages;

/// <summary>
/// The pages for people who do not write GraphQL, mapped in one call. Each route reads the snapshot in force (the
/// same one the API answers from) and renders a Razor component on the server: every page is plain HTML with SVG
/// charts, readable without script. When the host says reads need a credential, every page asks for it too.
/// </summary>
public static class PagesEndpoints
{
    /// <summary>Services the pages need: the Razor component renderer and the trend and run-diff caches (the trends shared with the API when it registered them first).</summary>
    public static IServiceCollection AddTechHealthPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.TryAddSingleton<RunTrends>();
        services.AddSingleton<History>();
        services.AddSingleton<RunDiffs>();
        return services;
    }

    public static RouteGroupBuilder MapTechHealthPages(this IEndpointRouteBuilder app, TechHealthPagesOptions options)
    {
        // Stylesheet and script hold no data: served to anyone, so the sign-in page is styled too.
        app.MapGet("/pages/pages.css", (HttpContext http) => Asset(http, "pages.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/pages/pages.js", (HttpContext http) => Asset(http, "pages.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/sign-in", (string? returnUrl) => SignIn.Form(returnUrl, null)).ExcludeFromDescription();
        app.MapPost("/sign-in", (HttpContext http, CancellationToken _) => SignIn.PostAsync(http, options)).ExcludeFromDescription();
        app.MapPost("/sign-out", SignIn.SignOut).ExcludeFromDescription();

        // Every handler takes more than the HttpContext: a lambda of HttpContext alone would bind as a RequestDelegate
        // and its page would be dropped unsent.
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (options.AuthorizeRead is { } authorize)
            {
                PageCredentials.ApplyCookie(http);
                if (await authorize(http) is { } problem)
                {
                    http.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
                    return SignIn.Form(http.Request.Path + http.Request.QueryString, problem, StatusCodes.Status401Unauthorized);
                }
            }
            return await next(context);
        });

        pages.MapGet("/", (HttpContext http, [FromServices] History history, [FromServices] RunDiffs diffs, CancellationToken _) =>
            WithFleet(options, http, f => Task.FromResult(PageHandlers.Organisation(f, history, diffs))));
        pages.MapGet("/dashboard", () => Results.Redirect("/"));
        pages.MapGet("/departments", (HttpContext http, CancellationToken _) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Departments(f))));
        pages.MapGet("/departments/{**name}", (string name, string? view, int? page, HttpContext http, [FromServices] History history, [FromServices] TimeProvider clock) =>
            WithFleet(options, http, f => Task.FromResult(PageHandlers.Department(f, name, view, page, history, clock))));
        pages.MapGet("/teams", (int? page, HttpContext http) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Teams(f, page))));
        pages.MapGet("/teams/{**name}", (string name, HttpContext http, [FromServices] History history, [FromServices] TimeProvider clock) =>
            WithFleet(options, http, f => Task.FromResult(PageHandlers.Team(f, name, history, clock))));
        pages.MapGet("/components/{name}", (string name, HttpContext http, [FromServices] History history, [FromServices] TimeProvider clock, CancellationToken ct) =>
            WithFleet(options, http, f => PageHandlers.ComponentAsync(f, name, http, history, clock, ct)));
        pages.MapGet("/radar", (string? ring, string? quadrant, HttpContext http, [FromServices] TimeProvider clock) =>
            WithFleet(options, http, f => Task.FromResult(PageHandlers.Radar(f, ring, quadrant, clock))));
        pages.MapGet("/radar/{id}", (string id, int? page, HttpContext http, [FromServices] TimeProvider clock) =>
            WithFleet(options, http, f => Task.FromResult(PageHandlers.RadarEntry(f, id, page, clock))));
        pages.MapGet("/checks", (HttpContext http, CancellationToken _) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Checks(f))));
        pages.MapGet("/checks/{id}", (string id, int? page, HttpContext http) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Check(f, id, page))));
        pages.MapGet("/gates", (HttpContext http, CancellationToken _) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Gates(f))));
        pages.MapGet("/gates/{id}", (string id, int? page, HttpContext http) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Gate(f, id, page))));
        pages.MapGet("/exemptions", (HttpContext http, [FromServices] TimeProvider clock) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Exemptions(f, clock))));
        pages.MapGet("/runs", (long? from, long? to, HttpContext http, [FromServices] TechHealth.Storage.EvaluationStore store, [FromServices] RunDiffs diffs, CancellationToken ct) =>
            WithFleet(options, http, f => PageHandlers.RunsAsync(f, from, to, store, diffs, ct)));
        pages.MapGet("/search", (string? q, HttpContext http) => WithFleet(options, http, f => Task.FromResult(PageHandlers.Search(f, q))));
        return pages;
    }

    private static async Task<IResult> WithFleet(TechHealthPagesOptions options, HttpContext http, Func<FleetView, Task<IResult>> page)
    {
        var fleet = options.Fleet(http);
        if (fleet is null)
        {
            // Before the first evaluation there is nothing to show yet; say so, and ask the browser to look again soon.
            http.Response.Headers.RetryAfter = "10";
            return Render<Message>(new() { ["Title"] = "No results yet", ["Text"] = "The first scan and evaluation have not finished yet. This page fills in once they have; reload in a few seconds." },
                StatusCodes.Status503ServiceUnavailable);
        }
        return await page(fleet);
    }

    internal static IResult Render<T>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK) where T : IComponent
        => new RazorComponentResult<T>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    internal static IResult NotFound(string title, string text) => Render<Message>(new() { ["Title"] = title, ["Text"] = text }, StatusCodes.Status404NotFound);

    private static readonly Dictionary<string, string> Assets = new[] { "pages.css", "pages.js" }.ToDictionary(n => n, ReadAsset);

    private static IResult Asset(HttpContext http, string name, string contentType)
    {
        http.Response.Headers.CacheControl = "max-age=3600";
        return Results.Text(Assets[name], contentType);
    }

    private static string ReadAsset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"TechHealth.Pages.{name}")
            ?? throw new InvalidOperationException($"{name} is not embedded in TechHealth.Pages");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
