using System.Xml;
using System.Xml.Linq;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>What one pom.xml says, as written (no property is resolved here). Built by <see cref="Pom.Read"/>.</summary>
internal sealed class Pom
{
    public required string File { get; init; }
    public string? GroupId { get; init; }
    public required string ArtifactId { get; init; }
    public string? Version { get; init; }
    public PomParent? Parent { get; init; }
    public Dictionary<string, PomValue> Properties { get; } = new(StringComparer.Ordinal);
    public List<PomDependency> Dependencies { get; } = [];
    public List<PomDependency> ManagedDependencies { get; } = [];
    public List<PomPlugin> Plugins { get; } = [];
    public List<PomPlugin> ManagedPlugins { get; } = [];
    public List<PomValue> Modules { get; } = [];

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
        foreach (var property in Child(project, "properties")?.Elements() ?? [])
            pom.Properties[property.Name.LocalName] = new PomValue(property.Value.Trim(), LineOf(property));
        pom.Dependencies.AddRange(ReadDependencies(Child(project, "dependencies")));
        pom.ManagedDependencies.AddRange(ReadDependencies(Child(Child(project, "dependencyManagement"), "dependencies")));
        var build = Child(project, "build");
        pom.Plugins.AddRange(ReadPlugins(Child(build, "plugins")));
        pom.ManagedPlugins.AddRange(ReadPlugins(Child(Child(build, "pluginManagement"), "plugins")));
        foreach (var module in Child(project, "modules")?.Elements().Where(e => e.Name.LocalName == "module") ?? [])
            pom.Modules.Add(new PomValue(module.Value.Trim(), LineOf(module)));
        return pom;
    }

    private static IEnumerable<PomDependency> ReadDependencies(XElement? list)
        => (list?.Elements() ?? []).Where(e => e.Name.LocalName == "dependency").Select(d => new PomDependency(
            Text(d, "groupId"), Text(d, "artifactId"), Text(d, "version"), Text(d, "scope"), Text(d, "type"), Text(d, "classifier"),
            string.Equals(Text(d, "optional"), "true", StringComparison.OrdinalIgnoreCase), LineOf(d)));

    private static IEnumerable<PomPlugin> ReadPlugins(XElement? list)
        => (list?.Elements() ?? []).Where(e => e.Name.LocalName == "plugin").Select(p =>
        {
            var configuration = Child(p, "configuration");
            var release = Child(configuration, "release");
            var source = Child(configuration, "source");
            return new PomPlugin(Text(p, "groupId") ?? "org.apache.maven.plugins", Text(p, "artifactId"), Text(p, "version"), LineOf(p),
                release is null ? null : new PomValue(release.Value.Trim(), LineOf(release)),
                source is null ? null : new PomValue(source.Value.Trim(), LineOf(source)),
                ReadDependencies(Child(p, "dependencies")).ToList());
        });

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement? parent, string name) => Child(parent, name)?.Value.Trim() is { Length: > 0 } s ? s : null;

    private static int LineOf(XElement e) => ((IXmlLineInfo)e).HasLineInfo() ? ((IXmlLineInfo)e).LineNumber : 0;
}

internal sealed record PomValue(string Text, int Line);

/// <summary>A <c>&lt;parent&gt;</c>; <see cref="RelativePath"/> is null when not written (Maven then looks in ../pom.xml) and empty when written empty.</summary>
internal sealed record PomParent(string? GroupId, string? ArtifactId, string? Version, string? RelativePath, int Line);

internal sealed record PomDependency(string? GroupId, string? ArtifactId, string? Version, string? Scope, string? Type, string? Classifier, bool Optional, int Line);

/// <summary>A build plugin; <see cref="Dependencies"/> are the tools it is given (a Checkstyle release, a code generator).</summary>
internal sealed record PomPlugin(string GroupId, string? ArtifactId, string? Version, int Line, PomValue? Release, PomValue? Source, IReadOnlyList<PomDependency> Dependencies);
