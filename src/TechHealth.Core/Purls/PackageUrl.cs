using System.Text;

namespace TechHealth.Core.Purls;

/// <summary>
/// A package URL (https://github.com/package-url/purl-spec): <c>pkg:type/namespace/name@version?qualifiers#subpath</c>.
/// Owns parsing and the per-type normalisation the specification asks for; knows nothing of radar or checks.
/// </summary>
public sealed record PackageUrl(string Type, string? Namespace, string Name, string? Version = null)
{
    /// <summary>The purl without its version: what radar patterns match against.</summary>
    public string Key => Namespace is null ? $"pkg:{Type}/{Encode(Name)}" : $"pkg:{Type}/{EncodePath(Namespace)}/{Encode(Name)}";

    public override string ToString() => Version is null ? Key : $"{Key}@{Encode(Version)}";

    /// <summary>Builds a purl and applies the specification's normalisation for its type.</summary>
    public static PackageUrl Create(string type, string? @namespace, string name, string? version = null)
    {
        type = type.ToLowerInvariant();
        if (string.IsNullOrEmpty(@namespace)) @namespace = null;
        switch (type)
        {
            // The spec: these types are case-insensitive and lowercased.
            case "npm" or "github" or "bitbucket" or "golang" or "docker" or "runtime" or "cargo":
                if (type is "npm" or "github" or "bitbucket" or "runtime")
                {
                    @namespace = @namespace?.ToLowerInvariant();
                    name = name.ToLowerInvariant();
                }
                break;
            case "pypi":
                // PEP 503 normalisation: lowercase, runs of -_. become one dash.
                name = System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[-_.]+", "-");
                break;
            case "nuget":
                // NuGet ids are case-insensitive; lowercase keeps one key per package.
                name = name.ToLowerInvariant();
                break;
        }
        return new PackageUrl(type, @namespace, name, string.IsNullOrEmpty(version) ? null : version);
    }

    /// <summary>Parses <c>pkg:type/ns/name@version</c>; qualifiers and subpath are accepted and dropped.</summary>
    public static bool TryParse(string text, out PackageUrl? purl, out string? error)
    {
        purl = null; error = null;
        if (!text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase)) { error = $"'{text}' is not a package URL: it must start with 'pkg:'"; return false; }
        var rest = text[4..].TrimStart('/');
        var hash = rest.IndexOf('#'); if (hash >= 0) rest = rest[..hash];
        var q = rest.IndexOf('?'); if (q >= 0) rest = rest[..q];
        string? version = null;
        var at = rest.LastIndexOf('@');
        var slash = rest.LastIndexOf('/');
        if (at > slash) { version = Decode(rest[(at + 1)..]); rest = rest[..at]; }
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) { error = $"'{text}' has no name: expected pkg:type/name or pkg:type/namespace/name"; return false; }
        var type = parts[0];
        if (!System.Text.RegularExpressions.Regex.IsMatch(type, "^[A-Za-z][A-Za-z0-9.+-]*$")) { error = $"'{text}' has an invalid type '{type}'"; return false; }
        var name = Decode(parts[^1]);
        var ns = parts.Length > 2 ? string.Join('/', parts[1..^1].Select(Decode)) : null;
        purl = Create(type, ns, name, version);
        return true;
    }

    public static PackageUrl Parse(string text)
        => TryParse(text, out var p, out var e) ? p! : throw new FormatException(e);

    private static string Decode(string s) => Uri.UnescapeDataString(s);
    private static string EncodePath(string s) => string.Join('/', s.Split('/').Select(Encode));
    private static string Encode(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or '*') sb.Append(c);
            else foreach (var b in Encoding.UTF8.GetBytes(c.ToString())) sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
