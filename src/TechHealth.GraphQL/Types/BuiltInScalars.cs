using System.Globalization;

namespace TechHealth.GraphQL;

/// <summary>The five specified scalars with the reference implementation's coercion rules and messages.</summary>
internal static class BuiltInScalars
{
    public static readonly string[] Names = { "String", "Int", "Float", "Boolean", "ID" };

    public static void Configure(ScalarType scalar)
    {
        switch (scalar.Name)
        {
            case "Int":
                scalar.Serialize = SerializeInt;
                scalar.ParseValue = ParseInt;
                scalar.ParseLiteral = (node, _) => ParseIntLiteral(node);
                break;
            case "Float":
                scalar.Serialize = SerializeFloat;
                scalar.ParseValue = ParseFloat;
                scalar.ParseLiteral = (node, _) => node switch
                {
                    FloatValueNode f => double.Parse(f.Value, CultureInfo.InvariantCulture),
                    IntValueNode i => double.Parse(i.Value, CultureInfo.InvariantCulture),
                    _ => throw new GraphQLException($"Float cannot represent non numeric value: {Printer.Print(node)}"),
                };
                break;
            case "String":
                scalar.Serialize = SerializeString;
                scalar.ParseValue = v => v is string s ? s : throw new GraphQLException($"String cannot represent a non string value: {Inspect.Value(v)}");
                scalar.ParseLiteral = (node, _) => node is StringValueNode s
                    ? s.Value
                    : throw new GraphQLException($"String cannot represent a non string value: {Printer.Print(node)}");
                break;
            case "Boolean":
                scalar.Serialize = SerializeBoolean;
                scalar.ParseValue = v => v is bool b ? b : throw new GraphQLException($"Boolean cannot represent a non boolean value: {Inspect.Value(v)}");
                scalar.ParseLiteral = (node, _) => node is BooleanValueNode b
                    ? b.Value
                    : throw new GraphQLException($"Boolean cannot represent a non boolean value: {Printer.Print(node)}");
                break;
            case "ID":
                scalar.Serialize = SerializeId;
                scalar.ParseValue = ParseId;
                scalar.ParseLiteral = (node, _) => node switch
                {
                    StringValueNode s => s.Value,
                    IntValueNode i => i.Value,
                    _ => throw new GraphQLException("ID cannot represent a non-string and non-integer value: " + Printer.Print(node)),
                };
                break;
        }
    }

    /// <summary>JavaScript's Number(string): trims, accepts decimal/exponent/hex forms, otherwise NaN.</summary>
    private static double JsNumberFromString(string s)
    {
        var t = s.Trim();
        if (t.Length == 0) return 0;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (t is "Infinity" or "+Infinity") return double.PositiveInfinity;
        if (t == "-Infinity") return double.NegativeInfinity;
        foreach (var ch in t)
        {
            if (!(char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '+' or '-')) return double.NaN;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
    }

    private static bool IsInteger(double d) => !double.IsNaN(d) && !double.IsInfinity(d) && Math.Floor(d) == d;

    private static object? SerializeInt(object? output)
    {
        double num;
        switch (output)
        {
            case int i: return i;
            case bool b: return b ? 1 : 0;
            case string s when s.Length > 0: num = JsNumberFromString(s); break;
            case Enum e: num = Convert.ToDouble(e, CultureInfo.InvariantCulture); break;
            default:
                if (!Inspect.IsNumber(output)) throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(output)}");
                num = Inspect.ToDouble(output!);
                break;
        }
        if (!IsInteger(num)) throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(output)}");
        if (num > int.MaxValue || num < int.MinValue)
            throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {Inspect.Value(output)}");
        return (int)num;
    }

    private static object? ParseInt(object? input)
    {
        if (!Inspect.IsNumber(input) || !IsInteger(Inspect.ToDouble(input!)))
            throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(input)}");
        var num = Inspect.ToDouble(input!);
        if (num > int.MaxValue || num < int.MinValue)
            throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {Inspect.JsNumber(num)}");
        return (int)num;
    }

    private static object? ParseIntLiteral(ValueNode node)
    {
        if (node is not IntValueNode i) throw new GraphQLException($"Int cannot represent non-integer value: {Printer.Print(node)}");
        if (!int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {i.Value}");
        return n;
    }

    private static object? SerializeFloat(object? output)
    {
        double num;
        switch (output)
        {
            case double d: num = d; break;
            case bool b: return b ? 1.0 : 0.0;
            case string s when s.Length > 0: num = JsNumberFromString(s); break;
            default:
                if (!Inspect.IsNumber(output)) throw new GraphQLException($"Float cannot represent non numeric value: {Inspect.Value(output)}");
                num = Inspect.ToDouble(output!);
                break;
        }
        if (double.IsNaN(num) || double.IsInfinity(num))
            throw new GraphQLException($"Float cannot represent non numeric value: {Inspect.Value(output)}");
        return num;
    }

    private static object? ParseFloat(object? input)
    {
        if (!Inspect.IsNumber(input) || double.IsNaN(Inspect.ToDouble(input!)) || double.IsInfinity(Inspect.ToDouble(input!)))
            throw new GraphQLException($"Float cannot represent non numeric value: {Inspect.Value(input)}");
        return Inspect.ToDouble(input!);
    }

    private static object? SerializeString(object? output)
    {
        switch (output)
        {
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case char c: return c.ToString();
            case Guid g: return g.ToString();
            case Uri u: return u.ToString();
            case Enum e: return e.ToString();
            case DateTimeOffset dto: return dto.ToString("O", CultureInfo.InvariantCulture);
            case DateTime dt: return dt.ToString("O", CultureInfo.InvariantCulture);
            case DateOnly d: return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case TimeSpan ts: return ts.ToString("c", CultureInfo.InvariantCulture);
        }
        if (Inspect.IsNumber(output))
        {
            var d = Inspect.ToDouble(output!);
            if (!double.IsNaN(d) && !double.IsInfinity(d)) return Inspect.JsNumber(d);
        }
        throw new GraphQLException($"String cannot represent value: {Inspect.Value(output)}");
    }

    private static object? SerializeBoolean(object? output)
    {
        if (output is bool b) return b;
        if (Inspect.IsNumber(output))
        {
            var d = Inspect.ToDouble(output!);
            if (!double.IsNaN(d) && !double.IsInfinity(d)) return d != 0;
        }
        throw new GraphQLException($"Boolean cannot represent a non boolean value: {Inspect.Value(output)}");
    }

    private static object? SerializeId(object? output)
    {
        switch (output)
        {
            case string s: return s;
            case Guid g: return g.ToString();
        }
        if (Inspect.IsNumber(output) && IsInteger(Inspect.ToDouble(output!)))
            return output is long or int ? Convert.ToString(output, CultureInfo.InvariantCulture) : Inspect.JsNumber(Inspect.ToDouble(output!));
        throw new GraphQLException($"ID cannot represent value: {Inspect.Value(output)}");
    }

    private static object? ParseId(object? input)
    {
        if (input is string s) return s;
        if (Inspect.IsNumber(input) && IsInteger(Inspect.ToDouble(input!)))
            return input is long or int ? Convert.ToString(input, CultureInfo.InvariantCulture) : Inspect.JsNumber(Inspect.ToDouble(input!));
        throw new GraphQLException($"ID cannot represent value: {Inspect.Value(input)}");
    }
}
