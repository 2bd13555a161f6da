using TechHealth.Certification;
using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Core.Results;

namespace TechHealth.Reports.Tests;

/// <summary>
/// A fleet made in code from a seed: two departments of teams, checks at three levels, a four-ring radar, every
/// component with results, technologies and some exemptions. The same seed always gives the same fleet.
/// </summary>
public sealed class SyntheticFleet
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    public const string Department = "group:default/engineering";
    public static readonly string[] Levels = ["bronze", "silver", "gold"];

    public required Radar Radar { get; init; }
    public required CheckSet Checks { get; init; }
    public required OrgChart Org { get; init; }
    public required FleetEvaluation Fleet { get; init; }
    public required FleetRollup Rollup { get; init; }
    public required ExemptionBook Exemptions { get; init; }

    public static Radar MakeRadar() => new(
        "Golden Tech Radar",
        [new Ring("adopt", "Adopt"), new Ring("trial", "Trial"), new Ring("assess", "Assess"), new Ring("hold", "Hold")],
        [new Quadrant("languages-and-runtimes", "Languages & Runtimes"), new Quadrant("frameworks-and-libraries", "Frameworks & Libraries"),
         new Quadrant("infrastructure", "Infrastructure"), new Quadrant("tools", "Tools")],
        Enumerable.Range(0, 16).Select(i => new RadarEntry
        {
            Id = $"tech-{i:00}",
            Title = i == 3 ? "Moment.js <legacy> & \"friends\"" : $"Technology {i:00}",
            Quadrant = (i % 4) switch { 0 => "languages-and-runtimes", 1 => "frameworks-and-libraries", 2 => "infrastructure", _ => "tools" },
            Ring = (i / 4) switch { 0 => "adopt", 1 => "trial", 2 => "assess", _ => "hold" },
            RetireBy = i == 5 ? new DateOnly(2027, 1, 31) : null,
            Url = i == 0 ? "https://example.org/tech-00" : null,
            History = i == 1 ? [new RingMove(new DateOnly(2024, 1, 1), "assess", "first seen"), new RingMove(new DateOnly(2025, 6, 1), "trial", "piloted")] : [],
        }).ToList());

    public static SyntheticFleet Make(int components, int seed = 42, int teamsPerDepartment = 8)
    {
        var random = new Random(seed);
        var radar = MakeRadar();
        var checkIds = new[] { ("has-owner", "bronze"), ("has-readme", "bronze"), ("ci-configured", "silver"), ("golden-runtime", "silver"), ("has-tests", "gold"), ("no-hold", "gold") };
        var checks = new CheckSet(
            Levels,
            checkIds.Select(c => new CheckDefinition { Id = c.Item1, Title = c.Item1, Level = c.Item2, Rule = new FileCondition("README*", null, SourceLocation.None) }).ToList(),
            [],
            [new GateDefinition("automated-dependency-updates", "Automated dependency updates", "silver", [], [], null, SourceLocation.None),
             new GateDefinition("automated-framework-migrations", "Automated framework migrations", "gold", ["has-tests"], [], null, SourceLocation.None)]);

        var groups = new List<OrgGroup>
        {
            new(Department, "engineering", "Engineering", "department", null),
            new("group:default/sales", "sales", "Sales", "department", null),
            new("group:default/platform", "platform", "Platform", "division", Department),
        };
        for (var t = 0; t < teamsPerDepartment; t++)
            groups.Add(new OrgGroup($"group:default/team-{t}", $"team-{t}", $"Team {t}", "team", t % 2 == 0 ? Department : "group:default/platform"));
        groups.Add(new OrgGroup("group:default/sales-ops", "sales-ops", "Sales Ops", "team", "group:default/sales"));
        var org = new OrgChart(groups);

        var statuses = new[] { CheckStatus.Pass, CheckStatus.Pass, CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Warn, CheckStatus.Exempt, CheckStatus.NotApplicable, CheckStatus.Error };
        var evaluations = new List<ComponentEvaluation>(components);
        var technologies = new Dictionary<string, IReadOnlyList<RadarMatch>>(StringComparer.OrdinalIgnoreCase);
        var exemptions = new List<Exemption>();
        for (var i = 0; i < components; i++)
        {
            var name = $"svc-{i:00000}";
            var owner = i % 10 == 9 ? "group:default/sales-ops" : i % 37 == 5 ? null : $"group:default/team-{random.Next(teamsPerDepartment)}";
            var results = checkIds.Select(c =>
            {
                var status = statuses[random.Next(statuses.Length)];
                var evidence = status is CheckStatus.Fail ? new[] { new Evidence($"{c.Item1} failed for {name}", "pom.xml", 12 + i % 7) } : [];
                return new CheckResult(c.Item1, c.Item2, status, status == CheckStatus.Fail ? $"{c.Item1} is not met" : "ok", evidence, null);
            }).ToList();
            evaluations.Add(new ComponentEvaluation($"component:default/{name}", name, owner, Scoring.Score(results), Scoring.Level(results, Levels), results)
                { Type = "service", Lifecycle = "production" });

            var matches = new List<RadarMatch>();
            for (var d = 0; d < 3; d++)
            {
                var entry = radar.Entries[random.Next(radar.Entries.Count)];
                var fact = new DependencyFact
                {
                    Ecosystem = "npm",
                    Purl = PackageUrl.Create("npm", null, entry.Id),
                    Version = $"1.{d}.{i % 5}",
                    File = "package.json",
                    Line = 3 + d,
                    Condition = d == 2 && i % 4 == 0 ? "profile:legacy" : null,
                };
                matches.Add(new RadarMatch(fact, entry, entry.Ring, null, false, entry.RetireBy is null ? RetirementState.None : RetirementState.Retiring));
            }
            technologies[$"component:default/{name}"] = matches;
            if (i % 25 == 0) exemptions.Add(new Exemption(name, "has-tests", $"legacy code of {name}", "architecture-board", new DateOnly(2027, 3, 31)));
        }
        exemptions.Add(new Exemption("svc-00000", "ci-configured", "expired long ago", "board", new DateOnly(2025, 1, 1)));

        var fleet = new FleetEvaluation(Now, "v-test", evaluations, technologies);
        var decisions = new GateEvaluator(checks).DecideAll(evaluations);
        return new SyntheticFleet
        {
            Radar = radar,
            Checks = checks,
            Org = org,
            Fleet = fleet,
            Rollup = new FleetRollup(evaluations, technologies, org, checks, radar, decisions),
            Exemptions = new ExemptionBook(exemptions),
        };
    }

    public TechHealth.Reports.Excel.DepartmentReportData Report(TrendPoint? previous = null)
        => TechHealth.Reports.Excel.DepartmentReportMapper.Map(Department, Fleet, Rollup, Org, Checks, Radar, Exemptions, "hold", Now, previous);
}
