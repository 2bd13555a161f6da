using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TechHealth.TestServers;

/// <summary>
/// Answers <c>GET /api/catalog/entities</c> as a Backstage backend does, for faults a real backend cannot be made to show on
/// cue (the real one, from npm, is <see cref="BackstageBackend"/>) (checked against <c>@backstage/backend-defaults</c> 0.19.0
/// with <c>@backstage/plugin-catalog-backend</c> 4.0.5): entities as stored (metadata with uid, etag and the managed-by
/// annotations, spec, relations), <c>filter=kind=...</c> parameters OR'd, <c>limit</c> honoured, the next page as a cursor in
/// <c>Link: &lt;/entities?...&amp;after=CURSOR&gt;; rel="next"</c> relative to the catalog router, and 401 as
/// <c>{"error":{"name":"AuthenticationError","message":...},"request":...,"response":{"statusCode":401}}</c>.
/// </summary>
public sealed class LocalBackstage
{
    public List<JsonObject> Entities { get; } = [];
    /// <summary>The static token the backend accepts (backend.auth.externalAccess); null: reads are open.</summary>
    public string? Token { get; set; }

    public static async Task<(LocalApi Api, LocalBackstage Catalog)> StartAsync(LocalBackstage catalog, string url = "http://127.0.0.1:0")
        => (await LocalApi.StartAsync(app => app.MapGet("/api/catalog/entities", catalog.Entities_), url), catalog);

    public LocalBackstage Group(string name, string type, string? parent = null, params string[] children)
    {
        var spec = new JsonObject { ["type"] = type, ["children"] = new JsonArray(children.Select(c => (JsonNode)c).ToArray()) };
        if (parent is not null) spec["parent"] = parent;
        var relations = new JsonArray();
        if (parent is not null) relations.Add(new JsonObject { ["type"] = "childOf", ["targetRef"] = $"group:default/{parent}" });
        foreach (var c in children) relations.Add(new JsonObject { ["type"] = "parentOf", ["targetRef"] = $"group:default/{c}" });
        Entities.Add(Entity("Group", name, new Dictionary<string, string>(), spec, relations));
        return this;
    }

    public LocalBackstage Component(string name, string owner, IReadOnlyDictionary<string, string> annotations, string type = "service", string lifecycle = "production")
    {
        var spec = new JsonObject { ["type"] = type, ["lifecycle"] = lifecycle, ["owner"] = owner };
        Entities.Add(Entity("Component", name, annotations, spec, new JsonArray(new JsonObject { ["type"] = "ownedBy", ["targetRef"] = $"group:default/{owner}" })));
        return this;
    }

    private static JsonObject Entity(string kind, string name, IReadOnlyDictionary<string, string> annotations, JsonObject spec, JsonArray relations)
    {
        var a = new JsonObject
        {
            ["backstage.io/managed-by-location"] = "url:https://github.example.com/acme/org/blob/main/catalog.yaml",
            ["backstage.io/managed-by-origin-location"] = "url:https://github.example.com/acme/org/blob/main/catalog.yaml",
        };
        foreach (var (k, v) in annotations) a[k] = v;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["namespace"] = "default", ["annotations"] = a, ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(), ["etag"] = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000",
            },
            ["apiVersion"] = "backstage.io/v1alpha1",
            ["kind"] = kind,
            ["spec"] = spec,
            ["relations"] = relations,
        };
    }

    private async Task Entities_(HttpContext c)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        if (Token is not null && c.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            c.Response.StatusCode = 401;
            var message = c.Request.Headers.Authorization.Count == 0 ? "Missing credentials" : "Illegal token";
            await c.Response.WriteAsync($"{{\"error\":{{\"name\":\"AuthenticationError\",\"message\":\"{message}\"}},\"request\":{{\"method\":\"GET\",\"url\":\"/entities{c.Request.QueryString}\"}},\"response\":{{\"statusCode\":401}}}}");
            return;
        }
        var kinds = c.Request.Query["filter"].Select(f => f!.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "kind").Select(p => p[1].ToLowerInvariant()).ToHashSet();
        var matching = Entities.Where(e => kinds.Count == 0 || kinds.Contains(e["kind"]!.GetValue<string>().ToLowerInvariant())).ToList();
        var limit = int.TryParse(c.Request.Query["limit"], out var l) ? l : int.MaxValue;
        var offset = 0;
        if (c.Request.Query["after"].FirstOrDefault() is { } after)
        {
            using var cursor = JsonDocument.Parse(Convert.FromBase64String(after));
            offset = cursor.RootElement.GetProperty("offset").GetInt32();
            limit = cursor.RootElement.GetProperty("limit").GetInt32();
        }
        var page = matching.Skip(offset).Take(limit).ToList();
        if (offset + page.Count < matching.Count)
        {
            var next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"limit\":{limit},\"offset\":{offset + page.Count}}}"));
            var query = string.Join("&", c.Request.Query.Where(q => q.Key != "after").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v!)}")));
            c.Response.Headers["link"] = $"</entities?{query}&after={Uri.EscapeDataString(next)}>; rel=\"next\"";
        }
        await c.Response.WriteAsync(new JsonArray(page.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString());
    }
}
