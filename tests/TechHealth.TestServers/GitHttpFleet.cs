using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TechHealth.TestServers;

/// <summary>
/// A fleet of real git repositories in a temp folder (<c>OWNER/NAME.git</c>, bare), served over git's smart HTTP protocol by
/// the real <c>git http-backend</c> (run as CGI behind Kestrel on 127.0.0.1, as a web server runs it). Each repository is
/// pushed from a work folder the test can commit in again. (The service refuses the plain git:// protocol.)
/// </summary>
public sealed class GitHttpFleet : IDisposable
{
    private readonly LocalApi _server;

    /// <param name="map">more routes on the same server (the walk-through's "commit a change" route).</param>
    public GitHttpFleet(string url = "http://127.0.0.1:0", Action<WebApplication>? map = null)
    {
        Root = Directory.CreateTempSubdirectory("th-fleet-").FullName;
        Served = Path.Combine(Root, "served");
        Directory.CreateDirectory(Served);
        _server = LocalApi.StartAsync(app => { app.Map("/git/{**path}", HttpBackendAsync); map?.Invoke(app); }, url).GetAwaiter().GetResult();
        Port = new Uri(_server.Url).Port;
    }

    public string Root { get; }
    public string Served { get; }
    public int Port { get; }

    public string CloneUrl(string owner, string name) => $"{_server.Url}/git/{owner}/{name}.git";

    /// <summary>One CGI request to <c>git http-backend</c>: the request's body on its standard input, its headers and body back.</summary>
    private async Task HttpBackendAsync(HttpContext context)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("http-backend");
        psi.Environment["GIT_PROJECT_ROOT"] = Served;
        psi.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["PATH_INFO"] = context.Request.Path.Value!["/git".Length..];
        psi.Environment["QUERY_STRING"] = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        psi.Environment["REQUEST_METHOD"] = context.Request.Method;
        psi.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        psi.Environment["REMOTE_ADDR"] = "127.0.0.1";
        psi.Environment["REMOTE_USER"] = "test";
        if (context.Request.Headers.ContentEncoding.Count > 0) psi.Environment["HTTP_CONTENT_ENCODING"] = context.Request.Headers.ContentEncoding.ToString();
        if (context.Request.Headers["Git-Protocol"].Count > 0) psi.Environment["GIT_PROTOCOL"] = context.Request.Headers["Git-Protocol"].ToString();
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        await context.Request.Body.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        var output = process.StandardOutput.BaseStream;
        // CGI headers, up to the first empty line.
        var header = new MemoryStream();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0) break;
            header.WriteByte((byte)b);
            var h = header.GetBuffer();
            var n = header.Length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
            if (n >= 2 && h[n - 2] == '\n' && h[n - 1] == '\n') break;
        }
        foreach (var line in System.Text.Encoding.ASCII.GetString(header.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) context.Response.StatusCode = int.Parse(value.Split(' ')[0]);
            else context.Response.Headers[name] = value;
        }
        await output.CopyToAsync(context.Response.Body);
        await process.WaitForExitAsync();
        await error;
    }

    /// <summary>Creates <c>OWNER/NAME.git</c> with the given files in one commit; returns the work folder.</summary>
    public string Create(string owner, string name, Dictionary<string, string> files)
    {
        var bare = Path.Combine(Served, owner, name + ".git");
        var work = Path.Combine(Root, "work", owner, name);
        Directory.CreateDirectory(bare);
        Directory.CreateDirectory(work);
        Git(bare, "init", "--bare", "--quiet", "--initial-branch=main");
        Git(work, "init", "--quiet", "--initial-branch=main");
        Git(work, "remote", "add", "origin", new Uri(bare).AbsoluteUri);
        Commit(owner, name, files, "first");
        return work;
    }

    /// <summary>Writes files in the work folder, commits and pushes them.</summary>
    public void Commit(string owner, string name, Dictionary<string, string> files, string message = "change")
    {
        var work = Path.Combine(Root, "work", owner, name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Git(work, "add", "-A");
        Git(work, "commit", "--quiet", "-m", message);
        Git(work, "push", "--quiet", "origin", "main");
    }

    public string Head(string owner, string name) => Git(Path.Combine(Root, "work", owner, name), "rev-parse", "HEAD");

    public static string Git(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "Test";
        psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Result.Trim();
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
