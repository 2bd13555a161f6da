namespace TechHealth.Versioning;

/// <summary>
/// The radar's range syntax, the same for every scheme: comparators separated by spaces (all must hold),
/// alternatives separated by <c>||</c>, a bare version or <c>=</c> for an exact match, and <c>1.x</c> /
/// <c>1.*</c> wildcards. Bounds are read with pure scheme order: <c>&lt;2.0.0</c> holds 2.0.0-beta because
/// 2.0.0-beta comes before 2.0.0.
/// </summary>
internal static class ComparatorSyntax
{
    private static readonly string[] Operators = [">=", "<=", "==", "!=", ">", "<", "="];

    public static (Comparator[][]? Alternatives, string? Error) Parse(string text, VersionScheme scheme)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, "empty version range");
        var parts = text.Split("||");
        var alternatives = new Comparator[parts.Length][];
        for (var p = 0; p < parts.Length; p++)
        {
            var tokens = Tokenize(parts[p]);
            if (tokens.Count == 0) return (null, $"range '{text}' has an empty alternative around '||'");
            var comparators = new List<Comparator>(tokens.Count);
            foreach (var token in tokens)
            {
                var error = ParseComparator(token, scheme, comparators);
                if (error is not null) return (null, $"range '{text}': {error}");
            }
            alternatives[p] = comparators.ToArray();
        }
        return (alternatives, null);
    }

    /// <summary>Splits on spaces and commas, re-attaching an operator written apart from its version (<c>&gt;= 2.0</c>).</summary>
    internal static List<string> Tokenize(string part)
    {
        var raw = part.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var token = raw[i];
            if (Array.IndexOf(Operators, token) >= 0 && i + 1 < raw.Length) token += raw[++i];
            tokens.Add(token);
        }
        return tokens;
    }

    internal static string SplitOperator(string token, out string rest)
    {
        foreach (var op in Operators)
        {
            if (token.StartsWith(op, StringComparison.Ordinal))
            {
                rest = token[op.Length..];
                return op;
            }
        }
        rest = token;
        return "";
    }

    private static string? ParseComparator(string token, VersionScheme scheme, List<Comparator> into)
    {
        var op = SplitOperator(token, out var rest);
        if (rest.Length == 0) return $"'{token}' has an operator but no version";
        var exactish = op is "" or "=" or "==";

        if (rest is "*" or "x" or "X")
        {
            if (!exactish) return $"'{token}': a wildcard can only follow '=' or nothing";
            return null; // matches everything: adds no condition
        }

        if (IsWildcard(rest, out var prefix))
        {
            if (!exactish && op != "!=") return $"'{token}': a wildcard can only follow '=', '!=' or nothing";
            if (!IsDottedNumbers(prefix)) return $"'{token}': the part before the wildcard must be dotted numbers";
            var parsedPrefix = VersionParser.ParseBound(scheme, prefix);
            if (!parsedPrefix.Success) return $"'{token}': {parsedPrefix.Error}";
            var length = prefix.TrimStart('v', 'V').Count(c => c == '.') + 1;
            into.Add(new Comparator(op == "!=" ? ComparatorOp.PrefixNotEqual : ComparatorOp.PrefixEqual, parsedPrefix.Value, length));
            return null;
        }

        var bound = VersionParser.ParseBound(scheme, rest);
        if (!bound.Success) return $"'{token}': {bound.Error}";
        var kind = op switch
        {
            ">=" => ComparatorOp.GreaterOrEqual,
            "<=" => ComparatorOp.LessOrEqual,
            ">" => ComparatorOp.Greater,
            "<" => ComparatorOp.Less,
            "!=" => ComparatorOp.NotEqual,
            _ => ComparatorOp.Equal,
        };
        into.Add(new Comparator(kind, bound.Value));
        return null;
    }

    /// <summary>True for <c>1.x</c>, <c>1.2.*</c>, <c>v1.X</c>; <paramref name="prefix"/> is the part before the wildcard.</summary>
    internal static bool IsWildcard(string text, out string prefix)
    {
        prefix = "";
        if (text.Length < 3) return false;
        var last = text[^1];
        if (last is not ('x' or 'X' or '*') || text[^2] != '.') return false;
        prefix = text[..^2];
        // 1.x.x and 1.*.* name the same set as 1.x.
        while (IsWildcard(prefix, out var shorter)) prefix = shorter;
        return true;
    }

    internal static bool IsDottedNumbers(string text)
    {
        var s = text.AsSpan().TrimStart("vV");
        if (s.IsEmpty) return false;
        foreach (var range in s.Split('.'))
        {
            if (!Digits.AllDigits(s[range])) return false;
        }
        return true;
    }
}
