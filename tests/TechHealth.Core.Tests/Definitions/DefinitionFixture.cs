using TechHealth.Core.Definitions;

namespace TechHealth.Core.Tests.Definitions;

/// <summary>A small, valid radar and check set in a temp folder, which each test breaks in one place.</summary>
public sealed class DefinitionFixture : IDisposable
{
    public const string RadarYaml = """
        title: Test Radar
        rings:
          - { id: adopt, name: Adopt }
          - { id: trial, name: Trial }
          - { id: hold, name: Hold }
        quadrants:
          - { id: libraries, name: Libraries }
          - { id: tools, name: Tools }
        """;

    public const string LibrariesYaml = """
        quadrant: libraries
        entries:
          - id: log4j
            title: Log4j
            ring: adopt
            description: logging
            packages: ["pkg:maven/org.apache.logging.log4j/log4j-core"]
            versions:
              - { range: "<2.17.1", ring: hold, reason: Log4Shell }
            history:
              - { date: 2021-12-20, ring: adopt }
          - id: moment
            title: Moment.js
            ring: hold
            description: old dates
            packages: ["pkg:npm/moment"]
            retireBy: 2027-01-31
            replacedBy: [date-fns]
          - id: date-fns
            title: date-fns
            ring: adopt
            description: dates
            packages: ["pkg:npm/date-fns"]
        """;

    public const string LevelsYaml = "levels: [bronze, silver, gold]\n";

    public const string BronzeYaml = """
        level: bronze
        checks:
          - id: has-owner
            title: Has an owner
            description: d
            remediation: r
            rule: { fact: owner, exists: true }
          - id: no-hold
            title: No hold
            description: d
            remediation: r
            rule: { radar: { none: { ring: hold } } }
        """;

    public const string ExemptionsYaml = """
        exemptions:
          - { component: payments-api, check: has-owner, reason: r, approvedBy: board, expires: 2027-03-31 }
        """;

    public const string GatesYaml = """
        gates:
          - { id: deps, title: Dependency updates, minLevel: silver, requireChecks: [has-owner] }
        """;

    private readonly TempFolder _temp = new();

    public DefinitionFixture()
    {
        Write("radar/radar.yaml", RadarYaml);
        Write("radar/libraries.yaml", LibrariesYaml);
        Write("checks/levels.yaml", LevelsYaml);
        Write("checks/bronze.yaml", BronzeYaml);
        Write("checks/exemptions.yaml", ExemptionsYaml);
        Write("checks/gates.yaml", GatesYaml);
    }

    public string RadarDir => Path.Combine(_temp.Root, "radar");
    public string ChecksDir => Path.Combine(_temp.Root, "checks");

    public FakeTimeProvider Clock { get; } = FakeTimeProvider.At("2026-11-21");

    public string Write(string relative, string text) => _temp.Write(relative, text);

    public string PathOf(string relative) => Path.Combine(_temp.Root, relative);

    public DefinitionLoadResult Load() => DefinitionLoader.Load(RadarDir, ChecksDir, Clock);

    /// <summary>Replaces the first occurrence of <paramref name="from"/> in a file; fails the test if it is not there.</summary>
    public void Edit(string relative, string from, string to)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
        text.ShouldContain(from);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        File.WriteAllText(path, text[..at] + to + text[(at + from.Length)..]);
    }

    public void Dispose() => _temp.Dispose();
}
