using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>
/// One catalog a settings script declares in <c>dependencyResolutionManagement { versionCatalogs { ... } }</c>: the TOML
/// file it is made <c>from(files(...))</c> (as written, relative to the settings script's folder), a published catalog
/// it is made <c>from("group:artifact:version")</c>, and what it declares inline (<c>version</c>, <c>library</c>,
/// <c>bundle</c>, <c>plugin</c>). Text only: loading the file it names is the harvester's job.
/// </summary>
internal sealed record SettingsCatalog(string Name, int Line, string? FromFile, int FromFileLine, string? Published, int PublishedLine, VersionCatalog Inline);

internal static partial class SettingsCatalogReader
{
    public static List<SettingsCatalog> Read(string file, string text)
    {
        var code = GradleScriptReader.StripComments(text);
        var catalogs = new List<SettingsCatalog>();
        foreach (Match block in VersionCatalogsBlock().Matches(code))
        {
            var bodyEnd = GradleScriptReader.BlockEnd(code, block.Index + block.Length);
            var i = block.Index + block.Length;
            while (i < bodyEnd)
            {
                var entry = CatalogEntry().Match(code, i, bodyEnd - i);
                if (!entry.Success) break;
                var end = GradleScriptReader.BlockEnd(code, entry.Index + entry.Length);
                catalogs.Add(ReadEntry(entry.Groups["name"].Value, file, code, entry.Index + entry.Length, Math.Max(entry.Index + entry.Length, end - 1), LineAt(code, entry.Index)));
                i = end;
            }
        }
        return catalogs;
    }

    /// <summary>The name <c>defaultLibrariesExtensionName</c> gives the catalog Gradle makes from <c>gradle/libs.versions.toml</c>, or null when not renamed.</summary>
    public static string? DefaultCatalogName(string text)
        => DefaultName().Match(GradleScriptReader.StripComments(text)) is { Success: true } m ? m.Groups["name"].Value : null;

    private static SettingsCatalog ReadEntry(string name, string file, string code, int start, int end, int line)
    {
        var body = code[start..end];
        int Line(Match m) => LineAt(code, start + m.Index);
        var catalog = new VersionCatalog { Name = name, File = file };

        // Versions first: a library or plugin may refer to a version declared below it.
        foreach (Match m in InlineVersion().Matches(body))
            catalog.Versions[VersionCatalog.Accessor(m.Groups["alias"].Value)] = CatalogVersion.Of(m.Groups["v"].Value);

        foreach (Match m in InlineLibrary().Matches(body))
        {
            var alias = m.Groups["alias"].Value;
            var version = ChainedVersion(catalog, body, m.Index + m.Length, alias, Line(m));
            CatalogLibrary? library = m.Groups["name"].Success
                ? new CatalogLibrary(m.Groups["module"].Value, m.Groups["name"].Value, version, Line(m))
                : VersionCatalog.FromNotation(m.Groups["module"].Value, Line(m)) is { } notation ? notation with { Version = version ?? notation.Version } : null;
            if (library is null) catalog.Problems.Add((Line(m), $"library '{alias}' needs \"group:name:version\", \"group:name\" or a group and a name"));
            else catalog.Libraries[VersionCatalog.Accessor(alias)] = library;
        }

        foreach (Match m in InlinePlugin().Matches(body))
        {
            var alias = m.Groups["alias"].Value;
            catalog.Plugins[VersionCatalog.Accessor(alias)] = new CatalogPlugin(m.Groups["id"].Value, ChainedVersion(catalog, body, m.Index + m.Length, alias, Line(m)), Line(m));
        }

        foreach (Match m in InlineBundle().Matches(body))
            catalog.Bundles[VersionCatalog.Accessor(m.Groups["alias"].Value)] = Literal().Matches(m.Groups["items"].Value)
                .Select(item => VersionCatalog.Accessor(item.Groups["s"].Value)).ToList();

        var from = FromFiles().Match(body);
        var published = FromPublished().Match(body);
        return new SettingsCatalog(name, line,
            from.Success ? from.Groups["path"].Value : null, from.Success ? Line(from) : 0,
            published.Success ? published.Groups["notation"].Value : null, published.Success ? Line(published) : 0,
            catalog);
    }

    /// <summary><c>.version("1.0")</c>, <c>.versionRef("x")</c>, or a rich <c>.version { strictly("1.0") }</c> after a library or plugin; null for none or <c>withoutVersion()</c>.</summary>
    private static CatalogVersion? ChainedVersion(VersionCatalog catalog, string body, int at, string alias, int line)
    {
        var chain = VersionChain().Match(body, at);
        if (!chain.Success) return null;
        if (chain.Groups["ref"].Success) return catalog.VersionRef(chain.Groups["ref"].Value, alias, line);
        if (chain.Groups["v"].Success) return CatalogVersion.Of(chain.Groups["v"].Value);
        return chain.Groups["rich"].Success ? CatalogVersion.Of(chain.Groups["rich"].Value) : null;
    }

    private static int LineAt(string code, int index) => code.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\bdefaultLibrariesExtensionName\s*(?:=|\.set\s*\()\s*[""'](?<name>[A-Za-z_]\w*)[""']")]
    private static partial Regex DefaultName();

    [GeneratedRegex(@"(?<![\w.])versionCatalogs\s*\{")]
    private static partial Regex VersionCatalogsBlock();

    [GeneratedRegex(@"\G[\s;]*(?:(?:create|register|maybeCreate)\s*\(\s*[""'](?<name>[A-Za-z_]\w*)[""']\s*\)|(?<name>[A-Za-z_]\w*))\s*\{")]
    private static partial Regex CatalogEntry();

    [GeneratedRegex(@"\bfrom\s*\(\s*files?\s*\(\s*[""'](?<path>[^""'\n]+)[""']\s*\)\s*\)")]
    private static partial Regex FromFiles();

    [GeneratedRegex(@"\bfrom\s*\(\s*[""'](?<notation>[^""'\n]+)[""']\s*\)")]
    private static partial Regex FromPublished();

    [GeneratedRegex(@"(?<![\w.])version\s*\(\s*[""'](?<alias>[^""'\n]+)[""']\s*,\s*[""'](?<v>[^""'\n]*)[""']\s*\)")]
    private static partial Regex InlineVersion();

    [GeneratedRegex(@"(?<![\w.])library\s*\(\s*[""'](?<alias>[^""'\n]+)[""']\s*,\s*[""'](?<module>[^""'\n]+)[""']\s*(?:,\s*[""'](?<name>[^""'\n]+)[""']\s*)?\)")]
    private static partial Regex InlineLibrary();

    [GeneratedRegex(@"(?<![\w.])plugin\s*\(\s*[""'](?<alias>[^""'\n]+)[""']\s*,\s*[""'](?<id>[^""'\n]+)[""']\s*\)")]
    private static partial Regex InlinePlugin();

    [GeneratedRegex(@"(?<![\w.])bundle\s*\(\s*[""'](?<alias>[^""'\n]+)[""']\s*,\s*(?:listOf\s*\(|\[)(?<items>[^\]\)]*)[\]\)]")]
    private static partial Regex InlineBundle();

    [GeneratedRegex(@"\G\s*\.\s*(?:versionRef\s*\(\s*[""'](?<ref>[^""'\n]+)[""']\s*\)|version\s*\(\s*[""'](?<v>[^""'\n]*)[""']\s*\)|version\s*\{[^}]*?\b(?:strictly|require|prefer)\s*\(?\s*[""'](?<rich>[^""'\n]*)[""']|withoutVersion\s*\(\s*\))")]
    private static partial Regex VersionChain();

    [GeneratedRegex(@"[""'](?<s>[^""'\n]+)[""']")]
    private static partial Regex Literal();
}
