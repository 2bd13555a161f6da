using System.Diagnostics;
using System.Text;

namespace TechHealth.Scanning.Sources;

/// <summary>
/// Runs the <c>git</c> command line with an argument list (never a shell), a timeout, and secrets redacted from anything it
/// reports, under a configuration the service controls: no system or global configuration, and every setting that names a
/// program (hooks, fsmonitor, ssh, askpass, credential helpers, signature programs, upload-pack) overridden on the command
/// line, where it wins over the repository's own <c>.git/config</c>. The scan itself never runs git in a repository
/// (<see cref="Reading.GitMetadata"/> reads what it needs); git runs only to clone, fetch and reset the service's own clones
/// (and to commit generated demo repositories).
/// </summary>
public static class GitCommand
{
    private static readonly string NullDevice = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    /// <summary>
    /// <c>-c</c> settings given to every git command. Single-valued settings take the last value read, and the command line is
    /// read last; <c>credential.helper</c> is a list that an empty value clears. Settings that name a driver (filters, diff and
    /// merge drivers) cannot be overridden by name: they need <c>.gitattributes</c> plus a definition in the repository's own
    /// configuration, which in the service's clones git itself wrote.
    /// </summary>
    public static readonly IReadOnlyList<string> SafeSettings =
    [
        "core.hooksPath=" + NullDevice,
        "core.fsmonitor=false",
        "core.sshCommand=ssh",
        "core.askPass=",
        "core.editor=false",
        "core.pager=cat",
        "core.attributesFile=" + NullDevice,
        "core.alternateRefsCommand=true",
        "credential.helper=",
        "log.showSignature=false",
        "commit.gpgSign=false",
        "tag.gpgSign=false",
        "gpg.program=false",
        "gpg.ssh.program=false",
        "gpg.x509.program=false",
        "diff.external=false",
        "sequence.editor=false",
        "fetch.recurseSubmodules=false",
        "submodule.recurse=false",
        // core.gitProxy is first-match-wins, so the repository's would beat ours: plain git:// is refused instead, and ext:: always.
        "protocol.git.allow=never",
        "protocol.ext.allow=never",
    ];
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
        foreach (var setting in SafeSettings) { psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(setting); }
        var given = arguments.ToList();
        foreach (var a in PinUploadPack(given)) psi.ArgumentList.Add(a);
        // Only the configuration above and the repository's own: none from the machine or the service's user.
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = NullDevice;
        psi.Environment["GIT_ATTR_NOSYSTEM"] = "1";
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
            throw new TimeoutException($"git {Redact(string.Join(' ', given), secrets)} took longer than {timeout.TotalSeconds:0} s and was stopped");
        }
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        return new Result(process.ExitCode, Redact(output, secrets), Redact(error, secrets));
    }

    /// <summary>
    /// The arguments with <c>--upload-pack=git-upload-pack</c> after a command that talks to a remote: <c>remote.NAME.uploadpack</c>
    /// is the one program setting where the first value read wins (the repository's, over <c>-c</c>), but the option wins over both.
    /// </summary>
    internal static IEnumerable<string> PinUploadPack(IReadOnlyList<string> arguments)
    {
        var i = 0;
        // Skip git's own options before the command: -C DIR, -c KEY=VALUE and flags.
        while (i < arguments.Count && arguments[i].StartsWith('-'))
            i += arguments[i] is "-C" or "-c" ? 2 : 1;
        for (var j = 0; j < arguments.Count; j++)
        {
            yield return arguments[j];
            if (j == i && arguments[j] is "fetch" or "clone" or "pull" or "ls-remote") yield return "--upload-pack=git-upload-pack";
        }
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
