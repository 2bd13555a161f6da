namespace TechHealth.Versioning;

/// <summary>
/// Maven's and NuGet's interval notation: <c>[1.0,2.0)</c>, <c>(,1.0]</c>, <c>[1.5]</c>, and for Maven a
/// union of intervals (<c>(,1.0],[1.2,)</c>). A plain version is a soft requirement that means "this or
/// newer" (Maven's recommended version, NuGet's minimum). Also reads NuGet floating versions (<c>1.*</c>,
/// <c>1.0.0-*</c>) and Gradle dynamic versions (<c>1.+</c>), which Maven-scheme manifests carry.
/// </summary>
internal static class IntervalSyntax
{
    public static (Comparator[][]? Alternatives, string? Error) Parse(string text, VersionScheme scheme)
    {
        var s = text.Trim();
        var what = scheme == VersionScheme.Maven ? "Maven version range" : "NuGet version range";
        if (s.Length == 0) return (null, $"empty {what}");
        if (s[0] is not ('[' or '('))
        {
            if (s[0] != '$' && s.IndexOfAny([']', ')', ',']) >= 0) return (null, $"{what} '{text}' must start with '[' or '('");
            var (single, error) = Plain(s, scheme);
            return error is null ? ([single!], null) : (null, $"{what} '{text}': {error}");
        }

        var alternatives = new List<Comparator[]>();
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] is not ('[' or '('))
                return (null, $"{what} '{text}': expected '[' or '(' at '{s[i..]}'");
            var close = s.IndexOfAny([']', ')'], i + 1);
            if (close < 0) return (null, $"{what} '{text}': '{s[i..]}' is not closed with ']' or ')'");
            var (interval, error) = Interval(s[i..(close + 1)], scheme);
            if (error is not null) return (null, $"{what} '{text}': {error}");
            alternatives.Add(interval!);
            i = close + 1;
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) break;
            if (s[i] != ',') return (null, $"{what} '{text}': expected ',' between intervals at '{s[i..]}'");
            if (scheme == VersionScheme.NuGet) return (null, $"{what} '{text}': NuGet takes a single interval");
            i++;
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) return (null, $"{what} '{text}': a ',' must be followed by another interval");
        }
        return (alternatives.ToArray(), null);
    }

    private static (Comparator[]?, string?) Interval(string interval, VersionScheme scheme)
    {
        var lowerInclusive = interval[0] == '[';
        var upperInclusive = interval[^1] == ']';
        var inner = interval[1..^1];
        var parts = inner.Split(',');
        if (parts.Length == 1)
        {
            if (!(lowerInclusive && upperInclusive))
                return (null, $"'{interval}': a single version must be written [version]");
            var exact = Bound(parts[0], scheme);
            return exact.Error is null ? ([new Comparator(ComparatorOp.Equal, exact.Value)], null) : (null, $"'{interval}': {exact.Error}");
        }
        if (parts.Length > 2) return (null, $"'{interval}' has more than one ','");

        var comparators = new List<Comparator>(2);
        ParsedVersion? low = null, high = null;
        if (parts[0].Trim().Length > 0)
        {
            var bound = Bound(parts[0], scheme);
            if (bound.Error is not null) return (null, $"'{interval}': {bound.Error}");
            low = bound.Value;
            comparators.Add(new Comparator(lowerInclusive ? ComparatorOp.GreaterOrEqual : ComparatorOp.Greater, low));
        }
        if (parts[1].Trim().Length > 0)
        {
            var bound = Bound(parts[1], scheme);
            if (bound.Error is not null) return (null, $"'{interval}': {bound.Error}");
            high = bound.Value;
            comparators.Add(new Comparator(upperInclusive ? ComparatorOp.LessOrEqual : ComparatorOp.Less, high));
        }
        if (low is null && high is null) return (null, $"'{interval}' names no bound");
        if (low is not null && high is not null)
        {
            var c = low.CompareTo(high);
            if (c > 0 || (c == 0 && !(lowerInclusive && upperInclusive)))
                return (null, $"'{interval}': the lower bound is not below the upper bound");
        }
        return (comparators.ToArray(), null);
    }

    private static ParseResult<ParsedVersion> Bound(string text, VersionScheme scheme) => Versions.Parse(scheme, text.Trim());

    /// <summary>A version outside brackets: a soft minimum, or a floating/dynamic version.</summary>
    private static (Comparator[]?, string?) Plain(string s, VersionScheme scheme)
    {
        if (s is "*" or "+" or "*-*") return ([], null);
        if (scheme == VersionScheme.Maven && s.StartsWith("latest.", StringComparison.OrdinalIgnoreCase))
            return (null, $"'{s}' is a dynamic selector, not a version range");

        // Gradle "1.+" / "1.2+" and NuGet "1.*" / "1.2.*": every version with that release prefix.
        var floating = scheme == VersionScheme.Maven
            ? s.EndsWith('+') ? s.TrimEnd('+').TrimEnd('.') : null
            : s.EndsWith(".*", StringComparison.Ordinal) ? s[..^2] : null;
        if (floating is not null)
        {
            if (!ComparatorSyntax.IsDottedNumbers(floating)) return (null, $"'{s}': the part before the wildcard must be dotted numbers");
            var prefix = Versions.Parse(scheme, floating);
            if (!prefix.Success) return (null, prefix.Error);
            return ([new Comparator(ComparatorOp.PrefixEqual, prefix.Value, floating.Count(c => c == '.') + 1)], null);
        }
        if (scheme == VersionScheme.NuGet && s.EndsWith("-*", StringComparison.Ordinal))
        {
            // 1.0.0-* floats over pre-releases of 1.0.0 and everything after it.
            var floor = Versions.Parse(scheme, s[..^2] + "-0");
            return floor.Success ? ([new Comparator(ComparatorOp.GreaterOrEqual, floor.Value)], null) : (null, floor.Error);
        }

        var version = Versions.Parse(scheme, s);
        return version.Success ? ([new Comparator(ComparatorOp.GreaterOrEqual, version.Value)], null) : (null, version.Error);
    }
}
