using System.Text.Json;
using Microsoft.Playwright;
using TechHealth.TestServers;

namespace TechHealth.Pages.Tests;

/// <summary>
/// axe-core (npm, tools/axe) injected into a page open in Chromium. Its package is installed by <see cref="NpmTool"/> the
/// first time, so a fresh clone needs only Node and the registry.
/// </summary>
public static class Axe
{
    private static readonly NpmTool Tool = NpmTool.InRepository("axe");

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
        await Tool.EnsureInstalledAsync();
        return Path.Combine(Tool.Folder, "node_modules", "axe-core", "axe.min.js");
    }
}
