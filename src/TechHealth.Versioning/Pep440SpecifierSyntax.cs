namespace TechHealth.Versioning;

/// <summary>
/// PEP 440 version specifiers (<c>~=</c>, <c>==</c> with <c>.*</c>, <c>!=</c>, <c>&lt;=</c>, <c>&gt;=</c>,
/// <c>&lt;</c>, <c>&gt;</c>, <c>===</c>, comma-separated, all must hold), plus the Poetry constraints
/// pyproject files carry (<c>^1.2</c>, <c>~1.2</c>, a bare version, <c>*</c>, <c>||</c>).
/// Pre-releases are not filtered out by default: a range answers where a version lies, not what pip would pick.
/// </summary>
internal static class Pep440SpecifierSyntax
{
    private static readonly string[] Operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">", "^", "~", "="];

    public static (Comparator[][]? Alternatives, string? Error) Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0 || s == "*") return ([[]], null);
        var parts = s.Split("||");
        var alternatives = new Comparator[parts.Length][];
        for (var p = 0; p < parts.Length; p++)
        {
            var comparators = new List<Comparator>(2);
            foreach (var raw in parts[p].Split(','))
            {
                var spec = raw.Trim();
                if (spec.Length == 0) return (null, $"PEP 440 specifier '{text}' has an empty clause");
                var error = Add(spec, comparators);
                if (error is not null) return (null, $"PEP 440 specifier '{text}': {error}");
            }
            alternatives[p] = comparators.ToArray();
        }
        return (alternatives, null);
    }

    private static string? Add(string spec, List<Comparator> into)
    {
        var op = "";
        foreach (var candidate in Operators)
        {
            if (spec.StartsWith(candidate, StringComparison.Ordinal)) { op = candidate; break; }
        }
        var versionText = spec[op.Length..].Trim();
        if (versionText.Length == 0) return $"'{spec}' has an operator but no version";
        if (op == "===")
        {
            into.Add(new Comparator(ComparatorOp.TextEqual, null, text: versionText));
            return null;
        }
        if (versionText == "*" && op is "" or "==")
            return null;

        if (versionText.EndsWith(".*", StringComparison.Ordinal))
        {
            if (op is not ("" or "==" or "!=" or "=")) return $"'{spec}': a '.*' suffix is only allowed with == and !=";
            var prefixText = versionText[..^2];
            var prefix = Versions.Parse(VersionScheme.Pep440, prefixText);
            if (!prefix.Success) return $"'{spec}': {prefix.Error}";
            var length = ((Pep440Version)prefix.Value!).Release.Length;
            into.Add(new Comparator(op == "!=" ? ComparatorOp.PrefixNotEqual : ComparatorOp.PrefixEqual, prefix.Value, length));
            return null;
        }

        var parsed = Versions.Parse(VersionScheme.Pep440, versionText);
        if (!parsed.Success) return $"'{spec}': {parsed.Error}";
        var v = (Pep440Version)parsed.Value!;
        switch (op)
        {
            case "" or "==" or "=": into.Add(new Comparator(ComparatorOp.Equal, v)); break;
            case "!=": into.Add(new Comparator(ComparatorOp.NotEqual, v)); break;
            case "<=": into.Add(new Comparator(ComparatorOp.LessOrEqual, v, pep440Rules: true)); break;
            case ">=": into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v, pep440Rules: true)); break;
            case "<": into.Add(new Comparator(ComparatorOp.Less, v, pep440Rules: true)); break;
            case ">": into.Add(new Comparator(ComparatorOp.Greater, v, pep440Rules: true)); break;
            case "~=":
            {
                // ~=2.2 means >=2.2, ==2.*; ~=1.4.5 means >=1.4.5, ==1.4.*.
                if (v.Release.Length < 2) return $"'{spec}': '~=' needs at least two release numbers";
                into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v, pep440Rules: true));
                into.Add(new Comparator(ComparatorOp.PrefixEqual, v, v.Release.Length - 1));
                break;
            }
            case "^":
            {
                // Poetry: changes that keep the left-most non-zero release number.
                into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v, pep440Rules: true));
                var keep = 0;
                while (keep < v.Release.Length - 1 && v.Release[keep] == 0) keep++;
                into.Add(new Comparator(ComparatorOp.PrefixEqual, v, keep + 1));
                break;
            }
            case "~":
            {
                // Poetry: ~1.2.3 and ~1.2 allow patch changes, ~1 minor changes.
                into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v, pep440Rules: true));
                into.Add(new Comparator(ComparatorOp.PrefixEqual, v, v.Release.Length >= 2 ? 2 : 1));
                break;
            }
        }
        return null;
    }
}
