namespace TechHealth.Versioning;

/// <summary>
/// Cargo's version requirements: comma-separated comparators that must all hold, a bare version meaning
/// a caret requirement (<c>1.2</c> is <c>^1.2</c>), <c>=</c>, <c>~</c>, <c>&gt;=</c> etc., and <c>*</c> wildcards.
/// </summary>
internal static class CargoRequirementSyntax
{
    private static readonly string[] Operators = [">=", "<=", ">", "<", "=", "~", "^"];

    public static (Comparator[][]? Alternatives, string? Error) Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0) return (null, "empty Cargo version requirement");
        var comparators = new List<Comparator>(2);
        foreach (var raw in s.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) return (null, $"Cargo requirement '{text}' has an empty part between commas");
            var error = Add(part, comparators);
            if (error is not null) return (null, $"Cargo requirement '{text}': {error}");
        }
        return ([comparators.ToArray()], null);
    }

    private static string? Add(string part, List<Comparator> into)
    {
        var op = "";
        foreach (var candidate in Operators)
        {
            if (part.StartsWith(candidate, StringComparison.Ordinal)) { op = candidate; break; }
        }
        var versionText = part[op.Length..].Trim();
        if (versionText.Length == 0) return $"'{part}' has an operator but no version";
        if (versionText[0] is 'v' or 'V') return $"'{part}': Cargo versions take no 'v' prefix";
        var error = PartialVersion.TryParse(versionText, allowWildcards: op.Length == 0, out var v);
        if (error is not null) return $"'{part}': {error}";

        var wildcard = versionText is "*" or "x" or "X" || ComparatorSyntax.IsWildcard(versionText, out _);
        if (wildcard)
        {
            // "*", "1.*", "1.2.*": any version with that prefix.
            if (v.Major is not { } wm) return null;
            into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.Padded()));
            into.Add(v.Minor is null ? NpmRangeSyntax.Lt(wm + 1, 0, 0) : NpmRangeSyntax.Lt(wm, v.Minor.Value + 1, 0));
            return null;
        }

        var major = v.Major!.Value;
        switch (op)
        {
            case "" or "^":
                NpmRangeSyntax.Caret(v, into);
                break;
            case "~":
                NpmRangeSyntax.Tilde(v, into);
                break;
            case "=":
                if (v.IsFull) into.Add(new Comparator(ComparatorOp.Equal, v.Full()));
                else
                {
                    into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.Padded()));
                    into.Add(v.Minor is null ? NpmRangeSyntax.Lt(major + 1, 0, 0) : NpmRangeSyntax.Lt(major, v.Minor.Value + 1, 0));
                }
                break;
            case ">":
                if (v.IsFull) into.Add(new Comparator(ComparatorOp.Greater, v.Full()));
                else into.Add(v.Minor is null ? NpmRangeSyntax.Ge(major + 1, 0, 0) : NpmRangeSyntax.Ge(major, v.Minor.Value + 1, 0));
                break;
            case ">=":
                into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.IsFull ? v.Full() : v.Padded()));
                break;
            case "<":
                into.Add(new Comparator(ComparatorOp.Less, v.IsFull ? v.Full() : v.Padded()));
                break;
            case "<=":
                if (v.IsFull) into.Add(new Comparator(ComparatorOp.LessOrEqual, v.Full()));
                else into.Add(v.Minor is null ? NpmRangeSyntax.Lt(major + 1, 0, 0) : NpmRangeSyntax.Lt(major, v.Minor.Value + 1, 0));
                break;
        }
        return null;
    }
}
