using System.CommandLine;
using Microsoft.Extensions.Options;
using TechHealth.Api.Hosting;
using TechHealth.Core.Definitions;

namespace TechHealth.Api.Cli;

/// <summary><c>techhealth validate</c>: loads radar and checks, prints every problem, exits 1 when any is an error (for a radar repository's own CI).</summary>
public static class ValidateVerb
{
    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var radar = new Option<string?>("--radar") { Description = "Radar folder (default: the configured TechHealth:Definitions:RadarPath)." };
        var checks = new Option<string?>("--checks") { Description = "Checks folder (default: the configured TechHealth:Definitions:ChecksPath)." };
        var json = VerbHost.JsonOption();
        var command = new Command("validate", "Validate the radar and checks YAML; exit 1 if any error is found.") { radar, checks, json };
        command.SetAction(parse =>
        {
            using var services = VerbHost.BuildServices(overrides);
            var paths = services.GetRequiredService<WorkspacePaths>();
            var o = services.GetRequiredService<IOptions<TechHealthOptions>>().Value.Definitions;
            var radarDir = Path.GetFullPath(parse.GetValue(radar) ?? paths.Resolve(o.RadarPath));
            var checksDir = Path.GetFullPath(parse.GetValue(checks) ?? paths.Resolve(o.ChecksPath));
            var result = DefinitionLoader.Load(radarDir, checksDir, services.GetRequiredService<TimeProvider>());
            var errors = result.Problems.Count(p => p.Severity == ProblemSeverity.Error);
            var warnings = result.Problems.Count - errors;
            if (parse.GetValue(json))
            {
                VerbHost.WriteJson(new
                {
                    valid = errors == 0,
                    radar = radarDir,
                    checks = checksDir,
                    errors,
                    warnings,
                    radarEntries = result.Definitions?.Radar.Entries.Count,
                    checkCount = result.Definitions?.Checks.Checks.Count,
                    version = result.Definitions?.Version,
                    problems = result.Problems.Select(p => new { severity = p.Severity.ToString().ToLowerInvariant(), file = p.Location.File, line = p.Location.Line, column = p.Location.Column, message = p.Message }),
                });
            }
            else
            {
                foreach (var p in result.Problems) Console.Out.WriteLine(p.ToString());
                var d = result.Definitions;
                Console.Out.WriteLine(errors == 0
                    ? $"OK: {d?.Radar.Entries.Count} radar entries, {d?.Checks.Checks.Count} checks, {d?.Checks.Gates.Count} gates, {d?.Checks.Exemptions.Count} exemptions ({warnings} warnings)"
                    : $"FAILED: {errors} errors, {warnings} warnings");
            }
            return errors == 0 ? 0 : 1;
        });
        return command;
    }
}
