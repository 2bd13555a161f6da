using System.Collections.Concurrent;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Catalog;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Contents;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning;

/// <summary>
/// The scanning service the scheduled job and the <c>scan</c> command call. Owns one scan run: preparing sources,
/// scanning repositories in parallel (each within its own deadline, a broken one never stopping the others),
/// skipping unchanged ones, and collecting components and groups into a <see cref="ScanOutcome"/>.
/// It never evaluates checks and never stores anything; overlapping runs are the caller's to prevent.
/// </summary>
public sealed class Scanner
{
    private readonly ScanningOptions _options;
    private readonly TimeProvider _time;
    private readonly RepositoryScanner _repositories;

    public Scanner(ScanningOptions options, TimeProvider? timeProvider = null, IEnumerable<IHarvester>? harvesters = null, ICatalogParser? catalogParser = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid scanning options: " + string.Join("; ", errors), nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        Harvesters = (harvesters ?? HarvesterSet.Default()).ToList();
        _repositories = new RepositoryScanner(options, Harvesters, catalogParser ?? new BackstageCatalogParser(options.MaxFileBytes, options.MaxYamlNodes));
    }

    public IReadOnlyList<IHarvester> Harvesters { get; }

    /// <summary>The sources a request covers: one folder for <see cref="ScanRequest.Path"/>, else the configured ones (optionally one by name).</summary>
    public IReadOnlyList<IRepositorySource> SourcesFor(ScanRequest request)
    {
        if (request.Path is not null) return [new DirectorySource(ScanRequest.PathSourceName, request.Path, _repositories.CatalogNames) { IsOneRepository = request.PathIsRepository }];
        var chosen = _options.Sources.Where(s => request.Source is null || s.Name.Equals(request.Source, StringComparison.OrdinalIgnoreCase)).ToList();
        if (request.Source is not null && chosen.Count == 0) throw new ArgumentException($"no source named '{request.Source}' is configured");
        return chosen.Select(IRepositorySource (s) => s.Kind == SourceKind.Git
            ? new GitSource(s, _options.ResolvedCacheDirectory, _options.GitTimeout)
            : new DirectorySource(s.Name, s.Path!, _repositories.CatalogNames)).ToList();
    }

    /// <summary>Runs one scan. Cancellation stops it with <see cref="OperationCanceledException"/> and no outcome, so nothing half-done is ever returned.</summary>
    public async Task<ScanOutcome> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        var prepareStart = _time.GetTimestamp();
        var issues = new List<ScanIssue>();
        var failedSources = new List<string>();
        var locations = new List<RepositoryLocation>();
        foreach (var source in SourcesFor(request))
        {
            try { locations.AddRange(await source.PrepareAsync(cancellationToken).ConfigureAwait(false)); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                failedSources.Add(source.Name);
                issues.Add(new ScanIssue(ScanIssueSeverity.Error, source.Name, 0, e.Message));
            }
        }
        var prepareDuration = _time.GetElapsedTime(prepareStart);
        var contentProblems = new List<string>();
        var contents = FileContentSet.Create(_options.ContentGlobs.Concat(request.ContentGlobs), _options, contentProblems);
        issues.AddRange(contentProblems.Select(p => new ScanIssue(ScanIssueSeverity.Warning, "", 0, p)));

        var results = new ConcurrentBag<RepositoryScanResult>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(locations, parallel, async (location, ct) =>
        {
            results.Add(await ScanRepositoryAsync(location, request.PreviousFingerprint?.Invoke(location.Key), request.Full, contents, ct).ConfigureAwait(false));
        }).ConfigureAwait(false);

        var ordered = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, OrgGroup>(StringComparer.Ordinal);
        foreach (var g in ordered.SelectMany(r => r.Groups)) groups.TryAdd(g.Ref, g);
        return new ScanOutcome
        {
            StartedAt = started,
            FinishedAt = _time.GetUtcNow(),
            PrepareDuration = prepareDuration,
            Repositories = ordered,
            Components = ordered.SelectMany(r => r.Components).ToList(),
            Groups = groups.Values.OrderBy(g => g.Ref, StringComparer.Ordinal).ToList(),
            Issues = issues,
            FailedSources = failedSources,
        };
    }

    /// <summary>
    /// Scans one repository within <see cref="ScanningOptions.PerRepositoryTimeout"/>. Never throws for the repository's
    /// own faults: a failure gives a Failed result holding one component (named after the repository) with an error issue.
    /// </summary>
    public Task<RepositoryScanResult> ScanRepositoryAsync(RepositoryLocation location, string? previousFingerprint, bool full, CancellationToken cancellationToken = default)
        => ScanRepositoryAsync(location, previousFingerprint, full, FileContentSet.Create(_options.ContentGlobs, _options), cancellationToken);

    /// <summary>Scans one repository as above, keeping the text of the files <paramref name="contents"/> names.</summary>
    public async Task<RepositoryScanResult> ScanRepositoryAsync(RepositoryLocation location, string? previousFingerprint, bool full, FileContentSet contents, CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.PerRepositoryTimeout);
        string? error;
        try
        {
            // WaitAsync lets the run move on at the deadline even if a harvester is stuck between reads.
            var work = Task.Run(() =>
            {
                // One thread scans the repository from start to end, so its allocations are the repository's.
                using var budget = RepositoryMemoryBudget.Begin(_options.MaxScanBytesPerRepository);
                return _repositories.Scan(location, previousFingerprint, full, contents, deadline.Token);
            }, deadline.Token);
            var (status, fingerprint, components, groups) = await work.WaitAsync(_options.PerRepositoryTimeout, cancellationToken).ConfigureAwait(false);
            return new RepositoryScanResult
            {
                Key = location.Key, Source = location.Source, Name = location.Name, Status = status, Fingerprint = fingerprint,
                Duration = _time.GetElapsedTime(start), Components = components, Groups = groups,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            error = $"repository scan took longer than {_options.PerRepositoryTimeout.TotalSeconds:0.#} s and was abandoned";
        }
        catch (RepositoryMemoryBudgetExceededException e)
        {
            error = $"repository not scanned: {e.Message}";
        }
        catch (Exception e)
        {
            error = $"repository could not be scanned: {e.GetType().Name}: {e.Message}";
        }
        return new RepositoryScanResult
        {
            Key = location.Key, Source = location.Source, Name = location.Name, Status = RepositoryScanStatus.Failed, Duration = _time.GetElapsedTime(start), Error = error,
            Components =
            [
                new ComponentFacts
                {
                    Name = location.Name, Source = location.Source, Repository = location.Name,
                    Issues = [new ScanIssue(ScanIssueSeverity.Error, "", 0, error)],
                },
            ],
        };
    }
}
