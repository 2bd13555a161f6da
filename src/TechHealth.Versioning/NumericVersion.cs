namespace TechHealth.Versioning;

/// <summary>
/// Dotted numbers with an optional suffix: runtimes and CI action refs (<see cref="VersionScheme.Generic"/>)
/// and container tags (<see cref="VersionScheme.ContainerTag"/>). For generic versions a suffix such as
/// <c>rc1</c> sorts before the plain release and <c>+build</c> is ignored; for container tags the variant
/// (<c>-jre</c>, <c>-slim</c>, <c>-alpine3.20</c>) is ignored for order altogether.
/// </summary>
internal sealed class NumericVersion : ParsedVersion
{
    private readonly long[] numbers;

    private NumericVersion(VersionScheme scheme, string text, long[] numbers, string suffix, string? variant)
        : base(scheme, text)
    {
        this.numbers = numbers;
        Suffix = suffix;
        Variant = variant;
    }

    /// <summary>For generic versions, the pre-release-like suffix that takes part in order ("" when none).</summary>
    public string Suffix { get; }

    /// <summary>For container tags, the variant after the numeric prefix (null when none).</summary>
    public string? Variant { get; }

    internal override long[] Release => numbers;

    public override bool IsPrerelease => Scheme == VersionScheme.Generic
        ? Suffix.Length > 0
        : Variant is not null && LooksLikePrerelease(Variant);

    private static bool LooksLikePrerelease(string variant)
    {
        var v = variant.ToLowerInvariant();
        foreach (var marker in (ReadOnlySpan<string>)["rc", "alpha", "beta", "preview", "pre", "ea", "dev", "snapshot"])
        {
            if (!v.StartsWith(marker, StringComparison.Ordinal)) continue;
            var rest = v.AsSpan(marker.Length);
            if (rest.IsEmpty || Digits.IsAsciiDigit(rest[0]) || rest[0] is '.' or '-' or '_') return true;
        }
        return false;
    }

    /// <summary>Splits a tag into its numeric prefix and its variant; (null, tag) when it has no numeric prefix.</summary>
    internal static (string? Version, string? Variant) Split(string tag)
    {
        var s = tag.Trim();
        var i = 0;
        if (s.Length > 0 && s[0] is 'v' or 'V') i++;
        if (i >= s.Length || !Digits.IsAsciiDigit(s[i])) return (null, s.Length == 0 ? null : s);
        while (i < s.Length)
        {
            while (i < s.Length && Digits.IsAsciiDigit(s[i])) i++;
            if (i + 1 < s.Length && s[i] == '.' && Digits.IsAsciiDigit(s[i + 1])) { i++; continue; }
            break;
        }
        var version = s[..i];
        if (i == s.Length) return (version, null);
        var rest = s[i..];
        // The separator between number and variant is not part of the variant: 21-jre -> jre, 3.13.0rc1 -> rc1.
        if (rest[0] is '-' or '_' or '.' or '+') rest = rest[1..];
        return (version, rest.Length == 0 ? null : rest);
    }

    internal static ParseResult<ParsedVersion> Parse(VersionScheme scheme, string raw)
    {
        var kind = scheme == VersionScheme.ContainerTag ? "container tag" : "version";
        var s = raw.Trim();
        if (s.Length == 0) return ParseResult<ParsedVersion>.Fail($"empty {kind}");
        var (version, rest) = Split(s);
        if (version is null)
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid {kind}: it does not start with a number");
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+'))
                return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid {kind}: '{c}' is not allowed");
        }
        var digits = version.AsSpan(version[0] is 'v' or 'V' ? 1 : 0);
        var numbers = new long[digits.Count('.') + 1];
        var k = 0;
        foreach (var range in digits.Split('.'))
        {
            if (!long.TryParse(digits[range], out numbers[k++]))
                return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid {kind}: '{digits[range]}' is too large");
        }
        if (scheme == VersionScheme.ContainerTag)
            return ParseResult<ParsedVersion>.Ok(new NumericVersion(scheme, s, numbers, "", rest));

        var separatorIndex = version.Length;
        var isBuild = rest is not null && s[separatorIndex] == '+';
        return ParseResult<ParsedVersion>.Ok(new NumericVersion(scheme, s, numbers, isBuild ? "" : rest ?? "", null));
    }

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var o = (NumericVersion)other;
        var n = Math.Max(numbers.Length, o.numbers.Length);
        for (var i = 0; i < n; i++)
        {
            var c = ReleaseAt(i).CompareTo(o.ReleaseAt(i));
            if (c != 0) return c;
        }
        if (Scheme == VersionScheme.ContainerTag) return 0;
        if (Suffix.Length == 0) return o.Suffix.Length == 0 ? 0 : 1;
        if (o.Suffix.Length == 0) return -1;
        return Math.Sign(Digits.CompareNatural(Suffix, o.Suffix));
    }
}
