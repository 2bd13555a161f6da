using System.Text.Json;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Core.Results;

namespace TechHealth.Storage.Tests;

/// <summary>Facts and evaluations shaped like what the harvesters and the rule engine produce.</summary>
public static class Sample
{
    public static ComponentFacts Component(string name, string source = "acme", string? repository = null, string? owner = "group:default/team-payments",
        string fingerprint = "fp-1", string log4jVersion = "2.17.1") => new()
    {
        Name = name,
        Owner = owner,
        Type = "service",
        Lifecycle = "production",
        Source = source,
        Repository = repository ?? name,
        Fingerprint = fingerprint,
        Dependencies =
        [
            new DependencyFact
            {
                Ecosystem = "maven",
                Purl = PackageUrl.Create("maven", "org.apache.logging.log4j", "log4j-core"),
                Declared = "${log4j.version}",
                Version = log4jVersion,
                File = "pom.xml",
                Line = 42,
            },
        ],
        Facts = new Dictionary<string, string> { ["readme.present"] = "true" },
    };

    /// <summary>A component using every field of the facts model, including awkward purls.</summary>
    public static ComponentFacts EveryField() => new()
    {
        Name = "payments-api",
        Namespace = "finance",
        Title = "Payments API",
        Description = "Takes card payments; \"quoted\" and ünïcode",
        Owner = "group:default/team-payments",
        System = "payments",
        Type = "service",
        Lifecycle = "production",
        Tier = "1",
        Annotations = new Dictionary<string, string>
        {
            ["github.com/project-slug"] = "acme/payments",
            ["backstage.io/techdocs-ref"] = "dir:.",
        },
        Tags = ["java", "payments"],
        Source = "acme",
        Repository = "payments",
        Path = "services/api",
        Files = ["services/api/pom.xml", "services/api/Dockerfile", "services/api/src/Main.java"],
        Dependencies =
        [
            new DependencyFact
            {
                Ecosystem = "maven", Purl = PackageUrl.Create("maven", "org.apache.logging.log4j", "log4j-core"),
                Declared = "${log4j.version}", Version = "2.14.1", File = "services/api/pom.xml", Line = 42,
            },
            new DependencyFact
            {
                Ecosystem = "npm", Purl = PackageUrl.Create("npm", "@types", "node", "20.11.5"), Kind = TechnologyKind.Library,
                Declared = "^20.11.0", Version = "20.11.5", Locked = true, Scope = DependencyScope.Dev, Direct = false,
                File = "services/api/web/package-lock.json", Line = 311,
            },
            new DependencyFact
            {
                Ecosystem = "runtime", Purl = PackageUrl.Create("runtime", null, "java"), Kind = TechnologyKind.Runtime,
                Declared = "21", Version = "21", Scope = DependencyScope.Build, File = "services/api/pom.xml", Line = 12,
            },
            new DependencyFact
            {
                Ecosystem = "docker", Purl = PackageUrl.Create("docker", "library", "eclipse-temurin", "21-jre"), Kind = TechnologyKind.Image,
                Declared = "eclipse-temurin:21-jre", Version = "21-jre", File = "services/api/Dockerfile", Line = 1,
            },
            new DependencyFact
            {
                Ecosystem = "github", Purl = PackageUrl.Create("github", "actions", "checkout"), Kind = TechnologyKind.Action,
                Declared = "v4", Version = "v4", Scope = DependencyScope.Build, File = ".github/workflows/ci.yml", Line = 9,
            },
            new DependencyFact
            {
                Ecosystem = "golang", Purl = PackageUrl.Create("golang", "github.com/spf13", "cobra"), Kind = TechnologyKind.Tool,
                Declared = "v1.8.0", Version = "v1.8.0", Scope = DependencyScope.Plugin, File = "tools/go.mod", Line = 5,
            },
            new DependencyFact
            {
                Ecosystem = "pypi", Purl = PackageUrl.Create("pypi", null, "Zope.Interface"), Declared = ">=5",
                Version = null, Unresolved = true, Scope = DependencyScope.Optional, File = "scripts/requirements.txt", Line = 0,
            },
            new DependencyFact
            {
                Ecosystem = "maven", Purl = PackageUrl.Create("maven", "com.acme", "parent-pom"), Declared = "${revision}",
                Unresolved = true, Scope = DependencyScope.Parent, File = "services/api/pom.xml", Line = 5,
            },
            new DependencyFact
            {
                Ecosystem = "maven", Purl = PackageUrl.Create("maven", "org.apache.logging.log4j", "log4j-1.2-api"),
                Declared = "${log4j.version}", Version = "2.14.1", Condition = "profile:legacy", File = "services/api/pom.xml", Line = 88,
            },
            new DependencyFact
            {
                Ecosystem = "cargo", Purl = PackageUrl.Create("cargo", null, "winapi"), Declared = "0.3", Version = "0.3.9", Locked = true,
                Condition = "target:cfg(windows)", File = "services/agent/Cargo.toml", Line = 17,
            },
        ],
        Facts = new Dictionary<string, string>
        {
            ["readme.present"] = "true",
            ["git.lastCommit"] = "2026-01-31T10:00:00Z",
            ["tests.present"] = "false",
        },
        Issues =
        [
            new ScanIssue(ScanIssueSeverity.Warning, "services/api/big.json", 0, "skipped: 6.2 MiB is over the 5 MiB limit"),
            new ScanIssue(ScanIssueSeverity.Error, "services/api/broken/pom.xml", 7, "unclosed element <dependency>"),
        ],
        Fingerprint = "3f2a9c",
    };

    /// <summary>A stable text form of facts for comparing a loaded component with the one saved.</summary>
    public static string Canonical(ComponentFacts f) => JsonSerializer.Serialize(f with
    {
        Annotations = new SortedDictionary<string, string>(f.Annotations.ToDictionary(), StringComparer.Ordinal),
        Facts = new SortedDictionary<string, string>(f.Facts.ToDictionary(), StringComparer.Ordinal),
    });

    public static string Canonical(IEnumerable<ComponentEvaluation> evaluations) => JsonSerializer.Serialize(evaluations);

    private static readonly CheckStatus[] Statuses = Enum.GetValues<CheckStatus>();

    /// <summary>A deterministic fleet evaluation: <paramref name="components"/> components with <paramref name="checks"/> results each.</summary>
    public static List<ComponentEvaluation> Evaluations(int components, int checks, int seed = 1)
    {
        var list = new List<ComponentEvaluation>(components);
        for (var c = 0; c < components; c++)
        {
            var results = new List<CheckResult>(checks);
            for (var k = 0; k < checks; k++)
            {
                var status = Statuses[(c * 7 + k * 3 + seed) % Statuses.Length];
                results.Add(new CheckResult(
                    $"check-{k:00}", k < 10 ? "bronze" : k < 20 ? "silver" : "gold", status,
                    status == CheckStatus.Pass ? "ok" : $"log4j-core 2.14.1 in services/c{c}/pom.xml line {k + 1} is on hold: below 2.17.1",
                    status == CheckStatus.Pass ? [] : [new Evidence("log4j-core 2.14.1 is on hold", $"services/c{c}/pom.xml", k + 1, "pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "log4j", "hold")],
                    status == CheckStatus.Pass ? null : "Upgrade log4j-core to 2.17.1 or later.",
                    Weight: 1 + k % 3,
                    ExemptionReason: status == CheckStatus.Exempt ? "vendor SDK lacks Java 21" : null,
                    ExemptUntil: status == CheckStatus.Exempt ? new DateOnly(2027, 3, 31) : null));
            }
            list.Add(new ComponentEvaluation($"component:default/c{c:00000}", $"c{c:00000}", "group:default/team-payments",
                (c * 37 + seed) % 101, ((c + seed) % 4) switch { 0 => null, 1 => "bronze", 2 => "silver", _ => "gold" }, results)
            {
                Lifecycle = c % 5 == 0 ? "deprecated" : "production",
                Type = c % 2 == 0 ? "service" : null,
            });
        }
        return list;
    }
}
