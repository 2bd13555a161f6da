using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Sources;

/// <summary>
/// Checks one configured source before anything runs, so a mistake is a clear message naming the key rather than a
/// git error halfway through a scan. Configuration is untrusted: a URL that could make git run a program
/// (<c>ext::</c>), read as an option (a leading <c>-</c>) or step out of a folder (<c>..</c>) is refused here.
/// </summary>
public static partial class SourceValidation
{
    /// <summary>Source and folder names: letters, digits, <c>.</c>, <c>-</c>, <c>_</c>; never <c>.</c> or <c>..</c>. Such a name is always one folder below its parent.</summary>
    public static bool IsSafeName(string? name) => name is { Length: > 0 and <= 100 } && SafeName().IsMatch(name) && name is not "." and not "..";

    /// <summary>Every problem with <paramref name="s"/>, each starting with <paramref name="where"/>.</summary>
    public static IReadOnlyList<string> Check(SourceOptions s, string where)
    {
        var errors = new List<string>();
        switch (s.Kind)
        {
            case SourceKind.Directory:
                if (string.IsNullOrWhiteSpace(s.Path)) errors.Add($"{where}:Path is required for a directory source");
                break;
            case SourceKind.Git:
                if (string.IsNullOrWhiteSpace(s.Url)) errors.Add($"{where}:Url is required for a git source");
                else if (GitUrlProblem(s.Url) is { } problem) errors.Add($"{where}:Url {problem}");
                if (s.Branch is { Length: > 0 } branch && !SafeBranch().IsMatch(branch)) errors.Add($"{where}:Branch '{branch}' is not a plain branch name");
                break;
            case SourceKind.GitHub:
                if (string.IsNullOrWhiteSpace(s.Organization) == string.IsNullOrWhiteSpace(s.User))
                    errors.Add($"{where}: a GitHub source needs exactly one of Organization and User");
                else if (!SafeOwner().IsMatch(s.Organization ?? s.User!)) errors.Add($"{where}: '{s.Organization ?? s.User}' is not a GitHub account name");
                if (s.ApiUrl is not null) AddApiUrlProblem(s.ApiUrl, where, errors);
                if (s.AppId is { Length: > 0 })
                {
                    if (string.IsNullOrWhiteSpace(s.PrivateKeyPath) == string.IsNullOrWhiteSpace(s.PrivateKeyEnvVar))
                        errors.Add($"{where}: a GitHub App needs exactly one of PrivateKeyPath and PrivateKeyEnvVar");
                }
                else if (s.PrivateKeyPath is not null || s.PrivateKeyEnvVar is not null || s.InstallationId is not null)
                    errors.Add($"{where}: PrivateKeyPath, PrivateKeyEnvVar and InstallationId need AppId");
                AddListProblems(s, where, errors);
                break;
            case SourceKind.GitLab:
                if (string.IsNullOrWhiteSpace(s.Group)) errors.Add($"{where}:Group is required for a GitLab source (its full path, e.g. platform/payments)");
                else if (!SafeGroupPath().IsMatch(s.Group) || s.Group.Split('/').Any(p => p is "." or "..")) errors.Add($"{where}:Group '{s.Group}' is not a GitLab group path");
                if (s.ApiUrl is not null) AddApiUrlProblem(s.ApiUrl, where, errors);
                AddListProblems(s, where, errors);
                break;
            case SourceKind.Backstage:
                if (string.IsNullOrWhiteSpace(s.ApiUrl)) errors.Add($"{where}:ApiUrl is required for a Backstage source (the backend's URL, e.g. https://backstage.example.com)");
                else AddApiUrlProblem(s.ApiUrl, where, errors);
                break;
            default:
                errors.Add($"{where}:Kind '{s.Kind}' is not one of {string.Join(", ", Enum.GetNames<SourceKind>())}");
                break;
        }
        return errors;
    }

    /// <summary>Why git must not be given this URL, or null when it may: only https, http, ssh, git and file URLs and scp-like <c>user@host:path</c>.</summary>
    public static string? GitUrlProblem(string url)
    {
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "must not contain spaces or control characters";
        if (url.StartsWith('-')) return $"'{Shown(url)}' must not start with '-'";
        if (url.Contains("::", StringComparison.Ordinal)) return $"'{Shown(url)}' uses a git remote helper ('::'), which is refused";
        var path = url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && url.Contains("://", StringComparison.Ordinal))
        {
            if (uri.Scheme is not ("https" or "http" or "ssh" or "git" or "file")) return $"'{Shown(url)}' has scheme '{uri.Scheme}'; use https, http, ssh, git or file";
            path = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        }
        else if (!ScpLike().IsMatch(url)) return $"'{Shown(url)}' is not a git URL (https://host/org/repo.git, ssh://..., git@host:org/repo.git)";
        // Checked on the text as written: Uri would already have folded the dot segments away.
        if (path.Split('/', '\\', ':').Any(segment => segment is "." or "..")) return $"'{Shown(url)}' has a '.' or '..' segment";
        return null;
    }

    private static void AddApiUrlProblem(string apiUrl, string where, List<string> errors)
    {
        if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            errors.Add($"{where}:ApiUrl '{Shown(apiUrl)}' must be an http(s) URL without query or credentials");
        else if (apiUrl.Split('/').Any(segment => segment is "." or ".."))
            errors.Add($"{where}:ApiUrl '{Shown(apiUrl)}' has a '.' or '..' segment");
    }

    private static void AddListProblems(SourceOptions s, string where, List<string> errors)
    {
        foreach (var v in s.Visibility)
            if (v is not ("public" or "private" or "internal")) errors.Add($"{where}:Visibility '{v}' is not public, private or internal");
        foreach (var p in s.NamePatterns.Concat(s.ExcludeNamePatterns))
            if (string.IsNullOrWhiteSpace(p) || p.Length > 200) errors.Add($"{where}: name pattern '{p}' must be 1 to 200 characters");
    }

    // Configuration can hold credentials in a URL: show a URL only with them redacted.
    private static string Shown(string url) => GitCommand.Redact(url.Length > 200 ? url[..200] + "..." : url, null);

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]{0,250}$")]
    private static partial Regex SafeBranch();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
    private static partial Regex SafeOwner();

    [GeneratedRegex(@"^[A-Za-z0-9_.][A-Za-z0-9_./-]{0,250}$")]
    private static partial Regex SafeGroupPath();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^:]+$")]
    private static partial Regex ScpLike();
}

/// <summary>A scan asked for a source that is not configured; the message lists the ones that are.</summary>
public sealed class UnknownSourceException(string name, IReadOnlyList<string> known)
    : ArgumentException(known.Count == 0
        ? $"no source named '{name}' is configured, and none is (TechHealth:Scanning:Sources is empty)"
        : $"no source named '{name}' is configured; the sources are: {string.Join(", ", known)}")
{
    public string Requested { get; } = name;
    public IReadOnlyList<string> Known { get; } = known;
}

/// <summary>The scanning configuration has mistakes; <see cref="Errors"/> names each key and what is wrong with it.</summary>
public sealed class ScanConfigurationException(IReadOnlyList<string> errors)
    : ArgumentException("invalid scanning configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
