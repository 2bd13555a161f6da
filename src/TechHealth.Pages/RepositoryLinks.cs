using TechHealth.Core.Facts;

namespace TechHealth.Pages;

/// <summary>
/// Where a component's files can be read in a browser, when its catalog entry says: <c>github.com/project-slug</c>
/// (owner/name on GitHub) or a <c>backstage.io/source-location</c> of the form <c>url:https://...</c>. Only http(s)
/// addresses are ever linked; anything else gives no link rather than a guess.
/// </summary>
public static class RepositoryLinks
{
    public static string? RepositoryUrl(ComponentFacts component)
    {
        if (component.Annotations.TryGetValue("github.com/project-slug", out var slug) && IsSlug(slug))
            return $"https://github.com/{slug.Trim().Trim('/')}";
        if (component.Annotations.TryGetValue("backstage.io/source-location", out var location))
        {
            var url = location.StartsWith("url:", StringComparison.OrdinalIgnoreCase) ? location[4..].Trim() : location.Trim();
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") return url.TrimEnd('/');
        }
        return null;
    }

    /// <summary>A file (repository-relative) at a line, on the repository's default branch.</summary>
    public static string? FileUrl(ComponentFacts component, string? file, int line)
    {
        if (string.IsNullOrEmpty(file) || RepositoryUrl(component) is not { } repo) return null;
        var path = string.Join('/', file.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "..").Select(Uri.EscapeDataString));
        // A source-location pointing into a tree (GitHub /tree/branch/path, GitLab /-/tree/) is the folder, not the repository.
        var baseUrl = repo.Contains("/tree/", StringComparison.Ordinal) ? repo.Replace("/tree/", "/blob/", StringComparison.Ordinal) : $"{repo}/blob/HEAD";
        return $"{baseUrl}/{path}{(line > 0 ? $"#L{line}" : "")}";
    }

    private static bool IsSlug(string slug)
    {
        var parts = slug.Trim().Trim('/').Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.'));
    }
}
