namespace TechHealth.Api.Hosting;

/// <summary>
/// Separates configuration overrides (<c>--TechHealth:Storage:ConnectionString=...</c>, or the key and value as two
/// tokens) from a verb's own arguments, so every verb accepts the same overrides without declaring them.
/// </summary>
public static class CommandLineSplit
{
    public static (string[] VerbArgs, Dictionary<string, string?> Overrides) Split(string[] args)
    {
        var verbArgs = new List<string>();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && IsConfigKey(a))
            {
                var body = a[2..];
                var eq = body.IndexOf('=');
                if (eq >= 0) overrides[body[..eq]] = body[(eq + 1)..];
                else if (i + 1 < args.Length) overrides[body] = args[++i];
                else overrides[body] = "";
                continue;
            }
            verbArgs.Add(a);
        }
        return (verbArgs.ToArray(), overrides);
    }

    /// <summary>The key under which <c>--settings FILE</c> (one more settings file, read after appsettings.json) arrives.</summary>
    public const string SettingsFile = "settings";

    // Host settings that WebApplicationFactory and users pass as --key=value, and --settings.
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "urls", "environment", "contentRoot", "applicationName", SettingsFile };

    // A configuration key has a section separator before any '='; verb options never do.
    private static bool IsConfigKey(string token)
    {
        var body = token[2..];
        var eq = body.IndexOf('=');
        var key = eq >= 0 ? body[..eq] : body;
        return key.Contains(':') || HostKeys.Contains(key) || key.StartsWith("TechHealth", StringComparison.OrdinalIgnoreCase);
    }
}
