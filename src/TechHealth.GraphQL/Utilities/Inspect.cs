using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TechHealth.GraphQL;

/// <summary>
/// Renders runtime values for error messages the way the reference implementation's inspect()
/// does (strings quoted, objects as "{ a: 1 }", lists truncated after ten items), and numbers
/// the way JavaScript prints them.
/// </summary>
public static class Inspect
{
    private const int MaxArrayLength = 10;
    private const int MaxRecursiveDepth = 2;

    public static string Value(object? value) => Format(value, 0);

    private static string Format(object? value, int depth)
    {
        switch (value)
        {
            case null: return "null";
            case Undefined: return "undefined";
            case string s: return JsonString(s);
            case bool b: return b ? "true" : "false";
            case JsonElement je: return Format(JsonValues.ToClr(je), depth);
            case Enum e: return JsonString(e.ToString());
        }
        if (IsNumber(value)) return JsNumber(ToDouble(value));
        if (value is IEnumerable<KeyValuePair<string, object?>> map)
        {
            var entries = map.ToList();
            if (entries.Count == 0) return "{}";
            if (depth + 1 > MaxRecursiveDepth) return "[Object]";
            return "{ " + string.Join(", ", entries.Select(kv => kv.Key + ": " + Format(kv.Value, depth + 1))) + " }";
        }
        if (value is IEnumerable list and not string)
        {
            var items = list.Cast<object?>().ToList();
            if (items.Count == 0) return "[]";
            if (depth + 1 > MaxRecursiveDepth) return "[Array]";
            var len = Math.Min(MaxArrayLength, items.Count);
            var remaining = items.Count - len;
            var parts = items.Take(len).Select(i => Format(i, depth + 1)).ToList();
            if (remaining == 1) parts.Add("... 1 more item");
            else if (remaining > 1) parts.Add($"... {remaining} more items");
            return "[" + string.Join(", ", parts) + "]";
        }
        return value.ToString() ?? "";
    }

    internal static bool IsNumber(object? value) =>
        value is int or long or double or float or decimal or short or byte or sbyte or ushort or uint or ulong;

    internal static double ToDouble(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    public static string JsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Formats a double as JavaScript's Number.prototype.toString does.</summary>
    public static string JsNumber(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return "0";
        // Shortest round-trip digits come from "R"; its exponent placement differs from JS, so rebuild.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative) shortest = shortest[1..];
        string digits;
        int exponent;
        var ePos = shortest.IndexOfAny(new[] { 'E', 'e' });
        string mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var exp10 = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        exponent = intPart.Length + exp10 - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return "0";
        var k = digits.Length;
        var n = exponent;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(e >= 0 ? "+" : "-").Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

/// <summary>Marks an absent value (JavaScript's undefined), distinct from an explicit null.</summary>
public sealed class Undefined
{
    public static readonly Undefined Value = new();
    private Undefined() { }
    public override string ToString() => "undefined";
}
