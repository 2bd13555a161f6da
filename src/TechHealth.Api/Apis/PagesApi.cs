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
    public static WebApplication MapPagesApi(this WebApplication app)
    {
        // Each run's figures are derived before it is put in force, and its history is read from then on, before anyone asks.
        var state = app.Services.GetRequiredService<FleetState>();
        state.Preparing += snapshot =>
        {
            try { PagesWarmUp.Prepare(app.Services, FleetView.Of(snapshot)); }
            catch (Exception e)
            {
                // A figure not derived ahead is derived by the first page that shows it: never a reason to hold back a run.
                app.Logger.LogWarning(e, "Deriving the pages' figures ahead of run {Run} failed", snapshot.Run?.Id);
            }
        };
        state.Published += snapshot => PagesWarmUp.Start(app.Services, FleetView.Of(snapshot));
        if (state.Current is { } current) PagesWarmUp.Start(app.Services, FleetView.Of(current));
        app.MapTechHealthPages(new TechHealthPagesOptions
        {
            // One view per snapshot, kept in the snapshot's index, so the pages' lookups are GraphQL's and built once per run.
            Fleet = http => http.RequestServices.GetRequiredService<FleetState>().Current is { } snapshot ? FleetView.Of(snapshot) : null,
            AuthorizeRead = async http =>
            {
                var callers = http.RequestServices.GetRequiredService<CallerResolver>();
                // The sign-in form's or the cookie's credential was put on the headers after authentication ran.
                var caller = PageCredentials.WasApplied(http) ? await callers.ResolveAddedCredentialsAsync(http) : await callers.ResolveAsync(http);
                return await callers.MayReadAsync(caller) ? null : caller.Problem ?? "This service requires an API key or a bearer token for every read.";
            },
        }).RequireRateLimiting(RateLimiting.PolicyName);
        return app;
    }
}
