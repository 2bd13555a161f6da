using System.Text.RegularExpressions;

namespace TechHealth.Core.Purls;

/// <summary>
/// A radar entry's package pattern: a purl without version whose namespace and name may hold <c>*</c>
/// (<c>pkg:npm/@angular/*</c>, <c>pkg:maven/org.springframework.boot/spring-boot*</c>).
/// </summary>
public sealed class PurlPattern
{
    private readonly Regex _regex;

    private PurlPattern(string text, PackageUrl shape)
    {
        Text = text;
        Type = shape.Type;
        var pattern = "^" + Regex.Escape(shape.Key).Replace("\\*", ".*") + "$";
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The purl type, which fixes the version scheme of matched packages.</summary>
    public string Type { get; }

    public bool Matches(PackageUrl purl) => string.Equals(purl.Type, Type, StringComparison.OrdinalIgnoreCase) && _regex.IsMatch(purl.Key);

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
