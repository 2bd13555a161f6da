using System.Xml;
using System.Xml.Linq;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>
/// What one pom.xml says, as written (no property is resolved here). <see cref="Activate"/> injects the profiles a plain
/// build (with the project's maven.config) activates into the POM's own lists as Maven does; <see cref="Profiles"/> keeps the others apart.
/// </summary>
internal sealed class Pom : PomBuildContent
{
    public required string File { get; init; }
    public string? GroupId { get; init; }
    public required string ArtifactId { get; init; }
    public string? Version { get; init; }
    public PomParent? Parent { get; init; }

    /// <summary>Every profile, in the order the POM declares them.</summary>
    public List<PomProfile> DeclaredProfiles { get; } = [];

    /// <summary>After <see cref="Activate"/>: the profiles a plain build does not activate, used only when asked (<c>-P</c>) or when their activation matches elsewhere.</summary>
    public List<PomProfile> Profiles { get; } = [];

    /// <summary>The group the project publishes under: its own, or inherited from the parent.</summary>
    public string? EffectiveGroupId => GroupId ?? Parent?.GroupId;

    public string Key => $"{EffectiveGroupId}:{ArtifactId}";

    /// <summary>Parses a POM with DTDs prohibited and no resolver, so a hostile file cannot expand entities or fetch anything.</summary>
    public static Pom Read(string file, string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var project = XDocument.Load(reader, LoadOptions.SetLineInfo).Root
            ?? throw new XmlException("the file has no root element");
        if (project.Name.LocalName != "project") throw new XmlException($"root element is <{project.Name.LocalName}>, expected <project>", null, LineOf(project), 1);

        var parentElement = Child(project, "parent");
        var pom = new Pom
        {
            File = file,
            GroupId = Text(project, "groupId"),
            ArtifactId = Text(project, "artifactId") ?? throw new XmlException("<project> has no <artifactId>", null, LineOf(project), 1),
            Version = Text(project, "version"),
            Parent = parentElement is null ? null : new PomParent(
                Text(parentElement, "groupId"), Text(parentElement, "artifactId"), Text(parentElement, "version"),
                Child(parentElement, "relativePath") is { } rp ? rp.Value.Trim() : null, LineOf(parentElement)),
        };
        ReadBody(project, pom);
        foreach (var element in Child(project, "profiles")?.Elements().Where(e => e.Name.LocalName == "profile") ?? [])
        {
            var profile = new PomProfile(Text(element, "id") ?? "default", LineOf(element), ReadActivation(Child(element, "activation")));
            ReadBody(element, profile);
            pom.DeclaredProfiles.Add(profile);
        }
        return pom;
    }

    /// <summary>
    /// Maven's rule for one POM (its DefaultProfileSelector): a profile maven.config deactivates is off whatever its activation
    /// says; one it activates, or whose activation matches, is active, in declaration order (a later one's values win); only
    /// when no profile of the POM is active that way are the profiles marked activeByDefault active instead.
    /// Call once, parents before children.
    /// </summary>
    public void Activate(Func<PomProfile, ProfileActivationState> state, MavenConfig config)
    {
        var active = new List<PomProfile>();
        var byDefault = new List<PomProfile>();
        foreach (var profile in DeclaredProfiles)
        {
            if (config.DeactivatedProfiles.Contains(profile.Id)) continue;
            if (config.ActivatedProfiles.Contains(profile.Id) || state(profile) == ProfileActivationState.Active) active.Add(profile);
            else if (profile.Activation.ActiveByDefault) byDefault.Add(profile);
        }
        if (active.Count == 0) active = byDefault;
        foreach (var profile in active) Inject(profile);
        Profiles.AddRange(DeclaredProfiles.Except(active));
    }

    private static PomActivation ReadActivation(XElement? activation)
    {
        if (activation is null) return PomActivation.None;
        var property = Child(activation, "property");
        var file = Child(activation, "file");
        return new PomActivation(
            string.Equals(Text(activation, "activeByDefault"), "true", StringComparison.OrdinalIgnoreCase),
            Text(activation, "jdk"),
            Child(activation, "os") is not null,
            property is null ? null : new PomActivationProperty(Text(property, "name") ?? "", Text(property, "value")),
            Text(file, "exists"),
            Text(file, "missing"),
            LineOf(activation));
    }

    /// <summary>The parts a project and a profile share: properties, dependencies, their management, build plugins, modules.</summary>
    private static void ReadBody(XElement element, PomBuildContent into)
    {
        foreach (var property in Child(element, "properties")?.Elements() ?? [])
            into.Properties[property.Name.LocalName] = new PomValue(property.Value.Trim(), LineOf(property));
        into.Dependencies.AddRange(ReadDependencies(Child(element, "dependencies")));
        into.ManagedDependencies.AddRange(ReadDependencies(Child(Child(element, "dependencyManagement"), "dependencies")));
        var build = Child(element, "build");
        into.Plugins.AddRange(ReadPlugins(Child(build, "plugins")));
        // Build extensions and site reporting plugins are resolved and run by Maven like build plugins.
        into.Plugins.AddRange(ReadPlugins(Child(build, "extensions"), "extension"));
        into.Plugins.AddRange(ReadPlugins(Child(Child(element, "reporting"), "plugins")));
        into.ManagedPlugins.AddRange(ReadPlugins(Child(Child(build, "pluginManagement"), "plugins")));
        foreach (var module in Child(element, "modules")?.Elements().Where(e => e.Name.LocalName == "module") ?? [])
            into.Modules.Add(new PomValue(module.Value.Trim(), LineOf(module)));
    }

    /// <summary>
    /// Maven's profile injection: the profile's properties replace the POM's of the same name, and a dependency or plugin it
    /// repeats is merged with the profile's values winning (what it leaves out, the POM's declaration still says).
    /// </summary>
    private void Inject(PomProfile profile)
    {
        foreach (var (name, value) in profile.Properties) Properties[name] = value;
        MergeDependencies(Dependencies, profile.Dependencies);
        MergeDependencies(ManagedDependencies, profile.ManagedDependencies);
        MergePlugins(Plugins, profile.Plugins);
        MergePlugins(ManagedPlugins, profile.ManagedPlugins);
        foreach (var module in profile.Modules)
            if (!Modules.Any(m => m.Text == module.Text)) Modules.Add(module);
    }

    private static void MergeDependencies(List<PomDependency> into, List<PomDependency> dominant)
    {
        foreach (var d in dominant)
        {
            var i = into.FindIndex(m => m.GroupId == d.GroupId && m.ArtifactId == d.ArtifactId && (m.Type ?? "jar") == (d.Type ?? "jar") && m.Classifier == d.Classifier);
            if (i < 0) { into.Add(d); continue; }
            var m = into[i];
            into[i] = d with { Version = d.Version ?? m.Version, Scope = d.Scope ?? m.Scope, Optional = d.Optional || m.Optional };
        }
    }

    private static void MergePlugins(List<PomPlugin> into, List<PomPlugin> dominant)
    {
        foreach (var p in dominant)
        {
            var i = into.FindIndex(m => m.GroupId == p.GroupId && m.ArtifactId == p.ArtifactId);
            if (i < 0) { into.Add(p); continue; }
            var m = into[i];
            into[i] = p with { Version = p.Version ?? m.Version, Release = p.Release ?? m.Release, Source = p.Source ?? m.Source, Dependencies = [.. m.Dependencies, .. p.Dependencies] };
        }
    }

    private static IEnumerable<PomDependency> ReadDependencies(XElement? list)
        => (list?.Elements() ?? []).Where(e => e.Name.LocalName == "dependency").Select(d => new PomDependency(
            Text(d, "groupId"), Text(d, "artifactId"), Text(d, "version"), Text(d, "scope"), Text(d, "type"), Text(d, "classifier"),
            string.Equals(Text(d, "optional"), "true", StringComparison.OrdinalIgnoreCase), LineOf(d)));

    private static IEnumerable<PomPlugin> ReadPlugins(XElement? list, string element = "plugin")
        => (list?.Elements() ?? []).Where(e => e.Name.LocalName == element).Select(p =>
        {
            var configuration = Child(p, "configuration");
            var release = Child(configuration, "release");
            var source = Child(configuration, "source");
            return new PomPlugin(Text(p, "groupId") ?? "org.apache.maven.plugins", Text(p, "artifactId"), Text(p, "version"), LineOf(p),
                release is null ? null : new PomValue(release.Value.Trim(), LineOf(release)),
                source is null ? null : new PomValue(source.Value.Trim(), LineOf(source)),
                ReadDependencies(Child(p, "dependencies")).Concat(AnnotationProcessors(configuration)).ToList());
        });

    /// <summary>The compiler plugin's <c>annotationProcessorPaths</c> (Error Prone, NullAway, Lombok): artifacts the build resolves and runs.</summary>
    private static IEnumerable<PomDependency> AnnotationProcessors(XElement? configuration)
        => (Child(configuration, "annotationProcessorPaths")?.Elements() ?? []).Where(e => e.Name.LocalName is "path" or "annotationProcessorPath").Select(d => new PomDependency(
            Text(d, "groupId"), Text(d, "artifactId"), Text(d, "version"), null, Text(d, "type"), Text(d, "classifier"), false, LineOf(d)));

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement? parent, string name) => Child(parent, name)?.Value.Trim() is { Length: > 0 } s ? s : null;

    private static int LineOf(XElement e) => ((IXmlLineInfo)e).HasLineInfo() ? ((IXmlLineInfo)e).LineNumber : 0;
}

internal sealed record PomValue(string Text, int Line);

/// <summary>
/// What a POM and each of its profiles declare alike (Maven's ModelBase and BuildBase): properties, dependencies and
/// their management, plugins and their management, modules. A profile that is active adds its content to its POM's.
/// </summary>
internal abstract class PomBuildContent
{
    public Dictionary<string, PomValue> Properties { get; } = new(StringComparer.Ordinal);
    public List<PomDependency> Dependencies { get; } = [];
    public List<PomDependency> ManagedDependencies { get; } = [];
    public List<PomPlugin> Plugins { get; } = [];
    public List<PomPlugin> ManagedPlugins { get; } = [];
    public List<PomValue> Modules { get; } = [];
}

/// <summary>A <c>&lt;profile&gt;</c> as written: how it is activated, and what it adds to the build when it is active.</summary>
internal sealed class PomProfile(string id, int line, PomActivation activation) : PomBuildContent
{
    public string Id { get; } = id;
    public int Line { get; } = line;
    public PomActivation Activation { get; } = activation;

    /// <summary>The condition its facts carry (<see cref="TechHealth.Core.Facts.DependencyFact.Condition"/>).</summary>
    public string Condition => $"profile:{Id}";
}

/// <summary>A profile's <c>&lt;activation&gt;</c> as written: <see cref="Os"/> is true when it names an operating system at all.</summary>
internal sealed record PomActivation(bool ActiveByDefault, string? Jdk, bool Os, PomActivationProperty? Property, string? FileExists, string? FileMissing, int Line)
{
    public static readonly PomActivation None = new(false, null, false, null, null, null, 0);
}

/// <summary><c>&lt;property&gt;&lt;name&gt;!x&lt;/name&gt;&lt;value&gt;v&lt;/value&gt;&lt;/property&gt;</c>, as written.</summary>
internal sealed record PomActivationProperty(string Name, string? Value);

/// <summary>A <c>&lt;parent&gt;</c>; <see cref="RelativePath"/> is null when not written (Maven then looks in ../pom.xml) and empty when written empty.</summary>
internal sealed record PomParent(string? GroupId, string? ArtifactId, string? Version, string? RelativePath, int Line);

internal sealed record PomDependency(string? GroupId, string? ArtifactId, string? Version, string? Scope, string? Type, string? Classifier, bool Optional, int Line);

/// <summary>A build plugin; <see cref="Dependencies"/> are the tools it is given (a Checkstyle release, a code generator).</summary>
internal sealed record PomPlugin(string GroupId, string? ArtifactId, string? Version, int Line, PomValue? Release, PomValue? Source, IReadOnlyList<PomDependency> Dependencies);
