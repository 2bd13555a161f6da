namespace TechHealth.Core.Purls;

/// <summary>
/// A radar entry's package pattern: a purl without version whose namespace and name may hold <c>*</c>
/// (<c>pkg:npm/@angular/*</c>, <c>pkg:maven/org.springframework.boot/spring-boot*</c>).
/// </summary>
public sealed class PurlPattern
{
    private readonly string _key;

    private PurlPattern(string text, PackageUrl shape)
    {
        Text = text;
        Type = shape.Type;
        _key = shape.Key;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The purl type, which fixes the version scheme of matched packages.</summary>
    public string Type { get; }

    public bool Matches(PackageUrl purl) => string.Equals(purl.Type, Type, StringComparison.OrdinalIgnoreCase) && Wildcard(_key, purl.Key);

    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="pattern"/>, whose only wildcard is <c>*</c>, ignoring case:
    /// the greedy match that returns to the last <c>*</c> when it fails, so its time is at worst the product of the two
    /// lengths, whatever the pattern, and no time limit is needed (one ran out on busy machines and flipped verdicts).
    /// </summary>
    public static bool Wildcard(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; resume = t; }
            else if (p < pattern.Length && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])) { p++; t++; }
            else if (star >= 0) { p = star + 1; t = ++resume; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public static bool TryParse(string text, out PurlPattern? pattern, out string? error)
    {
        pattern = null;
        if (!PackageUrl.TryParse(text, out var purl, out error)) return false;
        if (purl!.Version is not null) { error = $"'{text}' names a version: a radar pattern matches every version, put version rules under 'versions'"; return false; }
        if (purl.Type.Contains('*')) { error = $"'{text}' has a wildcard in its type"; return false; }
        pattern = new PurlPattern(text, purl);
        return true;
    }

    public override string ToString() => Text;
}
