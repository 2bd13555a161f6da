using System.Text;
using System.Text.Json;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// Compares two GraphQL responses the way the conformance suite means "the same": both refuse the request before
/// execution, or both execute it with equal <c>data</c> (object keys in the same order, numbers by value) and the same
/// field errors by locations and path (not by message: each engine words its own). Errors are compared as a multiset
/// because the specification fixes no order among them; a subscription's <c>events</c> are compared one by one, in
/// order. It ignores <c>extensions</c> on purpose.
/// </summary>
internal static class ResponseComparison
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Canonical(JsonElement response)
    {
        var builder = new StringBuilder();
        // Refused before execution (a parse, validation or request error: errors and no data): engines agree when both
        // refuse; where each points is its own analysis (graphql-js reports every rule broken, HotChocolate may stop
        // at the first and adds the field path), so only the refusal is compared.
        if (!response.TryGetProperty("data", out _) && !response.TryGetProperty("events", out _)
            && response.TryGetProperty("errors", out var refusal) && refusal.ValueKind == JsonValueKind.Array && refusal.GetArrayLength() > 0)
            return "refused before execution\n";
        if (response.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            var projected = errors.EnumerateArray().Select(ProjectError).OrderBy(e => e, StringComparer.Ordinal).ToList();
            builder.Append("errors:\n");
            foreach (var error in projected) builder.Append("  ").Append(error).Append('\n');
        }
        if (response.TryGetProperty("data", out var data))
        {
            builder.Append("data: ");
            Write(builder, data);
            builder.Append('\n');
        }
        if (response.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            // A subscription's response stream: each event compared as a response of its own, in order.
            builder.Append("events: ").Append(events.GetArrayLength()).Append('\n');
            var index = 0;
            foreach (var item in events.EnumerateArray()) builder.Append("--- event ").Append(index++).Append('\n').Append(Canonical(item));
        }
        return builder.ToString();
    }

    private static string ProjectError(JsonElement error)
    {
        var builder = new StringBuilder();
        // Messages are each engine's own wording: an error is the same error where it points (locations, path).
        builder.Append("error");
        if (error.TryGetProperty("locations", out var locations))
        {
            builder.Append(" locations=");
            Write(builder, locations);
        }
        if (error.TryGetProperty("path", out var path))
        {
            builder.Append(" path=");
            Write(builder, path);
        }
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(JsonSerializer.Serialize(property.Name, Readable)).Append(':');
                    Write(builder, property.Value);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (index++ > 0) builder.Append(',');
                    Write(builder, item);
                }
                builder.Append(']');
                break;
            case JsonValueKind.Number:
                // 2 and 2.0 are the same JSON number; print both the same way.
                builder.Append(value.TryGetDecimal(out var d) ? d.ToString("G29", System.Globalization.CultureInfo.InvariantCulture) : value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                builder.Append(JsonSerializer.Serialize(value.GetString(), Readable));
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }
}
