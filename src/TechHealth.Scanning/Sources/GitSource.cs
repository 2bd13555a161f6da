namespace TechHealth.Scanning.Sources;

/// <summary>
/// One git remote named in configuration, kept as a shallow clone of one branch in the source's cache folder
/// (see <see cref="CloneCache"/>): asked for its head, fetched only when it moved. Never pushes, never logs credentials.
/// A token (from options or an environment variable) reaches git as an <c>http.extraHeader</c> through git's
/// GIT_CONFIG_COUNT/KEY/VALUE environment, which git treats exactly like <c>-c</c> but which, unlike <c>-c</c>, is not
/// visible in the process list.
/// </summary>
public sealed class GitSource : IRepositorySource
{
    private readonly SourceOptions _source;
    private readonly CloneCache _cache;

    public GitSource(SourceOptions source, string cacheDirectory, TimeSpan timeout)
        : this(source, cacheDirectory, new ScanningOptions { GitTimeout = timeout })
    {
    }

    public GitSource(SourceOptions source, string cacheDirectory, ScanningOptions options)
    {
        if (string.IsNullOrWhiteSpace(source.Url)) throw new ArgumentException($"source '{source.Name}' has no Url");
        if (SourceValidation.GitUrlProblem(source.Url) is { } problem) throw new ArgumentException($"source '{source.Name}': Url {problem}");
        _source = source;
        _cache = new CloneCache(cacheDirectory, source.Name, options);
    }

    public string Name => _source.Name;

    /// <summary>
    /// The repository's name: the URL's last segment (<c>https://host/org/payments.git</c> gives <c>payments</c>) when that is a
    /// plain folder name, else the source's name. It names the clone's folder inside the source's cache folder, so it is never a path.
    /// </summary>
    public string RepositoryName
    {
        get
        {
            var url = _source.Url!.TrimEnd('/');
            var last = url[(url.LastIndexOfAny(['/', ':']) + 1)..];
            if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) last = last[..^4];
            return SourceValidation.IsSafeName(last) ? last : _source.Name;
        }
    }

    /// <summary>Where the clone lives: the cache folder, the source's name, the repository's name.</summary>
    public string ClonePath => _cache.FolderFor(RepositoryName);

    /// <summary>The repository keys to bring up to date; null for all. A shard that does not hold this one lists it without fetching.</summary>
    public Func<string, bool>? Only { get; init; }

    public async Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation)
    {
        if (Only is { } only && !only($"{Name}/{RepositoryName}")) return [new RepositoryLocation(Name, RepositoryName, ClonePath)];
        var repo = new RemoteRepository(RepositoryName, _source.Url!) { Branch = string.IsNullOrEmpty(_source.Branch) ? null : _source.Branch, Slug = SlugOf(_source.Url!) };
        var location = await _cache.SyncAsync(repo, GitCredentials.FromToken(_source.CredentialUser, _source.ResolveToken()), cancellation).ConfigureAwait(false);
        // One repository is the whole source: if it cannot be had, the source failed (and its previous facts stay in force).
        if (location.Error is not null) throw new InvalidOperationException($"source '{_source.Name}': {location.Error}");
        return [location];
    }

    /// <summary>The path of a remote URL without host and <c>.git</c> (<c>https://host/org/payments.git</c> gives <c>org/payments</c>).</summary>
    public static string? SlugOf(string url)
    {
        string path;
        if (url.Contains("://", StringComparison.Ordinal)) path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : "";
        else path = url[(url.IndexOf(':') + 1)..];
        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        return path.Length == 0 ? null : path;
    }
}
