namespace TechHealth.OData;

/// <summary>
/// Settings of the OData feed. Owns paging limits and the certification levels the team and department sets count;
/// it does not choose the route (the host passes that to <see cref="ODataFeedEndpoints.MapODataFeed"/>).
/// </summary>
public sealed class ODataFeedOptions
{
    /// <summary>The most rows one response carries; more rows are reached through <c>@odata.nextLink</c>. Default 1000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// Levels, lowest first, that Teams and Departments count components of (one <c>{Level}Count</c> property each).
    /// Fixed when the feed's model is built, so set it from the checks in force at start-up. At most <see cref="MaxLevels"/>.
    /// </summary>
    public IList<string> Levels { get; set; } = ["bronze", "silver", "gold"];

    /// <summary>How deep <c>$expand</c> may nest (<c>Teams?$expand=Components($expand=CheckResults)</c> is 2). Default 2; deeper is a 400.</summary>
    public int MaxExpansionDepth { get; set; } = 2;

    /// <summary>
    /// The most rows one expanded collection carries under one parent. More rows are reached through the nested
    /// <c>Navigation@odata.nextLink</c>, which points at the parent's navigation URL. Default 1000.
    /// </summary>
    public int MaxExpandedItems { get; set; } = 1000;

    /// <summary>Group types that make a group a department rather than a team. Null takes the storage options' list.</summary>
    public IList<string>? DepartmentGroupTypes { get; set; }

    public const int MaxLevels = 8;

    public void Validate()
    {
        if (MaxPageSize < 1) throw new InvalidOperationException($"ODataFeedOptions.MaxPageSize is {MaxPageSize}; it must be at least 1.");
        if (MaxExpansionDepth < 0) throw new InvalidOperationException($"ODataFeedOptions.MaxExpansionDepth is {MaxExpansionDepth}; it must be zero (no $expand) or more.");
        if (MaxExpandedItems < 1) throw new InvalidOperationException($"ODataFeedOptions.MaxExpandedItems is {MaxExpandedItems}; it must be at least 1.");
        if (Levels.Count > MaxLevels)
            throw new InvalidOperationException($"ODataFeedOptions.Levels has {Levels.Count} levels; the feed counts at most {MaxLevels}.");
        if (Levels.Any(string.IsNullOrWhiteSpace))
            throw new InvalidOperationException("ODataFeedOptions.Levels holds an empty level name.");
    }
}
