using TechHealth.Core.Facts;
using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>A dependency as a manifest declares it, before any lock file is consulted.</summary>
internal sealed record PythonDeclaration(string Name, string? Declared, string? Version, bool Unresolved, DependencyScope Scope, int Line);

/// <summary>A declared Python version; a lower <see cref="Rank"/> is a more direct statement of the interpreter in use.</summary>
internal sealed record PythonRuntime(string Declared, string? Version, int Line, int Rank);

internal sealed class PythonManifest
{
    public List<PythonDeclaration> Declarations { get; } = [];
    public PythonRuntime? Runtime { get; set; }
    public List<(int Line, string Message)> Problems { get; } = [];
}

/// <summary>Reads pyproject.toml (PEP 621, PEP 735, Poetry, uv, PDM), Pipfile and setup.cfg into declarations.</summary>
internal static class PythonManifests
{
    public static PythonManifest Pyproject(TomlTable root)
    {
        var manifest = new PythonManifest();
        var project = root.Table("project");
        var self = project?.String("name") is { } n ? Pep508.Normalize(n) : null;

        void AddAll(TomlArray? array, DependencyScope scope)
        {
            foreach (var item in array?.Strings ?? [])
            {
                var declaration = FromPep508(item.Text, scope, item.Line, manifest);
                if (declaration is not null && Pep508.Normalize(declaration.Name) != self) manifest.Declarations.Add(declaration);
            }
        }

        if (project is not null)
        {
            AddAll(project.Array("dependencies"), DependencyScope.Runtime);
            foreach (var (group, node) in project.Table("optional-dependencies") ?? Empty)
                AddAll(node as TomlArray, GroupScope(group, DependencyScope.Optional));
            if (project.Value("requires-python") is { Kind: TomlValueKind.String } rp)
                manifest.Runtime = new PythonRuntime(rp.Text, Pep508.Lowest(rp.Text), rp.Line, 3);
        }
        foreach (var (group, node) in root.Table("dependency-groups") ?? Empty)
            AddAll(node as TomlArray, GroupScope(group, DependencyScope.Dev));
        AddAll(root.Table("build-system")?.Array("requires"), DependencyScope.Build);
        AddAll(root.Find("tool.uv.dev-dependencies") as TomlArray, DependencyScope.Dev);
        foreach (var (group, node) in root.Find("tool.pdm.dev-dependencies") as TomlTable ?? Empty)
            AddAll(node as TomlArray, GroupScope(group, DependencyScope.Dev));

        if (root.Find("tool.poetry") is TomlTable poetry)
        {
            var declared = manifest.Declarations.Select(d => (Pep508.Normalize(d.Name), d.Scope)).ToHashSet();
            void AddPoetry(TomlTable? table, DependencyScope scope)
            {
                foreach (var (name, node) in table ?? Empty)
                {
                    if (name == "python")
                    {
                        if (node is TomlValue { Kind: TomlValueKind.String } py && manifest.Runtime is null)
                            manifest.Runtime = new PythonRuntime(py.Text, Pep508.LowestPoetry(py.Text), py.Line, 4);
                        continue;
                    }
                    var declaration = FromPoetry(name, node, scope);
                    // Poetry 2 projects may repeat [project] dependencies here only to add Poetry-specific details.
                    if (declaration is not null && declared.Add((Pep508.Normalize(name), declaration.Scope))) manifest.Declarations.Add(declaration);
                }
            }
            AddPoetry(poetry.Table("dependencies"), DependencyScope.Runtime);
            AddPoetry(poetry.Table("dev-dependencies"), DependencyScope.Dev);
            foreach (var (group, node) in poetry.Table("group") ?? Empty)
                if (node is TomlTable g) AddPoetry(g.Table("dependencies"), group == "main" ? DependencyScope.Runtime : GroupScope(group, DependencyScope.Dev));
        }
        return manifest;
    }

    public static PythonManifest Pipfile(TomlTable root)
    {
        var manifest = new PythonManifest();
        foreach (var (section, scope) in new[] { ("packages", DependencyScope.Runtime), ("dev-packages", DependencyScope.Dev) })
        {
            foreach (var (name, node) in root.Table(section) ?? Empty)
            {
                var (spec, special) = node switch
                {
                    TomlValue v => (v.Text, (string?)null),
                    TomlTable t when t.ContainsKey("path") || t.ContainsKey("file") => (null, "local"),
                    TomlTable t when t.String("git") is { } git => (null, t.String("ref") is { } r ? $"{git}@{r}" : git),
                    TomlTable t => (t.String("version") ?? "*", null),
                    _ => (null, null),
                };
                if (special == "local") continue;
                if (special is not null)
                {
                    manifest.Declarations.Add(new PythonDeclaration(name, special, null, true, scope, node.Line));
                    continue;
                }
                if (spec is null) continue;
                var lowest = spec == "*" ? null : Pep508.Lowest(spec);
                manifest.Declarations.Add(new PythonDeclaration(name, spec, lowest, lowest is null, scope, node.Line));
            }
        }
        var requires = root.Table("requires");
        if ((requires?.Value("python_full_version") ?? requires?.Value("python_version")) is { Kind: TomlValueKind.String } py)
            manifest.Runtime = new PythonRuntime(py.Text, py.Text, py.Line, 2);
        return manifest;
    }

    /// <summary>setup.cfg is INI: <c>[options] install_requires</c> and <c>python_requires</c>, <c>[options.extras_require]</c>; list values continue on indented lines.</summary>
    public static PythonManifest SetupCfg(string text)
    {
        var manifest = new PythonManifest();
        string? section = null, key = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']')) { section = trimmed[1..^1].Trim(); key = null; continue; }
            string value;
            if (char.IsWhiteSpace(raw[0]) && key is not null)
            {
                value = trimmed;
            }
            else
            {
                var eq = trimmed.IndexOfAny(['=', ':']);
                if (eq <= 0) { key = null; continue; }
                key = trimmed[..eq].Trim();
                value = trimmed[(eq + 1)..].Trim();
            }
            if (value.Length == 0) continue;
            if (section == "options" && key == "python_requires")
                manifest.Runtime = new PythonRuntime(value, Pep508.Lowest(value), i + 1, 5);
            var scope = (section, key) switch
            {
                ("options", "install_requires") => DependencyScope.Runtime,
                // Legacy wheel metadata some projects (requests) keep beside a setup.py that the harvest cannot run.
                ("metadata", "requires-dist" or "requires_dist") => DependencyScope.Runtime,
                ("options", "tests_require") => DependencyScope.Test,
                ("options", "setup_requires") => DependencyScope.Build,
                ("options.extras_require", { } group) => GroupScope(group, DependencyScope.Optional),
                _ => (DependencyScope?)null,
            };
            if (scope is null) continue;
            var declaration = FromPep508(value, scope.Value, i + 1, manifest);
            if (declaration is not null) manifest.Declarations.Add(declaration);
        }
        return manifest;
    }

    public static PythonDeclaration? FromPep508(string text, DependencyScope scope, int line, PythonManifest? manifest)
    {
        var requirement = Pep508.Parse(text);
        if (requirement is null)
        {
            manifest?.Problems.Add((line, $"'{text}' is not a valid PEP 508 requirement"));
            return null;
        }
        if (requirement.Url is not null)
            return new PythonDeclaration(requirement.Name, requirement.Url, null, true, scope, line);
        var lowest = Pep508.Lowest(requirement.Specifier);
        return new PythonDeclaration(requirement.Name, requirement.Specifier.Length == 0 ? null : requirement.Specifier, lowest, lowest is null, scope, line);
    }

    private static PythonDeclaration? FromPoetry(string name, TomlNode node, DependencyScope scope)
    {
        // Several constraints for different markers: the first one is the main line.
        if (node is TomlArray { Count: > 0 } multiple) node = multiple[0];
        switch (node)
        {
            case TomlValue v:
                var lowest = v.Text is "*" or "" ? null : Pep508.LowestPoetry(v.Text);
                return new PythonDeclaration(name, v.Text, lowest, lowest is null, scope, node.Line);
            case TomlTable t when t.ContainsKey("path"):
                return null;
            case TomlTable t when (t.String("git") ?? t.String("url")) is { } source:
                var reference = t.String("tag") ?? t.String("rev") ?? t.String("branch");
                return new PythonDeclaration(name, reference is null ? source : $"{source}@{reference}", null, true, Optional(t, scope), node.Line);
            case TomlTable t:
                var version = t.String("version");
                var low = version is null or "*" ? null : Pep508.LowestPoetry(version);
                return new PythonDeclaration(name, version, low, low is null, Optional(t, scope), node.Line);
            default:
                return null;
        }
    }

    private static DependencyScope Optional(TomlTable t, DependencyScope scope)
        => t.Boolean("optional") == true && scope == DependencyScope.Runtime ? DependencyScope.Optional : scope;

    /// <summary>Group and extra names say what they are for: test groups are Test, tooling groups Dev, other extras keep <paramref name="otherwise"/>.</summary>
    internal static DependencyScope GroupScope(string group, DependencyScope otherwise)
    {
        var g = group.ToLowerInvariant();
        if (g.Contains("test")) return DependencyScope.Test;
        if (g is "dev" or "develop" or "development" or "lint" or "linting" or "docs" or "doc" or "typing" or "types" or "style" or "format" or "mypy" or "tools" or "ci"
            || g.StartsWith("dev", StringComparison.Ordinal))
            return DependencyScope.Dev;
        return otherwise;
    }

    private static readonly TomlTable Empty = new(0);
}
