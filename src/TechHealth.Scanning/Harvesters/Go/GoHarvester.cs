using TechHealth.Core.Facts;
using TechHealth.Core.Purls;

namespace TechHealth.Scanning.Harvesters.Go;

/// <summary>
/// Go modules: every go.mod in the repository gives its requirements (with <c>replace</c> applied and
/// <c>// indirect</c> marking transitive ones) and the Go runtime from the <c>toolchain</c> or <c>go</c> directive.
/// go.sum is not read: go.mod versions are already exact.
/// </summary>
public sealed class GoHarvester : IHarvester
{
    public string Name => "go";

    public bool Wants(string relativePath) => RepoPaths.FileName(relativePath) == "go.mod";

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        foreach (var file in repository.Files.Where(Wants))
        {
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            HarvestFile(file, GoModReader.Read(text), sink);
        }
    }

    private static void HarvestFile(string file, GoModFile mod, HarvestSink sink)
    {
        foreach (var problem in mod.Problems) sink.Issue(ScanIssueSeverity.Error, file, problem.Line, problem.Message);

        var runtime = Runtime(mod);
        if (runtime is not null)
        {
            sink.Add(new DependencyFact
            {
                Ecosystem = "runtime",
                Purl = PackageUrl.Create("runtime", null, "go"),
                Kind = TechnologyKind.Runtime,
                Declared = runtime.Value.Declared,
                Version = runtime.Value.Version,
                File = file,
                Line = runtime.Value.Line,
            });
        }

        foreach (var require in mod.Requires)
        {
            // A replace naming a version applies only to that version; one without applies to all.
            var replace = mod.Replaces.LastOrDefault(r => r.OldPath == require.Path && (r.OldVersion is null || r.OldVersion == require.Version));
            if (replace is null)
            {
                sink.Add(Fact(file, require.Path, require.Version, require.Version, require.Indirect, require.Line, unresolved: false));
            }
            else if (replace.NewVersion is not null)
            {
                sink.Add(Fact(file, replace.NewPath, $"{require.Version} => {replace.NewPath} {replace.NewVersion}", replace.NewVersion, require.Indirect, replace.Line, unresolved: false));
            }
            else
            {
                // Replaced by a directory in the repository: the code in use is local, so no version can be known.
                sink.Add(Fact(file, require.Path, $"{require.Version} => {replace.NewPath}", null, require.Indirect, replace.Line, unresolved: true));
            }
        }
    }

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
