using System.CommandLine;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Certification;
using TechHealth.Scanning;

namespace TechHealth.Api.Cli;

/// <summary>
/// <c>techhealth evaluate PATH</c>: harvests and evaluates one repository on disk with no service and no database,
/// prints level, score and every failing check, and exits 1 below <c>--min-level</c>, so a team can gate its own CI.
/// </summary>
public static class EvaluateVerb
{
    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var path = new Argument<string>("path") { Description = "The repository to evaluate (a folder holding only folders is taken as a folder of repositories)." };
        var minLevel = new Option<string?>("--min-level") { Description = "Exit 1 when a component's level is below this one (bronze, silver, gold)." };
        var failOnScanIssues = new Option<bool>("--fail-on-scan-issues") { Description = "Exit 1 when the scan could not read something (a file over a limit, a symlink leaving the repository, an expansion past its budget)." };
        var json = VerbHost.JsonOption();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every finding and the checks that passed, not only the first findings." };
        var command = new Command("evaluate", "Harvest and evaluate a repository on disk, without the service or a database.") { path, minLevel, failOnScanIssues, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = VerbHost.BuildServices(overrides);
            if (!services.GetRequiredService<DefinitionsReloader>().Reload("evaluate"))
            {
                Console.Error.WriteLine("The radar or checks have errors; run 'techhealth validate' to see them.");
                return 3;
            }
            var dir = Path.GetFullPath(parse.GetValue(path)!);
            if (!Directory.Exists(dir)) { Console.Error.WriteLine($"No such folder: {dir}"); return 3; }
            var scanOptions = services.GetRequiredService<ScanSources>().Options();
            scanOptions.Sources.Clear();
            var compiled = services.GetRequiredService<EvaluationService>().Compiled();
            var outcome = await new Scanner(scanOptions).ScanAsync(
                new ScanRequest { Path = dir, Full = true, ContentGlobs = compiled.Definitions.Checks.FileContentGlobs(), PathIsRepository = LooksLikeOneRepository(dir) }, ct);
            var clock = services.GetRequiredService<TimeProvider>();
            var book = ExemptionBook.From(compiled.Definitions.Checks);
            var levels = compiled.Levels;
            var min = parse.GetValue(minLevel);
            if (min is not null && !levels.Contains(min, StringComparer.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"--min-level '{min}' is not a level; the levels are {string.Join(", ", levels)}");
                return 3;
            }
            var failed = false;
            var evaluations = outcome.Components.Select(c => compiled.Evaluate(c, book, clock)).ToList();
            // Issues of the run itself (no component to carry them) go with every component, so none is dropped.
            var issues = outcome.Components.Select(c => (IReadOnlyList<Core.Facts.ScanIssue>)[.. outcome.Issues, .. c.Issues]).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine("[" + string.Join(",\n", evaluations.Select((e, i) => ScanIssueReport.WithIssues(LocalEvaluation.FormatJson(e, levels, min), issues[i]))) + "]");
            }
            else
            {
                for (var i = 0; i < evaluations.Count; i++)
                    Console.Out.WriteLine(LocalEvaluation.FormatText(evaluations[i], levels, parse.GetValue(verbose)) + ScanIssueReport.Text(issues[i]));
            }
            if (parse.GetValue(failOnScanIssues) && issues.Any(i => i.Count > 0))
            {
                Console.Error.WriteLine($"{issues.Sum(i => i.Count)} scan issue(s): some inputs were not read (--fail-on-scan-issues)");
                failed = true;
            }
            foreach (var e in evaluations)
                if (min is not null && !LocalEvaluation.MeetsLevel(e, min, levels)) failed = true;
            if (evaluations.Count == 0) { Console.Error.WriteLine($"No component found in {dir}"); return 3; }
            return failed ? 1 : 0;
        });
        return command;
    }

    /// <summary>
    /// A folder with files of its own at the top (a README, a build manifest) is one repository, even when it is not a git
    /// clone (an exported or unpacked one); a folder holding only folders is a folder of repositories.
    /// </summary>
    public static bool LooksLikeOneRepository(string dir)
        => Directory.EnumerateFiles(dir).Any(f => !Path.GetFileName(f).StartsWith('.'));
}
