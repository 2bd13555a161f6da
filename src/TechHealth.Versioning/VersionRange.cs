namespace TechHealth.Versioning;

/// <summary>
/// A set of versions of one scheme, parsed from either the radar's comparator syntax or the syntax
/// the ecosystem's manifests use. Immutable and safe to share between threads. Owns membership and bounds;
/// it must not decide rings or levels (that is the rule engine's job).
/// </summary>
public sealed class VersionRange
{
    private readonly Comparator[][] alternatives;
    private readonly bool prereleaseNeedsSameTuple;

    private VersionRange(string text, VersionScheme scheme, Comparator[][] alternatives, bool prereleaseNeedsSameTuple)
    {
        Text = text;
        Scheme = scheme;
        this.alternatives = alternatives;
        this.prereleaseNeedsSameTuple = prereleaseNeedsSameTuple;
        LowestVersion = ComputeLower(alternatives);
        (UpperBound, UpperBoundInclusive) = ComputeUpper(alternatives);
    }

    /// <summary>The range as written.</summary>
    public string Text { get; }
    public VersionScheme Scheme { get; }

    /// <summary>The lowest version the range allows, when it has an inclusive lower bound; null otherwise.</summary>
    public string? LowestVersion { get; }

    /// <summary>The highest bound of the range (see <see cref="UpperBoundInclusive"/>); null when unbounded above.</summary>
    public string? UpperBound { get; }

    /// <summary>True when <see cref="UpperBound"/> itself is in the range (<c>&lt;=</c>, <c>]</c>, exact versions).</summary>
    public bool UpperBoundInclusive { get; }

    /// <summary>
    /// True when <paramref name="version"/> lies in the range, by the scheme's own order. A malformed version
    /// is in no range. npm and Cargo ranges let a pre-release in only when a comparator of the same
    /// alternative names a pre-release of the same major.minor.patch.
    /// </summary>
    public bool Contains(string version)
    {
        var parsed = VersionCache.Get(Scheme, version ?? "");
        return parsed.Success ? Contains(parsed.Value!) : ContainsUnparsed(version);
    }

    /// <summary>PEP 440's <c>===</c> exists precisely for versions that do not parse; nothing else can hold them.</summary>
    private bool ContainsUnparsed(string? version)
    {
        var text = version?.Trim();
        foreach (var alternative in alternatives)
        {
            if (alternative.Length == 0) continue;
            var all = true;
            foreach (var c in alternative)
                all &= c.Op == ComparatorOp.TextEqual && string.Equals(c.Text, text, StringComparison.OrdinalIgnoreCase);
            if (all) return true;
        }
        return false;
    }

    /// <summary>Like <see cref="Contains(string)"/> for a version parsed once up front; the fastest path for hot loops.</summary>
    public bool Contains(ParsedVersion version)
    {
        if (version.Scheme != Scheme) return false;
        foreach (var alternative in alternatives)
        {
            if (Satisfies(alternative, version)) return true;
        }
        return false;
    }

    private bool Satisfies(Comparator[] alternative, ParsedVersion version)
    {
        foreach (var comparator in alternative)
        {
            if (!comparator.IsSatisfiedBy(version)) return false;
        }
        if (!prereleaseNeedsSameTuple || !version.IsPrerelease) return true;
        if (alternative.Length == 0) return false;
        foreach (var comparator in alternative)
        {
            if (comparator.Bound is { IsPrerelease: true } bound && bound.SameReleaseTuple(version)) return true;
        }
        return false;
    }

    /// <summary>The range in normalised comparator form, e.g. <c>&gt;=1.2.3 &lt;2.0.0-0</c>.</summary>
    public string Describe()
        => string.Join(" || ", alternatives.Select(a => a.Length == 0 ? "*" : string.Join(' ', a.Select(c => c.ToString()))));

    public override string ToString() => Text;

    /// <summary>
    /// The radar's syntax: space-separated comparators (<c>&gt;=2.17.1 &lt;3</c>) joined by <c>||</c>; a bare version
    /// is an exact match; <c>1.x</c> / <c>1.*</c> match a release prefix. Read with pure scheme order for every
    /// scheme (no npm pre-release filtering): <c>&lt;2.0.0</c> holds 2.0.0-beta, which is what a radar hold means.
    /// </summary>
    public static ParseResult<VersionRange> ParseComparators(string text, VersionScheme scheme)
    {
        var result = ComparatorSyntax.Parse(text ?? "", scheme);
        return result.Error is not null
            ? ParseResult<VersionRange>.Fail(result.Error)
            : ParseResult<VersionRange>.Ok(new VersionRange(text!, scheme, result.Alternatives!, prereleaseNeedsSameTuple: false));
    }

    /// <summary>The manifests' syntax for the scheme: npm ranges, Cargo requirements, Maven and NuGet intervals, PEP 440 specifiers, Go exact versions.</summary>
    public static ParseResult<VersionRange> ParseNative(string text, VersionScheme scheme)
        => ParseNative(text, scheme, cargo: false);

    /// <summary>
    /// Like <see cref="ParseNative(string, VersionScheme)"/> but picks the dialect from a purl type, which matters
    /// where one scheme has two manifest syntaxes: <c>cargo</c> reads a bare <c>1.2</c> as <c>^1.2</c>, <c>npm</c> as <c>1.2.x</c>.
    /// </summary>
    public static ParseResult<VersionRange> ParseNative(string text, string purlType)
    {
        var scheme = Versions.SchemeForPurlType(purlType ?? "");
        return ParseNative(text, scheme, cargo: string.Equals(purlType, "cargo", StringComparison.OrdinalIgnoreCase));
    }

    private static ParseResult<VersionRange> ParseNative(string text, VersionScheme scheme, bool cargo)
    {
        text ??= "";
        var (alternatives, error, npmPrerelease) = NativeSyntax.Parse(text, scheme, cargo);
        return error is not null
            ? ParseResult<VersionRange>.Fail(error)
            : ParseResult<VersionRange>.Ok(new VersionRange(text, scheme, alternatives!, npmPrerelease));
    }

    private static string? ComputeLower(Comparator[][] alternatives)
    {
        ParsedVersion? lowest = null;
        string? lowestText = null;
        foreach (var alternative in alternatives)
        {
            ParsedVersion? best = null;
            string? bestText = null;
            var bestInclusive = false;
            foreach (var c in alternative)
            {
                bool inclusive;
                switch (c.Op)
                {
                    case ComparatorOp.GreaterOrEqual or ComparatorOp.Equal or ComparatorOp.PrefixEqual: inclusive = true; break;
                    case ComparatorOp.Greater: inclusive = false; break;
                    default: continue;
                }
                var cmp = best is null ? 1 : c.Bound!.CompareTo(best);
                if (cmp > 0 || (cmp == 0 && !inclusive))
                {
                    best = c.Bound;
                    bestText = c.Bound!.Text;
                    bestInclusive = inclusive;
                }
            }
            if (best is null || !bestInclusive) return null;
            if (lowest is null || best.CompareTo(lowest) < 0)
            {
                lowest = best;
                lowestText = bestText;
            }
        }
        return lowestText;
    }

    private static (string?, bool) ComputeUpper(Comparator[][] alternatives)
    {
        string? highestText = null;
        ParsedVersion? highest = null;
        var highestInclusive = false;
        foreach (var alternative in alternatives)
        {
            string? bestText = null;
            ParsedVersion? best = null;
            var bestInclusive = false;
            foreach (var c in alternative)
            {
                bool inclusive;
                string text;
                ParsedVersion? bound = c.Bound;
                switch (c.Op)
                {
                    case ComparatorOp.LessOrEqual or ComparatorOp.Equal: inclusive = true; text = c.Bound!.Text; break;
                    case ComparatorOp.Less: inclusive = false; text = c.Bound!.Text; break;
                    case ComparatorOp.PrefixEqual:
                        inclusive = false;
                        text = c.PrefixUpperText();
                        bound = Versions.Parse(c.Bound!.Scheme, text).Value ?? VersionParser.ParseBound(c.Bound!.Scheme, text).Value;
                        if (bound is null) continue;
                        break;
                    default: continue;
                }
                var cmp = best is null ? -1 : bound!.CompareTo(best);
                if (cmp < 0 || (cmp == 0 && !inclusive))
                {
                    best = bound;
                    bestText = text;
                    bestInclusive = inclusive;
                }
            }
            if (best is null) return (null, false);
            var vsHighest = highest is null ? 1 : best.CompareTo(highest);
            if (vsHighest > 0 || (vsHighest == 0 && bestInclusive))
            {
                highest = best;
                highestText = bestText;
                highestInclusive = bestInclusive;
            }
        }
        return (highestText, highestInclusive);
    }
}
