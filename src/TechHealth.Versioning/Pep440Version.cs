using System.Text.RegularExpressions;

namespace TechHealth.Versioning;

/// <summary>
/// A Python package version per PEP 440: epoch, release, pre (a/b/rc and their spellings), post, dev and
/// local segments, normalised as the spec says (1.0 == 1.0.0, alpha1 == a1, -1 == .post1).
/// Order: 1.0.dev1 &lt; 1.0a1 &lt; 1.0rc1 &lt; 1.0 &lt; 1.0+local &lt; 1.0.post1.
/// </summary>
internal sealed partial class Pep440Version : ParsedVersion
{
    // The grammar of PEP 440's appendix, written out: the canonical pattern every installer accepts.
    [GeneratedRegex("""
        ^\s*v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?
        (?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?
        (?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        \s*$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    private readonly long[] release;

    private Pep440Version(string text, long epoch, long[] release, int preKind, long preNumber, long? post, long? dev, string[]? local)
        : base(VersionScheme.Pep440, text)
    {
        Epoch = epoch;
        this.release = release;
        PreKind = preKind;
        PreNumber = preNumber;
        Post = post;
        Dev = dev;
        Local = local;
    }

    public long Epoch { get; }

    /// <summary>0 none, 1 a, 2 b, 3 rc.</summary>
    public int PreKind { get; }
    public long PreNumber { get; }
    public long? Post { get; }
    public long? Dev { get; }
    public string[]? Local { get; }

    internal override long[] Release => release;
    public override bool IsPrerelease => PreKind != 0 || Dev is not null;
    public bool IsPostRelease => Post is not null;

    internal static ParseResult<ParsedVersion> Parse(string raw)
    {
        var m = Pattern().Match(raw);
        if (!m.Success)
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid PEP 440 version");
        string Bad(string why) => $"'{raw}' is not a valid PEP 440 version: {why}";

        long epoch = 0;
        if (m.Groups["epoch"].Success && !long.TryParse(m.Groups["epoch"].ValueSpan, out epoch)) return ParseResult<ParsedVersion>.Fail(Bad("the epoch is too large"));
        var releaseText = m.Groups["release"].ValueSpan;
        var release = new long[releaseText.Count('.') + 1];
        var k = 0;
        foreach (var range in releaseText.Split('.'))
        {
            if (!long.TryParse(releaseText[range], out release[k++])) return ParseResult<ParsedVersion>.Fail(Bad("a release number is too large"));
        }

        var preKind = 0;
        long preNumber = 0;
        if (m.Groups["pre"].Success)
        {
            preKind = m.Groups["pre_l"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 1,
                "b" or "beta" => 2,
                _ => 3, // rc, c, pre, preview
            };
            if (m.Groups["pre_n"].Success && !long.TryParse(m.Groups["pre_n"].ValueSpan, out preNumber)) return ParseResult<ParsedVersion>.Fail(Bad("the pre-release number is too large"));
        }

        long? post = null;
        if (m.Groups["post"].Success)
        {
            var group = m.Groups["post_n1"].Success ? m.Groups["post_n1"] : m.Groups["post_n2"];
            long number = 0;
            if (group.Success && !long.TryParse(group.ValueSpan, out number)) return ParseResult<ParsedVersion>.Fail(Bad("the post-release number is too large"));
            post = number;
        }

        long? dev = null;
        if (m.Groups["dev"].Success)
        {
            long number = 0;
            if (m.Groups["dev_n"].Success && !long.TryParse(m.Groups["dev_n"].ValueSpan, out number)) return ParseResult<ParsedVersion>.Fail(Bad("the dev-release number is too large"));
            dev = number;
        }

        string[]? local = m.Groups["local"].Success
            ? m.Groups["local"].Value.ToLowerInvariant().Split(['-', '_', '.'])
            : null;

        return ParseResult<ParsedVersion>.Ok(new Pep440Version(raw.Trim(), epoch, release, preKind, preNumber, post, dev, local));
    }

    private protected override int CompareSameScheme(ParsedVersion other) => Compare(this, (Pep440Version)other, ignoreLocal: false);

    private static int Compare(Pep440Version a, Pep440Version b, bool ignoreLocal)
    {
        var c = a.Epoch.CompareTo(b.Epoch);
        if (c != 0) return c;
        // Trailing zeros do not count: 1.0 == 1.0.0.
        var n = Math.Max(a.release.Length, b.release.Length);
        for (var i = 0; i < n; i++)
        {
            c = a.ReleaseAt(i).CompareTo(b.ReleaseAt(i));
            if (c != 0) return c;
        }
        c = PreKey(a).CompareTo(PreKey(b));
        if (c != 0) return c;
        // A missing post sorts before post0; a missing dev after any dev.
        c = (a.Post ?? -1).CompareTo(b.Post ?? -1);
        if (c != 0) return c;
        c = (a.Dev is null ? 1 : 0).CompareTo(b.Dev is null ? 1 : 0);
        if (c != 0) return c;
        c = (a.Dev ?? 0).CompareTo(b.Dev ?? 0);
        if (c != 0) return c;
        return ignoreLocal ? 0 : CompareLocal(a.Local, b.Local);
    }

    private static (int, long) PreKey(Pep440Version v)
    {
        // A dev release of a final version (1.0.dev1) comes before every pre-release of it.
        if (v.PreKind == 0 && v.Post is null && v.Dev is not null) return (-1, 0);
        if (v.PreKind == 0) return (int.MaxValue, 0);
        return (v.PreKind, v.PreNumber);
    }

    private static int CompareLocal(string[]? a, string[]? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var aNum = Digits.AllDigits(a[i]);
            var bNum = Digits.AllDigits(b[i]);
            int c;
            if (aNum && bNum) c = Digits.CompareNumeric(a[i], b[i]);
            else if (aNum) c = 1; // numeric local segments sort above alphanumeric ones
            else if (bNum) c = -1;
            else c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return Math.Sign(c);
        }
        return a.Length.CompareTo(b.Length);
    }

    internal override bool MatchesExactly(ParsedVersion bound)
    {
        var b = (Pep440Version)bound;
        // ==1.0 matches 1.0+ubuntu.1: a specifier without a local label ignores the candidate's.
        return Compare(this, b, ignoreLocal: b.Local is null) == 0;
    }

    internal override bool HasReleasePrefix(ParsedVersion prefix, int length)
        => Epoch == ((Pep440Version)prefix).Epoch && base.HasReleasePrefix(prefix, length);

    /// <summary>Order ignoring the candidate's local label, as PEP 440's <c>&lt;=</c> and <c>&gt;=</c> read it.</summary>
    public static int ComparePublic(ParsedVersion version, ParsedVersion bound)
        => version is Pep440Version v && bound is Pep440Version b ? Compare(v, b, ignoreLocal: v.Local is not null && b.Local is null) : version.CompareTo(bound);

    private bool SameBase(Pep440Version other)
    {
        if (Epoch != other.Epoch) return false;
        var n = Math.Max(release.Length, other.release.Length);
        for (var i = 0; i < n; i++)
            if (ReleaseAt(i) != other.ReleaseAt(i)) return false;
        return true;
    }

    /// <summary>PEP 440: <c>&lt;V</c> must not match a pre-release of V unless V is itself a pre-release.</summary>
    public static bool ExcludedByLess(ParsedVersion version, ParsedVersion bound)
        => version is Pep440Version v && bound is Pep440Version b && !b.IsPrerelease && v.IsPrerelease && v.SameBase(b);

    /// <summary>PEP 440: <c>&gt;V</c> must not match a post-release or local version of V unless V names one.</summary>
    public static bool ExcludedByGreater(ParsedVersion version, ParsedVersion bound)
    {
        if (version is not Pep440Version v || bound is not Pep440Version b || !v.SameBase(b)) return false;
        if (!b.IsPostRelease && v.IsPostRelease) return true;
        return v.Local is not null;
    }
}
