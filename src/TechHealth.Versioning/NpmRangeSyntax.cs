using System.Text.RegularExpressions;

namespace TechHealth.Versioning;

/// <summary>
/// npm's range grammar (node-semver): <c>||</c> alternatives of space-separated comparators, with
/// <c>^</c>, <c>~</c>, x-ranges (<c>1.x</c>, <c>1.2.*</c>, partial versions) and hyphen ranges
/// (<c>1.2.3 - 2.3.4</c>), desugared into plain comparators the way node-semver does.
/// Dist-tags (<c>latest</c>) and non-registry specs (git URLs, <c>file:</c>, <c>workspace:</c>) are errors:
/// they name no version set.
/// </summary>
internal static partial class NpmRangeSyntax
{
    [GeneratedRegex(@"^\s*(?<from>\S+)\s+-\s+(?<to>\S+)\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Hyphen();

    private static readonly string[] Operators = [">=", "<=", "~>", ">", "<", "=", "~", "^"];

    public static (Comparator[][]? Alternatives, string? Error) Parse(string text)
    {
        var s = text.Trim();
        var refusal = RefuseNonRange(s);
        if (refusal is not null) return (null, refusal);

        var parts = s.Split("||");
        var alternatives = new Comparator[parts.Length][];
        for (var p = 0; p < parts.Length; p++)
        {
            var part = parts[p].Trim();
            var comparators = new List<Comparator>(2);
            string? error;
            var hyphen = Hyphen().Match(part);
            if (hyphen.Success)
                error = AddHyphen(hyphen.Groups["from"].Value, hyphen.Groups["to"].Value, comparators);
            else
            {
                error = null;
                foreach (var token in Tokenize(part))
                {
                    error = AddComparator(token, comparators);
                    if (error is not null) break;
                }
            }
            if (error is not null) return (null, $"npm range '{text}': {error}");
            alternatives[p] = comparators.ToArray();
        }
        return (alternatives, null);
    }

    private static string? RefuseNonRange(string s)
    {
        if (s.Contains("://", StringComparison.Ordinal) || s.StartsWith("git", StringComparison.OrdinalIgnoreCase) && s.Contains('/'))
            return $"'{s}' is a git or URL dependency, not a version range";
        foreach (var prefix in (ReadOnlySpan<string>)["file:", "link:", "workspace:", "npm:", "github:", "portal:", "patch:", "catalog:"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return $"'{s}' is a '{prefix}' dependency, not a version range";
        }
        if (s.Length > 0 && s.All(c => char.IsAsciiLetter(c) || c is '-' or '_') && s is not ("x" or "X"))
            return $"'{s}' is a dist-tag, not a version range";
        return null;
    }

    private static IEnumerable<string> Tokenize(string part)
    {
        var raw = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < raw.Length; i++)
        {
            var token = raw[i];
            // node-semver tolerates a space between an operator and its version: ">= 1.2.3", "^ 1.2".
            if (Array.IndexOf(Operators, token) >= 0 && i + 1 < raw.Length) token += raw[++i];
            yield return token;
        }
    }

    private static string? AddComparator(string token, List<Comparator> into)
    {
        var op = "";
        foreach (var candidate in Operators)
        {
            if (token.StartsWith(candidate, StringComparison.Ordinal)) { op = candidate; break; }
        }
        var versionText = token[op.Length..];
        if (versionText.Length == 0) return $"'{token}' has an operator but no version";
        var error = PartialVersion.TryParse(versionText, allowWildcards: true, out var v);
        if (error is not null) return $"'{token}': {error}";

        switch (op)
        {
            case "" or "=":
                if (v.IsFull) into.Add(new Comparator(ComparatorOp.Equal, v.Full()));
                else AddXRange(v, into);
                return null;
            case "^": Caret(v, into); return null;
            case "~" or "~>": Tilde(v, into); return null;
            case ">":
                if (v.Major is null) into.Add(Nothing());
                else if (v.Minor is null) into.Add(Ge(v.Major.Value + 1, 0, 0));
                else if (v.Patch is null) into.Add(Ge(v.Major.Value, v.Minor.Value + 1, 0));
                else into.Add(new Comparator(ComparatorOp.Greater, v.Full()));
                return null;
            case ">=":
                if (v.Major is not null) into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.Padded()));
                return null;
            case "<":
                into.Add(v.Major is null ? Nothing() : new Comparator(ComparatorOp.Less, v.IsFull ? v.Full() : v.Padded()));
                return null;
            case "<=":
                if (v.Major is null) return null;
                if (v.Minor is null) into.Add(Lt(v.Major.Value + 1, 0, 0));
                else if (v.Patch is null) into.Add(Lt(v.Major.Value, v.Minor.Value + 1, 0));
                else into.Add(new Comparator(ComparatorOp.LessOrEqual, v.Full()));
                return null;
            default:
                return $"'{token}': unknown operator '{op}'";
        }
    }

    private static string? AddHyphen(string from, string to, List<Comparator> into)
    {
        var error = PartialVersion.TryParse(from, allowWildcards: true, out var low);
        if (error is not null) return $"'{from}': {error}";
        error = PartialVersion.TryParse(to, allowWildcards: true, out var high);
        if (error is not null) return $"'{to}': {error}";
        if (low.Major is not null) into.Add(new Comparator(ComparatorOp.GreaterOrEqual, low.IsFull ? low.Full() : low.Padded()));
        if (high.Major is null) return null;
        if (high.Minor is null) into.Add(Lt(high.Major.Value + 1, 0, 0));
        else if (high.Patch is null) into.Add(Lt(high.Major.Value, high.Minor.Value + 1, 0));
        else into.Add(new Comparator(ComparatorOp.LessOrEqual, high.Full()));
        return null;
    }

    private static void AddXRange(PartialVersion v, List<Comparator> into)
    {
        if (v.Major is null) return;
        into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.Padded()));
        into.Add(v.Minor is null ? Lt(v.Major.Value + 1, 0, 0) : Lt(v.Major.Value, v.Minor.Value + 1, 0));
    }

    /// <summary>Caret: changes that do not modify the left-most non-zero part (shared with Cargo's default requirement).</summary>
    internal static void Caret(PartialVersion v, List<Comparator> into)
    {
        if (v.Major is not { } major) return;
        into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.IsFull ? v.Full() : v.Padded()));
        if (major != 0 || v.Minor is null) into.Add(Lt(major + 1, 0, 0));
        else if (v.Minor != 0 || v.Patch is null) into.Add(Lt(0, v.Minor.Value + 1, 0));
        else into.Add(Lt(0, 0, v.Patch.Value + 1));
    }

    /// <summary>Tilde: patch-level changes when a minor is given, minor-level otherwise (shared with Cargo).</summary>
    internal static void Tilde(PartialVersion v, List<Comparator> into)
    {
        if (v.Major is not { } major) return;
        into.Add(new Comparator(ComparatorOp.GreaterOrEqual, v.IsFull ? v.Full() : v.Padded()));
        into.Add(v.Minor is null ? Lt(major + 1, 0, 0) : Lt(major, v.Minor.Value + 1, 0));
    }

    internal static Comparator Ge(long major, long minor, long patch)
        => new(ComparatorOp.GreaterOrEqual, PartialVersion.Make(major, minor, patch, null));

    internal static Comparator Lt(long major, long minor, long patch)
        => new(ComparatorOp.Less, PartialVersion.Make(major, minor, patch, null));

    /// <summary>A comparator no version satisfies (node-semver's <c>&lt;0.0.0-0</c> for <c>&gt;*</c> and <c>&lt;*</c>).</summary>
    private static Comparator Nothing() => new(ComparatorOp.Less, PartialVersion.Make(0, 0, 0, ["0"]));
}

/// <summary>A SemVer version whose minor and patch may be missing or wildcards, as ranges write them.</summary>
internal readonly record struct PartialVersion(long? Major, long? Minor, long? Patch, string[]? Prerelease)
{
    public bool IsFull => Patch is not null;

    public SemVerVersion Full() => Make(Major!.Value, Minor!.Value, Patch!.Value, Prerelease);

    public SemVerVersion Padded() => Make(Major ?? 0, Minor ?? 0, Patch ?? 0, IsFull ? Prerelease : null);

    public static SemVerVersion Make(long major, long minor, long patch, string[]? prerelease)
    {
        var text = prerelease is { Length: > 0 } ? $"{major}.{minor}.{patch}-{string.Join('.', prerelease)}" : $"{major}.{minor}.{patch}";
        return new SemVerVersion(VersionScheme.SemVer, text, major, minor, patch, prerelease);
    }

    /// <summary>Reads <c>1</c>, <c>1.2</c>, <c>1.2.3-pre+build</c>, <c>v1.x</c>, <c>1.2.*</c>; a missing or wildcard part is null.</summary>
    public static string? TryParse(string text, bool allowWildcards, out PartialVersion version)
    {
        version = default;
        var s = text.Trim();
        var i = 0;
        if (s.Length > 0 && s[0] is 'v' or 'V') i++;
        if (s.Length > i && s[i] == '=') i++;
        var numbers = new long?[3];
        var count = 0;
        var sawWildcard = false;
        while (count < 3)
        {
            if (i >= s.Length) break;
            if (s[i] is 'x' or 'X' or '*')
            {
                if (!allowWildcards) return $"'{text}': wildcards are not allowed here";
                sawWildcard = true;
                i++;
            }
            else if (Digits.TryReadNumber(s, ref i, out var n))
            {
                if (sawWildcard) return $"'{text}' has a number after a wildcard";
                numbers[count] = n;
            }
            else return $"'{text}' is not a version";
            count++;
            if (i < s.Length && s[i] == '.' && count < 3) i++;
            else break;
        }
        if (count == 0) return $"'{text}' is not a version";
        string[]? prerelease = null;
        if (i < s.Length && s[i] == '-')
        {
            if (numbers[2] is null) return $"'{text}': a pre-release needs MAJOR.MINOR.PATCH";
            var end = s.IndexOf('+', i);
            if (end < 0) end = s.Length;
            var pre = s[(i + 1)..end];
            if (pre.Length == 0 || pre.Split('.').Any(id => id.Length == 0 || !id.All(Digits.IsIdentifierChar)))
                return $"'{text}' has a malformed pre-release";
            prerelease = pre.Split('.');
            i = end;
        }
        if (i < s.Length && s[i] == '+')
        {
            var build = s[(i + 1)..];
            if (build.Length == 0 || build.Split('.').Any(id => id.Length == 0 || !id.All(Digits.IsIdentifierChar)))
                return $"'{text}' has malformed build metadata";
            i = s.Length;
        }
        if (i < s.Length) return $"'{text}' has unexpected '{s[i..]}'";
        version = new PartialVersion(numbers[0], numbers[1], numbers[2], prerelease);
        return null;
    }
}
