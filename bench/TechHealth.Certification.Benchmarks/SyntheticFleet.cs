using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;

namespace TechHealth.Certification.Benchmarks;

/// <summary>
/// A generated fleet over a given radar: components with 20 to 80 dependencies drawn mostly from the radar's own
/// packages (so rings, version rules and retirement are exercised), some unlisted ones, runtimes, images, CI actions,
/// files and named facts. Deterministic for a seed, so runs compare.
/// </summary>
public static class SyntheticFleet
{
    private static readonly string[] Versions = ["1.0.0", "1.2.3", "2.14.1", "2.17.1", "2.24.3", "3.1.0", "4.17.15", "4.17.21", "5.3.0", "6.1.2", "8.0.0", "10.0.1", "17", "21"];
    private static readonly string[] Types = ["service", "service", "service", "website", "library", "pipeline"];
    private static readonly string[] Lifecycles = ["production", "production", "production", "experimental", "deprecated"];
    private static readonly string[] FileSets = ["README.md", "CODEOWNERS", ".github/workflows/ci.yml", "mkdocs.yml", "docs/index.md", "Dockerfile", "pom.xml", "package.json", "src/main/App.java", "LICENSE"];

    public static IReadOnlyList<OrgGroup> Groups(int departments = 10, int teamsPerDepartment = 10)
    {
        var groups = new List<OrgGroup>();
        for (var d = 0; d < departments; d++)
        {
            groups.Add(new OrgGroup($"group:default/dept-{d}", $"dept-{d}", null, "department", null));
            for (var t = 0; t < teamsPerDepartment; t++)
                groups.Add(new OrgGroup($"group:default/team-{d}-{t}", $"team-{d}-{t}", null, "team", $"group:default/dept-{d}"));
        }
        return groups;
    }

    public static IReadOnlyList<ComponentFacts> Generate(Radar radar, int count, int seed = 42)
    {
        var random = new Random(seed);
        var listed = radar.Entries.SelectMany(e => e.Packages).Select(p => Concrete(p.Text)).Where(p => p is not null).Select(p => p!).ToArray();
        var libraries = listed.Where(p => p.Type is not ("runtime" or "docker" or "github")).ToArray();
        var runtimes = listed.Where(p => p.Type == "runtime").ToArray();
        var images = listed.Where(p => p.Type == "docker").ToArray();
        var actions = listed.Where(p => p.Type == "github").ToArray();
        var result = new ComponentFacts[count];
        for (var i = 0; i < count; i++)
        {
            var deps = new List<DependencyFact>();
            var n = random.Next(20, 81);
            for (var k = 0; k < n; k++)
            {
                var unlisted = random.Next(10) == 0;
                var purl = unlisted ? PackageUrl.Create("npm", null, $"internal-lib-{random.Next(500)}") : libraries[random.Next(libraries.Length)];
                deps.Add(Dep(purl, Versions[random.Next(Versions.Length)], "pom.xml", k + 10, TechnologyKind.Library, direct: random.Next(3) > 0, unresolved: random.Next(50) == 0));
            }
            if (runtimes.Length > 0 && random.Next(20) > 0) deps.Add(Dep(runtimes[random.Next(runtimes.Length)], Versions[random.Next(Versions.Length)], ".tool-versions", 1, TechnologyKind.Runtime));
            if (images.Length > 0 && random.Next(3) > 0) deps.Add(Dep(images[random.Next(images.Length)], random.Next(2) == 0 ? "21-jre" : "22-alpine", "Dockerfile", 1, TechnologyKind.Image));
            if (actions.Length > 0) deps.Add(Dep(actions[random.Next(actions.Length)], random.Next(2) == 0 ? "v4" : "v3", ".github/workflows/ci.yml", 12, TechnologyKind.Action));

            var files = FileSets.Where(_ => random.Next(4) > 0).ToList();
            var facts = new Dictionary<string, string>
            {
                ["catalog.present"] = random.Next(10) > 0 ? "true" : "false",
                ["tests.present"] = random.Next(4) > 0 ? "true" : "false",
                ["lockfile.present"] = random.Next(3) > 0 ? "true" : "false",
                ["dependencies.unresolved"] = random.Next(5) == 0 ? "2" : "0",
                ["git.lastCommit"] = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).AddDays(-random.Next(200)).ToString("O"),
            };
            var annotations = random.Next(2) == 0 ? new Dictionary<string, string> { ["backstage.io/techdocs-ref"] = "dir:." } : new Dictionary<string, string>();
            result[i] = new ComponentFacts
            {
                Name = $"component-{i:00000}",
                Owner = random.Next(20) == 0 ? null : $"group:default/team-{random.Next(10)}-{random.Next(10)}",
                Type = Types[random.Next(Types.Length)],
                Lifecycle = Lifecycles[random.Next(Lifecycles.Length)],
                Tier = $"tier-{random.Next(1, 4)}",
                System = random.Next(3) > 0 ? "core" : null,
                Source = "synthetic",
                Repository = $"repo-{i}",
                Files = files,
                Dependencies = deps,
                Facts = facts,
                Annotations = annotations,
            };
        }
        return result;
    }

    private static DependencyFact Dep(PackageUrl purl, string version, string file, int line, TechnologyKind kind, bool direct = true, bool unresolved = false) => new()
    {
        Ecosystem = purl.Type, Purl = purl, Version = version, File = file, Line = line, Kind = kind, Direct = direct, Unresolved = unresolved,
    };

    private static PackageUrl? Concrete(string pattern)
        => PackageUrl.TryParse(pattern.Replace("*", "core"), out var purl, out _) ? purl : null;
}
