using System.Net;
using System.Text.Json;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>
/// Lists an organisation's or a user's repositories through the GitHub REST API (github.com, or GitHub Enterprise Server
/// by its API URL), authenticated by a token or as a GitHub App installation. Sends the headers GitHub asks for
/// (<c>Accept: application/vnd.github+json</c>, <c>X-GitHub-Api-Version</c>); pagination and rate limits are the client's.
/// </summary>
public sealed class GitHubDiscovery : IRepositoryDiscovery
{
    public const string DefaultApiUrl = "https://api.github.com";

    private readonly SourceOptions _source;
    private readonly RestApiClient _api;
    private readonly Uri _base;
    private readonly GitHubAppToken? _app;
    private readonly string? _token;

    public GitHubDiscovery(SourceOptions source, ScanningOptions options, TimeProvider? clock = null)
    {
        _source = source;
        _base = new Uri((source.ApiUrl ?? DefaultApiUrl).TrimEnd('/') + "/");
        _api = new RestApiClient(source.Name, options, clock) { Explain = Explain };
        _token = source.ResolveToken();
        if (source.AppId is { Length: > 0 })
            _app = new GitHubAppToken(source, _base, options, GitHubHeaders, clock ?? TimeProvider.System) { Explain = Explain };
        else if (!string.IsNullOrEmpty(source.CredentialEnvVar) && _token is null)
            throw new SourceApiException($"source '{source.Name}': the environment variable {source.CredentialEnvVar} (CredentialEnvVar) is not set");
        _api.Authorize = async (request, ct) =>
        {
            GitHubHeaders(request);
            if (await TokenAsync(ct).ConfigureAwait(false) is { } t) request.Headers.Authorization = new("Bearer", t);
        };
    }

    private static void GitHubHeaders(HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <summary>The App's token source, when authenticating as an App (for tests and diagnostics).</summary>
    public GitHubAppToken? App => _app;

    private string Account => _source.Organization ?? _source.User!;

    public GitCredentials Credentials => new("x-access-token", TokenAsync);

    private Task<string?> TokenAsync(CancellationToken cancellation) => _app is not null ? AppTokenAsync(cancellation) : Task.FromResult(_token);

    private async Task<string?> AppTokenAsync(CancellationToken cancellation) => await _app!.TokenAsync(cancellation).ConfigureAwait(false);

    public async Task<IReadOnlyList<ListedRepository>> ListAsync(CancellationToken cancellation)
    {
        // An App installation lists what it was granted; a token lists the account's repositories it can see.
        var first = _app is not null ? new Uri(_base, "installation/repositories?per_page=100")
            : _source.Organization is not null ? new Uri(_base, $"orgs/{Uri.EscapeDataString(Account)}/repos?type=all&per_page=100")
            : new Uri(_base, $"users/{Uri.EscapeDataString(Account)}/repos?type=owner&per_page=100");
        var result = new List<ListedRepository>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in _api.PagesAsync(first, cancellation: cancellation).ConfigureAwait(false))
        {
            var items = page.ValueKind == JsonValueKind.Object && page.TryGetProperty("repositories", out var r) ? r : page;
            if (items.ValueKind != JsonValueKind.Array) throw new SourceApiException($"source '{_source.Name}': GitHub answered {first.AbsolutePath} with something other than a list of repositories");
            foreach (var repo in items.EnumerateArray())
            {
                var fullName = Str(repo, "full_name") ?? "";
                // An installation can span accounts; keep to the one configured.
                if (_app is not null && !fullName.StartsWith(Account + "/", StringComparison.OrdinalIgnoreCase)) continue;
                if (Str(repo, "clone_url") is not { } cloneUrl || Str(repo, "name") is not { } name) continue;
                var remote = new RemoteRepository(DiscoveredSource.FolderName(name, taken), cloneUrl)
                {
                    Branch = Str(repo, "default_branch"),
                    Slug = fullName,
                    SizeKilobytes = repo.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
                };
                var visibility = Str(repo, "visibility") ?? (repo.TryGetProperty("private", out var p) && p.ValueKind == JsonValueKind.True ? "private" : "public");
                var topics = repo.TryGetProperty("topics", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
                result.Add(new ListedRepository(remote, Bool(repo, "archived") || Bool(repo, "disabled"), Bool(repo, "fork"), visibility, topics));
            }
        }
        return result;
    }

    private string Explain(HttpStatusCode status, string message) => status switch
    {
        HttpStatusCode.Unauthorized => $"GitHub refused the credentials (401: {message}); check the token (Token or CredentialEnvVar) or the App's id and private key",
        HttpStatusCode.Forbidden => $"GitHub forbids it (403: {message}); the token needs the 'repo' scope (or 'Contents: read' and 'Metadata: read' for a fine-grained token or App) and, with SSO, authorising for the organisation",
        HttpStatusCode.NotFound => $"GitHub has no {(_source.Organization is not null ? "organisation" : "user")} '{Account}' at {_base.GetLeftPart(UriPartial.Authority)} that these credentials can see (404: {message})",
        _ => $"GitHub answered {(int)status} {status}: {message}",
    };

    internal static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public void Dispose()
    {
        _api.Dispose();
        _app?.Dispose();
    }
}
