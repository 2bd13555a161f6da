using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning;

/// <summary>
/// Where repositories come from and the limits every repository is read within. Bound from the
/// <c>Scanning</c> section of configuration. Owns settings only; it must not hold secrets itself:
/// credentials are named by environment variable (or given by the host at run time) and never logged.
/// </summary>
public sealed class ScanningOptions
{
    public const string SectionName = "Scanning";

    /// <summary>The sources to scan. Several at once are normal. Empty means nothing is configured.</summary>
    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>Files larger than this are listed but not read, with a warning. Default 5 MiB.</summary>
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Folders deeper than this below a repository root are not entered, with a warning. Default 32.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>A repository stops being enumerated after this many files, with a warning. Default 50,000.</summary>
    public int MaxFilesPerRepository { get; set; } = 50_000;

    /// <summary>A repository taking longer than this is abandoned and its component marked with an error. Default 2 minutes.</summary>
    public TimeSpan PerRepositoryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one git clone or fetch may take before it is killed. Default 5 minutes.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where git sources are cloned. Default: <c>techhealth-git-cache</c> under the system temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Catalog file names looked for anywhere in a repository, besides <c>catalog-info.yaml</c> and <c>catalog-info.yml</c>.</summary>
    public List<string> ExtraCatalogFileNames { get; set; } = [];

    /// <summary>Folder names never entered (build output, dependencies, tool state). The defaults cover the ecosystems harvested.</summary>
    public List<string> ExcludedDirectories { get; set; } =
    [
        ".git", ".hg", ".svn", "node_modules", "bin", "obj", "target", "vendor", ".venv", "venv", "__pycache__",
        ".gradle", ".idea", ".vs", ".vscode", ".tox", ".mypy_cache", ".pytest_cache", ".next", ".nuxt", ".terraform",
        "bower_components", ".yarn", ".pnpm-store", ".cache",
    ];

    /// <summary>YAML documents expanding to more nodes than this (counting aliases as copies) are refused. Default 100,000.</summary>
    public int MaxYamlNodes { get; set; } = 100_000;

    /// <summary>
    /// Globs (component-relative, as in checks) of files whose text the scan keeps as facts <c>file:&lt;path&gt;</c>, besides
    /// those the loaded checks' <c>file: { glob, contains }</c> conditions name, which the host passes with each scan. Default none.
    /// </summary>
    public List<string> ContentGlobs { get; set; } = [];

    /// <summary>Text kept per file: a longer file is cut at the last line end before this many bytes, with a warning. Default 256 KiB.</summary>
    public int MaxContentFileBytes { get; set; } = 256 * 1024;

    /// <summary>Files whose text is kept per component; further matches are skipped with a warning. Default 50.</summary>
    public int MaxContentFilesPerComponent { get; set; } = 50;

    /// <summary>Bytes of text kept per component; a file that would go past it is skipped with a warning. Default 1 MiB.</summary>
    public long MaxContentBytesPerComponent { get; set; } = 1024 * 1024;

    /// <summary>
    /// The memory budget of one repository's scan: bytes allocated on its scanning thread (see <see cref="RepositoryMemoryBudget"/>).
    /// Past it the repository fails with an issue and the run goes on. Default 2 GiB.
    /// </summary>
    public long MaxScanBytesPerRepository { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Repositories scanned at once. Default: the number of processor cores.</summary>
    public int? MaxParallelism { get; set; }

    /// <summary>Remote repositories asked for their head, cloned or fetched at once. Default 4.</summary>
    public int MaxParallelClones { get; set; } = 4;

    /// <summary>A repository larger than this (as its host reports it, else as cloned) is not scanned and is recorded as failed. Default 2,048 MiB.</summary>
    public long MaxRepositoryMegabytes { get; set; } = 2048;

    /// <summary>How long one request to a host's API (GitHub, GitLab, Backstage) may take. Default 1 minute.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a rate-limited API is waited for (its <c>Retry-After</c> or reset time); a longer wait fails the source. Default 15 minutes.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    internal string ResolvedCacheDirectory => CacheDirectory ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "techhealth-git-cache");

    /// <summary>Checks the settings; returns one message per problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxFileBytes <= 0) errors.Add("Scanning:MaxFileBytes must be positive");
        if (MaxDepth <= 0) errors.Add("Scanning:MaxDepth must be positive");
        if (MaxFilesPerRepository <= 0) errors.Add("Scanning:MaxFilesPerRepository must be positive");
        if (PerRepositoryTimeout <= TimeSpan.Zero) errors.Add("Scanning:PerRepositoryTimeout must be positive");
        if (MaxScanBytesPerRepository <= 0) errors.Add("Scanning:MaxScanBytesPerRepository must be positive");
        if (MaxYamlNodes <= 0) errors.Add("Scanning:MaxYamlNodes must be positive");
        if (MaxContentFileBytes <= 0) errors.Add("Scanning:MaxContentFileBytes must be positive");
        if (MaxContentFilesPerComponent <= 0) errors.Add("Scanning:MaxContentFilesPerComponent must be positive");
        if (MaxContentBytesPerComponent <= 0) errors.Add("Scanning:MaxContentBytesPerComponent must be positive");
        for (var i = 0; i < ContentGlobs.Count; i++)
        {
            try { TechHealth.Core.Definitions.Glob.Parse(ContentGlobs[i] ?? ""); }
            catch (FormatException e) { errors.Add($"Scanning:ContentGlobs:{i} is not a valid glob: {e.Message}"); }
        }
        // Parallel.ForEachAsync takes -1 as "no limit" and refuses 0 or below -1 only when the scan starts; refuse them here with the key.
        if (MaxParallelism is 0 or < -1) errors.Add($"Scanning:MaxParallelism must be positive (or -1 for no limit), not {MaxParallelism}");
        if (MaxParallelClones <= 0) errors.Add($"Scanning:MaxParallelClones must be positive, not {MaxParallelClones}");
        if (MaxRepositoryMegabytes <= 0) errors.Add($"Scanning:MaxRepositoryMegabytes must be positive, not {MaxRepositoryMegabytes}");
        if (ApiTimeout <= TimeSpan.Zero) errors.Add("Scanning:ApiTimeout must be positive");
        if (MaxRateLimitWait < TimeSpan.Zero) errors.Add("Scanning:MaxRateLimitWait must not be negative");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Sources.Count; i++)
        {
            var s = Sources[i];
            var where = $"Scanning:Sources:{i}";
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add($"{where}:Name is required");
            else if (!SourceValidation.IsSafeName(s.Name)) errors.Add($"{where}:Name '{s.Name}' may hold only letters, digits, '.', '-' and '_' (it names the source's cache folder), and not be '.' or '..'");
            else if (!names.Add(s.Name)) errors.Add($"{where}:Name '{s.Name}' is used by another source");
            errors.AddRange(SourceValidation.Check(s, where));
        }
        return errors;
    }
}

/// <summary>Where a source's repositories come from: a folder, one git remote, or a host's API that lists them (GitHub, GitLab), or the Backstage catalog as inventory and org chart.</summary>
public enum SourceKind { Directory, Git, GitHub, GitLab, Backstage }

/// <summary>One configured source of repositories.</summary>
public sealed class SourceOptions
{
    /// <summary>Unique name; prefixes repository keys (<c>name/repository</c>) and names the git cache folder.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>directory</c> (a local folder) or <c>git</c> (a remote cloned into the cache).</summary>
    public SourceKind Kind { get; set; } = SourceKind.Directory;

    /// <summary>Directory sources: a folder whose subfolders are repositories, or that is one repository (it has <c>.git</c> or a catalog file at its root).</summary>
    public string? Path { get; set; }

    /// <summary>Git sources: the remote URL (https://, ssh://, file://). Any user:password in it is redacted from messages.</summary>
    public string? Url { get; set; }

    /// <summary>Git sources: the branch to clone; default the remote's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Git sources: the name of an environment variable holding a token for HTTPS remotes.</summary>
    public string? CredentialEnvVar { get; set; }

    /// <summary>Git sources: the user name sent with the token (GitHub accepts any; Azure DevOps and Bitbucket want one). Default <c>x-access-token</c>.</summary>
    public string CredentialUser { get; set; } = "x-access-token";

    /// <summary>Git, GitHub, GitLab and Backstage sources: a token given directly (for hosts that inject secrets into configuration). Prefer <see cref="CredentialEnvVar"/>.</summary>
    public string? Token { get; set; }

    /// <summary>GitHub, GitLab and Backstage sources: the API's base URL. GitHub default <c>https://api.github.com</c> (Enterprise Server: <c>https://HOST/api/v3</c>); GitLab default <c>https://gitlab.com</c>; Backstage: the backend's URL (required).</summary>
    public string? ApiUrl { get; set; }

    /// <summary>GitHub sources: the organisation whose repositories are scanned (or <see cref="User"/>).</summary>
    public string? Organization { get; set; }

    /// <summary>GitHub sources: the user whose repositories are scanned, instead of an organisation.</summary>
    public string? User { get; set; }

    /// <summary>GitLab sources: the group (full path, e.g. <c>platform/payments</c>); its subgroups' projects are included.</summary>
    public string? Group { get; set; }

    /// <summary>GitHub and GitLab sources: only repositories carrying at least one of these topics. Empty: any.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>GitHub and GitLab sources: only repositories whose name matches one of these globs (<c>*</c>, <c>?</c>). Empty: any.</summary>
    public List<string> NamePatterns { get; set; } = [];

    /// <summary>GitHub and GitLab sources: repositories whose name matches one of these globs are left out.</summary>
    public List<string> ExcludeNamePatterns { get; set; } = [];

    /// <summary>GitHub and GitLab sources: include archived repositories. Default false.</summary>
    public bool IncludeArchived { get; set; }

    /// <summary>GitHub and GitLab sources: include forks. Default false.</summary>
    public bool IncludeForks { get; set; }

    /// <summary>GitHub and GitLab sources: only these visibilities (<c>public</c>, <c>private</c>, <c>internal</c>). Empty: all.</summary>
    public List<string> Visibility { get; set; } = [];

    /// <summary>GitHub sources: authenticate as this GitHub App (its numeric id or client id) instead of a token.</summary>
    public string? AppId { get; set; }

    /// <summary>GitHub App: the installation to act as; default the installation on <see cref="Organization"/> or <see cref="User"/>.</summary>
    public long? InstallationId { get; set; }

    /// <summary>GitHub App: a file holding the app's private key (PEM).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>GitHub App: the name of an environment variable holding the app's private key (PEM).</summary>
    public string? PrivateKeyEnvVar { get; set; }

    /// <summary>The token to use: <see cref="Token"/>, else the environment variable <see cref="CredentialEnvVar"/> names; null when neither is set.</summary>
    public string? ResolveToken()
        => !string.IsNullOrEmpty(Token) ? Token
            : !string.IsNullOrEmpty(CredentialEnvVar) && Environment.GetEnvironmentVariable(CredentialEnvVar) is { Length: > 0 } t ? t : null;
}
