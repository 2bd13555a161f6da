using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace TechHealth.GraphQL;

/// <summary>Turns JSON input into plain values (dictionaries, lists, doubles, strings, booleans) as JavaScript would see it.</summary>
public static class JsonValues
{
    public static object? ToClr(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToDictionary(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToClr).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => Undefined.Value,
    };

    public static Dictionary<string, object?> ToDictionary(JsonElement element)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject()) result[property.Name] = ToClr(property.Value);
        return result;
    }
}

/// <summary>Writes result values (ordered maps, lists, scalars) as JSON, numbers formatted like JavaScript.</summary>
public static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
            case Undefined:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                WriteDouble(writer, d);
                return;
            case float f:
                WriteDouble(writer, f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case JsonElement je:
                je.WriteTo(writer);
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTime dt:
                writer.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                return;
            case OrderedDictionary<string, object?> ordered:
                // The executor's own result maps: enumerate without boxing an enumerator per object.
                writer.WriteStartObject();
                foreach (var (key, item) in ordered)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                return;
            case List<object?> items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                return;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                return;
            case IDictionary dict:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                return;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                return;
        }
        if (Inspect.IsNumber(value))
        {
            WriteDouble(writer, Inspect.ToDouble(value));
            return;
        }
        JsonSerializer.Serialize(writer, value, value.GetType());
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteRawValue(Inspect.JsNumber(d), skipInputValidation: true);
    }
}
