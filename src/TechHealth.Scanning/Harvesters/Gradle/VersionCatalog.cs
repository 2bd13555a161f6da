using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>
/// A Gradle version catalog (<c>gradle/libs.versions.toml</c>, a TOML file a settings script names, or entries a settings
/// script declares inline): versions, libraries, bundles and plugins by accessor path (<c>spring-boot-starter</c> is
/// reached as <c>libs.spring.boot.starter</c>), with version references followed.
/// Holds no facts itself: entries become facts where a build script uses them.
/// </summary>
internal sealed class VersionCatalog
{
    public required string Name { get; init; }
    public required string File { get; init; }
    /// <summary>[versions] entries by accessor (<c>libs.versions.spring.boot</c> reads <c>spring.boot</c>).</summary>
    public Dictionary<string, CatalogVersion> Versions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CatalogLibrary> Libraries { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Bundles { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CatalogPlugin> Plugins { get; } = new(StringComparer.Ordinal);
    public List<(int Line, string Message)> Problems { get; } = [];

    public bool IsEmpty => Versions.Count == 0 && Libraries.Count == 0 && Bundles.Count == 0 && Plugins.Count == 0;

    /// <summary>This catalog (read from a file) with the entries a settings script adds to it inline; the inline ones win.</summary>
    public VersionCatalog With(VersionCatalog inline)
    {
        foreach (var (k, v) in inline.Versions) Versions[k] = v;
        foreach (var (k, v) in inline.Libraries) Libraries[k] = v;
        foreach (var (k, v) in inline.Bundles) Bundles[k] = v;
        foreach (var (k, v) in inline.Plugins) Plugins[k] = v;
        return this;
    }

    /// <summary>Gradle maps '-', '_' and '.' in aliases to '.' in accessors; case is ignored here to be forgiving of camelCase accessors.</summary>
    public static string Accessor(string alias) => alias.Replace('-', '.').Replace('_', '.').ToLowerInvariant();

    public static VersionCatalog Read(string name, string file, TomlTable root)
    {
        var catalog = new VersionCatalog { Name = name, File = file };
        var versions = root.Table("versions") ?? new TomlTable(0);
        foreach (var (alias, node) in versions)
            if (Rich(node) is { } version) catalog.Versions[Accessor(alias)] = version;

        CatalogVersion? Version(TomlTable entry, string alias)
        {
            if (!entry.TryGet("version", out var node)) return null;
            switch (node)
            {
                case TomlValue v:
                    return CatalogVersion.Of(v.Text);
                case TomlTable t when t.String("ref") is { } reference:
                    if (versions.TryGet(reference, out var target)) return Rich(target);
                    catalog.Problems.Add((t.Line, $"'{alias}' refers to version '{reference}', which [versions] does not define"));
                    return new CatalogVersion($"version.ref = {reference}", null);
                case TomlTable t:
                    return Rich(t);
                default:
                    return null;
            }
        }

        foreach (var (alias, node) in root.Table("libraries") ?? Empty)
        {
            CatalogLibrary? library = node switch
            {
                TomlValue { Kind: TomlValueKind.String } s => FromNotation(s.Text, node.Line),
                TomlTable t when t.String("module") is { } module && module.Split(':') is [var g, var a] =>
                    new CatalogLibrary(g, a, Version(t, alias), node.Line),
                TomlTable t when t.String("group") is { } g && t.String("name") is { } a =>
                    new CatalogLibrary(g, a, Version(t, alias), node.Line),
                _ => null,
            };
            if (library is null) catalog.Problems.Add((node.Line, $"library '{alias}' needs \"group:name:version\", module = \"group:name\" or group and name"));
            else catalog.Libraries[Accessor(alias)] = library;
        }

        foreach (var (alias, node) in root.Table("bundles") ?? Empty)
        {
            if (node is TomlArray array) catalog.Bundles[Accessor(alias)] = array.Strings.Select(s => Accessor(s.Text)).ToList();
            else catalog.Problems.Add((node.Line, $"bundle '{alias}' must be an array of library aliases"));
        }

        foreach (var (alias, node) in root.Table("plugins") ?? Empty)
        {
            CatalogPlugin? plugin = node switch
            {
                TomlValue { Kind: TomlValueKind.String } s when s.Text.Split(':') is [var id, var v] => new CatalogPlugin(id, CatalogVersion.Of(v), node.Line),
                TomlValue { Kind: TomlValueKind.String } s => new CatalogPlugin(s.Text, null, node.Line),
                TomlTable t when t.String("id") is { } id => new CatalogPlugin(id, Version(t, alias), node.Line),
                _ => null,
            };
            if (plugin is null) catalog.Problems.Add((node.Line, $"plugin '{alias}' needs an id"));
            else catalog.Plugins[Accessor(alias)] = plugin;
        }
        return catalog;
    }

    /// <summary>The version a reference names, or a version whose text is null (with a problem recorded) when the catalog has none by that name.</summary>
    public CatalogVersion VersionRef(string reference, string alias, int line)
    {
        if (Versions.TryGetValue(Accessor(reference), out var version)) return version;
        Problems.Add((line, $"'{alias}' refers to version '{reference}', which the catalog does not define"));
        return new CatalogVersion($"versionRef = {reference}", null);
    }

    private static readonly TomlTable Empty = new(0);

    internal static CatalogLibrary? FromNotation(string notation, int line)
        => notation.Split(':') switch
        {
            [var g, var a] => new CatalogLibrary(g, a, null, line),
            [var g, var a, var v] => new CatalogLibrary(g, a, CatalogVersion.Of(v), line),
            _ => null,
        };

    /// <summary>A version is a string, or a rich version: <c>strictly</c> and <c>require</c> bound what is allowed, <c>prefer</c> is a wish.</summary>
    private static CatalogVersion? Rich(TomlNode node) => node switch
    {
        TomlValue v => CatalogVersion.Of(v.Text),
        TomlTable t when (t.String("strictly") ?? t.String("require") ?? t.String("prefer")) is { } text => CatalogVersion.Of(text),
        _ => null,
    };
}

internal sealed record CatalogLibrary(string Group, string Name, CatalogVersion? Version, int Line);

internal sealed record CatalogPlugin(string Id, CatalogVersion? Version, int Line);

/// <summary>The version text as written in the catalog; <see cref="Text"/> is null when a reference leads nowhere.</summary>
internal sealed record CatalogVersion(string Declared, string? Text)
{
    public static CatalogVersion Of(string text) => new(text, text);
}
