using Microsoft.Playwright;

namespace TechHealth.Pages.Tests;

/// <summary>Debian's Chromium driven by Playwright (its own browser download cannot work here), started as CI starts it.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        File.Exists(ExecutablePath).ShouldBeTrue($"The browser tests drive Debian's chromium at {ExecutablePath}; install it with 'apt-get install -y chromium'.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: beside the test assembly, under screenshots/.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
