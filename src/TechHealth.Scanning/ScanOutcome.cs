using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning;

/// <summary>What a scan is asked to do.</summary>
public sealed record ScanRequest
{
    /// <summary>Scan only the configured source with this name; null for all configured sources.</summary>
    public string? Source { get; init; }

    /// <summary>Scan this folder instead of the configured sources (a folder of repositories or one repository); its source name is <see cref="PathSourceName"/>.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Take <see cref="Path"/> as one repository even without <c>.git</c> or a catalog file (an exported or unpacked
    /// repository), rather than as a folder of repositories.
    /// </summary>
    public bool PathIsRepository { get; init; }

    /// <summary>Rescan every repository even when its fingerprint is unchanged.</summary>
    public bool Full { get; init; }

    /// <summary>The fingerprint stored for a repository key (<c>source/repository</c>) by the previous run, or null. Unchanged repositories are skipped.</summary>
    public Func<string, string?>? PreviousFingerprint { get; init; }

    /// <summary>
    /// Globs of the files whose text this scan keeps (as facts <c>file:&lt;path&gt;</c>), added to <see cref="ScanningOptions.ContentGlobs"/>:
    /// the host passes those of the checks in force (<c>CheckSet.FileContentGlobs()</c>). Part of every fingerprint, so a new glob rescans.
    /// </summary>
    public IReadOnlyList<string> ContentGlobs { get; init; } = [];

    /// <summary>
    /// Scan only the repositories with these keys (<c>source/repository</c>), as a shard of a run shared across
    /// instances does; null scans every repository listed. An empty set lists without scanning (<see cref="ScanOutcome.Listed"/>).
    /// </summary>
    public IReadOnlySet<string>? Repositories { get; init; }

    /// <summary>Counts repositories into this as the scan goes, for people watching; null when nobody is.</summary>
    public ScanProgress? Progress { get; init; }

    public const string PathSourceName = "local";

    public static Func<string, string?> From(IReadOnlyDictionary<string, string> fingerprints) => key => fingerprints.TryGetValue(key, out var f) ? f : null;
}

public enum RepositoryScanStatus { Scanned, Skipped, Failed }

/// <summary>One repository's part of a scan run.</summary>
public sealed record RepositoryScanResult
{
    public required string Key { get; init; }
    public required string Source { get; init; }
    public required string Name { get; init; }
    public required RepositoryScanStatus Status { get; init; }
    /// <summary>The fingerprint to store for the next run; null when the repository failed (so it is retried).</summary>
    public string? Fingerprint { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>What went wrong, when <see cref="Status"/> is Failed.</summary>
    public string? Error { get; init; }
    /// <summary>Components found (empty when skipped: the previous run's components stand).</summary>
    public IReadOnlyList<ComponentFacts> Components { get; init; } = [];
    /// <summary>Teams and departments declared in this repository's catalog files (read even when the repository is skipped).</summary>
    public IReadOnlyList<OrgGroup> Groups { get; init; } = [];
}

/// <summary>
/// The result of one scan run: the components scanned (failed repositories appear as one component carrying an error
/// issue), which repositories were skipped as unchanged, the full team and department tree, and timings.
/// It holds facts only: no check results, and nothing is stored by producing it.
/// </summary>
public sealed record ScanOutcome
{
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public TimeSpan Duration => FinishedAt - StartedAt;
    /// <summary>Time spent cloning and updating git sources and listing repositories.</summary>
    public TimeSpan PrepareDuration { get; init; }
    public required IReadOnlyList<RepositoryScanResult> Repositories { get; init; }
    /// <summary>Components of scanned and failed repositories, ordered by repository key then path.</summary>
    public required IReadOnlyList<ComponentFacts> Components { get; init; }
    /// <summary>Every Group found in every repository listed (scanned or skipped), deduplicated by reference.</summary>
    public required IReadOnlyList<OrgGroup> Groups { get; init; }
    /// <summary>Problems with sources as a whole (a clone that failed, a missing folder); their repositories are not in <see cref="Repositories"/>.</summary>
    public required IReadOnlyList<ScanIssue> Issues { get; init; }
    /// <summary>Sources that could not be prepared: the caller should keep their previous results in force.</summary>
    public required IReadOnlyList<string> FailedSources { get; init; }

    /// <summary>Every repository key the sources listed, before <see cref="ScanRequest.Repositories"/> chose among them.</summary>
    public IReadOnlyList<string> Listed { get; init; } = [];

    /// <summary>Repositories this run cloned or fetched (their head moved, or they were new).</summary>
    public int FetchedCount { get; init; }

    public int ScannedCount => Repositories.Count(r => r.Status == RepositoryScanStatus.Scanned);
    public int SkippedCount => Repositories.Count(r => r.Status == RepositoryScanStatus.Skipped);
    public int FailedCount => Repositories.Count(r => r.Status == RepositoryScanStatus.Failed);
    public IReadOnlyList<string> SkippedRepositories => Repositories.Where(r => r.Status == RepositoryScanStatus.Skipped).Select(r => r.Key).ToList();
    /// <summary>Repository key to fingerprint, for the next run's <see cref="ScanRequest.PreviousFingerprint"/>.</summary>
    public IReadOnlyDictionary<string, string> Fingerprints => Repositories.Where(r => r.Fingerprint is not null).ToDictionary(r => r.Key, r => r.Fingerprint!, StringComparer.Ordinal);
}
