using Microsoft.Extensions.Options;
using TechHealth.Api.Definitions;
using TechHealth.Api.Hosting;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>What one scan run did, for the command line's summary and the API.</summary>
/// <param name="FailedSources">Sources that could not be listed or read at all, with why (their repositories' previous facts stay in force).</param>
/// <param name="Fetched">Repositories cloned or fetched because their head moved; the others were already current on disk.</param>
public sealed record ScanSummary(long ScanRunId, long? EvaluationRunId, int Repositories, int Scanned, int Skipped, int Failed, int Components,
    int Groups, int Dependencies, IReadOnlyDictionary<string, int> DependenciesByEcosystem, TimeSpan ScanDuration, TimeSpan TotalDuration, IReadOnlyList<string> Errors)
{
    public IReadOnlyList<string> FailedSources { get; init; } = [];
    public int Fetched { get; init; }
}

/// <summary>
/// Runs one scan: harvest the sources, store the facts as one scan run (visible only once complete), then
/// re-evaluate the fleet. A completed run is published to <see cref="RunEvents"/>. The scan keeps the text of the files the checks in force search (their <c>file: { glob, contains }</c>
/// conditions). Two scans never overlap: a second caller waits. The scan under way counts itself into <see cref="ScanProgress"/>.
/// </summary>
public sealed class ScanService(
    ScanSources sources,
    DefinitionsState definitions,
    FactStore facts,
    EvaluationService evaluation,
    RunEvents events,
    ScanProgress progress,
    TechHealthMetrics metrics,
    TimeProvider clock,
    ILogger<ScanService> logger,
    Cluster.ClusterMode? cluster = null,
    IServiceProvider? services = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool IsRunning => _gate.CurrentCount == 0;

    public async Task<ScanSummary> ScanAsync(string? source = null, string? path = null, bool full = false, bool evaluate = true, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        progress.Start();
        using var span = TechHealthTelemetry.Source.StartActivity("scan");
        try
        {
            // A service that shares scans across instances runs them as shards (the verbs scan in their own process).
            if (path is null && cluster is { Sharded: true } && services?.GetService<Cluster.ClusterScan>() is { } shared)
                return await shared.RunAsync(source, full, clock, cancellationToken);
            var started = clock.GetTimestamp();
            var scanner = await sources.ScannerAsync(cancellationToken);
            var previous = await facts.GetLatestFingerprintsAsync(cancellationToken);
            var request = new ScanRequest
            {
                Source = source, Path = path, Full = full, PreviousFingerprint = ScanRequest.From(previous),
                ContentGlobs = definitions.Current.Checks.FileContentGlobs(),
                Progress = progress,
            };
            var names = path is not null ? [ScanRequest.PathSourceName]
                : scanner.InventoriesFor(request).Select(s => s.Name).Concat(scanner.SourcesFor(request).Select(s => s.Name)).ToList();
            var runId = await facts.BeginScanRunAsync(names, full, cancellationToken);
            span?.SetTag("techhealth.scan_run.id", runId);
            // Every log line of the run, the evaluation's too, carries its id.
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["ScanRunId"] = runId });
            try
            {
                var outcome = await scanner.ScanAsync(request, cancellationToken);
                await facts.SaveComponentSnapshotsAsync(runId, outcome.Components, cancellationToken);
                // A source that could not be read (a clone that failed) keeps its repositories' previous facts in force.
                var keptBySource = previous.Keys.Where(k => outcome.FailedSources.Any(f => k.StartsWith(f + "/", StringComparison.Ordinal)));
                await facts.MarkRepositoriesUnchangedAsync(runId, outcome.SkippedRepositories.Concat(keptBySource), cancellationToken);
                // Repositories holding no component (the org repository) keep their fingerprint apart, so an unchanged one is skipped next time.
                var holdingComponents = outcome.Components.Select(c => FactStore.RepositoryKey(c.Source, c.Repository)).ToHashSet(StringComparer.Ordinal);
                await facts.SaveRepositoryFingerprintsAsync(runId, outcome.Repositories
                    .Where(r => r.Status == RepositoryScanStatus.Scanned && r.Fingerprint is not null && !holdingComponents.Contains(r.Key))
                    .Select(r => (r.Key, r.Fingerprint!)), cancellationToken);
                foreach (var repo in outcome.Repositories.Where(r => r.Status == RepositoryScanStatus.Failed))
                    await facts.RecordScanErrorAsync(runId, repo.Key, null, repo.Error ?? "failed", cancellationToken);
                foreach (var issue in outcome.Issues)
                    await facts.RecordScanErrorAsync(runId, issue.File, null, issue.Message, cancellationToken);
                var groups = outcome.Groups;
                // An unreadable catalog must not empty the org chart: its groups as last stored stay in force.
                if (scanner.InventoriesFor(request).Any(i => outcome.FailedSources.Contains(i.Name)))
                    groups = groups.Concat((await facts.LoadGroupsAsync(cancellationToken)).Where(g => groups.All(n => n.Ref != g.Ref))).ToList();
                await facts.SaveGroupsAsync(runId, groups, cancellationToken);
                progress.Phase("storing");
                var info = await facts.CompleteScanRunAsync(runId, cancellationToken);
                events.Publish(info);
                var scanDuration = clock.GetElapsedTime(started);
                metrics.RecordScan(scanDuration, completed: true, outcome.ScannedCount, outcome.SkippedCount);
                logger.LogInformation("Scan run {Run}: {Scanned} scanned, {Skipped} unchanged, {Failed} failed in {Duration}",
                    runId, outcome.ScannedCount, outcome.SkippedCount, outcome.FailedCount, scanDuration);

                long? evaluationRun = null;
                if (evaluate)
                    evaluationRun = (await evaluation.EvaluateAfterScanAsync(runId, cancellationToken))?.Id;

                var deps = outcome.Components.SelectMany(c => c.Dependencies).ToList();
                return new ScanSummary(runId, evaluationRun, outcome.Repositories.Count, outcome.ScannedCount, outcome.SkippedCount, outcome.FailedCount,
                    outcome.Components.Count, groups.Count, deps.Count,
                    deps.GroupBy(d => d.Ecosystem).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                    scanDuration, clock.GetElapsedTime(started),
                    outcome.Repositories.Where(r => r.Error is not null).Select(r => $"{r.Key}: {r.Error}").Concat(outcome.Issues.Select(i => i.ToString())).ToList())
                {
                    FailedSources = outcome.FailedSources.Select(f => outcome.Issues.FirstOrDefault(i => i.File == f) is { } issue ? $"{f}: {issue.Message}" : f).ToList(),
                    Fetched = outcome.FetchedCount,
                };
            }
            catch (Exception e)
            {
                // The run stays invisible: the previous complete scan's facts remain in force.
                metrics.RecordScan(clock.GetElapsedTime(started), completed: false, 0, 0);
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                await facts.FailScanRunAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message, CancellationToken.None);
                throw;
            }
        }
        finally
        {
            progress.Finish();
            _gate.Release();
        }
    }
}
