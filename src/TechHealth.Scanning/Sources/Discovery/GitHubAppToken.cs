using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>
/// A GitHub App's installation token: a JWT signed with the App's private key (RS256, valid ten minutes at most, as GitHub
/// requires) is exchanged for an installation token, which is renewed five minutes before it expires, so a scan longer than
/// the token's hour keeps cloning. The private key comes from a file or an environment variable and is never logged.
/// </summary>
public sealed class GitHubAppToken : IDisposable
{
    private readonly SourceOptions source;
    private readonly Uri apiBase;
    private readonly RSA key;
    private readonly TimeProvider clock;
    private readonly RestApiClient api;

    /// <param name="githubHeaders">Adds the headers GitHub wants on every request (the App's calls carry the JWT besides).</param>
    public GitHubAppToken(SourceOptions source, Uri apiBase, ScanningOptions options, Action<HttpRequestMessage> githubHeaders, TimeProvider clock)
    {
        this.source = source;
        this.apiBase = apiBase;
        this.clock = clock;
        key = ReadPrivateKey(source);
        _installation = source.InstallationId;
        api = new RestApiClient(source.Name, options, clock)
        {
            Authorize = (request, _) =>
            {
                githubHeaders(request);
                request.Headers.Authorization = new("Bearer", Jwt());
                return Task.CompletedTask;
            },
        };
    }

    public Func<System.Net.HttpStatusCode, string, string> Explain { set => api.Explain = value; }

    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;
    private long? _installation;

    /// <summary>How many installation tokens were issued so far (renewals show as more than one).</summary>
    public int Issued { get; private set; }

    public static RSA ReadPrivateKey(SourceOptions source)
    {
        string pem;
        if (source.PrivateKeyPath is { Length: > 0 } path)
        {
            if (!File.Exists(path)) throw new SourceApiException($"source '{source.Name}': PrivateKeyPath '{path}' does not exist");
            if (new FileInfo(path).Length > 64 * 1024) throw new SourceApiException($"source '{source.Name}': PrivateKeyPath '{path}' is too large for a private key");
            pem = File.ReadAllText(path);
        }
        else pem = Environment.GetEnvironmentVariable(source.PrivateKeyEnvVar!) is { Length: > 0 } v ? v
            : throw new SourceApiException($"source '{source.Name}': the environment variable {source.PrivateKeyEnvVar} (PrivateKeyEnvVar) is not set");
        var rsa = RSA.Create();
        try { rsa.ImportFromPem(pem.Replace("\\n", "\n")); }
        catch (ArgumentException) { throw new SourceApiException($"source '{source.Name}': the GitHub App private key is not an RSA key in PEM form"); }
        return rsa;
    }

    /// <summary>A token valid for at least five more minutes.</summary>
    public async Task<string> TokenAsync(CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _expires - RenewBefore) return _token;
            _installation ??= await InstallationAsync(cancellation).ConfigureAwait(false);
            var answer = await SendAsAppAsync(HttpMethod.Post, $"app/installations/{_installation}/access_tokens", cancellation).ConfigureAwait(false);
            _token = GitHubDiscovery.Str(answer, "token") ?? throw new SourceApiException($"source '{source.Name}': GitHub issued no installation token");
            _expires = DateTimeOffset.TryParse(GitHubDiscovery.Str(answer, "expires_at"), out var e) ? e : clock.GetUtcNow().AddHours(1);
            Issued++;
            return _token;
        }
        finally { _gate.Release(); }
    }

    private async Task<long> InstallationAsync(CancellationToken cancellation)
    {
        var path = source.Organization is not null ? $"orgs/{Uri.EscapeDataString(source.Organization)}/installation" : $"users/{Uri.EscapeDataString(source.User!)}/installation";
        var answer = await SendAsAppAsync(HttpMethod.Get, path, cancellation).ConfigureAwait(false);
        return answer.TryGetProperty("id", out var id) && id.TryGetInt64(out var n) ? n
            : throw new SourceApiException($"source '{source.Name}': GitHub named no installation of the App on '{source.Organization ?? source.User}'");
    }

    private Task<JsonElement> SendAsAppAsync(HttpMethod method, string path, CancellationToken cancellation)
        => api.SendJsonAsync(method, new Uri(apiBase, path), null, cancellation);

    /// <summary>The App's JWT: issued a minute in the past against clock drift, expiring in nine minutes (GitHub allows ten).</summary>
    public string Jwt()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { iat = now - 60, exp = now + 540, iss = source.AppId }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        api.Dispose();
        key.Dispose();
    }
}
