using Microsoft.Extensions.Options;
using TechHealth.Api.Hosting;
using TechHealth.Core.Definitions;

namespace TechHealth.Api.Definitions;

/// <summary>Loads the radar and checks from their configured folders into <see cref="DefinitionsState"/>.</summary>
public sealed class DefinitionsReloader(DefinitionsState state, WorkspacePaths paths, IOptions<TechHealthOptions> options, TimeProvider clock, ILogger<DefinitionsReloader> logger)
{
    public string RadarPath => paths.Resolve(options.Value.Definitions.RadarPath);
    public string ChecksPath => paths.Resolve(options.Value.Definitions.ChecksPath);

    public bool Reload(string why)
    {
        logger.LogInformation("Loading definitions ({Why})", why);
        return state.Apply(DefinitionLoader.Load(RadarPath, ChecksPath, clock));
    }

    /// <summary>A cheap summary of both folders (names, sizes, write times) for the polling fallback.</summary>
    public string Fingerprint()
    {
        var h = new HashCode();
        foreach (var dir in new[] { RadarPath, ChecksPath })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(f);
                h.Add(f); h.Add(info.Length); h.Add(info.LastWriteTimeUtc.Ticks);
            }
        }
        return h.ToHashCode().ToString();
    }
}
