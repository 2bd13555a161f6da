using System.Globalization;
using TechHealth.Api.Fleet;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>Exemptions in force, from the definitions and the store, as one list with days left.</summary>
public static class ExemptionViews
{
    public static IReadOnlyList<ExemptionView> InForce(FleetSnapshot snap, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return snap.Exemptions.InForce(today).Select(x =>
        {
            var e = x.Exemption;
            // Stored exemptions carry "api #id" as origin; the id is what revokeExemption takes.
            var id = e.Origin.StartsWith("api #", StringComparison.Ordinal) ? e.Origin[5..] : $"{e.Component}/{e.Check}";
            return new ExemptionView(id, e.Component, e.Check, e.Reason, e.ApprovedBy, e.Expires, x.DaysLeft, e.Origin, false);
        }).ToList();
    }

    public static ExemptionView From(StoredExemption e, DateOnly today)
        => new(e.Id.ToString(CultureInfo.InvariantCulture), e.ComponentRef, e.CheckId, e.Reason, e.ApprovedBy, e.Expires,
            e.Expires.DayNumber - today.DayNumber, $"api #{e.Id}", e.RevokedAt is not null);
}
