using System.Text.Json;
using System.Text.RegularExpressions;

namespace TechHealth.Reports.Tests.RadarViews;

/// <summary>
/// Checks a JSON document against the subset of JSON Schema the radar schema uses: type, required, properties,
/// additionalProperties false, items, minItems, enum and pattern. Returns every violation with its JSON path.
/// </summary>
internal static class SchemaChecker
{
    public static List<string> Check(JsonElement schema, JsonElement value, string path = "$")
    {
        var errors = new List<string>();
        Walk(schema, value, path, errors);
        return errors;
    }

    private static void Walk(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type.GetString()!, value))
        {
            errors.Add($"{path}: expected {type.GetString()}, found {value.ValueKind}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetRawText() == value.GetRawText()))
            errors.Add($"{path}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
            errors.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: required property '{name}' is missing");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var sub))
                    Walk(sub, member.Value, $"{path}.{member.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False)
                    errors.Add($"{path}: property '{member.Name}' is not in the data model");
            }
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("minItems", out var min) && value.GetArrayLength() < min.GetInt32())
                errors.Add($"{path}: {value.GetArrayLength()} items, at least {min.GetInt32()} needed");
            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray()) Walk(items, item, $"{path}[{i++}]", errors);
            }
        }
    }

    private static bool TypeMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => throw new InvalidOperationException($"the schema checker does not know type '{type}'"),
    };
}
