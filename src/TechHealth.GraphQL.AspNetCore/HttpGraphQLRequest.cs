using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// A GraphQL request read from a POST body or a GET query string, or the reason it could not be read. It owns the
/// request-shape rules of GraphQL over HTTP (query is a string, variables an object) and nothing about documents.
/// </summary>
internal sealed class HttpGraphQLRequest
{
    private HttpGraphQLRequest(GraphQLRequest? request, RequestError? error)
    {
        Request = request;
        Error = error;
    }

    public GraphQLRequest? Request { get; }
    public RequestError? Error { get; }

    public static HttpGraphQLRequest Failed(int statusCode, string message) => new(null, new RequestError(statusCode, message));

    public static HttpGraphQLRequest FromJsonBody(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return Failed(StatusCodes.Status400BadRequest,
                $"The request body is not valid JSON: {e.Message}");
        }
        using (document) return FromJsonElement(document.RootElement);
    }

    /// <summary>A request object already parsed from JSON: a POST body or a graphql-transport-ws subscribe payload.</summary>
    public static HttpGraphQLRequest FromJsonElement(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return Failed(StatusCodes.Status400BadRequest,
                "Batched requests (a JSON array) are not supported; send one request object.");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(StatusCodes.Status400BadRequest,
                $"The request body must be a JSON object with a 'query', not a JSON {Describe(root.ValueKind)}.");
        }

        string? query = null, operationName = null;
        IReadOnlyDictionary<string, object?>? variables = null, extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "query":
                    if (property.Value.ValueKind == JsonValueKind.String) query = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        return Failed(StatusCodes.Status400BadRequest,
                            $"'query' must be a string holding a GraphQL document, not a JSON {Describe(property.Value.ValueKind)}.");
                    }
                    break;
                case "operationName":
                    if (property.Value.ValueKind == JsonValueKind.String) operationName = property.Value.GetString();
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        return Failed(StatusCodes.Status400BadRequest,
                            $"'operationName' must be a string or null, not a JSON {Describe(property.Value.ValueKind)}.");
                    }
                    break;
                case "variables":
                    if (!TryReadMap(property.Value, "variables", out variables, out var variablesError)) return variablesError!;
                    break;
                case "extensions":
                    if (!TryReadMap(property.Value, "extensions", out extensions, out var extensionsError)) return extensionsError!;
                    break;
            }
        }
        return Build(query, operationName, variables, extensions);
    }

    public static HttpGraphQLRequest FromQueryString(IQueryCollection query)
    {
        string? text = query["query"];
        string? operationName = query["operationName"];
        if (!TryReadQueryMap(query, "variables", out var variables, out var error)) return error!;
        if (!TryReadQueryMap(query, "extensions", out var extensions, out error)) return error!;
        return Build(text, string.IsNullOrEmpty(operationName) ? null : operationName, variables, extensions);
    }

    /// <summary>Reads a JSON object passed as a query parameter; an absent or empty parameter is no map.</summary>
    private static bool TryReadQueryMap(
        IQueryCollection query, string name, out IReadOnlyDictionary<string, object?>? map, out HttpGraphQLRequest? error)
    {
        map = null;
        error = null;
        string? raw = query[name];
        if (string.IsNullOrEmpty(raw)) return true;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            error = Failed(StatusCodes.Status400BadRequest, $"The '{name}' query parameter is not valid JSON: {e.Message}");
            return false;
        }
        using (parsed) return TryReadMap(parsed.RootElement, name, out map, out error);
    }

    private static HttpGraphQLRequest Build(
        string? query, string? operationName,
        IReadOnlyDictionary<string, object?>? variables, IReadOnlyDictionary<string, object?>? extensions)
    {
        if (string.IsNullOrEmpty(query))
        {
            return Failed(StatusCodes.Status400BadRequest,
                "The request has no 'query': send the GraphQL document in the 'query' field (POST) or query parameter (GET).");
        }
        return new HttpGraphQLRequest(
            new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions },
            null);
    }

    private static bool TryReadMap(
        JsonElement value, string name, out IReadOnlyDictionary<string, object?>? map, out HttpGraphQLRequest? error)
    {
        map = null;
        error = null;
        if (value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = Failed(StatusCodes.Status400BadRequest,
                $"'{name}' must be a JSON object (or null), not a JSON {Describe(value.ValueKind)}.");
            return false;
        }
        map = (IReadOnlyDictionary<string, object?>)JsonRequestValues.ToObject(value)!;
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };
}

/// <summary>Why an HTTP request could not become a GraphQL request, with the status to answer.</summary>
internal sealed record RequestError(int StatusCode, string Message);

/// <summary>Converts JSON request values into the plain .NET values the executor coerces.</summary>
internal static class JsonRequestValues
{
    public static object? ToObject(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToObject(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToObject).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
