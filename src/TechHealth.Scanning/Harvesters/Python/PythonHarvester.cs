using System.Text.Json;
using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>
/// Python projects: requirements files (following <c>-r</c> includes and <c>-c</c> constraints; pip-tools' <c>.in</c> files
/// declare and the <c>.txt</c> pip-compile wrote from them pins), pyproject.toml
/// (PEP 621, dependency groups, Poetry, uv, PDM), Pipfile and setup.cfg, with versions from poetry.lock, uv.lock or
/// Pipfile.lock where one sits beside the manifest (uv.lock may sit in a workspace folder above). Lock entries nothing
/// declares become transitive facts. setup.py is read as text, never run: its literal <c>setup()</c> arguments add what
/// pyproject.toml and setup.cfg in the same folder do not already declare. One Python runtime per folder, from the most
/// direct statement of it: .python-version, then Pipfile, then requires-python, then the Poetry constraint, then
/// setup.cfg, then setup.py.
/// </summary>
public sealed partial class PythonHarvester : IHarvester
{
    public string Name => "python";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return name is "pyproject.toml" or "poetry.lock" or "uv.lock" or "Pipfile" or "Pipfile.lock" or "setup.cfg" or "setup.py" or ".python-version"
            || IsRequirements(relativePath);
    }

    private static bool IsRequirements(string path)
    {
        var name = RepoPaths.FileName(path).ToLowerInvariant();
        // pip-tools' inputs (requirements.in) are named and placed like the files pip-compile writes from them.
        if (!name.EndsWith(".txt", StringComparison.Ordinal) && !name.EndsWith(".in", StringComparison.Ordinal)) return false;
        return name.Contains("requirements") || RepoPaths.FolderPrefix(path).EndsWith("requirements/", StringComparison.OrdinalIgnoreCase);
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = repository.Files.Where(Wants).ToList();
        var fileSet = files.ToHashSet(StringComparer.Ordinal);
        string? Read(string file)
        {
            return repository.TextOrIssue(file, sink);
        }
        TomlTable? ReadToml(string file)
        {
            if (Read(file) is not { } text) return null;
            var parsed = TomlDocument.Parse(text);
            if (parsed.Error is { } e) sink.Issue(ScanIssueSeverity.Error, file, e.Line, $"invalid TOML at column {e.Column}: {e.Message}");
            return parsed.Root;
        }

        var runtimes = new Dictionary<string, (PythonRuntime Runtime, string File)>(StringComparer.Ordinal);
        void OfferRuntime(string file, PythonRuntime? runtime)
        {
            if (runtime is null) return;
            var folder = RepoPaths.FolderPrefix(file);
            if (!runtimes.TryGetValue(folder, out var known) || runtime.Rank < known.Runtime.Rank) runtimes[folder] = (runtime, file);
        }

        // Manifests first, remembering which lock resolves each, so transitive entries are known per lock.
        var pending = new List<(string File, PythonDeclaration Declaration, string? Lock)>();
        foreach (var file in files)
        {
            var folder = RepoPaths.FolderPrefix(file);
            PythonManifest? manifest = null;
            string? lockFile = null;
            switch (RepoPaths.FileName(file))
            {
                case "pyproject.toml":
                    if (ReadToml(file) is not { } pyproject) continue;
                    manifest = PythonManifests.Pyproject(pyproject);
                    lockFile = fileSet.Contains(folder + "poetry.lock") ? folder + "poetry.lock" : NearestUvLock(folder, fileSet);
                    break;
                case "Pipfile":
                    if (ReadToml(file) is not { } pipfile) continue;
                    manifest = PythonManifests.Pipfile(pipfile);
                    lockFile = fileSet.Contains(folder + "Pipfile.lock") ? folder + "Pipfile.lock" : null;
                    break;
                case "setup.cfg":
                    if (Read(file) is not { } cfg) continue;
                    manifest = PythonManifests.SetupCfg(cfg);
                    break;
                case ".python-version":
                    if (Read(file) is { } pv) OfferRuntime(file, PythonVersionFile(pv));
                    continue;
                default:
                    continue;
            }
            foreach (var (line, message) in manifest.Problems) sink.Issue(ScanIssueSeverity.Warning, file, line, message);
            OfferRuntime(file, manifest.Runtime);
            pending.AddRange(manifest.Declarations.Select(d => (file, d, lockFile)));
        }

        // setup.py last: setuptools merges its arguments with setup.cfg and pyproject.toml, and a project that states a
        // requirement in a declarative file and again in setup.py depends on it once.
        foreach (var file in files.Where(f => RepoPaths.FileName(f) == "setup.py"))
        {
            if (Read(file) is not { } code) continue;
            var manifest = SetupPy.Read(code);
            foreach (var (line, message) in manifest.Problems) sink.Issue(ScanIssueSeverity.Warning, file, line, message);
            OfferRuntime(file, manifest.Runtime);
            var folder = RepoPaths.FolderPrefix(file);
            var declared = pending
                .Where(p => RepoPaths.FolderPrefix(p.File) == folder && RepoPaths.FileName(p.File) is "pyproject.toml" or "setup.cfg")
                .Select(p => (Pep508.Normalize(p.Declaration.Name), p.Declaration.Scope))
                .ToHashSet();
            foreach (var d in manifest.Declarations)
                if (declared.Add((Pep508.Normalize(d.Name), d.Scope))) pending.Add((file, d, null));
        }

        var locks = new Dictionary<string, List<LockedPackage>>(StringComparer.Ordinal);
        var pins = new Dictionary<string, Dictionary<string, LockedPackage>>(StringComparer.Ordinal);
        foreach (var lockFile in pending.Select(p => p.Lock).OfType<string>().Distinct())
        {
            locks[lockFile] = ReadLock(lockFile, Read, ReadToml, sink);
            pins[lockFile] = new Dictionary<string, LockedPackage>(StringComparer.Ordinal);
            foreach (var p in locks[lockFile]) pins[lockFile].TryAdd(Pep508.Normalize(p.Name), p);
        }

        foreach (var (file, d, lockFile) in pending)
        {
            var pin = lockFile is null ? null : pins[lockFile].GetValueOrDefault(Pep508.Normalize(d.Name));
            sink.Add(Fact(d.Name, d.Declared, pin?.Version ?? d.Version, pin is null && d.Unresolved, pin is not null, d.Scope, direct: true, file, d.Line));
        }
        foreach (var (lockFile, packages) in locks)
        {
            var declared = pending.Where(p => p.Lock == lockFile).Select(p => Pep508.Normalize(p.Declaration.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var p in packages.Where(p => !declared.Contains(Pep508.Normalize(p.Name))))
                sink.Add(Fact(p.Name, null, p.Version, false, true, p.Dev ? DependencyScope.Dev : DependencyScope.Runtime, direct: false, lockFile, p.Line));
        }

        new RequirementsWalk(repository, fileSet, sink).Run(files.Where(IsRequirements).ToList());

        foreach (var (_, (runtime, file)) in runtimes)
        {
            sink.Add(DependencyFact.Runtime("python", runtime.Declared, runtime.Version, file, runtime.Line));
        }
    }

    private static List<LockedPackage> ReadLock(string lockFile, Func<string, string?> read, Func<string, TomlTable?> readToml, HarvestSink sink)
    {
        switch (RepoPaths.FileName(lockFile))
        {
            case "poetry.lock":
                return readToml(lockFile) is { } poetry ? PythonLocks.Poetry(poetry) : [];
            case "uv.lock":
                return readToml(lockFile) is { } uv ? PythonLocks.Uv(uv) : [];
            default:
                if (read(lockFile) is not { } json) return [];
                try
                {
                    return PythonLocks.Pipfile(json);
                }
                catch (JsonException e)
                {
                    sink.Issue(ScanIssueSeverity.Error, lockFile, (int)(e.LineNumber ?? -1) + 1, $"invalid JSON: {e.Message}");
                    return [];
                }
        }
    }

    private static string? NearestUvLock(string folder, HashSet<string> files)
    {
        while (true)
        {
            if (files.Contains(folder + "uv.lock")) return folder + "uv.lock";
            if (folder.Length == 0) return null;
            folder = RepoPaths.FolderPrefix(folder.TrimEnd('/'));
        }
    }

    private static PythonRuntime? PythonVersionFile(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            // pyenv also accepts names such as "pypy3.10" or "system"; only CPython version numbers say which Python runs.
            return char.IsAsciiDigit(line[0]) ? new PythonRuntime(line, line, i + 1, 1) : null;
        }
        return null;
    }

    /// <summary>
    /// Walks requirements files once each, following <c>-r</c> and <c>-c</c>. pip-tools pairs are read together: the
    /// <c>.in</c> file's lines are the direct declarations, pinned by the <c>.txt</c> pip-compile wrote from it; that file's
    /// other pins are transitive unless its <c># via -r</c> notes say a requirements file asked for them.
    /// </summary>
    private sealed class RequirementsWalk(IRepositoryReader repository, HashSet<string> files, HarvestSink sink)
    {
        private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RequirementsFile?> _parsed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _compiledFrom = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _compiledTo = new(StringComparer.Ordinal);

        public void Run(IReadOnlyList<string> requirementFiles)
        {
            foreach (var txt in requirementFiles.Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
            {
                // Several compiled files may come from one .in (one per Python version); the first pins its declarations.
                if (Source(txt) is not { } source) continue;
                _compiledFrom[txt] = source;
                _compiledTo.TryAdd(source, txt);
            }
            // Compiled .in files first, so an .in they include without a compiled file of its own is walked with their pins.
            foreach (var file in requirementFiles.OrderBy(f => _compiledTo.ContainsKey(f) ? 0 : 1)) Walk(file, null);
        }

        /// <summary>The .in file a compiled .txt comes from: the one of the same name beside it, else the one its pip-compile header names.</summary>
        private string? Source(string txt)
        {
            var sibling = txt[..^".txt".Length] + ".in";
            if (Exists(sibling)) return sibling;
            if (Parse(txt) is not { CompiledFrom: [var named] }) return null;
            // pip-compile names its inputs relative to where it ran: the file's own folder or the repository root.
            foreach (var candidate in new[] { RepoPaths.Normalize(RepoPaths.FolderPrefix(txt) + named), RepoPaths.Normalize(named) })
                if (Exists(candidate)) return candidate;
            return null;
        }

        private bool Exists(string path) => files.Contains(path) || repository.Files.Contains(path);

        private RequirementsFile? Parse(string file)
        {
            if (_parsed.TryGetValue(file, out var known)) return known;
            return _parsed[file] = repository.TextOrIssue(file, sink) is { } text ? RequirementsReader.Read(text) : null;
        }

        /// <summary>Normalised names an .in file declares, with those of the files it includes with <c>-r</c>.</summary>
        private HashSet<string> Declared(string inFile, HashSet<string>? into = null, HashSet<string>? seen = null)
        {
            into ??= new HashSet<string>(StringComparer.Ordinal);
            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(inFile) || Parse(inFile) is not { } parsed) return into;
            foreach (var line in parsed.Requirements.Concat(parsed.Editables))
                if ((Pep508.Parse(line.Text)?.Name ?? (Egg().Match(line.Text) is { Success: true } egg ? egg.Groups[1].Value : null)) is { } name)
                    into.Add(Pep508.Normalize(name));
            foreach (var reference in parsed.References.Where(r => !r.Constraint))
                Declared(RepoPaths.Normalize(RepoPaths.FolderPrefix(inFile) + reference.Path), into, seen);
            return into;
        }

        /// <summary>Exact pins of a compiled file by normalised name.</summary>
        private Dictionary<string, string> Pins(string txt)
        {
            var pins = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in Parse(txt)?.Requirements ?? [])
                if (Pep508.Parse(line.Text) is { Url: null } r && ExactPin(r.Specifier) is { } pin) pins.TryAdd(Pep508.Normalize(r.Name), pin);
            return pins;
        }

        private void Walk(string file, Dictionary<string, string>? inheritedPins)
        {
            if (!_visited.Add(file)) return;
            if (Parse(file) is not { } parsed) return;
            // An .in file takes its versions from the file pip-compile wrote from it, or from the one that includes it.
            var pins = _compiledTo.TryGetValue(file, out var compiled) ? Pins(compiled) : inheritedPins;
            // A compiled file leaves what its .in files declare to them, and its other pins are transitive unless annotated
            // otherwise, needed for what the .in file is for.
            var declaredBySource = _compiledFrom.TryGetValue(file, out var source) ? Declared(source) : null;
            var scope = FileScope(source ?? file);
            var constraints = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var reference in parsed.References)
            {
                var target = RepoPaths.Normalize(RepoPaths.FolderPrefix(file) + reference.Path);
                if (!Exists(target))
                {
                    sink.Issue(ScanIssueSeverity.Warning, file, reference.Line, $"{(reference.Constraint ? "constraints" : "requirements")} file '{reference.Path}' is not in the repository");
                    continue;
                }
                if (!reference.Constraint)
                {
                    Walk(target, pins);
                    continue;
                }
                // A constraints file pins versions without adding dependencies, so it is never harvested on its own,
                // unless it is itself a compiled file a later pass reads (pip-tools' "-c requirements.txt" layering).
                if (!_compiledFrom.ContainsKey(target)) _visited.Add(target);
                foreach (var line in Parse(target)?.Requirements ?? [])
                    if (Pep508.Parse(line.Text) is { } c && ExactPin(c.Specifier) is { } pin) constraints.TryAdd(Pep508.Normalize(c.Name), pin);
            }

            foreach (var line in parsed.Requirements)
            {
                var direct = declaredBySource is null
                    ? line.Via.Count == 0 || line.Via.Any(v => v.StartsWith("-r", StringComparison.Ordinal))
                    : parsed.Annotated && line.Via.Any(v => v.StartsWith("-r", StringComparison.Ordinal));
                var locked = declaredBySource is not null;
                var requirement = Pep508.Parse(line.Text);
                if (requirement is null)
                {
                    if (Egg().Match(line.Text) is { Success: true } egg)
                    {
                        if (declaredBySource?.Contains(Pep508.Normalize(egg.Groups[1].Value)) != true)
                            sink.Add(Fact(egg.Groups[1].Value, line.Text, null, true, false, scope, direct, file, line.Line));
                    }
                    else if (!IsLocalPath(line.Text))
                        sink.Issue(ScanIssueSeverity.Warning, file, line.Line, $"'{line.Text}' names no package");
                    continue;
                }
                var name = Pep508.Normalize(requirement.Name);
                if (declaredBySource?.Contains(name) == true) continue;
                var pinned = pins?.GetValueOrDefault(name);
                if (requirement.Url is not null)
                {
                    sink.Add(Fact(requirement.Name, requirement.Url, pinned, pinned is null, pinned is not null, scope, direct, file, line.Line));
                    continue;
                }
                var version = Pep508.Lowest(requirement.Specifier);
                if (ExactPin(requirement.Specifier) is null && constraints.TryGetValue(name, out var constrained)) version = constrained;
                if (pinned is not null) (version, locked) = (pinned, true);
                sink.Add(Fact(requirement.Name, requirement.Specifier.Length == 0 ? null : requirement.Specifier, version, version is null, locked, scope, direct, file, line.Line));
            }
            foreach (var editable in parsed.Editables)
            {
                if (Egg().Match(editable.Text) is { Success: true } egg && declaredBySource?.Contains(Pep508.Normalize(egg.Groups[1].Value)) != true)
                    sink.Add(Fact(egg.Groups[1].Value, editable.Text, null, true, false, scope, true, file, editable.Line));
            }
        }
    }

    private static string? ExactPin(string specifier)
        => specifier.StartsWith("==", StringComparison.Ordinal) && !specifier.Contains(',') && !specifier.EndsWith(".*", StringComparison.Ordinal)
            ? specifier.TrimStart('=')
            : null;

    private static bool IsLocalPath(string text) => text.StartsWith('.') || text.StartsWith('/') || text.StartsWith("file:", StringComparison.Ordinal);

    private static DependencyScope FileScope(string file)
    {
        var name = RepoPaths.FileName(file).ToLowerInvariant();
        // The folder speaks too: docs/requirements.txt is what the documentation build needs, not the package.
        var folders = RepoPaths.FolderPrefix(file).ToLowerInvariant().Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (name.Contains("test") || folders.Any(f => f is "test" or "tests")) return DependencyScope.Test;
        if (name.Contains("build")) return DependencyScope.Build;
        if (name.Contains("dev") || name.Contains("lint") || name.Contains("doc") || name.Contains("mypy") || name.Contains("typing")
            || folders.Any(f => f is "doc" or "docs")) return DependencyScope.Dev;
        return DependencyScope.Runtime;
    }

    private static DependencyFact Fact(string name, string? declared, string? version, bool unresolved, bool locked, DependencyScope scope, bool direct, string file, int line)
        => new()
        {
            Ecosystem = "pypi",
            Purl = PackageUrl.Create("pypi", null, name),
            Declared = declared,
            Version = unresolved ? null : version,
            Unresolved = unresolved || version is null,
            Locked = locked,
            Scope = scope,
            Direct = direct,
            File = file,
            Line = line,
        };

    [GeneratedRegex(@"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")]
    private static partial Regex Egg();



}
