using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.Extensions.Options;

namespace TechHealth.OData;

// One controller per entity set, found by Microsoft.AspNetCore.OData's conventions: Get for the set (and /$count),
// Get(key) for one entity, Get{Navigation}(key) for a navigation of one entity. Each hands an EF query to FeedController.

public sealed class ComponentsController(FeedDbContext db, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<ComponentRow> query) => Collection(db.Components, query);

    public IActionResult Get(string key, ODataQueryOptions<ComponentRow> query) => Single(db.Components.Where(c => c.Ref == key), query, $"component with key '{key}'");

    public IActionResult GetCheckResults(string key, ODataQueryOptions<CheckResultRow> query)
        => Exists(key) ? Collection(db.CheckResults.Where(r => r.ComponentRef == key), query) : Missing(key);

    public IActionResult GetDependencies(string key, ODataQueryOptions<DependencyRow> query)
        => Exists(key) ? Collection(db.Dependencies.Where(d => d.ComponentRef == key), query) : Missing(key);

    public IActionResult GetOwningTeam(string key, ODataQueryOptions<TeamRow> query)
        => Exists(key) ? Single(db.Components.Where(c => c.Ref == key).Select(c => c.OwningTeam!), query, "team", noneIsEmpty: true) : Missing(key);

    private bool Exists(string key) => db.Components.Any(c => c.Ref == key);

    private IActionResult Missing(string key) => NotFoundError($"Components has no entity with key '{key}'.");
}

public sealed class CheckResultsController(FeedDbContext db, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<CheckResultRow> query) => Collection(db.CheckResults, query);

    public IActionResult Get(long key, ODataQueryOptions<CheckResultRow> query) => Single(db.CheckResults.Where(r => r.Id == key), query, $"check result with key {key} in the latest run");

    public IActionResult GetComponent(long key, ODataQueryOptions<ComponentRow> query)
        => db.CheckResults.Any(r => r.Id == key)
            ? Single(db.CheckResults.Where(r => r.Id == key).Select(r => r.Component!), query, "component", noneIsEmpty: true)
            : NotFoundError($"CheckResults has no entity with key {key}.");
}

public sealed class DependenciesController(FeedDbContext db, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<DependencyRow> query) => Collection(db.Dependencies, query);

    public IActionResult Get(long key, ODataQueryOptions<DependencyRow> query) => Single(db.Dependencies.Where(d => d.Id == key), query, $"dependency with key {key}");

    public IActionResult GetComponent(long key, ODataQueryOptions<ComponentRow> query)
        => db.Dependencies.Any(d => d.Id == key)
            ? Single(db.Dependencies.Where(d => d.Id == key).Select(d => d.Component!), query, "component", noneIsEmpty: true)
            : NotFoundError($"Dependencies has no entity with key {key}.");
}

public sealed class TeamsController(FeedDbContext db, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<TeamRow> query) => Collection(db.Teams, query);

    public IActionResult Get(string key, ODataQueryOptions<TeamRow> query) => Single(db.Teams.Where(t => t.Ref == key), query, $"team with key '{key}'");

    public IActionResult GetComponents(string key, ODataQueryOptions<ComponentRow> query)
        => Exists(key) ? Collection(db.Components.Where(c => c.Team == key), query) : Missing(key);

    public IActionResult GetOwningDepartment(string key, ODataQueryOptions<DepartmentRow> query)
        => Exists(key) ? Single(db.Teams.Where(t => t.Ref == key).Select(t => t.OwningDepartment!), query, "department", noneIsEmpty: true) : Missing(key);

    private bool Exists(string key) => db.Teams.Any(t => t.Ref == key);

    private IActionResult Missing(string key) => NotFoundError($"Teams has no entity with key '{key}'.");
}

public sealed class DepartmentsController(FeedDbContext db, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<DepartmentRow> query) => Collection(db.Departments, query);

    public IActionResult Get(string key, ODataQueryOptions<DepartmentRow> query) => Single(db.Departments.Where(d => d.Ref == key), query, $"department with key '{key}'");

    public IActionResult GetTeams(string key, ODataQueryOptions<TeamRow> query)
        => Exists(key) ? Collection(db.Teams.Where(t => t.Department == key), query) : Missing(key);

    public IActionResult GetComponents(string key, ODataQueryOptions<ComponentRow> query)
        => Exists(key) ? Collection(db.Components.Where(c => c.Department == key), query) : Missing(key);

    private bool Exists(string key) => db.Departments.Any(d => d.Ref == key);

    private IActionResult Missing(string key) => NotFoundError($"Departments has no entity with key '{key}'.");
}

/// <summary>The radar in force, from memory (<see cref="IRadarSource"/>), read on every request so a reload shows at once.</summary>
public sealed class RadarEntriesController(IRadarSource radar, IOptions<ODataFeedOptions> options) : FeedController(options)
{
    public IActionResult Get(ODataQueryOptions<RadarEntryRow> query) => Collection(RadarRows.Of(radar.Current).AsQueryable(), query);

    public IActionResult Get(string key, ODataQueryOptions<RadarEntryRow> query)
        => Single(RadarRows.Of(radar.Current).Where(r => r.Id == key).AsQueryable(), query, $"radar entry '{key}'");
}
