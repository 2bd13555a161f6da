using Microsoft.Extensions.Options;
using TechHealth.Api.Hosting;
using TechHealth.Scanning;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Api.Fleet;

/// <summary>
/// Turns the <c>TechHealth:Scanning</c> configuration into a scanner, with paths resolved against the workspace.
/// With no source configured and the demo enabled, a generated demo fleet is the one source, so the README's
/// first command shows real results on a fresh machine.
/// </summary>
public sealed class ScanSources(IConfiguration configuration, WorkspacePaths paths, IOptions<TechHealthOptions> options, TimeProvider clock, ILogger<ScanSources> logger)
{
    public const string DemoSourceName = "demo";

    public ScanningOptions Options()
    {
        var o = configuration.GetSection($"{TechHealthOptions.Section}:{ScanningOptions.SectionName}").Get<ScanningOptions>() ?? new ScanningOptions();
        foreach (var s in o.Sources.Where(s => s.Path is not null)) s.Path = paths.Resolve(s.Path!);
        foreach (var s in o.Sources.Where(s => s.PrivateKeyPath is not null)) s.PrivateKeyPath = paths.Resolve(s.PrivateKeyPath!);
        o.CacheDirectory = paths.Resolve(o.CacheDirectory ?? "data/git-cache");
        if (o.Sources.Count == 0 && options.Value.Demo.Enabled)
            o.Sources.Add(new SourceOptions { Name = DemoSourceName, Kind = SourceKind.Directory, Path = DemoPath });
        return o;
    }

    public string DemoPath => paths.Resolve(options.Value.Demo.Path);

    public async Task<Scanner> ScannerAsync(CancellationToken cancellationToken)
    {
        var o = Options();
        if (o.Sources.Any(s => s.Name == DemoSourceName) && !Directory.Exists(DemoPath))
        {
            var demo = options.Value.Demo;
            logger.LogInformation("No source configured: generating a demo fleet of {Count} components in {Path}", demo.Components, DemoPath);
            await Task.Run(() => FleetGenerator.Generate(DemoPath, demo.Components, demo.Seed), cancellationToken);
            await FleetHistory.CommitRepositoriesAsync(DemoPath, clock.GetUtcNow(), cancellationToken);
        }
        // One scanner for the life of the service: it remembers file hashes, so unchanged repositories are cheap to skip.
        return _scanner ??= new Scanner(o, clock);
    }

    private Scanner? _scanner;
}
