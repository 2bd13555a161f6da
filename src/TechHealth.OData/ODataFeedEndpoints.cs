using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TechHealth.Core.Definitions;

namespace TechHealth.OData;

/// <summary>
/// The host's two calls: <see cref="AddODataFeed(IServiceCollection, Action{ODataFeedOptions}?)"/> registers the feed and
/// <see cref="MapODataFeed"/> serves it under a route prefix. Needs the storage registered (<c>AddTechHealthStorage</c>).
/// </summary>
public static class ODataFeedEndpoints
{
    /// <summary>Registers the feed; the radar comes from an <see cref="IRadarSource"/> the host registers (none: RadarEntries is empty).</summary>
    public static IServiceCollection AddODataFeed(this IServiceCollection services, Action<ODataFeedOptions>? configure = null)
    {
        if (configure is not null) services.Configure(configure);
        else services.AddOptions<ODataFeedOptions>();
        services.TryAddSingleton<IRadarSource, EmptyRadarSource>();
        services.TryAddSingleton<ODataFeed>();
        return services;
    }

    /// <summary>Registers the feed with the radar read through <paramref name="radar"/> on every request to RadarEntries.</summary>
    public static IServiceCollection AddODataFeed(this IServiceCollection services, Func<IServiceProvider, Radar> radar, Action<ODataFeedOptions>? configure = null)
    {
        services.AddSingleton<IRadarSource>(sp => new DelegateRadarSource(sp, radar));
        return services.AddODataFeed(configure);
    }

    /// <summary>
    /// Serves the service document at <paramref name="prefix"/>, CSDL at <c>{prefix}/$metadata</c> and the entity sets
    /// below it (GET only). Returns the route group so the host can add authorisation or rate limits.
    /// </summary>
    public static RouteGroupBuilder MapODataFeed(this IEndpointRouteBuilder endpoints, string prefix = "/odata")
    {
        var normalised = "/" + prefix.Trim('/');
        var group = endpoints.MapGroup(normalised);
        // The feed routes below the prefix itself (from the still-escaped request path), so one catch-all suffices.
        group.MapGet("/", (HttpContext http, ODataFeed feed) => feed.HandleAsync(http, normalised));
        group.MapGet("/{**path}", (HttpContext http, ODataFeed feed) => feed.HandleAsync(http, normalised));
        return group;
    }
}
