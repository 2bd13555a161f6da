using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;
using TechHealth.Pages;

namespace TechHealth.Api.Apis;

/// <summary>
/// The pages (src/TechHealth.Pages) over the snapshot in force, with the same read rule as GraphQL: when
/// <c>TechHealth:Security:RequireAuthenticationForReads</c> is set, a page needs an API key or a bearer token.
/// </summary>
public static class PagesApi
{
    // One view per snapshot, so the pages' lookups are built once per evaluation run, not per request.
    private static readonly ConditionalWeakTable<FleetSnapshot, FleetView> Views = new();

    public static WebApplication MapPagesApi(this WebApplication app)
    {
        // Each published run starts reading the history its pages show, before anyone asks.
        var state = app.Services.GetRequiredService<FleetState>();
        state.Published += snapshot => PagesWarmUp.Start(app.Services, Views.GetValue(snapshot, ViewOf));
        if (state.Current is { } current) PagesWarmUp.Start(app.Services, Views.GetValue(current, ViewOf));
        app.MapTechHealthPages(new TechHealthPagesOptions
        {
            Fleet = http => http.RequestServices.GetRequiredService<FleetState>().Current is { } snapshot ? Views.GetValue(snapshot, ViewOf) : null,
            AuthorizeRead = async http =>
            {
                var callers = http.RequestServices.GetRequiredService<CallerResolver>();
                var caller = await callers.ResolveAsync(http);
                return await callers.MayReadAsync(caller) ? null : caller.Problem ?? "This service requires an API key or a bearer token for every read.";
            },
        }).RequireRateLimiting(RateLimiting.PolicyName);
        return app;
    }

    private static FleetView ViewOf(FleetSnapshot s)
        => new(s.Run, s.Compiled, s.Components, s.Fleet, s.Org, s.Rollup, s.Exemptions,
            s.Compiled.Definitions.Checks.Gates.SelectMany(g => s.GateDecisionsOfGate(g.Id)).ToList());
}
