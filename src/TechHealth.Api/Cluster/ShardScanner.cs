using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Scans one shard's repositories with this instance's scanner and turns the outcome into what the store keeps, by the
/// same rules as a scan in one process: unchanged and unlistable repositories keep their facts, failures become errors.
/// </summary>
public sealed class ShardScanner(ScanSources sources, DefinitionsState definitions, FactStore facts, ClusterMode mode)
{
    public async Task<ShardFacts> ScanAsync(ShardClaim claim, ShardedRun run, CancellationToken cancellationToken)
    {
        if (mode.Options.TestDelayPerRepository > TimeSpan.Zero)
            await Task.Delay(mode.Options.TestDelayPerRepository * claim.Repositories.Count, cancellationToken);
        var scanner = await sources.ScannerAsync(cancellationToken);
        var previous = await facts.GetLatestFingerprintsAsync(cancellationToken);
        var keys = claim.Repositories.ToHashSet(StringComparer.Ordinal);
        var outcome = await scanner.ScanAsync(new ScanRequest
        {
            Source = run.Source, Full = run.Full, PreviousFingerprint = ScanRequest.From(previous),
            ContentGlobs = definitions.Current.Checks.FileContentGlobs(), Repositories = keys,
        }, cancellationToken);
        // A source that could not be listed keeps its repositories' previous facts in force, as in one process.
        var keptBySource = keys.Where(k => outcome.FailedSources.Any(f => k.StartsWith(f + "/", StringComparison.Ordinal)));
        var errors = outcome.Repositories.Where(r => r.Status == RepositoryScanStatus.Failed)
            .Select(r => (r.Key, (string?)null, r.Error ?? "failed"))
            .Concat(outcome.Issues.Select(i => (i.File, (string?)null, i.Message)))
            .ToList();
        return new ShardFacts(keys, outcome.Components, outcome.SkippedRepositories.Concat(keptBySource).ToList(), errors, outcome.Groups);
    }

    /// <summary>What a shard stores after its last attempt failed: each repository an error, so its previous facts stay in force.</summary>
    public static ShardFacts Failed(ShardClaim claim, string reason)
        => new(claim.Repositories, [], [], claim.Repositories.Select(k => (k, (string?)null, $"not scanned: its shard failed {claim.Attempt} times ({reason})")).ToList(), []);
}
