using System.Net;
using System.Text.Json;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>
/// Lists every project of a GitLab group and its subgroups through the GitLab REST API v4 (gitlab.com or self-managed),
/// authenticated by a token in <c>PRIVATE-TOKEN</c>. A project's name within the source is its path below the group
/// (<c>payments.api</c> for <c>GROUP/payments/api</c>), so two subgroups' <c>api</c> projects do not collide.
/// </summary>
public sealed class GitLabDiscovery : IRepositoryDiscovery
{
    public const string DefaultApiUrl = "https://gitlab.com";

    private readonly SourceOptions _source;
    private readonly RestApiClient _api;
    private readonly Uri _base;
    private readonly string? _token;

    public GitLabDiscovery(SourceOptions source, ScanningOptions options, TimeProvider? clock = null)
    {
        _source = source;
        _base = new Uri((source.ApiUrl ?? DefaultApiUrl).TrimEnd('/') + "/");
        _token = source.ResolveToken();
        if (!string.IsNullOrEmpty(source.CredentialEnvVar) && _token is null)
            throw new SourceApiException($"source '{source.Name}': the environment variable {source.CredentialEnvVar} (CredentialEnvVar) is not set");
        _api = new RestApiClient(source.Name, options, clock)
        {
            Explain = Explain,
            Authorize = (request, _) =>
            {
                if (_token is not null) request.Headers.Add("PRIVATE-TOKEN", _token);
                return Task.CompletedTask;
            },
        };
    }

    // GitLab takes any user name with a token over HTTPS; "oauth2" is the one its documentation shows.
    public GitCredentials Credentials => GitCredentials.FromToken("oauth2", _token);

    public async Task<IReadOnlyList<ListedRepository>> ListAsync(CancellationToken cancellation)
    {
        var group = _source.Group!.Trim('/');
        var archived = _source.IncludeArchived ? "" : "&archived=false";
        var first = new Uri(_base, $"api/v4/groups/{Uri.EscapeDataString(group)}/projects?include_subgroups=true&with_shared=false&order_by=id&sort=asc&per_page=100{archived}");
        var result = new List<ListedRepository>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in _api.PagesAsync(first, cancellation: cancellation).ConfigureAwait(false))
        {
            if (page.ValueKind != JsonValueKind.Array) throw new SourceApiException($"source '{_source.Name}': GitLab answered {first.AbsolutePath} with something other than a list of projects");
            foreach (var project in page.EnumerateArray())
            {
                if (GitHubDiscovery.Str(project, "http_url_to_repo") is not { } cloneUrl || GitHubDiscovery.Str(project, "path_with_namespace") is not { } fullPath) continue;
                // An empty project has no default branch and nothing to scan.
                if (GitHubDiscovery.Str(project, "default_branch") is not { } branch) continue;
                var below = fullPath.StartsWith(group + "/", StringComparison.OrdinalIgnoreCase) ? fullPath[(group.Length + 1)..] : fullPath;
                var remote = new RemoteRepository(DiscoveredSource.FolderName(below, taken), cloneUrl) { Branch = branch, Slug = fullPath };
                var topics = (project.TryGetProperty("topics", out var t) && t.ValueKind == JsonValueKind.Array ? t
                        : project.TryGetProperty("tag_list", out var tl) && tl.ValueKind == JsonValueKind.Array ? tl : default)
                    is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
                var fork = project.TryGetProperty("forked_from_project", out var f) && f.ValueKind == JsonValueKind.Object;
                result.Add(new ListedRepository(remote, GitHubDiscovery.Bool(project, "archived"), fork, GitHubDiscovery.Str(project, "visibility") ?? "private", topics));
            }
        }
        return result;
    }

    private string Explain(HttpStatusCode status, string message) => status switch
    {
        HttpStatusCode.Unauthorized => $"GitLab refused the token ({message}); check Token or CredentialEnvVar: it needs the read_api and read_repository scopes",
        HttpStatusCode.Forbidden => $"GitLab forbids it ({message}); the token needs the read_api and read_repository scopes and at least Reporter access to the group",
        HttpStatusCode.NotFound => $"GitLab has no group '{_source.Group}' at {_base.GetLeftPart(UriPartial.Authority)} that this token can see ({message})",
        _ => $"GitLab answered {(int)status} {status}: {message}",
    };

    public void Dispose() => _api.Dispose();
}
