using System.CommandLine;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Scanning;
using TechHealth.Scanning.Sources;
using TechHealth.Storage;

namespace TechHealth.Api.Cli;

/// <summary><c>techhealth scan</c>: one scan run now (configured sources, one of them, or any folder), stored and evaluated.</summary>
public static class ScanVerb
{
    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var source = new Option<string?>("--source") { Description = "Scan only the configured source with this name." };
        var path = new Option<string?>("--path") { Description = "Scan this folder (a repository or a folder of repositories) instead of the configured sources." };
        var full = new Option<bool>("--full") { Description = "Rescan every repository, even unchanged ones." };
        var json = VerbHost.JsonOption();
        var command = new Command("scan", "Scan now, store the facts as one scan run, and evaluate the fleet.") { source, path, full, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = VerbHost.BuildServices(overrides);
            await services.MigrateTechHealthStorageAsync(ct);
            // A scan verb killed before this one left its run marked running with staged rows: whoever starts next cleans up.
            await services.GetRequiredService<InterruptedScanRuns>().CleanUpAsync("scan", ct);
            if (!services.GetRequiredService<DefinitionsReloader>().Reload("scan"))
            {
                Console.Error.WriteLine("The radar or checks have errors; run 'techhealth validate' to see them. Facts are stored, evaluation is skipped.");
            }
            var definitionsOk = services.GetRequiredService<DefinitionsState>().IsLoaded;
            // The verb prints figures and exits: an unchanged rescan is recorded without rebuilding a snapshot in memory.
            services.GetRequiredService<EvaluationService>().ServesSnapshots = false;
            var dir = parse.GetValue(path);
            ScanSummary summary;
            using (var watching = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var display = ScanProgressDisplay.FollowAsync(services.GetRequiredService<ScanProgress>(), ScanProgressDisplay.IsInteractive(), Console.Error, watching.Token);
                try
                {
                    summary = await services.GetRequiredService<ScanService>().ScanAsync(parse.GetValue(source), dir is null ? null : Path.GetFullPath(dir), parse.GetValue(full), evaluate: definitionsOk, ct);
                }
                catch (UnknownSourceException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 1;
                }
                catch (ScanConfigurationException e)
                {
                    Console.Error.WriteLine("error: the scanning configuration has mistakes:");
                    foreach (var problem in e.Errors) Console.Error.WriteLine($"  TechHealth:{problem}");
                    return 1;
                }
                finally
                {
                    await watching.CancelAsync();
                    await display;
                }
            }
            var snapshot = services.GetRequiredService<FleetState>().Current;
            // An unchanged rescan leaves no snapshot here; the stored run carries the same figures.
            var run = snapshot?.Run ?? (summary.EvaluationRunId is { } id ? await services.GetRequiredService<EvaluationStore>().GetEvaluationRunAsync(id, ct) : null);
            if (parse.GetValue(json))
            {
                VerbHost.WriteJson(new
                {
                    summary.ScanRunId,
                    summary.EvaluationRunId,
                    summary.Repositories,
                    summary.Scanned,
                    summary.Skipped,
                    summary.Failed,
                    summary.Components,
                    summary.Groups,
                    summary.Dependencies,
                    summary.DependenciesByEcosystem,
                    scanSeconds = Math.Round(summary.ScanDuration.TotalSeconds, 3),
                    totalSeconds = Math.Round(summary.TotalDuration.TotalSeconds, 3),
                    levels = snapshot?.Rollup.Organisation().Levels ?? (run is null ? null : LevelsOf(run, services.GetRequiredService<EvaluationService>().Compiled().Levels)),
                    averageScore = run?.AverageScore,
                    summary.Fetched,
                    summary.FailedSources,
                    summary.Errors,
                });
            }
            else
            {
                Console.WriteLine($"Scan run {summary.ScanRunId}: {summary.Repositories} repositories ({summary.Scanned} scanned, {summary.Skipped} unchanged, {summary.Failed} failed; {summary.Fetched} fetched) in {summary.ScanDuration.TotalSeconds:F1} s");
                Console.WriteLine($"{summary.Components} components, {summary.Groups} groups, {summary.Dependencies} dependencies: " +
                    string.Join(", ", summary.DependenciesByEcosystem.Select(kv => $"{kv.Key} {kv.Value}")));
                if (run is not null)
                    Console.WriteLine($"Evaluation run {run.Id}: average score {run.AverageScore:F1}; levels " + string.Join(", ", run.LevelCounts.Select(kv => $"{kv.Key} {kv.Value}")));
                foreach (var e in summary.Errors.Take(20)) Console.WriteLine($"  error: {e}");
                foreach (var f in summary.FailedSources) Console.WriteLine($"  source failed: {f}");
            }
            // A failed source or repository is a failed scan for whoever runs it in a pipeline; the rest was still stored.
            if (summary.FailedSources.Count > 0) Console.Error.WriteLine($"error: {summary.FailedSources.Count} source(s) failed: {string.Join("; ", summary.FailedSources)}");
            return summary.Failed == 0 && summary.FailedSources.Count == 0 ? 0 : 2;
        });
        return command;
    }

    /// <summary>The organisation's level counts from a stored run, in the shape and order the rollup gives them.</summary>
    internal static IReadOnlyList<TechHealth.Certification.LevelCount> LevelsOf(EvaluationRunInfo run, IReadOnlyList<string> levels)
    {
        int Count(string level) => run.LevelCounts.FirstOrDefault(kv => string.Equals(kv.Key, level, StringComparison.OrdinalIgnoreCase)).Value;
        double Share(int count) => run.ComponentCount == 0 ? 0 : Math.Round((double)count / run.ComponentCount, 4);
        return levels.Select(l => new TechHealth.Certification.LevelCount(l, Count(l), Share(Count(l))))
            .Prepend(new TechHealth.Certification.LevelCount(EvaluationStore.NoLevel, run.LevelCounts.GetValueOrDefault(EvaluationStore.NoLevel), Share(run.LevelCounts.GetValueOrDefault(EvaluationStore.NoLevel))))
            .ToList();
    }
}
