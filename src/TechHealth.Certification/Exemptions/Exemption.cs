using TechHealth.Core.Definitions;

namespace TechHealth.Certification;

/// <summary>
/// One approved exception to one check for one component, from <c>checks/exemptions.yaml</c> or from the store.
/// The exemption applies up to the day before <see cref="Expires"/>: on its expiry date it no longer applies.
/// <see cref="Check"/> may be <c>*</c> to exempt the component from every check. The host maps stored rows into this.
/// </summary>
public sealed record Exemption(
    string Component,
    string Check,
    string Reason,
    string ApprovedBy,
    DateOnly Expires,
    string Origin = "definitions")
{
    /// <summary>In force on <paramref name="today"/>: strictly before the expiry date.</summary>
    public bool InForceOn(DateOnly today) => today < Expires;

    public static Exemption From(ExemptionDefinition definition) => new(
        definition.Component, definition.Check, definition.Reason, definition.ApprovedBy, definition.Expires,
        definition.Location.Line > 0 ? definition.Location.ToString() : "definitions");
}

/// <summary>An exemption in force on a given day, with the days it has left.</summary>
public sealed record ExemptionInForce(Exemption Exemption, int DaysLeft);

/// <summary>
/// The exemptions known to one evaluation, indexed by component and check. Matches a component by its name or its
/// full reference (<c>component:default/payments-api</c>), case-insensitively. Decides nothing about the clock: the
/// day is always passed in.
/// </summary>
public sealed class ExemptionBook
{
    private readonly Dictionary<string, List<Exemption>> _byComponent = new(StringComparer.OrdinalIgnoreCase);

    public ExemptionBook(IEnumerable<Exemption> exemptions)
    {
        All = exemptions.ToList();
        foreach (var e in All)
        {
            var key = Normalise(e.Component);
            if (!_byComponent.TryGetValue(key, out var list)) _byComponent[key] = list = [];
            list.Add(e);
        }
    }

    public static readonly ExemptionBook Empty = new([]);

    /// <summary>The exemptions of the definitions plus the stored ones.</summary>
    public static ExemptionBook From(CheckSet checks, IEnumerable<Exemption>? stored = null)
        => new(checks.Exemptions.Select(Exemption.From).Concat(stored ?? []));

    public IReadOnlyList<Exemption> All { get; }

    /// <summary>The exemption in force for this component and check on this day; the one expiring last wins.</summary>
    public Exemption? Find(string componentName, string componentRef, string checkId, DateOnly today)
    {
        Exemption? best = null;
        foreach (var key in new[] { Normalise(componentName), Normalise(componentRef) })
        {
            if (!_byComponent.TryGetValue(key, out var list)) continue;
            foreach (var e in list)
            {
                if (!e.InForceOn(today)) continue;
                if (e.Check != "*" && !e.Check.Equals(checkId, StringComparison.OrdinalIgnoreCase)) continue;
                if (best is null || e.Expires > best.Expires) best = e;
            }
        }
        return best;
    }

    /// <summary>Every exemption in force on <paramref name="today"/>, soonest expiry first.</summary>
    public IReadOnlyList<ExemptionInForce> InForce(DateOnly today)
        => All.Where(e => e.InForceOn(today))
              .OrderBy(e => e.Expires).ThenBy(e => e.Component, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Check, StringComparer.OrdinalIgnoreCase)
              .Select(e => new ExemptionInForce(e, e.Expires.DayNumber - today.DayNumber))
              .ToList();

    /// <summary>Every exemption in force today by the clock (UTC).</summary>
    public IReadOnlyList<ExemptionInForce> InForce(TimeProvider clock) => InForce(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>Exemptions whose expiry date has come by <paramref name="today"/>.</summary>
    public IReadOnlyList<Exemption> Expired(DateOnly today) => All.Where(e => !e.InForceOn(today)).OrderByDescending(e => e.Expires).ToList();

    // "component:default/x" and "x" name the same component in the default namespace.
    private static string Normalise(string component)
    {
        var t = component.Trim().ToLowerInvariant();
        if (t.StartsWith("component:")) t = t["component:".Length..];
        if (t.StartsWith("default/")) t = t["default/".Length..];
        return t;
    }
}
