using System.Text;
using TechHealth.Core.Catalog;

namespace TechHealth.Scanning.Sources;

/// <summary>A repository a host's API (or configuration) names: what to clone, which branch, and what the host says about it.</summary>
/// <param name="Name">Its name within the source: the folder it is cloned into and the second half of its key.</param>
/// <param name="CloneUrl">The URL git clones.</param>
public sealed record RemoteRepository(string Name, string CloneUrl)
{
    /// <summary>The branch to scan; null for the remote's HEAD.</summary>
    public string? Branch { get; init; }
    /// <summary>The host-independent path (<c>org/name</c>), for matching catalog entities.</summary>
    public string? Slug { get; init; }
    /// <summary>The size the host reports, in KiB (GitHub's <c>size</c>, GitLab's <c>statistics.repository_size</c>/1024), when it does.</summary>
    public long? SizeKilobytes { get; init; }
}

/// <summary>How git authenticates to a host: a user name and a token fetched per use, so a short-lived token (a GitHub App's) is renewed in time.</summary>
public sealed record GitCredentials(string User, Func<CancellationToken, Task<string?>> Token)
{
    public static readonly GitCredentials None = new("", _ => Task.FromResult<string?>(null));

    public static GitCredentials FromToken(string user, string? token) => token is null ? None : new(user, _ => Task.FromResult<string?>(token));
}

/// <summary>
/// One source's folder in the clone cache (<c>CACHE/SOURCE</c>), holding one shallow single-branch clone per repository in
/// a folder named by the repository's checked name. Asks the remote for its head first (<c>git ls-remote</c>) and fetches only
/// when it moved, so an unchanged fleet costs one small request per repository. Git runs through <see cref="GitCommand"/>,
/// under the service's configuration only. Every folder it deletes is checked to be strictly inside the source's folder first.
/// </summary>
public sealed class CloneCache
{
    private readonly string _sourceName;
    private readonly ScanningOptions _options;

    public CloneCache(string cacheDirectory, string sourceName, ScanningOptions options)
    {
        if (!SourceValidation.IsSafeName(sourceName)) throw new ArgumentException($"source name '{sourceName}' cannot name a cache folder");
        _sourceName = sourceName;
        _options = options;
        Folder = Path.Combine(Path.GetFullPath(cacheDirectory), sourceName);
    }

    /// <summary>The source's own folder in the cache; nothing outside it is ever written or deleted.</summary>
    public string Folder { get; }

    /// <summary>The clone folder for a repository name; throws for a name that is not one plain folder name.</summary>
    public string FolderFor(string repositoryName)
    {
        if (!SourceValidation.IsSafeName(repositoryName)) throw new ArgumentException($"repository name '{repositoryName}' cannot name a folder");
        var path = Path.GetFullPath(Path.Combine(Folder, repositoryName));
        // Belt and braces: the name check already rules out separators and dot segments.
        if (!string.Equals(Path.GetDirectoryName(path), Folder, StringComparison.Ordinal)) throw new ArgumentException($"repository name '{repositoryName}' leaves the cache folder");
        return path;
    }

    /// <summary>Deletes clones of repositories no longer listed (renamed, deleted, filtered out), so the cache does not grow forever.</summary>
    public void Prune(IEnumerable<string> keepNames)
    {
        if (!Directory.Exists(Folder)) return;
        var keep = new HashSet<string>(keepNames, StringComparer.Ordinal);
        foreach (var dir in new DirectoryInfo(Folder).EnumerateDirectories())
            if (!keep.Contains(dir.Name) && SourceValidation.IsSafeName(dir.Name)) DeleteClone(FolderFor(dir.Name));
    }

    /// <summary>
    /// Makes the repository's branch head available on disk: nothing when the clone already has the remote's head, else a
    /// fetch (or a fresh clone). Never throws for the repository's own faults: the location then carries the reason.
    /// </summary>
    public async Task<RepositoryLocation> SyncAsync(RemoteRepository repo, GitCredentials credentials, CancellationToken cancellation)
    {
        var location = new RepositoryLocation(_sourceName, repo.Name, FolderFor(repo.Name)) { Slug = repo.Slug };
        var limitKb = _options.MaxRepositoryMegabytes * 1024;
        if (repo.SizeKilobytes > limitKb)
            return location with { Error = $"the host reports {repo.SizeKilobytes / 1024:N0} MiB, over Scanning:MaxRepositoryMegabytes ({_options.MaxRepositoryMegabytes:N0})" };
        try
        {
            var git = await GitRun.CreateAsync(credentials, _options.GitTimeout, cancellation).ConfigureAwait(false);
            var target = location.Root;
            var refName = string.IsNullOrEmpty(repo.Branch) ? "HEAD" : $"refs/heads/{repo.Branch}";
            var remote = await git.RunAsync(["ls-remote", "--", repo.CloneUrl, refName], null, "ask the head of", repo.CloneUrl, cancellation).ConfigureAwait(false);
            var remoteHead = remote.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).FirstOrDefault(p => p.Length == 2 && p[1] == refName)?[0];
            if (remoteHead is null) return location with { Error = $"{git.Shown(repo.CloneUrl)} has no {(repo.Branch is null ? "HEAD" : $"branch '{repo.Branch}'")}" };

            if (DirectorySource.IsGitRoot(target))
            {
                var localHead = Reading.GitMetadata.Read(target, []).Head;
                var origin = (await git.RunAsync(["-C", target, "config", "--get", "remote.origin.url"], null, "read the remote of", repo.CloneUrl, cancellation).ConfigureAwait(false)).Trim();
                if (localHead == remoteHead && origin == repo.CloneUrl)
                {
                    // Not fetched; but a clone someone changed on disk is put back to the commit, so what is scanned is the remote's.
                    var status = await git.RunAsync(["-C", target, "status", "--porcelain", "--ignored", "--untracked-files=all"], null, "read the state of the clone of", repo.CloneUrl, cancellation).ConfigureAwait(false);
                    if (status.Length > 0)
                    {
                        await git.RunAsync(["-C", target, "reset", "--hard", "--quiet", "HEAD"], null, "reset the clone of", repo.CloneUrl, cancellation).ConfigureAwait(false);
                        await git.RunAsync(["-C", target, "clean", "-fdxq"], null, "clean", repo.CloneUrl, cancellation).ConfigureAwait(false);
                    }
                    return location;
                }
                await git.RunAsync(["-C", target, "remote", "set-url", "--", "origin", repo.CloneUrl], null, "set the remote URL of", repo.CloneUrl, cancellation).ConfigureAwait(false);
                await git.RunAsync(["-C", target, "fetch", "--depth", "1", "--no-tags", "origin", refName], null, "fetch", repo.CloneUrl, cancellation).ConfigureAwait(false);
                await git.RunAsync(["-C", target, "reset", "--hard", "--quiet", "FETCH_HEAD"], null, "reset to the fetched commit of", repo.CloneUrl, cancellation).ConfigureAwait(false);
                await git.RunAsync(["-C", target, "clean", "-fdxq"], null, "clean", repo.CloneUrl, cancellation).ConfigureAwait(false);
            }
            else
            {
                // A folder without .git is a clone that died halfway: start over.
                DeleteClone(target);
                Directory.CreateDirectory(Folder);
                var args = new List<string> { "clone", "--depth", "1", "--single-branch", "--no-tags" };
                if (!string.IsNullOrEmpty(repo.Branch)) { args.Add("--branch"); args.Add(repo.Branch); }
                args.AddRange(["--", repo.CloneUrl, target]);
                await git.RunAsync(args, null, "clone", repo.CloneUrl, cancellation).ConfigureAwait(false);
            }
            if (SizeOver(target, limitKb * 1024) is { } size)
            {
                DeleteClone(target);
                return location with { Error = $"the clone is over {size / (1024 * 1024):N0} MiB, over Scanning:MaxRepositoryMegabytes ({_options.MaxRepositoryMegabytes:N0}); it was removed" };
            }
            return location with { Fetched = true };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            return location with { Error = e.Message };
        }
    }

    private void DeleteClone(string path)
    {
        var full = Path.GetFullPath(path);
        if (!string.Equals(Path.GetDirectoryName(full), Folder, StringComparison.Ordinal)) throw new InvalidOperationException($"refusing to delete '{full}': not a clone in {Folder}");
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
    }

    /// <summary>The bytes under <paramref name="folder"/> once past <paramref name="limit"/>; null when within it. Stops counting at the limit.</summary>
    private static long? SizeOver(string folder, long limit)
    {
        long total = 0;
        foreach (var f in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
        {
            total += f.Length;
            if (total > limit) return total;
        }
        return null;
    }

    /// <summary>One repository's git environment: the credentials as an HTTP header (never on the command line) and no configuration but the service's.</summary>
    private sealed class GitRun
    {
        private readonly Dictionary<string, string> _env;
        private readonly List<string> _secrets = [];
        private readonly TimeSpan _timeout;

        private GitRun(Dictionary<string, string> env, TimeSpan timeout) { _env = env; _timeout = timeout; }

        public static async Task<GitRun> CreateAsync(GitCredentials credentials, TimeSpan timeout, CancellationToken cancellation)
        {
            // GitCommand already runs git with no system or global configuration; a remote cannot make a clone fetch large-file objects from elsewhere either.
            var run = new GitRun(new Dictionary<string, string> { ["GIT_LFS_SKIP_SMUDGE"] = "1" }, timeout);
            var token = await credentials.Token(cancellation).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(token))
            {
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{token}"));
                run._env["GIT_CONFIG_COUNT"] = "1";
                run._env["GIT_CONFIG_KEY_0"] = "http.extraHeader";
                run._env["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic;
                run._secrets.Add(token);
                run._secrets.Add(basic);
            }
            return run;
        }

        public string Shown(string url) => GitCommand.Redact(url, _secrets);

        public async Task<string> RunAsync(List<string> args, string? workingDirectory, string what, string url, CancellationToken cancellation)
        {
            var result = await GitCommand.RunAsync(args, workingDirectory, _timeout, cancellation, _env, _secrets).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"git could not {what} {Shown(url)} (exit {result.ExitCode}): {LastLines(result.Error)}");
            return result.Output;
        }

        private static string LastLines(string error)
        {
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return string.Join(" ", lines.TakeLast(3));
        }
    }
}
