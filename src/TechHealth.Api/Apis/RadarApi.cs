using Microsoft.AspNetCore.Http.HttpResults;
using TechHealth.Api.Definitions;
using TechHealth.Reports.RadarViews;

namespace TechHealth.Api.Apis;

/// <summary>
/// The radar for portals: <c>/api/radar</c> in Backstage's tech-radar data model (point a Backstage portal's
/// tech-radar at it) and <c>/radar.svg</c>, the picture. Both answer from the definitions in force, with an ETag.
/// </summary>
public static class RadarApi
{
    public static IEndpointRouteBuilder MapRadarApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/radar", BackstageJson).WithTags("Radar")
            .WithSummary("The radar in the Backstage tech-radar plugin's format (quadrants, rings, entries with timeline).");
        app.MapGet("/radar.svg", Picture).WithTags("Radar")
            .WithSummary("A picture of the radar: every entry in its quadrant and ring, numbered, with a legend.");
        return app;
    }

    public static Results<ContentHttpResult, StatusCodeHttpResult> BackstageJson(DefinitionsState definitions, TimeProvider clock, HttpContext http)
    {
        var asOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var json = BackstageRadar.ToJson(BackstageRadar.From(definitions.Current.Radar, asOf));
        return BadgesApi.Cached(http, json, "application/json; charset=utf-8", StatusCodes.Status200OK);
    }

    public static Results<ContentHttpResult, StatusCodeHttpResult> Picture(DefinitionsState definitions, HttpContext http)
        => BadgesApi.Cached(http, RadarPicture.Render(definitions.Current.Radar), "image/svg+xml; charset=utf-8", StatusCodes.Status200OK);
}
