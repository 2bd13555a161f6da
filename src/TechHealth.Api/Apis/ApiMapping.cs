using TechHealth.OData;

namespace TechHealth.Api.Apis;

/// <summary>One place that maps every feature's routes, so Program stays a few lines.</summary>
public static class ApiMapping
{
    public static WebApplication MapTechHealthApis(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapGraphQLApi();
        app.MapODataFeed("/odata");
        app.MapBadgesApi();
        app.MapReportsApi();
        app.MapRadarApi();
        // The organisation page is the service's front page; the GraphQL explorer stays at /graphql.
        app.MapPagesApi();
        return app;
    }
}
