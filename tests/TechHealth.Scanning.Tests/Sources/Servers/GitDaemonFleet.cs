using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TechHealth.Scanning.Tests.Sources.Servers;

/// <summary>
/// A fleet of real git repositories in a temp folder (<c>OWNER/NAME.git</c>, bare), served by a real <c>git daemon</c> on
/// 127.0.0.1 over the git protocol. Each repository is pushed from a work folder the test can commit in again.
/// </summary>
public sealed class GitDaemonFleet : IDisposable
{
    private readonly Process _daemon;

    public GitDaemonFleet()
    {
        Root = Directory.CreateTempSubdirectory("th-fleet-").FullName;
        Served = Path.Combine(Root, "served");
        Directory.CreateDirectory(Served);
        Port = FreePort();
        var psi = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "daemon", "--reuseaddr", "--export-all", "--informative-errors", "--listen=127.0.0.1", $"--port={Port}", $"--base-path={Served}", Served })
            psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        WaitUntilListening();
    }

    public string Root { get; }
    public string Served { get; }
    public int Port { get; }

    public string CloneUrl(string owner, string name) => $"git://127.0.0.1:{Port}/{owner}/{name}.git";

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

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        for (var i = 0; i < 200; i++)
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"git daemon exited with {_daemon.ExitCode}");
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new InvalidOperationException("git daemon did not start listening");
    }

    public void Dispose()
    {
        try { _daemon.Kill(entireProcessTree: true); _daemon.WaitForExit(5000); } catch (InvalidOperationException) { }
        _daemon.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
