using System.Diagnostics;
using System.Text;

namespace TechHealth.Api.Tests.Cli;

/// <summary>Runs the built <c>techhealth</c> executable as a user would: a real process, real arguments, real exit code.</summary>
public static class Techhealth
{
    public sealed record Result(int ExitCode, string Output, string Error);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "techhealth.dll");

    public static Process Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
