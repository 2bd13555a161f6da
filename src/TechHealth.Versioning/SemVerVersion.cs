namespace TechHealth.Versioning;

/// <summary>
/// A SemVer 2 version (npm, Cargo) or a Go module version. Build metadata, including Go's
/// <c>+incompatible</c>, never affects order. Go pseudo-versions need no special case: their timestamp
/// and commit live in pre-release identifiers, which SemVer already orders correctly.
/// </summary>
internal sealed class SemVerVersion : ParsedVersion
{
    private static readonly string[] NoIdentifiers = [];
    private readonly long[] release;

    internal SemVerVersion(VersionScheme scheme, string text, long major, long minor, long patch, string[]? prerelease, string? build = null)
        : base(scheme, text)
    {
        release = [major, minor, patch];
        Prerelease = prerelease ?? NoIdentifiers;
        Build = build;
    }

    public long MajorNumber => release[0];
    public long Minor => release[1];
    public long Patch => release[2];
    public string[] Prerelease { get; }
    public string? Build { get; }
    public override bool IsPrerelease => Prerelease.Length > 0;
    internal override long[] Release => release;

    internal static ParseResult<ParsedVersion> Parse(VersionScheme scheme, string raw, bool allowPartial)
    {
        var error = TryParse(scheme, raw, allowPartial, out var version);
        return error is null ? ParseResult<ParsedVersion>.Ok(version!) : ParseResult<ParsedVersion>.Fail(error);
    }

    internal static string? TryParse(VersionScheme scheme, string raw, bool allowPartial, out SemVerVersion? version)
    {
        version = null;
        var name = scheme == VersionScheme.Go ? "Go module" : "SemVer";
        var s = raw.Trim();
        if (s.Length == 0) return $"empty {name} version";
        var i = 0;
        if (s[0] is 'v' or 'V') i++;
        else if (s[0] == '=' && scheme != VersionScheme.Go) i++;
        string Bad(string why) => $"'{raw}' is not a valid {name} version: {why}";

        if (!Digits.TryReadNumber(s, ref i, out var major)) return Bad("expected MAJOR.MINOR.PATCH");
        long minor = 0, patch = 0;
        var parts = 1;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits.TryReadNumber(s, ref i, out minor)) return Bad("the minor version is not a number");
            parts++;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                if (!Digits.TryReadNumber(s, ref i, out patch)) return Bad("the patch version is not a number");
                parts++;
            }
        }
        // Go accepts v1 and v1.2 as shorthand for v1.0.0 and v1.2.0; plain SemVer needs all three parts.
        var shorthandOk = allowPartial || scheme == VersionScheme.Go;
        if (parts < 3 && !(shorthandOk && i == s.Length))
            return Bad("expected MAJOR.MINOR.PATCH");

        string[]? prerelease = null;
        string? build = null;
        if (i < s.Length && s[i] == '-')
        {
            var end = s.IndexOf('+', i);
            if (end < 0) end = s.Length;
            var error = SplitIdentifiers(s, i + 1, end, "pre-release", out prerelease);
            if (error is not null) return Bad(error);
            i = end;
        }
        if (i < s.Length && s[i] == '+')
        {
            var error = SplitIdentifiers(s, i + 1, s.Length, "build metadata", out _);
            if (error is not null) return Bad(error);
            build = s[(i + 1)..];
            i = s.Length;
        }
        if (i < s.Length) return Bad($"unexpected '{s[i..]}'");
        version = new SemVerVersion(scheme, s, major, minor, patch, prerelease, build);
        return null;
    }

    private static string? SplitIdentifiers(string s, int start, int end, string what, out string[] identifiers)
    {
        identifiers = NoIdentifiers;
        if (start >= end) return $"empty {what}";
        var parts = s[start..end].Split('.');
        foreach (var part in parts)
        {
            if (part.Length == 0) return $"empty {what} identifier";
            foreach (var c in part)
                if (!Digits.IsIdentifierChar(c)) return $"'{c}' is not allowed in {what}";
        }
        identifiers = parts;
        return null;
    }

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var o = (SemVerVersion)other;
        var c = MajorNumber.CompareTo(o.MajorNumber);
        if (c != 0) return c;
        c = Minor.CompareTo(o.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(o.Patch);
        if (c != 0) return c;
        return ComparePrerelease(Prerelease, o.Prerelease);
    }

    internal static int ComparePrerelease(string[] a, string[] b)
    {
        // A version without pre-release identifiers is higher than any pre-release of it.
        if (a.Length == 0) return b.Length == 0 ? 0 : 1;
        if (b.Length == 0) return -1;
        var n = Math.Min(a.Length, b.Length);
        for (var k = 0; k < n; k++)
        {
            var aNum = Digits.AllDigits(a[k]);
            var bNum = Digits.AllDigits(b[k]);
            int c;
            if (aNum && bNum) c = Digits.CompareNumeric(a[k], b[k]);
            else if (aNum) c = -1;
            else if (bNum) c = 1;
            else c = string.CompareOrdinal(a[k], b[k]);
            if (c != 0) return c < 0 ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }

    internal string Format() => Prerelease.Length == 0
        ? $"{MajorNumber}.{Minor}.{Patch}"
        : $"{MajorNumber}.{Minor}.{Patch}-{string.Join('.', Prerelease)}";
}
