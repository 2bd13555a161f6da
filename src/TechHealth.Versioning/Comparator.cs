namespace TechHealth.Versioning;

internal enum ComparatorOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    /// <summary>Release numbers start with the bound's first <see cref="Comparator.PrefixLength"/> numbers (<c>1.2.*</c>).</summary>
    PrefixEqual,
    PrefixNotEqual,
    /// <summary>PEP 440 <c>===</c>: the version text equals the bound text, case-insensitively.</summary>
    TextEqual,
}

/// <summary>One test a version must pass inside a range alternative. Immutable.</summary>
internal sealed class Comparator
{
    public Comparator(ComparatorOp op, ParsedVersion? bound, int prefixLength = 0, string? text = null, bool pep440Rules = false)
    {
        Op = op;
        Bound = bound;
        PrefixLength = prefixLength;
        Text = text;
        Pep440Rules = pep440Rules;
    }

    public ComparatorOp Op { get; }
    public ParsedVersion? Bound { get; }
    public int PrefixLength { get; }
    public string? Text { get; }

    /// <summary>
    /// Applies PEP 440's specifier rules on top of plain order: <c>&lt;V</c> excludes pre-releases of V,
    /// <c>&gt;V</c> excludes post-releases and local versions of V, <c>&lt;=</c>/<c>&gt;=</c> ignore the candidate's local label.
    /// </summary>
    public bool Pep440Rules { get; }

    public bool IsSatisfiedBy(ParsedVersion version) => Op switch
    {
        ComparatorOp.Equal => version.MatchesExactly(Bound!),
        ComparatorOp.NotEqual => !version.MatchesExactly(Bound!),
        ComparatorOp.Less => version.CompareTo(Bound!) < 0 && !(Pep440Rules && Pep440Version.ExcludedByLess(version, Bound!)),
        ComparatorOp.LessOrEqual => (Pep440Rules ? Pep440Version.ComparePublic(version, Bound!) : version.CompareTo(Bound!)) <= 0,
        ComparatorOp.Greater => version.CompareTo(Bound!) > 0 && !(Pep440Rules && Pep440Version.ExcludedByGreater(version, Bound!)),
        ComparatorOp.GreaterOrEqual => (Pep440Rules ? Pep440Version.ComparePublic(version, Bound!) : version.CompareTo(Bound!)) >= 0,
        ComparatorOp.PrefixEqual => version.HasReleasePrefix(Bound!, PrefixLength),
        ComparatorOp.PrefixNotEqual => !version.HasReleasePrefix(Bound!, PrefixLength),
        ComparatorOp.TextEqual => string.Equals(version.Text, Text, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The text of the first version past a prefix: 1.2.* ends before 1.3.</summary>
    public string PrefixUpperText()
    {
        var parts = new long[PrefixLength];
        for (var i = 0; i < PrefixLength; i++) parts[i] = Bound!.ReleaseAt(i);
        parts[^1]++;
        return string.Join('.', parts);
    }

    public override string ToString() => Op switch
    {
        ComparatorOp.Equal => $"={Bound}",
        ComparatorOp.NotEqual => $"!={Bound}",
        ComparatorOp.Less => $"<{Bound}",
        ComparatorOp.LessOrEqual => $"<={Bound}",
        ComparatorOp.Greater => $">{Bound}",
        ComparatorOp.GreaterOrEqual => $">={Bound}",
        ComparatorOp.PrefixEqual => $"={PrefixText()}.*",
        ComparatorOp.PrefixNotEqual => $"!={PrefixText()}.*",
        _ => $"==={Text}",
    };

    private string PrefixText()
    {
        var parts = new long[PrefixLength];
        for (var i = 0; i < PrefixLength; i++) parts[i] = Bound!.ReleaseAt(i);
        return string.Join('.', parts);
    }
}
