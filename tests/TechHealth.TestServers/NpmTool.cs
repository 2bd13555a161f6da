using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace TechHealth.TestServers;

/// <summary>
/// A folder under <c>tools/</c> with a package.json and package-lock.json whose npm packages a test runs. Installs them
/// with <c>npm ci</c> the first time and again when the lock file changes (a marker holds the lock file's hash), under a
/// file lock because test projects run in parallel processes; so a fresh clone needs only Node, npm and the registry.
/// </summary>
public sealed class NpmTool(string folder)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _installed;

    public string Folder { get; } = folder;

    /// <summary>The tool folder <c>tools/NAME</c> of the repository these tests run from.</summary>
    public static NpmTool InRepository(string name) => new(Path.Combine(RepositoryRoot, "tools", name));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <param name="ignoreScripts">skips the packages' install scripts (native builds): what runs then is only JavaScript.</param>
    public async Task EnsureInstalledAsync(bool ignoreScripts = false, TimeSpan? timeout = null)
    {
        await _gate.WaitAsync();
        try
        {
            if (_installed) return;
            await using (await LockAsync())
            {
                var marker = Path.Combine(Folder, "node_modules", ".installed-from");
                var lockFile = await File.ReadAllTextAsync(Path.Combine(Folder, "package-lock.json"));
                var wanted = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(lockFile)));
                if (!File.Exists(marker) || await File.ReadAllTextAsync(marker) != wanted)
                {
                    string[] args = ["ci", "--no-audit", "--no-fund", "--loglevel=error", .. ignoreScripts ? new[] { "--ignore-scripts" } : []];
                    await RunAsync("npm", args, timeout ?? TimeSpan.FromMinutes(10));
                    await File.WriteAllTextAsync(marker, wanted);
                }
            }
            _installed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAsync(string program, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException($"{Folder} needs Node.js and npm on PATH: starting '{program}' failed: {e.Message}", e); }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try { await process.WaitForExitAsync(cancel.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} in {Folder} took over {timeout}.");
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} in {Folder} exited with {process.ExitCode}: {await error}");
        }
    }

    private async Task<FileStream> LockAsync()
    {
        var path = Path.Combine(Folder, ".install.lock");
        for (var waited = 0; ; waited += 200)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited < 900_000) { await Task.Delay(200); }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TechHealth.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with TechHealth.sln) was not found above " + AppContext.BaseDirectory);
    }
}
