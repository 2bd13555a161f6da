namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>One line of a gradle.lockfile: <c>group:name:version=configuration,configuration</c>.</summary>
internal sealed record LockedModule(string Group, string Name, string Version, IReadOnlyList<string> Configurations, int Line);

internal static class GradleLockfile
{
    public static List<LockedModule> Read(string text)
    {
        var modules = new List<LockedModule>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("empty=", StringComparison.Ordinal)) continue;
            var eq = line.IndexOf('=');
            var coordinates = (eq < 0 ? line : line[..eq]).Split(':');
            if (coordinates.Length < 3) continue;
            var configurations = eq < 0 ? [] : line[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            modules.Add(new LockedModule(coordinates[0], coordinates[1], coordinates[2], configurations, i + 1));
        }
        return modules;
    }
}
