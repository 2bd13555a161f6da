using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TechHealth.Api.Fleet;
using TechHealth.Api.Hosting;

namespace TechHealth.Benchmarks;

/// <summary>The service's own registrations (stores, definitions, evaluation) without the web host, for the evaluation verbs.</summary>
public static class BenchServices
{
    public static ServiceProvider Build(BenchWorkspace workspace)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(workspace.Settings()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => Quiet(b.AddSimpleConsole(o => o.SingleLine = true)));
        services.AddTechHealth(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Warnings only, except the service's own run summaries: request logs would distort the timings.</summary>
    public static ILoggingBuilder Quiet(ILoggingBuilder logging)
        => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("TechHealth", LogLevel.Information);
}

/// <summary>Flips one radar entry's own ring in its YAML file, the way a platform engineer edits the radar.</summary>
public static class RadarEdit
{
    /// <summary>The adopt entry used by the most components (but not all) whose every use sits in the entry's own ring.</summary>
    public static string PickEntry(FleetSnapshot snapshot)
        => snapshot.Fleet.Technologies
            .SelectMany(kv => kv.Value.Where(m => m.Entry is { Ring: "adopt" }).Select(m => (Component: kv.Key, Match: m)))
            .GroupBy(x => x.Match.Entry!.Id)
            .Where(g => g.All(x => x.Match.Ring == "adopt"))
            .Select(g => (Id: g.Key, Users: g.Select(x => x.Component).Distinct().Count()))
            .Where(e => e.Users < snapshot.Components.Count)
            .OrderByDescending(e => e.Users)
            .Select(e => e.Id)
            .FirstOrDefault() ?? throw new InvalidOperationException("no adopt entry to flip");

    /// <summary>Rewrites the entry's <c>ring:</c> line in whichever radar file holds it; returns the file and its old text.</summary>
    public static (string File, string Original) Flip(string radarFolder, string entryId, string from, string to)
    {
        foreach (var file in Directory.GetFiles(radarFolder, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            var lines = text.Split('\n');
            var start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^\s*- id: {Regex.Escape(entryId)}\s*$"));
            if (start < 0) continue;
            for (var i = start + 1; i < lines.Length && !lines[i].TrimStart().StartsWith("- id:", StringComparison.Ordinal); i++)
            {
                if (!Regex.IsMatch(lines[i], $@"^\s+ring: {Regex.Escape(from)}\s*$")) continue;
                lines[i] = lines[i].Replace(from, to);
                File.WriteAllText(file, string.Join('\n', lines));
                return (file, text);
            }
        }
        throw new InvalidOperationException($"no 'ring: {from}' line for entry {entryId} in {radarFolder}");
    }
}
