using TechHealth.Core.Facts;
using TechHealth.Core.Purls;

namespace TechHealth.Scanning.Harvesters.Go;

/// <summary>
/// Go modules: every go.mod in the repository gives its requirements (with <c>replace</c> applied and
/// <c>// indirect</c> marking transitive ones) and the Go runtime from the <c>toolchain</c> or <c>go</c> directive.
/// A go.work makes the modules it <c>use</c>s one workspace: its <c>go</c>/<c>toolchain</c> give the Go that builds them,
/// its <c>replace</c>s win over theirs, and a workspace module required by another is the repository's own code, not a dependency.
/// go.sum is not read: go.mod versions are already exact.
/// </summary>
public sealed class GoHarvester : IHarvester
{
    public string Name => "go";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) is "go.mod" or "go.work";

    /// <summary>A go.work and what it says; <see cref="Modules"/> are the module paths of the go.mod files it uses.</summary>
    private sealed record Workspace(string File, GoModFile Work, HashSet<string> Modules);

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var mods = new Dictionary<string, GoModFile>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) == "go.mod"))
            if (repository.TextOrIssue(file, sink) is { } text) mods[file] = GoModReader.Read(text);

        var memberOf = new Dictionary<string, Workspace>(StringComparer.Ordinal);
        // Deepest go.work first: the go command uses the nearest one above the working folder.
        foreach (var file in repository.Files.Where(f => RepoPaths.FileName(f) == "go.work").OrderByDescending(f => f.Count(c => c == '/')))
        {
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            var work = GoModReader.Read(text, workspace: true);
            foreach (var problem in work.Problems) sink.Issue(ScanIssueSeverity.Error, file, problem.Line, problem.Message);
            if (Runtime(work) is { } runtime) sink.Add(RuntimeFact(file, runtime));
            var workspace = new Workspace(file, work, new HashSet<string>(StringComparer.Ordinal));
            foreach (var use in work.Uses)
            {
                var folder = RepoPaths.Normalize(RepoPaths.FolderPrefix(file) + use.Value);
                if (folder == ".." || folder.StartsWith("../", StringComparison.Ordinal))
                {
                    sink.Issue(ScanIssueSeverity.Warning, file, use.Line, $"use '{use.Value}' is outside the repository, so that module is not harvested");
                    continue;
                }
                var modFile = RepoPaths.Combine(folder, "go.mod");
                if (!mods.TryGetValue(modFile, out var mod))
                {
                    if (!repository.Files.Contains(modFile))
                        sink.Issue(ScanIssueSeverity.Warning, file, use.Line, $"use '{use.Value}' names a folder with no go.mod in the repository");
                    continue;
                }
                if (memberOf.TryAdd(modFile, workspace) && mod.Module is { } path) workspace.Modules.Add(path);
            }
        }

        foreach (var (file, mod) in mods) HarvestFile(file, mod, memberOf.GetValueOrDefault(file), sink);
    }

    private static void HarvestFile(string file, GoModFile mod, Workspace? workspace, HarvestSink sink)
    {
        foreach (var problem in mod.Problems) sink.Issue(ScanIssueSeverity.Error, file, problem.Line, problem.Message);

        // Beside its go.work a module's folder already has the workspace's Go, which is the one that builds it.
        var runtime = Runtime(mod);
        if (runtime is not null && (workspace is null || Runtime(workspace.Work) is null || RepoPaths.FolderOf(workspace.File) != RepoPaths.FolderOf(file)))
            sink.Add(RuntimeFact(file, runtime.Value));

        foreach (var require in mod.Requires)
        {
            if (workspace is not null && workspace.Modules.Contains(require.Path)) continue;
            // A replace naming a version applies only to that version; one without applies to all. The workspace's win.
            var replace = Replacing(workspace?.Work.Replaces, require) ?? Replacing(mod.Replaces, require);
            var line = replace is null || workspace?.Work.Replaces.Contains(replace) == true ? require.Line : replace.Line;
            if (replace is null)
            {
                sink.Add(Fact(file, require.Path, require.Version, require.Version, require.Indirect, require.Line, unresolved: false));
            }
            else if (replace.NewVersion is not null)
            {
                sink.Add(Fact(file, replace.NewPath, $"{require.Version} => {replace.NewPath} {replace.NewVersion}", replace.NewVersion, require.Indirect, line, unresolved: false));
            }
            else
            {
                // Replaced by a directory in the repository: the code in use is local, so no version can be known.
                sink.Add(Fact(file, require.Path, $"{require.Version} => {replace.NewPath}", null, require.Indirect, line, unresolved: true));
            }
        }
    }

    private static GoReplace? Replacing(IReadOnlyList<GoReplace>? replaces, GoRequire require)
        => replaces?.LastOrDefault(r => r.OldPath == require.Path && (r.OldVersion is null || r.OldVersion == require.Version));

    private static DependencyFact RuntimeFact(string file, (string Declared, string Version, int Line) runtime)
        => DependencyFact.Runtime("go", runtime.Declared, runtime.Version, file, runtime.Line);

    private static (string Declared, string Version, int Line)? Runtime(GoModFile mod)
    {
        // The toolchain directive names the Go release that actually builds the module; the go directive only its minimum.
        if (mod.Toolchain is { } t && t.Value.StartsWith("go", StringComparison.Ordinal) && t.Value.Length > 2 && char.IsAsciiDigit(t.Value[2]))
        {
            var version = t.Value[2..];
            var dash = version.IndexOf('-');
            return ($"toolchain {t.Value}", dash > 0 ? version[..dash] : version, t.Line);
        }
        return mod.Go is { } g ? ($"go {g.Value}", g.Value, g.Line) : null;
    }

    private static DependencyFact Fact(string file, string modulePath, string declared, string? version, bool indirect, int line, bool unresolved)
    {
        var slash = modulePath.LastIndexOf('/');
        var purl = slash > 0
            ? PackageUrl.Create("golang", modulePath[..slash], modulePath[(slash + 1)..])
            : PackageUrl.Create("golang", null, modulePath);
        return new DependencyFact
        {
            Ecosystem = "golang",
            Purl = purl,
            Declared = declared,
            Version = version,
            Unresolved = unresolved,
            Direct = !indirect,
            File = file,
            Line = line,
        };
    }

}
