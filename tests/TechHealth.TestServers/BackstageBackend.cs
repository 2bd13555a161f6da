using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TechHealth.TestServers;

/// <summary>
/// A real Backstage backend (<c>@backstage/backend-defaults</c> with <c>@backstage/plugin-catalog-backend</c>, from
/// tools/backstage-backend) on a free loopback port, storing its catalog in a PostgreSQL database and ingesting the given
/// catalog files as configured locations. Reads need the static token (<c>backend.auth.externalAccess</c>), as a
/// production backend is set up for a service that reads its catalog.
/// </summary>
public sealed class BackstageBackend : IAsyncDisposable
{
    public static readonly NpmTool Tool = NpmTool.InRepository("backstage-backend");

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _log = new();

    private BackstageBackend(Process process, DirectoryInfo folder, string url, string token)
    {
        _process = process;
        _folder = folder;
        Url = url;
        Token = token;
    }

    /// <summary>The backend's base URL (what a Backstage source's <c>ApiUrl</c> names).</summary>
    public string Url { get; }
    public string Token { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <param name="database">host, port and user of a PostgreSQL server Backstage may create databases on.</param>
    /// <param name="catalogFiles">Backstage catalog files (YAML with one or more entities) to register as locations.</param>
    public static async Task<BackstageBackend> StartAsync((string Host, int Port, string User) database, IEnumerable<string> catalogFiles, string token = "local-backstage-token")
    {
        // Only JavaScript runs: the native builds some optional packages carry (better-sqlite3) are not needed with PostgreSQL.
        await Tool.EnsureInstalledAsync(ignoreScripts: true);
        var folder = Directory.CreateTempSubdirectory("th-backstage-");
        var port = LoopbackPort.Free();
        var url = $"http://127.0.0.1:{port}";
        var config = new StringBuilder()
            .AppendLine("backend:")
            .AppendLine($"  baseUrl: {url}")
            .AppendLine($"  listen: {{ host: 127.0.0.1, port: {port} }}")
            .AppendLine("  database:")
            .AppendLine("    client: pg")
            // Each backend gets its own databases, so tests sharing one server never see each other's catalog.
            .AppendLine($"    prefix: th_{Guid.NewGuid():N}_")
            .AppendLine($"    connection: {{ host: {database.Host}, port: {database.Port}, user: {database.User}, password: unused }}")
            .AppendLine("  auth:")
            .AppendLine("    externalAccess:")
            .AppendLine($"      - {{ type: static, options: {{ token: {token}, subject: techhealth-tests }} }}")
            .AppendLine("catalog:")
            .AppendLine("  rules: [{ allow: [Component, Group, User, System, API, Resource, Location, Domain] }]")
            .AppendLine("  processingInterval: { seconds: 1 }")
            .AppendLine("  locations:");
        foreach (var file in catalogFiles) config.AppendLine($"    - {{ type: file, target: {JsonSerializer.Serialize(Path.GetFullPath(file))} }}");
        var configFile = Path.Combine(folder.FullName, "app-config.yaml");
        await File.WriteAllTextAsync(configFile, config.ToString());

        var start = new ProcessStartInfo("node") { WorkingDirectory = Tool.Folder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "index.js", "--config", configFile }) start.ArgumentList.Add(a);
        start.Environment["NODE_ENV"] = "production";
        var backend = new BackstageBackend(Process.Start(start)!, folder, url, token);
        backend._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (backend._log) backend._log.AppendLine(e.Data); };
        backend._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (backend._log) backend._log.AppendLine(e.Data); };
        backend._process.BeginOutputReadLine();
        backend._process.BeginErrorReadLine();
        return backend;
    }

    /// <summary>Waits until the catalog answers with at least <paramref name="count"/> entities of the given kinds (processing is asynchronous).</summary>
    public async Task WaitForEntitiesAsync(int count, TimeSpan timeout, params string[] kinds)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var query = string.Join("&", kinds.Select(k => "filter=kind=" + k));
        var deadline = DateTime.UtcNow + timeout;
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The Backstage backend exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync($"{Url}/api/catalog/entities?{query}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var entities = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    seen = entities.RootElement.GetArrayLength();
                    if (seen >= count) return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The Backstage catalog had {seen} of {count} entities after {timeout}:\n{Log}");
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { _folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
