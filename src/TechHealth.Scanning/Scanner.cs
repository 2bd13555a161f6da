using System.Collections.Concurrent;
using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Catalog;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Contents;
using TechHealth.Scanning.Sources;
using TechHealth.Scanning.Sources.Discovery;

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
        if (errors.Count > 0) throw new ScanConfigurationException(errors);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        Harvesters = (harvesters ?? HarvesterSet.Default()).ToList();
        _repositories = new RepositoryScanner(options, Harvesters, catalogParser ?? new BackstageCatalogParser(options.MaxFileBytes, options.MaxYamlNodes));
    }

    public IReadOnlyList<IHarvester> Harvesters { get; }

    /// <summary>The sources a request covers: one folder for <see cref="ScanRequest.Path"/>, else the configured ones (optionally one by name). Catalog inventories (Backstage) are not among them: see <see cref="InventoriesFor"/>.</summary>
    /// <exception cref="UnknownSourceException">The request names a source that is not configured.</exception>
    public IReadOnlyList<IRepositorySource> SourcesFor(ScanRequest request)
    {
        if (request.Path is not null) return [new DirectorySource(ScanRequest.PathSourceName, request.Path, _repositories.CatalogNames) { IsOneRepository = request.PathIsRepository }];
        return Chosen(request).Where(s => s.Kind != SourceKind.Backstage).Select(s => Create(s, request.Progress, request.Repositories)).ToList();
    }

    /// <summary>The catalog inventories (Backstage sources) a request covers; none for a scan of a folder.</summary>
    public IReadOnlyList<SourceOptions> InventoriesFor(ScanRequest request)
        => request.Path is not null ? [] : Chosen(request).Where(s => s.Kind == SourceKind.Backstage).ToList();

    /// <summary>The names of every configured source, for messages.</summary>
    public IReadOnlyList<string> SourceNames => _options.Sources.Select(s => s.Name).ToList();

    private List<SourceOptions> Chosen(ScanRequest request)
    {
        var chosen = _options.Sources.Where(s => request.Source is null || s.Name.Equals(request.Source, StringComparison.OrdinalIgnoreCase)).ToList();
        if (request.Source is not null && chosen.Count == 0) throw new UnknownSourceException(request.Source, SourceNames);
        return chosen;
    }

    // A shard's set of repositories reaches the remote sources, so they fetch only what it scans.
    private IRepositorySource Create(SourceOptions s, ScanProgress? progress, IReadOnlySet<string>? only) => s.Kind switch
    {
        SourceKind.Git => new GitSource(s, _options.ResolvedCacheDirectory, _options) { Only = only is null ? null : only.Contains },
        SourceKind.GitHub => new DeferredSource(s.Name, () => new DiscoveredSource(s, new GitHubDiscovery(s, _options, _time), new CloneCache(_options.ResolvedCacheDirectory, s.Name, _options), _options, progress) { Only = only is null ? null : only.Contains }),
        SourceKind.GitLab => new DeferredSource(s.Name, () => new DiscoveredSource(s, new GitLabDiscovery(s, _options, _time), new CloneCache(_options.ResolvedCacheDirectory, s.Name, _options), _options, progress) { Only = only is null ? null : only.Contains }),
        _ => new DirectorySource(s.Name, s.Path!, _repositories.CatalogNames),
    };

    /// <summary>Builds a source only when it is prepared, so a missing key or token fails that source in the run, not the whole scan.</summary>
    private sealed class DeferredSource(string name, Func<IRepositorySource> create) : IRepositorySource
    {
        public string Name => name;
        public Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation) => create().PrepareAsync(cancellation);
    }

    /// <summary>Runs one scan. Cancellation stops it with <see cref="OperationCanceledException"/> and no outcome, so nothing half-done is ever returned.</summary>
    public async Task<ScanOutcome> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        var prepareStart = _time.GetTimestamp();
        var issues = new List<ScanIssue>();
        var failedSources = new List<string>();
        var locations = new List<RepositoryLocation>();
        var progress = request.Progress;
        void SourceFailed(string name, Exception e)
        {
            failedSources.Add(name);
            issues.Add(new ScanIssue(ScanIssueSeverity.Error, name, 0, e.Message));
            progress?.SourceFailed(name);
        }

        var inventories = new List<CatalogInventory>();
        foreach (var inventory in InventoriesFor(request))
        {
            try
            {
                using var catalog = new BackstageCatalog(inventory, _options, _time);
                var read = await catalog.ReadAsync(cancellationToken).ConfigureAwait(false);
                inventories.Add(read);
                issues.AddRange(read.Problems.Select(p => new ScanIssue(ScanIssueSeverity.Warning, inventory.Name, 0, p)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
            catch (Exception e) { SourceFailed(inventory.Name, e); }
        }
        var byRepository = inventories.SelectMany(i => i.Components).ToLookup(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        var inventoryFailed = failedSources.Count > 0;

        // Sources are listed and brought up to date side by side (a fleet configured as many single git remotes too).
        var sources = SourcesFor(request);
        var prepared = new IReadOnlyList<RepositoryLocation>?[sources.Count];
        var errors = new Exception?[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelClones, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var source = sources[i];
            try
            {
                var list = await source.PrepareAsync(ct).ConfigureAwait(false);
                // Discovering sources count themselves as they list; folders and single remotes are counted here.
                if (source is not DiscoveredSource and not DeferredSource)
                {
                    progress?.Discovered(list.Count);
                    foreach (var _ in list.Where(l => l.Fetched)) progress?.Fetched();
                }
                prepared[i] = list;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception e) { errors[i] = e; }
        }).ConfigureAwait(false);
        for (var i = 0; i < sources.Count; i++)
        {
            if (errors[i] is { } e) { SourceFailed(sources[i].Name, e); continue; }
            locations.AddRange(prepared[i]!.Select(l => l.Slug is { } slug && byRepository.Contains(slug)
                ? l with { CatalogEntities = byRepository[slug].Select(c => c.Entity).ToList() }
                : l));
        }
        var listed = locations.Select(l => l.Key).ToList();
        if (request.Repositories is { } chosen) locations = locations.Where(l => chosen.Contains(l.Key)).ToList();
        progress?.Phase("harvesting");
        var prepareDuration = _time.GetElapsedTime(prepareStart);
        var contentProblems = new List<string>();
        var contents = FileContentSet.Create(_options.ContentGlobs.Concat(request.ContentGlobs), _options, contentProblems);
        issues.AddRange(contentProblems.Select(p => new ScanIssue(ScanIssueSeverity.Warning, "", 0, p)));

        var results = new ConcurrentBag<RepositoryScanResult>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(locations, parallel, async (location, ct) =>
        {
            using var span = ScanningTelemetry.Source.StartActivity("harvest");
            span?.SetTag("techhealth.repository", location.Key);
            var previous = request.PreviousFingerprint?.Invoke(location.Key);
            // With the catalog unreadable, a repository it described would be rescanned without its owner and name:
            // keep its previous facts in force instead, as for a source that failed.
            var result = inventoryFailed && previous is not null && previous.Contains(RepositoryScanner.CatalogStampMarker, StringComparison.Ordinal) && location.Error is null
                ? new RepositoryScanResult { Key = location.Key, Source = location.Source, Name = location.Name, Status = RepositoryScanStatus.Skipped, Fingerprint = previous }
                : await ScanRepositoryAsync(location, previous, request.Full, contents, ct).ConfigureAwait(false);
            results.Add(result);
            span?.SetTag("techhealth.repository.status", result.Status.ToString().ToLowerInvariant());
            if (result.Status == RepositoryScanStatus.Failed) progress?.Failed(); else progress?.Harvested();
        }).ConfigureAwait(false);

        var ordered = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, OrgGroup>(StringComparer.Ordinal);
        foreach (var g in ordered.SelectMany(r => r.Groups)) groups.TryAdd(g.Ref, g);
        // The catalog's org chart stands beside the repositories' own Group files; a repository's definition wins.
        foreach (var g in RepositoryScanner.Groups(inventories.SelectMany(i => i.Groups))) groups.TryAdd(g.Ref, g);
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
            FetchedCount = locations.Count(l => l.Fetched),
            Listed = listed,
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
        if (location.Error is not null) return Failed(location, $"repository could not be had: {location.Error}", start);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.PerRepositoryTimeout);
        string error;
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
        return Failed(location, error, start);
    }

    private RepositoryScanResult Failed(RepositoryLocation location, string error, long start)
        => new RepositoryScanResult
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
