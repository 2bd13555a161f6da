using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace TechHealth.Pages.Tests;

/// <summary>
/// axe-core (npm, tools/axe) injected into a page open in Chromium. Installs its package with <c>npm ci</c> the first
/// time (under a file lock, as test processes run in parallel), so a fresh clone needs only Node and the registry.
/// </summary>
public static class Axe
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _script;

    public static string ToolFolder => Path.Combine(PagesService.RepositoryRoot, "tools", "axe");

    /// <summary>Every violation of impact serious or critical on the page, as "rule (impact): help at selector" lines.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = await ScriptAsync() });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static async Task<string> ScriptAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_script is not null) return _script;
            var script = Path.Combine(ToolFolder, "node_modules", "axe-core", "axe.min.js");
            await using (await LockAsync())
            {
                var marker = Path.Combine(ToolFolder, "node_modules", ".installed-from");
                var lockFile = await File.ReadAllTextAsync(Path.Combine(ToolFolder, "package-lock.json"));
                var wanted = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lockFile)));
                if (!File.Exists(script) || !File.Exists(marker) || await File.ReadAllTextAsync(marker) != wanted)
                {
                    await NpmCiAsync();
                    await File.WriteAllTextAsync(marker, wanted);
                }
            }
            return _script = script;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task NpmCiAsync()
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = ToolFolder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" }) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException($"The accessibility check needs Node.js and npm on PATH to install axe-core: {e.Message}", e); }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0) throw new InvalidOperationException($"npm ci in {ToolFolder} exited with {process.ExitCode}: {await error}");
        }
    }

    private static async Task<FileStream> LockAsync()
    {
        var path = Path.Combine(ToolFolder, ".install.lock");
        for (var waited = 0; ; waited += 200)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited < 600_000) { await Task.Delay(200); }
        }
    }
}
