using System.Diagnostics;
using TechHealth.TestServers;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// Runs graphql-js (tools/graphql-reference) through Node. Installs its npm packages with <c>npm ci</c> the first
/// time, so a fresh clone needs nothing but Node and the npm registry. It never interprets GraphQL itself.
/// </summary>
internal static class ReferenceImplementation
{
    // Several test assemblies use this folder in parallel processes: the tool installs under a file lock, once per lock file.
    private static readonly NpmTool Tool = NpmTool.InRepository("graphql-reference");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string ToolFolder => Path.Combine(RepositoryRoot, "tools", "graphql-reference");
    public static string ConformanceFolder => Path.Combine(RepositoryRoot, "tests", "TechHealth.Api.Tests", "GraphQL", "Conformance");

    /// <summary>Runs <c>node script args</c> in the tool folder and returns its standard output.</summary>
    public static async Task<string> RunNodeAsync(string script, string? standardInput, params string[] arguments)
    {
        await Tool.EnsureInstalledAsync();
        return await RunAsync("node", [script, .. arguments], standardInput);
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
