using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TechHealth.TestServers;

/// <summary>A repository as the local GitHub, GitLab or Backstage server describes it.</summary>
public sealed record HostedRepository(string Name, string CloneUrl)
{
    public string DefaultBranch { get; init; } = "main";
    public IReadOnlyList<string> Topics { get; init; } = [];
    public bool Archived { get; init; }
    public bool Fork { get; init; }
    public string Visibility { get; init; } = "public";
    public long SizeKilobytes { get; init; } = 12;
    /// <summary>GitLab: the subgroup path below the group ("" for the group itself).</summary>
    public string Subgroup { get; init; } = "";
}

/// <summary>
/// Answers the part of the GitHub REST API a scan uses, as GitHub's REST API description documents it: repositories of an
/// organisation or user 100 a page (the <c>per_page</c> maximum) with <c>Link</c> headers (next, last, first, prev),
/// <c>x-ratelimit-*</c> headers on every answer, 401 "Bad credentials", 404 "Not Found", a secondary rate limit as 403 with
/// <c>retry-after</c>, an exhausted primary limit as 403 with <c>x-ratelimit-remaining: 0</c>, and GitHub App installation
/// tokens issued for a JWT it verifies with the App's public key.
/// </summary>
public sealed class LocalGitHub
{
    public const string Prefix = "/api/v3";

    public List<HostedRepository> Repositories { get; } = [];
    public string Organization { get; init; } = "acme";
    /// <summary>The token the API accepts; null accepts anonymous calls too.</summary>
    public string? Token { get; set; }
    /// <summary>Answer the next listing request with a secondary rate limit (403, retry-after: 1).</summary>
    public int SecondaryLimits { get; set; }
    /// <summary>Answer with an exhausted primary limit resetting this far ahead.</summary>
    public TimeSpan? ExhaustedFor { get; set; }
    public RSA? AppKey { get; init; }
    public string AppId { get; init; } = "4242";
    public long InstallationId { get; init; } = 77;
    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public List<string> IssuedTokens { get; } = [];
    private int _remaining = 5000;

    public static async Task<(LocalApi Api, LocalGitHub GitHub)> StartAsync(LocalGitHub github, string url = "http://127.0.0.1:0")
    {
        var api = await LocalApi.StartAsync(app => github.Map(app), url);
        return (api, github);
    }

    private void Map(WebApplication app)
    {
        app.MapGet(Prefix + "/orgs/{org}/repos", (HttpContext c, string org) => List(c, org, installation: false));
        app.MapGet(Prefix + "/users/{user}/repos", (HttpContext c, string user) => List(c, user, installation: false));
        app.MapGet(Prefix + "/installation/repositories", (HttpContext c) => List(c, Organization, installation: true));
        app.MapGet(Prefix + "/orgs/{org}/installation", (HttpContext c, string org) =>
            !AppAuthorised(c) ? Error(c, 401, "A JSON web token could not be decoded")
            : org != Organization ? Error(c, 404, "Not Found")
            : Json(c, new { id = InstallationId, account = new { login = org }, app_id = int.Parse(AppId) }));
        app.MapPost(Prefix + "/app/installations/{id:long}/access_tokens", (HttpContext c, long id) =>
        {
            if (!AppAuthorised(c)) return Error(c, 401, "A JSON web token could not be decoded");
            if (id != InstallationId) return Error(c, 404, "Not Found");
            var token = "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
            lock (IssuedTokens) IssuedTokens.Add(token);
            c.Response.StatusCode = 201;
            return Json(c, new { token, expires_at = DateTimeOffset.UtcNow.Add(InstallationTokenLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ"), permissions = new { contents = "read", metadata = "read" }, repository_selection = "all" });
        });
    }

    private Task List(HttpContext c, string account, bool installation)
    {
        if (!TokenAccepted(c, installation)) return Error(c, 401, "Bad credentials");
        if (SecondaryLimits > 0)
        {
            SecondaryLimits--;
            c.Response.Headers["retry-after"] = "1";
            return Error(c, 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
        }
        if (ExhaustedFor is { } wait)
        {
            c.Response.Headers["x-ratelimit-remaining"] = "0";
            c.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.Add(wait).ToUnixTimeSeconds().ToString();
            return Error(c, 403, "API rate limit exceeded for installation ID 77.");
        }
        if (account != Organization) return Error(c, 404, "Not Found");
        var perPage = Math.Clamp(int.TryParse(c.Request.Query["per_page"], out var pp) ? pp : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(c.Request.Query["page"], out var p) ? p : 1);
        var last = Math.Max(1, (Repositories.Count + perPage - 1) / perPage);
        var items = Repositories.Skip((page - 1) * perPage).Take(perPage).Select(r => Describe(r)).ToList();
        var links = new List<string>();
        string PageUrl(int n)
        {
            var q = System.Web.HttpUtility.ParseQueryString(c.Request.QueryString.Value ?? "");
            q["page"] = n.ToString();
            return $"<{c.Request.Scheme}://{c.Request.Host}{c.Request.Path}?{q}>";
        }
        if (page < last) { links.Add($"{PageUrl(page + 1)}; rel=\"next\""); links.Add($"{PageUrl(last)}; rel=\"last\""); }
        if (page > 1) { links.Add($"{PageUrl(1)}; rel=\"first\""); links.Add($"{PageUrl(page - 1)}; rel=\"prev\""); }
        if (links.Count > 0) c.Response.Headers["Link"] = string.Join(", ", links);
        return installation ? Json(c, new { total_count = Repositories.Count, repository_selection = "all", repositories = items }) : Json(c, items);
    }

    private object Describe(HostedRepository r) => new Dictionary<string, object?>
    {
        ["id"] = Math.Abs(r.Name.GetHashCode()),
        ["node_id"] = "R_" + r.Name,
        ["name"] = r.Name,
        ["full_name"] = $"{Organization}/{r.Name}",
        ["private"] = r.Visibility != "public",
        ["owner"] = new { login = Organization, type = "Organization" },
        ["html_url"] = $"https://github.example.com/{Organization}/{r.Name}",
        ["fork"] = r.Fork,
        ["url"] = $"https://github.example.com/api/v3/repos/{Organization}/{r.Name}",
        ["clone_url"] = r.CloneUrl,
        ["ssh_url"] = $"git@github.example.com:{Organization}/{r.Name}.git",
        ["size"] = r.SizeKilobytes,
        ["default_branch"] = r.DefaultBranch,
        ["topics"] = r.Topics,
        ["archived"] = r.Archived,
        ["disabled"] = false,
        ["visibility"] = r.Visibility,
        ["pushed_at"] = "2026-11-30T10:00:00Z",
    };

    private bool TokenAccepted(HttpContext c, bool installation)
    {
        var auth = c.Request.Headers.Authorization.ToString();
        if (installation) { lock (IssuedTokens) return IssuedTokens.Any(t => auth == "Bearer " + t); }
        return Token is null || auth == "Bearer " + Token || auth == "token " + Token;
    }

    /// <summary>Verifies the App's JWT as GitHub does: RS256 with the App's key, issued by the App, not expired, at most ten minutes long.</summary>
    private bool AppAuthorised(HttpContext c)
    {
        var auth = c.Request.Headers.Authorization.ToString();
        if (AppKey is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var parts = auth[7..].Split('.');
        if (parts.Length != 3) return false;
        static byte[] B64(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
        if (!AppKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), B64(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)) return false;
        using var payload = JsonDocument.Parse(B64(parts[1]));
        var root = payload.RootElement;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var iat = root.GetProperty("iat").GetInt64();
        var exp = root.GetProperty("exp").GetInt64();
        return root.GetProperty("iss").ToString() == AppId && iat <= now && exp > now && exp - iat <= 600;
    }

    private Task Json(HttpContext c, object body)
    {
        RateHeaders(c);
        c.Response.ContentType = "application/json; charset=utf-8";
        return c.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private Task Error(HttpContext c, int status, string message)
    {
        if (!c.Response.Headers.ContainsKey("x-ratelimit-remaining")) RateHeaders(c);
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/json; charset=utf-8";
        return c.Response.WriteAsync(JsonSerializer.Serialize(new { message, documentation_url = "https://docs.github.com/rest", status = status.ToString() }));
    }

    private void RateHeaders(HttpContext c)
    {
        var remaining = Interlocked.Decrement(ref _remaining);
        c.Response.Headers["x-ratelimit-limit"] = "5000";
        c.Response.Headers["x-ratelimit-remaining"] = remaining.ToString();
        c.Response.Headers["x-ratelimit-used"] = (5000 - remaining).ToString();
        c.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString();
        c.Response.Headers["x-ratelimit-resource"] = "core";
        c.Response.Headers["x-github-api-version-selected"] = "2022-11-28";
    }
}
