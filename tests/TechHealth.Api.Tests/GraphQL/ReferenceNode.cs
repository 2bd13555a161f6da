using System.Diagnostics;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// Runs graphql-js through Node for the tests: installs tools/graphql-reference's packages with <c>npm ci</c> when they
/// are missing, then runs client-schema.mjs next to this file. It never interprets GraphQL itself.
/// </summary>
internal static class ReferenceNode
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string ToolFolder => Path.Combine(TechHealthFactory.RepositoryRoot, "tools", "graphql-reference");
    public static string Script => Path.Combine(TechHealthFactory.RepositoryRoot, "tests", "TechHealth.Api.Tests", "GraphQL", "client-schema.mjs");

    public static async Task<string> ClientSchemaAsync(string mode, string? standardInput = null)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(ToolFolder, "node_modules", "graphql", "package.json")))
                await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
        }
        finally
        {
            InstallGate.Release();
        }
        return await RunAsync("node", [Script, ToolFolder, mode], standardInput);
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
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"This test needs Node.js 20+ and npm on PATH to run graphql-js; starting '{program}' failed: {e.Message}", e);
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {await error}");
            return await output;
        }
    }
}
