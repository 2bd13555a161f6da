using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>
/// One POM seen through its in-repository parents: property values (the child's win), the built-in
/// <c>project.*</c> and <c>parent.*</c> values, managed dependency versions (including imported BOMs found in the
/// repository) and managed plugin versions. Interpolation happens in the child's context, as in Maven's effective model.
/// Seen with one of the POM's profiles (not active by default), that profile is injected into the POM: its properties and
/// managed versions win over the POM's own, as when the build activates it. User properties (<c>-D</c> in the project's
/// <c>.mvn/maven.config</c>) win over every POM property, as in Maven's interpolation; only <c>project.*</c> values come first.
/// </summary>
internal sealed partial class EffectivePom
{
    private const int MaxDepth = 16;
    private const int MaxLength = 4096;
    private readonly Dictionary<string, Pom> _byKey;
    // Where an interpolation past its budget is reported (the value itself ends unresolved, as an undefined property would).
    private readonly HarvestSink? _sink;

    public EffectivePom(Pom pom, IReadOnlyList<Pom> chain, Dictionary<string, Pom> byKey, Func<Pom, IReadOnlyList<Pom>> chainOf,
        HashSet<string>? importing = null, PomProfile? profile = null, IReadOnlyDictionary<string, string>? userProperties = null, HarvestSink? sink = null)
    {
        _sink = sink;
        UserProperties = userProperties ?? EmptyProperties;
        Pom = pom;
        Chain = chain;
        Profile = profile;
        _byKey = byKey;
        Managed = BuildManaged(chainOf, importing ?? new HashSet<string>(StringComparer.Ordinal) { pom.Key });
        ManagedPlugins = BuildManagedPlugins();
    }

    private static readonly Dictionary<string, string> EmptyProperties = new(StringComparer.Ordinal);

    public Pom Pom { get; }

    /// <summary>The <c>-D</c> properties every build of this POM's project is given.</summary>
    public IReadOnlyDictionary<string, string> UserProperties { get; }

    /// <summary>The profile this view activates on top of the POM, or null for the build as it runs by default.</summary>
    public PomProfile? Profile { get; }

    /// <summary>The POM itself first, then its parents that live in the repository.</summary>
    public IReadOnlyList<Pom> Chain { get; }

    /// <summary>Managed versions by groupId:artifactId; nearer declarations win, imported BOMs come last.</summary>
    public Dictionary<string, ManagedVersion> Managed { get; }

    public Dictionary<string, ManagedVersion> ManagedPlugins { get; }

    /// <summary>Resolves every <c>${...}</c>; <c>Unresolved</c> names the first property nobody defines.</summary>
    public (string? Value, string? Unresolved) Interpolate(string? text)
    {
        if (text is null) return (null, null);
        string? missing = null;
        var value = text;
        // Self-multiplying properties (a=${a}${a}) would grow without bound; such a value is not a version anyway.
        var budget = new ExpansionBudget(MaxLength);
        try
        {
            for (var depth = 0; depth < MaxDepth && value.Contains("${", StringComparison.Ordinal); depth++)
            {
                var before = value;
                value = budget.Replace(PropertyReference(), value, m =>
                {
                    var name = m.Groups[1].Value;
                    var found = Property(name);
                    if (found is null) { missing ??= name; return null; }
                    return found;
                }, Pom.File, 0, $"'{(text.Length <= 60 ? text : text[..60] + "...")}'");
                if (value == before) break;
            }
        }
        catch (ExpansionBudgetExceededException e)
        {
            var first = PropertyReference().Match(text).Groups[1].Value;
            var (file, line) = Declaration(first);
            var issue = new Core.Facts.ScanIssue(Core.Facts.ScanIssueSeverity.Warning, file, line, $"property '{first}': {e.Message}");
            if (_sink is not null && !_sink.Issues.Contains(issue)) _sink.Issue(issue.Severity, issue.File, issue.Line, issue.Message);
            return (null, first);
        }
        if (missing is null && value.Contains("${", StringComparison.Ordinal)) missing = PropertyReference().Match(value).Groups[1].Value;
        return missing is null ? (value, null) : (null, missing);
    }

    /// <summary>Where a property is defined (the profile, the POM, then its parents), for an issue; the POM itself at line 0 when nowhere.</summary>
    private (string File, int Line) Declaration(string name)
    {
        if (Profile is not null && Profile.Properties.TryGetValue(name, out var own)) return (Pom.File, own.Line);
        foreach (var pom in Chain)
            if (pom.Properties.TryGetValue(name, out var value)) return (pom.File, value.Line);
        return (Pom.File, 0);
    }

    /// <summary>A property as Maven sees it for this POM; null when nothing in the repository defines it.</summary>
    public string? Property(string name)
    {
        // Maven reads the model's own values (project.version) before the user properties, and the user properties before the POM's.
        if (UserProperties.TryGetValue(name, out var user)
            && (!(name.StartsWith("project.", StringComparison.Ordinal) || name.StartsWith("pom.", StringComparison.Ordinal)) || BuiltIn(name) is null))
            return user;
        if (Profile is not null && Profile.Properties.TryGetValue(name, out var own)) return own.Text;
        foreach (var pom in Chain)
            if (pom.Properties.TryGetValue(name, out var value)) return value.Text;
        return BuiltIn(name);
    }

    private string? BuiltIn(string name)
    {
        var parent = Pom.Parent;
        return name switch
        {
            "project.version" or "pom.version" or "version" => Pom.Version ?? parent?.Version,
            "project.groupId" or "pom.groupId" or "groupId" => Pom.EffectiveGroupId,
            "project.artifactId" or "pom.artifactId" or "artifactId" => Pom.ArtifactId,
            "project.parent.version" or "parent.version" => parent?.Version,
            "project.parent.groupId" or "parent.groupId" => parent?.GroupId,
            "project.parent.artifactId" or "parent.artifactId" => parent?.ArtifactId,
            _ => null,
        };
    }

    private Dictionary<string, ManagedVersion> BuildManaged(Func<Pom, IReadOnlyList<Pom>> chainOf, HashSet<string> importing)
    {
        var managed = new Dictionary<string, ManagedVersion>(StringComparer.Ordinal);
        var imports = new List<Pom>();
        var layers = Chain.Select(p => (p.File, Managed: (IEnumerable<PomDependency>)p.ManagedDependencies));
        if (Profile is not null) layers = layers.Prepend((Pom.File, Profile.ManagedDependencies));
        foreach (var (file, dependencies) in layers)
        {
            foreach (var d in dependencies)
            {
                var group = Interpolate(d.GroupId).Value;
                var artifact = Interpolate(d.ArtifactId).Value;
                if (group is null || artifact is null) continue;
                var key = $"{group}:{artifact}";
                if (d.Scope == "import")
                {
                    if (_byKey.TryGetValue(key, out var bom) && importing.Add(key)) imports.Add(bom);
                    continue;
                }
                if (managed.ContainsKey(key)) continue;
                var (version, missing) = Interpolate(d.Version);
                managed[key] = new ManagedVersion(d.Version, version, missing, d.Scope, file, d.Line);
            }
        }
        // An imported BOM is read in its own context: its properties, not the importer's. The shared set stops import cycles.
        foreach (var bom in imports)
        {
            var effective = new EffectivePom(bom, chainOf(bom), _byKey, chainOf, importing, userProperties: UserProperties, sink: _sink);
            foreach (var (key, value) in effective.Managed) managed.TryAdd(key, value);
        }
        return managed;
    }

    private Dictionary<string, ManagedVersion> BuildManagedPlugins()
    {
        var managed = new Dictionary<string, ManagedVersion>(StringComparer.Ordinal);
        // A parent's own build plugins also fix the version its children inherit.
        var layers = Chain.Select(pom => (pom.File, Plugins: pom.ManagedPlugins.Concat(pom == Pom ? [] : pom.Plugins)));
        if (Profile is not null) layers = layers.Prepend((Pom.File, Profile.ManagedPlugins));
        foreach (var (file, plugins) in layers)
        {
            foreach (var p in plugins)
            {
                if (p.ArtifactId is null || p.Version is null) continue;
                var key = $"{p.GroupId}:{p.ArtifactId}";
                if (managed.ContainsKey(key)) continue;
                var (version, missing) = Interpolate(p.Version);
                managed[key] = new ManagedVersion(p.Version, version, missing, null, file, p.Line);
            }
        }
        return managed;
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex PropertyReference();
}

/// <summary>A version fixed by dependencyManagement or pluginManagement: as written, resolved (or the missing property), and where.</summary>
internal sealed record ManagedVersion(string? Declared, string? Version, string? MissingProperty, string? Scope, string File, int Line);
