using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>One GraphQL answer over HTTP: the status code, the raw body and the parsed JSON.</summary>
public sealed record GraphQLAnswer(HttpStatusCode Status, string Body, JsonElement Root)
{
    public JsonElement Data => Root.GetProperty("data");
    public bool HasErrors => Root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0;
    public JsonElement FirstError => Root.GetProperty("errors")[0];
    public string? FirstErrorCode => FirstError.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null;

    /// <summary>The data, after asserting the answer is a 200 without errors (the body is shown when it is not).</summary>
    public JsonElement Ok()
    {
        Status.ShouldBe(HttpStatusCode.OK, Body);
        HasErrors.ShouldBeFalse(Body);
        return Data;
    }
}

/// <summary>Posts GraphQL requests through the real HTTP pipeline of a test server.</summary>
public static class GraphQLCalls
{
    public static async Task<GraphQLAnswer> PostAsync(HttpClient client, string query, object? variables = null, string? apiKey = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        JsonElement root;
        try { root = JsonDocument.Parse(body).RootElement.Clone(); }
        catch (JsonException) { root = JsonDocument.Parse("{}").RootElement.Clone(); }
        return new GraphQLAnswer(response.StatusCode, body, root);
    }

    public static IEnumerable<JsonElement> Items(this JsonElement array) => array.EnumerateArray();

    public static List<string> Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
