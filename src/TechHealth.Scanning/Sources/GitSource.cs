using System.Text;

namespace TechHealth.Scanning.Sources;

/// <summary>
/// One git remote, kept as a shallow clone of one branch in the cache folder: cloned the first time, then
/// fetched and reset. Owns the clone; never pushes, never logs credentials. A token (from options or an
/// environment variable) reaches git as an <c>http.extraHeader</c> through git's GIT_CONFIG_COUNT/KEY/VALUE
/// environment, which git treats exactly like <c>-c</c> but which, unlike <c>-c</c>, is not visible in the process list.
/// </summary>
public sealed class GitSource : IRepositorySource
{
    private readonly SourceOptions _source;
    private readonly string _cacheDirectory;
    private readonly TimeSpan _timeout;

    public GitSource(SourceOptions source, string cacheDirectory, TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(source.Url)) throw new ArgumentException($"source '{source.Name}' has no Url");
        _source = source;
        _cacheDirectory = cacheDirectory;
        _timeout = timeout;
    }

    public string Name => _source.Name;

    /// <summary>The repository name taken from the URL (<c>https://host/org/payments.git</c> gives <c>payments</c>).</summary>
    public string RepositoryName
    {
        get
        {
            var url = _source.Url!.TrimEnd('/');
            var last = url[(url.LastIndexOfAny(['/', ':']) + 1)..];
            if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) last = last[..^4];
            return last.Length == 0 ? _source.Name : last;
        }
    }

    /// <summary>Where the clone lives: the cache folder, the source's name, the repository's name.</summary>
    public string ClonePath => Path.Combine(_cacheDirectory, _source.Name, RepositoryName);

    public async Task<IReadOnlyList<RepositoryLocation>> PrepareAsync(CancellationToken cancellation)
    {
        var token = _source.Token;
        if (string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(_source.CredentialEnvVar)) token = Environment.GetEnvironmentVariable(_source.CredentialEnvVar);
        var env = new Dictionary<string, string>();
        var secrets = new List<string>();
        if (!string.IsNullOrEmpty(token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_source.CredentialUser}:{token}"));
            env["GIT_CONFIG_COUNT"] = "1";
            env["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic;
            secrets.Add(token);
            secrets.Add(basic);
        }
        var url = _source.Url!;
        var target = ClonePath;
        if (Directory.Exists(Path.Combine(target, ".git")))
        {
            await Run(["-C", target, "remote", "set-url", "origin", url], "set the remote URL", env, secrets, cancellation).ConfigureAwait(false);
            var refspec = string.IsNullOrEmpty(_source.Branch) ? "HEAD" : $"refs/heads/{_source.Branch}";
            await Run(["-C", target, "fetch", "--depth", "1", "--no-tags", "origin", refspec], "fetch", env, secrets, cancellation).ConfigureAwait(false);
            await Run(["-C", target, "reset", "--hard", "--quiet", "FETCH_HEAD"], "reset to the fetched commit", env, secrets, cancellation).ConfigureAwait(false);
            await Run(["-C", target, "clean", "-fdxq"], "clean", env, secrets, cancellation).ConfigureAwait(false);
        }
        else
        {
            // A folder without .git is a clone that died halfway: start over.
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var args = new List<string> { "clone", "--depth", "1", "--single-branch", "--no-tags" };
            if (!string.IsNullOrEmpty(_source.Branch)) { args.Add("--branch"); args.Add(_source.Branch); }
            args.Add("--");
            args.Add(url);
            args.Add(target);
            await Run(args, "clone", env, secrets, cancellation).ConfigureAwait(false);
        }
        return [new RepositoryLocation(_source.Name, RepositoryName, target)];
    }

    private async Task Run(List<string> args, string what, Dictionary<string, string> env, List<string> secrets, CancellationToken cancellation)
    {
        var result = await GitCommand.RunAsync(args, null, _timeout, cancellation, env, secrets).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"source '{_source.Name}': git could not {what} {GitCommand.Redact(_source.Url!, secrets)} (exit {result.ExitCode}): {result.Error.Trim()}");
    }
}
