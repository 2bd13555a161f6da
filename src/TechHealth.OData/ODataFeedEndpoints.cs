using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TechHealth.Core.Definitions;
using TechHealth.Storage;

namespace TechHealth.OData;

/// <summary>
/// The host's two calls: <see cref="AddODataFeed(IServiceCollection, Action{ODataFeedOptions}?)"/> registers the feed
/// (Microsoft.AspNetCore.OData controllers over <see cref="FeedDbContext"/>) and <see cref="MapODataFeed"/> serves it
/// under a route prefix. Needs the storage registered (<c>AddTechHealthStorage</c>).
/// </summary>
public static class ODataFeedEndpoints
{
    /// <summary>Registers the feed; the radar comes from an <see cref="IRadarSource"/> the host registers (none: RadarEntries is empty).</summary>
    public static IServiceCollection AddODataFeed(this IServiceCollection services, Action<ODataFeedOptions>? configure = null)
    {
        if (configure is not null) services.Configure(configure);
        else services.AddOptions<ODataFeedOptions>();
        services.TryAddSingleton<IRadarSource, EmptyRadarSource>();
        services.TryAddSingleton<FeedRoute>();
        // The shape is read once, when the feed is first used: the host may set levels from definitions loaded at start-up.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ODataFeedOptions>>().Value;
            options.Validate();
            var departmentTypes = options.DepartmentGroupTypes ?? sp.GetService<StorageOptions>()?.DepartmentGroupTypes ?? new StorageOptions().DepartmentGroupTypes;
            var levels = options.Levels.ToList();
            FeedEdmModel.LevelProperties(levels);
            return new FeedShape(levels, departmentTypes.Select(t => t.ToLowerInvariant()).Distinct().ToList());
        });
        services.AddDbContext<FeedDbContext>((sp, builder) => TechHealthDbContext.Configure(builder, sp.GetRequiredService<StorageOptions>()));

        services.AddControllers()
            .AddApplicationPart(typeof(ODataFeedEndpoints).Assembly)
            .AddApplicationPart(typeof(Microsoft.AspNetCore.OData.Routing.Controllers.MetadataController).Assembly)
            .AddOData(o => o.Select().Expand().Filter().OrderBy().Count().SetMaxTop(null).SkipToken().TimeZone = TimeZoneInfo.Utc);
        services.AddOptions<ODataOptions>().Configure<FeedRoute, IServiceProvider>((o, route, sp) =>
            o.AddRouteComponents(route.Prefix, FeedEdmModel.Build(sp.GetRequiredService<FeedShape>().Levels, sp.GetRequiredService<IOptions<ODataFeedOptions>>().Value.MaxExpandedItems),
                feed => feed.AddSingleton<ISearchBinder, FeedSearchBinder>()));
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
    /// below it. Any other path below the prefix is a 404 with an OData error body.
    /// </summary>
    public static IEndpointConventionBuilder MapODataFeed(this IEndpointRouteBuilder endpoints, string prefix = "/odata")
    {
        var route = endpoints.ServiceProvider.GetRequiredService<FeedRoute>();
        route.Prefix = prefix.Trim('/');
        var controllers = endpoints.MapControllers();
        endpoints.MapFallback("/" + route.Prefix + "/{**path}", async http =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "application/json; odata.metadata=minimal";
            http.Response.Headers["OData-Version"] = "4.0";
            var sets = string.Join(", ", FeedRoute.Sets);
            await JsonSerializer.SerializeAsync(http.Response.Body, new
            {
                error = new { code = "NotFound", message = $"'{http.Request.Path}' is not an entity set, entity or navigation of this feed; the sets are {sets}." },
            });
        });
        return controllers;
    }
}

/// <summary>Where the feed is served; set by <see cref="ODataFeedEndpoints.MapODataFeed"/> before the routes are built.</summary>
internal sealed class FeedRoute
{
    public static readonly string[] Sets = ["Components", "Teams", "Departments", "CheckResults", "Dependencies", "RadarEntries"];

    public string Prefix { get; set; } = "odata";
}
