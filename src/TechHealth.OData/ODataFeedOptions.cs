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

    /// <summary>Group types that make a group a department rather than a team. Null takes the storage options' list.</summary>
    public IList<string>? DepartmentGroupTypes { get; set; }

    public const int MaxLevels = 8;

    internal void Validate()
    {
        if (MaxPageSize < 1) throw new InvalidOperationException($"ODataFeedOptions.MaxPageSize is {MaxPageSize}; it must be at least 1.");
        if (Levels.Count > MaxLevels)
            throw new InvalidOperationException($"ODataFeedOptions.Levels has {Levels.Count} levels; the feed counts at most {MaxLevels}.");
        if (Levels.Any(string.IsNullOrWhiteSpace))
            throw new InvalidOperationException("ODataFeedOptions.Levels holds an empty level name.");
    }
}
