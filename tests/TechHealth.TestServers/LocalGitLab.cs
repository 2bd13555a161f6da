using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TechHealth.TestServers;

/// <summary>
/// Answers GitLab's REST API v4 <c>GET /api/v4/groups/:id/projects</c> as documented: the group by URL-encoded full path,
/// <c>include_subgroups</c>, <c>archived</c>, offset pagination (<c>per_page</c> at most 100) with <c>Link</c>, <c>x-next-page</c>
/// and <c>x-total</c> headers, <c>RateLimit-*</c> headers, a <c>PRIVATE-TOKEN</c> header, 401 <c>{"message":"401 Unauthorized"}</c>
/// and 404 <c>{"message":"404 Group Not Found"}</c>.
/// </summary>
public sealed class LocalGitLab
{
    public string Group { get; init; } = "platform";
    public string Token { get; init; } = "glpat-local";
    public List<HostedRepository> Projects { get; } = [];

    public static async Task<(LocalApi Api, LocalGitLab GitLab)> StartAsync(LocalGitLab gitlab, string url = "http://127.0.0.1:0")
        => (await LocalApi.StartAsync(app => app.MapGet("/api/v4/groups/{id}/projects", gitlab.List), url), gitlab);

    private async Task List(HttpContext c, string id)
    {
        c.Response.ContentType = "application/json";
        c.Response.Headers["RateLimit-Limit"] = "2000";
        c.Response.Headers["RateLimit-Remaining"] = "1999";
        c.Response.Headers["RateLimit-Reset"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString();
        if (c.Request.Headers["PRIVATE-TOKEN"] != Token)
        {
            c.Response.StatusCode = 401;
            await c.Response.WriteAsync("{\"message\":\"401 Unauthorized\"}");
            return;
        }
        if (Uri.UnescapeDataString(id) != Group)
        {
            c.Response.StatusCode = 404;
            await c.Response.WriteAsync("{\"message\":\"404 Group Not Found\"}");
            return;
        }
        var all = Projects.Where(p => c.Request.Query["include_subgroups"] == "true" || p.Subgroup.Length == 0)
            .Where(p => c.Request.Query["archived"] != "false" || !p.Archived).ToList();
        var perPage = Math.Clamp(int.TryParse(c.Request.Query["per_page"], out var pp) ? pp : 20, 1, 100);
        var page = Math.Max(1, int.TryParse(c.Request.Query["page"], out var p) ? p : 1);
        var pages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        string PageUrl(int n)
        {
            var q = System.Web.HttpUtility.ParseQueryString(c.Request.QueryString.Value ?? "");
            q["page"] = n.ToString();
            return $"{c.Request.Scheme}://{c.Request.Host}{c.Request.Path}?{q}";
        }
        var links = new List<string>();
        if (page < pages) links.Add($"<{PageUrl(page + 1)}>; rel=\"next\"");
        if (page > 1) links.Add($"<{PageUrl(page - 1)}>; rel=\"prev\"");
        links.Add($"<{PageUrl(1)}>; rel=\"first\"");
        links.Add($"<{PageUrl(pages)}>; rel=\"last\"");
        c.Response.Headers["Link"] = string.Join(", ", links);
        c.Response.Headers["x-page"] = page.ToString();
        c.Response.Headers["x-per-page"] = perPage.ToString();
        c.Response.Headers["x-total"] = all.Count.ToString();
        c.Response.Headers["x-total-pages"] = pages.ToString();
        c.Response.Headers["x-next-page"] = page < pages ? (page + 1).ToString() : "";
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select((r, i) =>
        {
            var ns = r.Subgroup.Length == 0 ? Group : $"{Group}/{r.Subgroup}";
            var project = new Dictionary<string, object?>
            {
                ["id"] = 1000 + Projects.IndexOf(r),
                ["name"] = r.Name,
                ["path"] = r.Name,
                ["path_with_namespace"] = $"{ns}/{r.Name}",
                ["default_branch"] = r.DefaultBranch,
                ["visibility"] = r.Visibility,
                ["http_url_to_repo"] = r.CloneUrl,
                ["ssh_url_to_repo"] = $"git@gitlab.example.com:{ns}/{r.Name}.git",
                ["web_url"] = $"https://gitlab.example.com/{ns}/{r.Name}",
                ["topics"] = r.Topics,
                ["tag_list"] = r.Topics,
                ["archived"] = r.Archived,
                ["namespace"] = new { full_path = ns, kind = "group" },
                ["last_activity_at"] = "2026-11-30T10:00:00.000Z",
            };
            if (r.Fork) project["forked_from_project"] = new { id = 1, path_with_namespace = "upstream/" + r.Name };
            return project;
        });
        await c.Response.WriteAsync(JsonSerializer.Serialize(items));
    }
}
