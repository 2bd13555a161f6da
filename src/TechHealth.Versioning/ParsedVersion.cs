namespace TechHealth.Versioning;

/// <summary>
/// One version already parsed by the rules of its scheme. Owns ordering within a scheme; it must not be
/// compared with a version of another scheme (that throws, because there is no meaningful answer).
/// Instances are immutable and are shared through a cache, so never mutate them.
/// </summary>
public abstract class ParsedVersion : IComparable<ParsedVersion>
{
    private protected ParsedVersion(VersionScheme scheme, string text)
    {
        Scheme = scheme;
        Text = text;
    }

    public VersionScheme Scheme { get; }

    /// <summary>The version as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>True for pre-releases (alpha, beta, rc, snapshot, dev, SemVer pre-release identifiers, Go pseudo-versions of an unreleased patch).</summary>
    public abstract bool IsPrerelease { get; }

    /// <summary>The leading numeric release components, used for wildcard prefixes such as <c>1.2.*</c>.</summary>
    internal abstract long[] Release { get; }

    /// <summary>The first release number, when there is one and it fits an int.</summary>
    public int? Major => Release.Length > 0 && Release[0] <= int.MaxValue ? (int)Release[0] : null;

    private protected abstract int CompareSameScheme(ParsedVersion other);

    public int CompareTo(ParsedVersion? other)
    {
        if (other is null) return 1;
        if (other.Scheme != Scheme)
            throw new ArgumentException($"Cannot compare {Scheme} version '{Text}' with {other.Scheme} version '{other.Text}'.", nameof(other));
        return CompareSameScheme(other);
    }

    /// <summary>True when the first <paramref name="length"/> release numbers equal those of <paramref name="prefix"/> (missing numbers count as 0).</summary>
    internal virtual bool HasReleasePrefix(ParsedVersion prefix, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (ReleaseAt(i) != prefix.ReleaseAt(i)) return false;
        }
        return true;
    }

    /// <summary>Exact equality as a range's <c>=</c> sees it; PEP 440 overrides it to ignore a local label the bound does not name.</summary>
    internal virtual bool MatchesExactly(ParsedVersion bound) => CompareSameScheme(bound) == 0;

    internal long ReleaseAt(int index) => index < Release.Length ? Release[index] : 0;

    /// <summary>Same major.minor.patch, the tuple npm and Cargo use to let a pre-release through a range.</summary>
    internal bool SameReleaseTuple(ParsedVersion other)
        => ReleaseAt(0) == other.ReleaseAt(0) && ReleaseAt(1) == other.ReleaseAt(1) && ReleaseAt(2) == other.ReleaseAt(2);

    public override string ToString() => Text;

    public static bool operator <(ParsedVersion left, ParsedVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ParsedVersion left, ParsedVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ParsedVersion left, ParsedVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ParsedVersion left, ParsedVersion right) => left.CompareTo(right) >= 0;
}
