using System.Diagnostics;
using System.Text;

namespace TechHealth.Scanning.Sources;

/// <summary>Runs the <c>git</c> command line with an argument list (never a shell), a timeout, and secrets redacted from anything it reports.</summary>
public static class GitCommand
{
    /// <summary>What git returned, with secrets already redacted from both streams.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs git; throws <see cref="TimeoutException"/> when it overruns (the process tree is killed) and <see cref="OperationCanceledException"/> on cancellation.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? workingDirectory, TimeSpan timeout, CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyCollection<string>? secrets = null)
    {
        var psi = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Never wait for a password prompt: a scan runs unattended.
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GCM_INTERACTIVE"] = "never";
        psi.Environment["LC_ALL"] = "C";
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var process = new Process { StartInfo = psi };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException($"git could not be started (is it installed and on PATH?): {e.Message}", e); }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try { await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"git {Redact(string.Join(' ', psi.ArgumentList), secrets)} took longer than {timeout.TotalSeconds:0} s and was stopped");
        }
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        return new Result(process.ExitCode, Redact(output, secrets), Redact(error, secrets));
    }

    /// <summary>Removes the given secrets and any <c>user:password@</c> in URLs from a text.</summary>
    public static string Redact(string text, IReadOnlyCollection<string>? secrets)
    {
        if (secrets is not null)
            foreach (var s in secrets)
                if (!string.IsNullOrEmpty(s)) text = text.Replace(s, "***", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(text, @"(?<=://)[^/@\s]+@", "***@");
    }
}
