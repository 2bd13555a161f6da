using System.Diagnostics;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// Runs graphql-js (tools/graphql-reference) through Node. Installs its npm packages with <c>npm ci</c> the first
/// time, so a fresh clone needs nothing but Node and the npm registry. It never interprets GraphQL itself.
/// </summary>
internal static class ReferenceImplementation
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool installed;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string ToolFolder => Path.Combine(RepositoryRoot, "tools", "graphql-reference");
    public static string ConformanceFolder => Path.Combine(RepositoryRoot, "tests", "TechHealth.Api.Tests", "GraphQL", "Conformance");

    /// <summary>Runs <c>node script args</c> in the tool folder and returns its standard output.</summary>
    public static async Task<string> RunNodeAsync(string script, string? standardInput, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", [script, .. arguments], standardInput);
    }

    /// <summary>
    /// Installs the tool's packages once per package-lock.json. Several test assemblies use this folder and
    /// <c>dotnet test</c> runs them in parallel processes, so the install holds a file lock that other processes wait
    /// on (an in-process semaphore alone let two <c>npm ci</c> runs delete each other's node_modules), and a marker
    /// written after a complete install tells later processes there is nothing to do.
    /// </summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (installed) return;
            await using (await AcquireInstallLockAsync())
            {
                var marker = Path.Combine(ToolFolder, "node_modules", ".installed-from");
                var lockFile = await File.ReadAllTextAsync(Path.Combine(ToolFolder, "package-lock.json"));
                var wanted = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lockFile)));
                if (!File.Exists(marker) || await File.ReadAllTextAsync(marker) != wanted)
                {
                    await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
                    await File.WriteAllTextAsync(marker, wanted);
                }
            }
            installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>An exclusive lock on a file beside the tool; on Linux and macOS .NET backs FileShare.None with flock.</summary>
    private static async Task<FileStream> AcquireInstallLockAsync()
    {
        var path = Path.Combine(ToolFolder, ".install.lock");
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(200);
                waited += TimeSpan.FromMilliseconds(200);
            }
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string? standardInput)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = ToolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The conformance tests need Node.js 20+ and npm on PATH to run graphql-js; starting '{program}' failed: {e.Message}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
                process.StandardInput.Close();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{program} {string.Join(' ', arguments)}' in {ToolFolder} exited with {process.ExitCode}: {await error}");
            }
            return await output;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TechHealth.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No TechHealth.sln above {AppContext.BaseDirectory}.");
    }
}
