using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>A repository as a host's API lists it: what to clone, and what the filters look at.</summary>
public sealed record ListedRepository(RemoteRepository Remote, bool Archived, bool Fork, string Visibility, IReadOnlyList<string> Topics);

/// <summary>Lists the repositories of an organisation, user or group through a host's API. Lists only: cloning is the source's.</summary>
public interface IRepositoryDiscovery : IDisposable
{
    /// <summary>Every repository the account holds (no filters applied). Throws <see cref="SourceApiException"/> when the host refuses.</summary>
    Task<IReadOnlyList<ListedRepository>> ListAsync(CancellationToken cancellation);

    /// <summary>How git authenticates when cloning what was listed.</summary>
    GitCredentials Credentials { get; }
}

/// <summary>
/// A source whose repositories a host's API lists (GitHub, GitLab): list, filter (topics, names, archived, forks,
/// visibility), then bring each one up to date in the clone cache with bounded parallelism; clones of repositories no
/// longer listed are pruned. A repository that cannot be had is listed with its reason and the others go on; a host that
/// refuses the listing fails the source.
/// </summary>
public sealed class DiscoveredSource(SourceOptions source, IRepositoryDiscovery discovery, CloneCache cache, ScanningOptions options, ScanProgress? progress = null)
    : IRepositorySource
{
    public string Name => source.Name;

    /// <summary>
    /// The repository keys (<c>source/repository</c>) to bring up to date; null for all. The others are listed but neither
    /// cloned nor fetched, and no clone is pruned, so a shard of a run shared across instances fetches only its own.
    /// </summary>
    public Func<string, bool>? Only { get; init; }

    public async Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation)
    {
        using var _ = discovery;
        var listed = await discovery.ListAsync(cancellation).ConfigureAwait(false);
        var chosen = listed.Where(r => Filter.Matches(source, r)).Select(r => r.Remote).ToList();
        progress?.Discovered(chosen.Count);
        var results = new RepositoryLocation[chosen.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelClones, CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count), parallel, async (i, ct) =>
        {
            var repo = chosen[i];
            if (Only is { } only && !only($"{source.Name}/{repo.Name}"))
            {
                results[i] = new RepositoryLocation(source.Name, repo.Name, cache.FolderFor(repo.Name)) { Slug = repo.Slug };
                return;
            }
            var location = SourceValidation.GitUrlProblem(repo.CloneUrl) is { } problem
                ? new RepositoryLocation(source.Name, repo.Name, cache.FolderFor(repo.Name)) { Slug = repo.Slug, Error = $"clone URL {problem}" }
                : await cache.SyncAsync(repo, discovery.Credentials, ct).ConfigureAwait(false);
            if (location.Fetched) progress?.Fetched();
            results[i] = location;
        }).ConfigureAwait(false);
        if (Only is null) cache.Prune(chosen.Select(r => r.Name));
        return results;
    }

    /// <summary>Names a host gives (<c>payments</c>, <c>platform/payments</c>) as one plain, unique folder name per source.</summary>
    public static string FolderName(string name, ISet<string> taken)
    {
        var plain = Regex.Replace(name.Replace('/', '.'), "[^A-Za-z0-9._-]", "-").Trim('.');
        if (!SourceValidation.IsSafeName(plain)) plain = "repository";
        var unique = plain;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{plain}-{n}";
        return unique;
    }
}

/// <summary>The filters of a GitHub or GitLab source: all must pass.</summary>
public static class Filter
{
    public static bool Matches(SourceOptions s, ListedRepository r)
    {
        var name = r.Remote.Name;
        if (r.Archived && !s.IncludeArchived) return false;
        if (r.Fork && !s.IncludeForks) return false;
        if (s.Visibility.Count > 0 && !s.Visibility.Contains(r.Visibility, StringComparer.OrdinalIgnoreCase)) return false;
        if (s.Topics.Count > 0 && !r.Topics.Any(t => s.Topics.Contains(t, StringComparer.OrdinalIgnoreCase))) return false;
        var bare = r.Remote.Slug?[(r.Remote.Slug.LastIndexOf('/') + 1)..] ?? name;
        if (s.NamePatterns.Count > 0 && !s.NamePatterns.Any(p => Glob(p, bare))) return false;
        if (s.ExcludeNamePatterns.Any(p => Glob(p, bare))) return false;
        return true;
    }

    /// <summary><c>*</c> any run of characters, <c>?</c> one; case-insensitive, as host names of repositories are.</summary>
    public static bool Glob(string pattern, string name)
        => Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
