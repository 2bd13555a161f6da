using System.Net;
using System.Text.Json;
using TechHealth.Core.Catalog;
using TechHealth.Core.Yaml;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>A catalog component and the repository folder it lives in, matched to scanned repositories by <see cref="Slug"/>.</summary>
public sealed record InventoryComponent(string Slug, string Folder, CatalogEntity Entity);

/// <summary>What a catalog knows besides the repositories: its groups (the org chart) and where each component lives.</summary>
public sealed record CatalogInventory(IReadOnlyList<CatalogEntity> Groups, IReadOnlyList<InventoryComponent> Components, IReadOnlyList<string> Problems);

/// <summary>
/// Reads a Backstage backend's catalog (<c>GET /api/catalog/entities</c>, token optional) as inventory and org chart: its
/// <c>Group</c> entities with <c>spec.parent</c>/<c>spec.children</c> are the teams and departments, and each <c>Component</c>'s
/// <c>backstage.io/source-location</c> (or <c>github.com/project-slug</c>, <c>gitlab.com/project-slug</c>) annotation says which
/// repository and folder it is. It clones nothing: components are matched to the repositories other sources bring by their
/// host-independent path (<c>org/name</c>). Entities are read with the same parser and limits as catalog files.
/// </summary>
public sealed class BackstageCatalog : IDisposable
{
    private const int PageSize = 500;
    private readonly SourceOptions _source;
    private readonly ScanningOptions _options;
    private readonly RestApiClient _api;
    private readonly Uri _router;

    public BackstageCatalog(SourceOptions source, ScanningOptions options, TimeProvider? clock = null)
    {
        _source = source;
        _options = options;
        _router = new Uri(source.ApiUrl!.TrimEnd('/') + "/api/catalog");
        var token = source.ResolveToken();
        if (!string.IsNullOrEmpty(source.CredentialEnvVar) && token is null)
            throw new SourceApiException($"source '{source.Name}': the environment variable {source.CredentialEnvVar} (CredentialEnvVar) is not set");
        _api = new RestApiClient(source.Name, options, clock)
        {
            Explain = Explain,
            Authorize = RestApiClient.Bearer(_ => Task.FromResult(token)),
        };
    }

    public string Name => _source.Name;

    public async Task<CatalogInventory> ReadAsync(CancellationToken cancellation)
    {
        var first = new Uri(_router + $"/entities?filter=kind=group&filter=kind=component&limit={PageSize}");
        var groups = new List<CatalogEntity>();
        var components = new List<InventoryComponent>();
        var problems = new List<string>();
        var limits = YamlLimits.Default with { MaxBytes = _options.MaxFileBytes, MaxAliasExpansion = _options.MaxYamlNodes };
        await foreach (var page in _api.PagesAsync(first, _router, cancellation).ConfigureAwait(false))
        {
            if (page.ValueKind != JsonValueKind.Array) throw new SourceApiException($"source '{_source.Name}': the catalog answered {first.AbsolutePath} with something other than a list of entities");
            foreach (var item in page.EnumerateArray())
            {
                var where = $"{_source.Name}:{GitHubDiscovery.Str(item, "kind")?.ToLowerInvariant()}:{(item.TryGetProperty("metadata", out var m) ? GitHubDiscovery.Str(m, "name") : null)}";
                var parsed = CatalogReader.Parse(item.GetRawText(), where, limits);
                problems.AddRange(parsed.Problems.Select(p => p.ToString()));
                foreach (var entity in parsed.Entities)
                {
                    if (entity.Kind.Equals("group", StringComparison.OrdinalIgnoreCase)) groups.Add(entity);
                    else if (entity.Kind.Equals("component", StringComparison.OrdinalIgnoreCase))
                    {
                        if (LocationOf(entity) is { } at)
                            components.Add(new InventoryComponent(at.Slug, at.Folder, entity with { File = (at.Folder.Length > 0 ? at.Folder + "/" : "") + $"(Backstage catalog '{_source.Name}')" }));
                        else problems.Add($"{where}: component '{entity.Name}' has no backstage.io/source-location or project-slug annotation, so its repository is unknown");
                    }
                }
            }
        }
        return new CatalogInventory(groups, components, problems);
    }

    /// <summary>
    /// The repository path and folder an entity's annotations name: <c>url:https://github.com/acme/pay/tree/main/services/api/</c>
    /// gives <c>acme/pay</c> and <c>services/api</c>; GitLab's <c>/-/tree/</c> form likewise; a project slug gives the repository root.
    /// </summary>
    public static (string Slug, string Folder)? LocationOf(CatalogEntity entity)
    {
        if (entity.Annotations.TryGetValue("backstage.io/source-location", out var location) && ParseSourceLocation(location) is { } parsed) return parsed;
        foreach (var key in new[] { "github.com/project-slug", "gitlab.com/project-slug" })
            if (entity.Annotations.TryGetValue(key, out var slug) && slug.Trim('/') is { Length: > 0 } s && !s.Split('/').Any(p => p is "" or "." or "..")) return (s, "");
        return null;
    }

    public static (string Slug, string Folder)? ParseSourceLocation(string value)
    {
        var text = value.StartsWith("url:", StringComparison.Ordinal) ? value[4..] : value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) return null;
        // Checked on the text as written: Uri has already folded dot segments into another path.
        if (text.Split('?', '#')[0].Split('/').Any(p => p is "." or ".." or "%2e%2e" or "%2E%2E")) return null;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/');
        string slug, rest = "";
        bool isFile = false;
        var marker = new[] { "/-/tree/", "/-/blob/", "/tree/", "/blob/", "/src/branch/" }.Select(mk => (mk, at: ("/" + path + "/").IndexOf(mk, StringComparison.Ordinal))).FirstOrDefault(x => x.at >= 0);
        if (marker.mk is not null)
        {
            var padded = "/" + path + "/";
            slug = padded[1..marker.at];
            rest = padded[(marker.at + marker.mk.Length)..].Trim('/');
            isFile = marker.mk.Contains("blob", StringComparison.Ordinal);
            // The first segment is the branch; what follows is the folder (or, for a blob, a file in it).
            var slash = rest.IndexOf('/');
            rest = slash < 0 ? "" : rest[(slash + 1)..];
            if (isFile) rest = rest.Contains('/') ? rest[..rest.LastIndexOf('/')] : "";
        }
        else slug = path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
        if (slug.Length == 0 || slug.Split('/').Any(p => p is "" or "." or "..") || rest.Split('/').Any(p => p is "." or "..")) return null;
        return (slug, rest);
    }

    private string Explain(HttpStatusCode status, string message) => status switch
    {
        HttpStatusCode.Unauthorized => $"the Backstage catalog refused the request ({message}); set Token or CredentialEnvVar to a static token the backend accepts (backend.auth.externalAccess)",
        HttpStatusCode.Forbidden => $"the Backstage catalog forbids reading entities ({message}); allow catalog.entity.read for this token",
        HttpStatusCode.NotFound => $"there is no Backstage catalog at {_router} ({message}); ApiUrl is the backend's URL, without /api/catalog",
        _ => $"the Backstage catalog answered {(int)status} {status}: {message}",
    };

    public void Dispose() => _api.Dispose();
}
