using TechHealth.Core.Catalog;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Versioning;

namespace TechHealth.Certification.Tests;

/// <summary>A clock that says what the test tells it to.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Definitions and facts built in code, the way the definitions loader and the harvesters would produce them.</summary>
public static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static PurlPattern Pattern(string text)
        => PurlPattern.TryParse(text, out var p, out var error) ? p! : throw new ArgumentException(error);

    public static VersionRule Rule(string range, string ring, string? reason = null, string type = "maven")
    {
        var parsed = VersionRange.ParseComparators(range, Versions.SchemeForPurlType(type));
        if (!parsed.Success) throw new ArgumentException(parsed.Error);
        return new VersionRule(parsed.Value!, ring, reason, SourceLocation.None);
    }

    public static RadarEntry Entry(string id, string ring, string quadrant, params string[] packages) => new()
    {
        Id = id, Title = id, Ring = ring, Quadrant = quadrant, Packages = packages.Select(Pattern).ToList(),
    };

    /// <summary>A radar like the design's: lodash with a hold floor, moment on hold and retiring, runtimes, an image.</summary>
    public static Radar Radar(DateOnly? momentRetireBy = null) => new(
        "Test radar",
        [new Ring("adopt", "Adopt"), new Ring("trial", "Trial"), new Ring("assess", "Assess"), new Ring("hold", "Hold")],
        [new Quadrant("languages-and-runtimes", "Languages"), new Quadrant("frameworks-and-libraries", "Frameworks"), new Quadrant("infrastructure", "Infrastructure")],
        [
            Entry("lodash", "adopt", "frameworks-and-libraries", "pkg:npm/lodash") with
            {
                Versions = [Rule("<4.17.21", "hold", "CVE-2021-23337", "npm")],
            },
            Entry("moment", "hold", "frameworks-and-libraries", "pkg:npm/moment") with
            {
                RetireBy = momentRetireBy ?? new DateOnly(2027, 1, 31), ReplacedBy = ["date-fns"],
            },
            Entry("date-fns", "adopt", "frameworks-and-libraries", "pkg:npm/date-fns"),
            Entry("java", "adopt", "languages-and-runtimes", "pkg:runtime/java") with
            {
                Versions = [Rule("<17", "hold", "out of support", "runtime"), Rule(">=17 <21", "trial", "upgrade to 21", "runtime")],
            },
            Entry("node", "adopt", "languages-and-runtimes", "pkg:runtime/node"),
            Entry("spring", "trial", "frameworks-and-libraries", "pkg:maven/org.springframework/*"),
            Entry("spring-core", "adopt", "frameworks-and-libraries", "pkg:maven/org.springframework/spring-core"),
            Entry("temurin", "adopt", "infrastructure", "pkg:docker/eclipse-temurin"),
        ]);

    public static DependencyFact Dep(string purl, string? version, string file = "pom.xml", int line = 1,
        TechnologyKind kind = TechnologyKind.Library, DependencyScope scope = DependencyScope.Runtime, bool unresolved = false)
    {
        var p = PackageUrl.Parse(purl);
        return new DependencyFact
        {
            Ecosystem = p.Type, Purl = p, Version = version, File = file, Line = line, Kind = kind, Scope = scope, Unresolved = unresolved,
        };
    }

    public static DependencyFact Runtime(string name, string version, string file = ".tool-versions", int line = 1)
        => Dep($"pkg:runtime/{name}", version, file, line, TechnologyKind.Runtime);

    public static ComponentFacts Component(string name, string? owner = "group:default/team-a", string? type = "service",
        string? lifecycle = "production", IEnumerable<DependencyFact>? deps = null, IEnumerable<string>? files = null,
        IReadOnlyDictionary<string, string>? facts = null, IReadOnlyDictionary<string, string>? annotations = null, string path = "")
        => new()
        {
            Name = name, Owner = owner, Type = type, Lifecycle = lifecycle, Source = "test", Repository = name, Path = path,
            Dependencies = deps?.ToList() ?? [], Files = files?.ToList() ?? [],
            Facts = facts ?? new Dictionary<string, string>(), Annotations = annotations ?? new Dictionary<string, string>(),
        };

    public static CheckDefinition Check(string id, string level, RuleNode rule, double weight = 1, AppliesTo? appliesTo = null, string? remediation = null) => new()
    {
        Id = id, Title = id, Level = level, Rule = rule, Weight = weight, AppliesTo = appliesTo, Remediation = remediation ?? $"fix {id}",
    };

    public static readonly SourceLocation At = new("checks/test.yaml", 3, 5);

    public static FileCondition File(string glob, string? contains = null) => new(glob, contains, At);
    public static FactCondition Fact(string fact, string op, params string[] values) => new(fact, op, values, At);
    public static AnnotationCondition Annotation(string name, string? value = null) => new(name, value, At);
    public static AllRule All(params RuleNode[] children) => new(children, At);
    public static AnyRule Any(params RuleNode[] children) => new(children, At);
    public static NotRule Not(RuleNode child) => new(child, At);
    public static RadarCondition RadarRule(RadarQuantifier q, RadarSelector selector) => new(q, selector, At);

    public static readonly string[] Levels = ["bronze", "silver", "gold"];

    public static DefinitionSet Definitions(IEnumerable<CheckDefinition> checks, Radar? radar = null,
        IEnumerable<ExemptionDefinition>? exemptions = null, IEnumerable<GateDefinition>? gates = null, string version = "v1")
        => new(radar ?? Radar(), new CheckSet(Levels, checks.ToList(), exemptions?.ToList() ?? [], gates?.ToList() ?? []), version, Now);

    public static GateDefinition Gate(string id, string minLevel, string[]? requireChecks = null, string[]? blocked = null)
        => new(id, id, minLevel, requireChecks ?? [], blocked ?? [], null, SourceLocation.None);

    public static OrgGroup Group(string name, string type, string? parent)
        => new($"group:default/{name}", name, null, type, parent is null ? null : $"group:default/{parent}");
}
