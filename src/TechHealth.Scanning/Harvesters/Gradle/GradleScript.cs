using System.Text;
using System.Text.RegularExpressions;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>
/// What a careful reader picks out of a Groovy or Kotlin build script without running it: string variables,
/// dependency notations per configuration, plugin requests, imported platforms/BOMs and the Java version.
/// Values stay as written (with <c>$var</c> references); resolving them is the harvester's job.
/// </summary>
internal sealed record GradleScript(
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<ScriptDependency> Dependencies,
    IReadOnlyList<ScriptPlugin> Plugins,
    ScriptJava? Java)
{
    /// <summary>Scripts it applies (<c>apply from: "$rootDir/dependencies.gradle"</c>), as written: their <c>ext</c> properties become its own.</summary>
    public IReadOnlyList<string> Applied { get; init; } = [];

    /// <summary>The Spring dependency-management plugin's <c>dependency 'g:a:v'</c> entries: versions for versionless declarations.</summary>
    public IReadOnlyList<ScriptDependency> Managed { get; init; } = [];

    /// <summary><c>mavenBom(...)</c> imports named by a constant rather than a literal (<c>SpringBootPlugin.BOM_COORDINATES</c>), with their lines.</summary>
    public IReadOnlyList<(string Name, int Line)> BomConstants { get; init; } = [];
}

/// <summary>
/// One declaration; either <see cref="Group"/>/<see cref="Name"/>, a catalog <see cref="Accessor"/> (<c>libs.spring.core</c>) or a
/// <see cref="Constant"/> holding the whole notation (<c>Dependencies.CLIKT</c>, defined in buildSrc) is set.
/// </summary>
internal sealed record ScriptDependency(string Configuration, string? Group, string? Name, string? Version, string? Accessor, bool Platform, int Line)
{
    public string? Constant { get; init; }
}

/// <summary>A plugin request: an id with an optional version, or a catalog accessor (<c>libs.plugins.spring.boot</c>).</summary>
internal sealed record ScriptPlugin(string? Id, string? Version, string? Accessor, int Line);

internal sealed record ScriptJava(string Declared, string Version, int Line);

internal static partial class GradleScriptReader
{
    public static GradleScript Read(string text, IReadOnlyCollection<string> catalogNames)
    {
        var code = StripComments(text);
        var lines = code.Split('\n');
        var pluginLines = BlockLines(code, PluginsBlock());
        // Dependency constraints pin versions of whatever else brings a module in; they add no dependency themselves.
        var constraintLines = BlockLines(code, ConstraintsBlock());
        var managementLines = BlockLines(code, DependencyManagementBlock());
        var managed = new List<ScriptDependency>();
        var bomConstants = new List<(string, int)>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var dependencies = new List<ScriptDependency>();
        var plugins = new List<ScriptPlugin>();
        var accessor = AccessorPattern(catalogNames);

        ReadMaps(code, variables);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNo = i + 1;
            foreach (var regex in new[] { Assignment(), ExtAssignment(), ExtraBy(), ExtraSet() })
                foreach (Match m in regex.Matches(line))
                    variables.TryAdd(m.Groups["name"].Value, m.Groups["value"].Value);

            if (pluginLines.Contains(lineNo))
            {
                ReadPlugin(line, lineNo, accessor, plugins);
                continue;
            }
            if (managementLines.Contains(lineNo))
            {
                var entry = ManagedDependency().Match(line);
                if (entry.Success) AddNotation("dependencyManagement", entry.Groups["dq"].Success ? entry.Groups["dq"].Value : entry.Groups["sq"].Value, false, lineNo, managed);
                if (BomConstant().Match(line) is { Success: true } constant) bomConstants.Add((constant.Groups["name"].Value, lineNo));
            }
            if (!constraintLines.Contains(lineNo)) ReadDependency(line, lineNo, accessor, dependencies);
            // A rich version block after a versionless notation: implementation('g:a') { version { prefer '2.15.0'; strictly '[2.15.0,2.16)' } }
            if (RichVersion().Match(line) is { Success: true } rich && dependencies.Count > 0 && dependencies[^1] is { Version: null, Accessor: null, Constant: null } last
                && lineNo - last.Line is > 0 and <= 8)
                dependencies[^1] = last with { Version = rich.Groups["v"].Value };
        }
        ProtobufArtifacts(code, lines, dependencies);
        var applied = ApplyFrom().Matches(code).Select(m => m.Groups["dq"].Success ? m.Groups["dq"].Value : m.Groups["sq"].Value).ToList();
        return new GradleScript(variables, dependencies, plugins, ReadJava(code)) { Applied = applied, Managed = managed, BomConstants = bomConstants };
    }

    /// <summary>
    /// The protobuf plugin's <c>protoc { artifact = "com.google.protobuf:protoc:3.25.1" }</c> and code generator plugins
    /// (<c>grpc { artifact = "io.grpc:protoc-gen-grpc-java:1.62.2" }</c>): artifacts the build resolves and runs. An
    /// <c>artifact = name</c> naming a variable the script assigns per OS gives each literal assigned to it.
    /// </summary>
    private static void ProtobufArtifacts(string code, string[] lines, List<ScriptDependency> dependencies)
    {
        var protobufLines = BlockLines(code, ProtobufBlock());
        if (protobufLines.Count == 0) return;
        foreach (var lineNo in protobufLines.Order())
        {
            var m = ArtifactAssignment().Match(lines[lineNo - 1]);
            if (!m.Success) continue;
            if (m.Groups["dq"].Success || m.Groups["sq"].Success)
            {
                AddNotation("protobuf", m.Groups["dq"].Success ? m.Groups["dq"].Value : m.Groups["sq"].Value, false, lineNo, dependencies);
                continue;
            }
            var variable = new Regex($@"\b{Regex.Escape(m.Groups["var"].Value)}\s*=\s*(?:""(?<dq>[^""\n]+)""|'(?<sq>[^'\n]+)')", RegexOptions.CultureInvariant);
            for (var i = 0; i < lines.Length; i++)
                if (variable.Match(lines[i]) is { Success: true } assigned)
                    AddNotation("protobuf", assigned.Groups["dq"].Success ? assigned.Groups["dq"].Value : assigned.Groups["sq"].Value, false, i + 1, dependencies);
        }
    }

    /// <summary>Groovy maps of versions (<c>ext.versions = [kotlin: '1.9.23']</c>) define <c>versions.kotlin</c>.</summary>
    private static void ReadMaps(string code, Dictionary<string, string> variables)
    {
        foreach (Match m in MapStart().Matches(code))
        {
            var end = code.IndexOf(']', m.Index + m.Length);
            if (end < 0) continue;
            var body = code[(m.Index + m.Length)..end];
            foreach (Match entry in MapItem().Matches(body))
                variables.TryAdd($"{m.Groups["name"].Value}.{entry.Groups["key"].Value.Trim('"', '\'')}", entry.Groups["value"].Value);
        }
    }

    private static void ReadPlugin(string line, int lineNo, Regex accessor, List<ScriptPlugin> plugins)
    {
        var id = PluginId().Match(line);
        if (id.Success)
        {
            var version = id.Groups["version"].Success ? id.Groups["version"].Value : id.Groups["versionVar"].Success ? "${" + id.Groups["versionVar"].Value + "}" : null;
            plugins.Add(new ScriptPlugin(id.Groups["id"].Value, version, null, lineNo));
            return;
        }
        var kotlin = KotlinPlugin().Match(line);
        if (kotlin.Success)
        {
            plugins.Add(new ScriptPlugin("org.jetbrains.kotlin." + kotlin.Groups["id"].Value, kotlin.Groups["version"].Success ? kotlin.Groups["version"].Value : null, null, lineNo));
            return;
        }
        var alias = PluginAlias().Match(line);
        if (alias.Success && accessor.Match(alias.Groups["ref"].Value) is { Success: true } a)
            plugins.Add(new ScriptPlugin(null, null, a.Value, lineNo));
    }

    private static void ReadDependency(string line, int lineNo, Regex accessor, List<ScriptDependency> dependencies)
    {
        var bom = MavenBom().Match(line);
        if (bom.Success)
        {
            AddNotation("mavenBom", bom.Groups["s"].Value, platform: true, lineNo, dependencies);
            return;
        }
        var m = ConfigurationCall().Match(line);
        if (!m.Success || !IsConfiguration(m.Groups["conf"].Value)) return;
        var conf = m.Groups["conf"].Value;
        var rest = m.Groups["rest"].Value;
        var platform = false;
        var p = PlatformCall().Match(rest);
        if (p.Success) { platform = true; rest = p.Groups["inner"].Value; }

        var kotlin = KotlinModule().Match(rest);
        if (kotlin.Success && kotlin.Index == 0)
        {
            dependencies.Add(new ScriptDependency(conf, "org.jetbrains.kotlin", "kotlin-" + kotlin.Groups["module"].Value,
                kotlin.Groups["version"].Success ? kotlin.Groups["version"].Value : null, null, platform, lineNo));
            return;
        }
        var acc = accessor.Match(rest);
        if (acc.Success && acc.Index == 0)
        {
            dependencies.Add(new ScriptDependency(conf, null, null, null, acc.Value, platform, lineNo));
            return;
        }
        if (MapKey().IsMatch(rest))
        {
            string? Key(string key) => MapEntry(key).Match(rest) is { Success: true } e
                ? (e.Groups["s"].Success ? e.Groups["s"].Value : "${" + e.Groups["v"].Value + "}")
                : null;
            var group = Key("group");
            var name = Key("name");
            if (name is not null) dependencies.Add(new ScriptDependency(conf, group ?? "", name, Key("version"), null, platform, lineNo));
            return;
        }
        if (ConstantNotation().Match(rest) is { Success: true } constant)
        {
            dependencies.Add(new ScriptDependency(conf, null, null, null, null, platform, lineNo) { Constant = constant.Groups["ref"].Value });
            return;
        }
        var literal = StringLiteral().Match(rest);
        if (!literal.Success || literal.Index != 0) return;
        var notation = literal.Groups["dq"].Success ? literal.Groups["dq"].Value : literal.Groups["sq"].Value;
        // Groovy concatenation: 'group:name:' + someVersion
        var after = rest[(literal.Index + literal.Length)..];
        var concat = Concatenation().Match(after);
        if (concat.Success) notation += "${" + concat.Groups["v"].Value + "}";
        AddNotation(conf, notation, platform, lineNo, dependencies);
        // Groovy accepts several notations in one call: implementation 'a:b:1', 'c:d:2'
        for (var more = MoreLiterals().Match(after); more.Success; more = more.NextMatch())
            AddNotation(conf, more.Groups["dq"].Success ? more.Groups["dq"].Value : more.Groups["sq"].Value, platform, lineNo, dependencies);
    }

    private static void AddNotation(string conf, string notation, bool platform, int lineNo, List<ScriptDependency> dependencies)
    {
        var at = notation.IndexOf('@');
        if (at > 0) notation = notation[..at];
        var parts = notation.Split(':');
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0) return;
        dependencies.Add(new ScriptDependency(conf, parts[0], parts[1], parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null, null, platform, lineNo));
    }

    private static ScriptJava? ReadJava(string code)
    {
        // In order of precedence: a toolchain decides over a release flag, which decides over source/target compatibility.
        foreach (var regex in new[] { Toolchain(), JvmToolchain(), Release(), SourceCompatibility(), TargetCompatibility() })
        {
            var m = regex.Match(code);
            if (!m.Success) continue;
            var raw = m.Groups["v"].Value.Replace('_', '.');
            var version = MavenHarvester.JavaRelease(raw);
            var line = code.AsSpan(0, m.Index).Count('\n') + 1;
            return new ScriptJava(m.Value.Trim(), version, line);
        }
        return null;
    }

    private static bool IsConfiguration(string name)
        => KnownConfigurations.Contains(name) || ConfigurationSuffix().IsMatch(name);

    private static readonly HashSet<string> KnownConfigurations = new(StringComparer.Ordinal)
    {
        "implementation", "api", "compileOnly", "compileOnlyApi", "runtimeOnly", "annotationProcessor", "kapt", "ksp",
        "classpath", "compile", "runtime", "testCompile", "testRuntime", "developmentOnly", "providedCompile", "providedRuntime",
        "detektPlugins", "coreLibraryDesugaring", "lintChecks", "testFixturesImplementation", "testFixturesApi",
        // Code-quality tools resolve their own artifacts from these configurations.
        "checkstyle", "pmd", "spotbugs", "spotbugsPlugins", "errorprone", "ktlint", "jacocoAgent", "jacocoAnt",
    };

    /// <summary>Line numbers (1-based) inside blocks opened by <paramref name="opener"/>, found by brace matching outside strings.</summary>
    private static HashSet<int> BlockLines(string code, Regex opener)
    {
        var lines = new HashSet<int>();
        foreach (Match m in opener.Matches(code))
        {
            var i = BlockEnd(code, m.Index + m.Length);
            var first = code.AsSpan(0, m.Index).Count('\n') + 1;
            var last = code.AsSpan(0, Math.Min(i, code.Length)).Count('\n') + 1;
            for (var l = first; l <= last; l++) lines.Add(l);
        }
        return lines;
    }

    /// <summary>Where the block whose body starts at <paramref name="start"/> (just after its '{') ends: past its closing brace, or the end of the text.</summary>
    internal static int BlockEnd(string code, int start)
    {
        var depth = 1;
        var i = start;
        for (; i < code.Length && depth > 0; i++)
        {
            var c = code[i];
            if (c is '"' or '\'')
            {
                var end = code.IndexOf(c, i + 1);
                if (end < 0) return i;
                i = end;
            }
            else if (c == '{') depth++;
            else if (c == '}') depth--;
        }
        return i;
    }

    /// <summary>Blanks out // and /* */ comments (keeping newlines so line numbers hold) without touching strings.</summary>
    internal static string StripComments(string text)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                var triple = i + 2 < text.Length && text[i + 1] == c && text[i + 2] == c;
                var delimiter = triple ? new string(c, 3) : c.ToString();
                var end = i + delimiter.Length;
                while (end < text.Length)
                {
                    if (text[end] == '\\') { end += 2; continue; }
                    if (!triple && text[end] == '\n') break;
                    if (string.CompareOrdinal(text, end, delimiter, 0, delimiter.Length) == 0) { end += delimiter.Length; break; }
                    end++;
                }
                end = Math.Min(end, text.Length);
                sb.Append(text, i, end - i);
                i = end;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') { sb.Append(' '); i++; }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                for (; i < end; i++) sb.Append(text[i] == '\n' ? '\n' : ' ');
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> AccessorPatterns = new(StringComparer.Ordinal);

    private static Regex AccessorPattern(IReadOnlyCollection<string> catalogNames)
        => AccessorPatterns.GetOrAdd(string.Join('|', catalogNames), _ => BuildAccessorPattern(catalogNames));

    private static Regex BuildAccessorPattern(IReadOnlyCollection<string> catalogNames)
        => new($@"\b(?:{string.Join('|', catalogNames.Select(Regex.Escape).DefaultIfEmpty("libs"))})(?:\.[A-Za-z_][A-Za-z0-9_]*)+", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?:^|[\s{;.])(?:def\s+)?(?<name>[A-Za-z_]\w*)\s*=\s*\[(?=\s*[\w""']+\s*:)", RegexOptions.Multiline)]
    private static partial Regex MapStart();

    [GeneratedRegex(@"(?<key>[A-Za-z_][\w]*|""[^""\n]+""|'[^'\n]+')\s*:\s*(?<q>[""'])(?<value>[^""'\n]*)\k<q>")]
    private static partial Regex MapItem();

    [GeneratedRegex(@"(?<![\w.])constraints\s*\{")]
    private static partial Regex ConstraintsBlock();

    [GeneratedRegex(@"\G\s*,\s*(?:""(?<dq>[^""\n]*)""|'(?<sq>[^'\n]*)')")]
    private static partial Regex MoreLiterals();

    [GeneratedRegex(@"(?<![\w.])plugins\s*\{")]
    private static partial Regex PluginsBlock();

    [GeneratedRegex(@"^\s*(?:(?:def|val|var|final|String)\s+)*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*String\s*)?=\s*(?<q>[""'])(?<value>[^""'\n]*)\k<q>\s*;?\s*$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b(?:project\.)?ext(?:ra)?(?:\.(?<name>[A-Za-z_][\w]*)|\[\s*[""'](?<name>[\w.]+)[""']\s*\])\s*=\s*(?<q>[""'])(?<value>[^""'\n]*)\k<q>")]
    private static partial Regex ExtAssignment();

    [GeneratedRegex(@"\bval\s+(?<name>[A-Za-z_]\w*)\s*(?::\s*String\s*)?by\s+extra\s*\(\s*""(?<value>[^""\n]*)""\s*\)")]
    private static partial Regex ExtraBy();

    [GeneratedRegex(@"\b(?:extra|ext)\.set\(\s*[""'](?<name>[\w.]+)[""']\s*,\s*[""'](?<value>[^""'\n]*)[""']\s*\)")]
    private static partial Regex ExtraSet();

    [GeneratedRegex(@"\bid\s*\(?\s*[""'](?<id>[\w.\-]+)[""']\s*\)?(?:\s*\.?\s*version\s*\(?\s*(?:[""'](?<version>[^""'\n]*)[""']|(?<versionVar>[A-Za-z_][\w.]*))\s*\)?)?")]
    private static partial Regex PluginId();

    [GeneratedRegex(@"\bkotlin\s*\(\s*""(?<id>[\w.\-]+)""\s*\)(?:\s*version\s*""(?<version>[^""\n]*)"")?")]
    private static partial Regex KotlinPlugin();

    [GeneratedRegex(@"\balias\s*\(\s*(?<ref>[\w.]+)\s*\)")]
    private static partial Regex PluginAlias();

    [GeneratedRegex(@"^\s*(?<conf>[A-Za-z][A-Za-z0-9]*)\s*(?:\(\s*|\s+)(?<rest>.+)$")]
    private static partial Regex ConfigurationCall();

    [GeneratedRegex(@"^(?:[a-z][A-Za-z0-9]*)(?:Implementation|Api|CompileOnly|CompileOnlyApi|RuntimeOnly|AnnotationProcessor|Kapt|Ksp)$|^(?:kapt|ksp)[A-Z]\w*$")]
    private static partial Regex ConfigurationSuffix();

    [GeneratedRegex(@"^(?:enforcedPlatform|platform)\s*\(\s*(?<inner>.*?)\s*\)\s*\)?\s*$|^(?:enforcedPlatform|platform)\s*\(\s*(?<inner>.*?)\s*\)")]
    private static partial Regex PlatformCall();

    [GeneratedRegex(@"(?m)^\s*protobuf\s*\{")]
    private static partial Regex ProtobufBlock();

    [GeneratedRegex(@"^\s*artifact\s*=\s*(?:""(?<dq>[^""\n]+)""|'(?<sq>[^'\n]+)'|(?<var>[A-Za-z_]\w*)\s*$)")]
    private static partial Regex ArtifactAssignment();

    [GeneratedRegex(@"\bdependencyManagement\s*\{")]
    private static partial Regex DependencyManagementBlock();

    [GeneratedRegex(@"^\s*dependency\s*\(?\s*(?:""(?<dq>[^""\n]+)""|'(?<sq>[^'\n]+)')")]
    private static partial Regex ManagedDependency();

    [GeneratedRegex(@"\bmavenBom\s*\(?\s*(?<name>[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+)\s*\)?\s*$")]
    private static partial Regex BomConstant();

    [GeneratedRegex(@"^\s*(?:prefer|require|strictly)\s*\(?\s*[""'](?<v>[^""'\n\[\(\]]+)[""']")]
    private static partial Regex RichVersion();

    [GeneratedRegex(@"\bapply\s*\(?\s*from\s*[:=]\s*(?:""(?<dq>[^""\n]+)""|'(?<sq>[^'\n]+)')")]
    private static partial Regex ApplyFrom();

    /// <summary>A whole notation held by a constant: <c>implementation(Dependencies.CLIKT)</c>, <c>api Libs.Kotlin.stdlib</c>.</summary>
    [GeneratedRegex(@"^(?<ref>[A-Z]\w*(?:\.\w+)+)\s*\)?\s*(?:\{.*)?$")]
    private static partial Regex ConstantNotation();

    [GeneratedRegex(@"\bmavenBom\s*\(?\s*[""'](?<s>[^""'\n]+)[""']")]
    private static partial Regex MavenBom();

    [GeneratedRegex(@"^kotlin\s*\(\s*""(?<module>[\w\-]+)""\s*(?:,\s*""(?<version>[^""\n]*)"")?\s*\)")]
    private static partial Regex KotlinModule();

    [GeneratedRegex(@"\b(?:group|name)\s*[:=]\s*[""']")]
    private static partial Regex MapKey();

    private static readonly Dictionary<string, Regex> MapEntries = new[] { "group", "name", "version" }
        .ToDictionary(k => k, k => new Regex($@"\b{k}\s*[:=]\s*(?:[""'](?<s>[^""'\n]*)[""']|(?<v>[A-Za-z_][\w.]*))", RegexOptions.CultureInvariant | RegexOptions.Compiled));

    private static Regex MapEntry(string key) => MapEntries[key];

    [GeneratedRegex(@"""(?<dq>(?:\$\{[^}\n]*\}|[^""\n])*)""|'(?<sq>[^'\n]*)'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*\+\s*(?<v>[A-Za-z_][\w.]*)")]
    private static partial Regex Concatenation();

    [GeneratedRegex(@"languageVersion\s*(?:=|\.set\s*\()\s*JavaLanguageVersion\.of\s*\(\s*[""']?(?<v>\d+)[""']?\s*\)")]
    private static partial Regex Toolchain();

    [GeneratedRegex(@"\bjvmToolchain\s*\(?\s*(?<v>\d+)")]
    private static partial Regex JvmToolchain();

    [GeneratedRegex(@"\boptions\.release\s*(?:=|\.set\s*\()\s*(?<v>\d+)")]
    private static partial Regex Release();

    [GeneratedRegex(@"\bsourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?<v>[\d_]+)|JavaVersion\.toVersion\(\s*[""']?(?<v>[\d.]+)[""']?\s*\)|[""']?(?<v>[\d.]+)[""']?)")]
    private static partial Regex SourceCompatibility();

    [GeneratedRegex(@"\btargetCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?<v>[\d_]+)|JavaVersion\.toVersion\(\s*[""']?(?<v>[\d.]+)[""']?\s*\)|[""']?(?<v>[\d.]+)[""']?)")]
    private static partial Regex TargetCompatibility();
}
