namespace TechHealth.Certification;

/// <summary>
/// Settings of the certification engine. Plain values with documented defaults; the host binds them from
/// configuration. Owns no behaviour and reads no clock or file.
/// </summary>
public sealed record CertificationOptions
{
    /// <summary>How long before a radar entry's <c>retireBy</c> date its users are warned. Default 90 days.</summary>
    public TimeSpan RetirementLeadTime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Longest time one <c>matches</c> or <c>contains</c> regex that needs backtracking (backreferences, lookarounds) may
    /// run before the check turns to error. Default 1 s. Other patterns run on the linear-time engine with no limit
    /// (<see cref="TechHealth.Core.Text.DefinitionRegex"/>): the limit is wall-clock time, and a busy machine turned
    /// plain matches into errors now and then, so a verdict flipped with nothing changed.
    /// </summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Degree of parallelism for fleet evaluation; -1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// The ring that counts as "hold" for run diffs and hold usage. Null means the radar's outermost ring
    /// (the last one listed).
    /// </summary>
    public string? HoldRing { get; init; }

    /// <summary>Group types that make a group a department (Backstage <c>spec.type</c>). Default: department.</summary>
    public IReadOnlyList<string> DepartmentTypes { get; init; } = Core.Catalog.OrgChart.DefaultDepartmentTypes;

    /// <summary>Lifecycles a gate blocks when the gate lists none of its own. Default: deprecated.</summary>
    public IReadOnlyList<string> DefaultBlockedLifecycles { get; init; } = ["deprecated"];

    /// <summary>How many checks "failing most" lists in a rollup. Default 5.</summary>
    public int FailingMostCount { get; init; } = 5;

    /// <summary>
    /// Prefix of the named facts that carry a file's contents for <c>file: { contains: ... }</c> conditions:
    /// the fact <c>file:&lt;path relative to the component&gt;</c> holds the text of that file. Default <c>file:</c>.
    /// </summary>
    public string FileContentFactPrefix { get; init; } = Core.Definitions.FactNames.FileContentPrefix;

    /// <summary>
    /// Folder names whose files describe tests rather than what ships (test, fixture, example and end-to-end folders):
    /// technologies found under one, at any depth below the component, are left out of radar checks unless a
    /// selector asks for them (<c>testFolders: true</c>), and their evidence says which folder. Compared ignoring case.
    /// </summary>
    public IReadOnlyList<string> TestFolders { get; init; } = DefaultTestFolders;

    /// <summary>The default <see cref="TestFolders"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultTestFolders =
        ["test", "tests", "__tests__", "testdata", "test-data", "testing", "fixture", "fixtures", "__fixtures__", "example", "examples", "sample", "samples", "e2e", "integration-tests", "spec"];

    public static readonly CertificationOptions Default = new();
}
