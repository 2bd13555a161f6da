using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Harvesters.Ruby;

/// <summary>One resolved gem of a Gemfile.lock: its version (platform suffix dropped), line, and the gems it depends on.</summary>
public sealed record LockedGem(string Name, string Version, int Line, IReadOnlyList<string> Dependencies);

/// <summary>
/// Reads a Gemfile.lock: the <c>specs:</c> of its GEM, GIT and PATH sections (four-space <c>name (version)</c> lines and
/// their six-space dependency lines), <c>RUBY VERSION</c> and <c>BUNDLED WITH</c>. The first spec of a name wins, as
/// several platform builds of one gem (<c>nokogiri (1.16.0-x86_64-linux)</c>) share a version.
/// </summary>
public sealed partial class GemfileLock
{
    public Dictionary<string, LockedGem> Gems { get; } = new(StringComparer.OrdinalIgnoreCase);
    public (string Version, int Line)? Ruby { get; private set; }
    public (string Version, int Line)? Bundler { get; private set; }

    public static GemfileLock Read(string text)
    {
        var lockFile = new GemfileLock();
        var lines = text.Split('\n');
        var section = "";
        var inSpecs = false;
        LockedGem? current = null;
        List<string>? currentDeps = null;
        void Flush()
        {
            if (current is not null) lockFile.Gems.TryAdd(current.Name, current with { Dependencies = currentDeps! });
            current = null;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            if (raw.Length == 0) { Flush(); inSpecs = false; continue; }
            if (!char.IsWhiteSpace(raw[0])) { Flush(); section = raw.Trim(); inSpecs = false; continue; }
            if (section is "GEM" or "GIT" or "PATH" or "PLUGIN SOURCE")
            {
                if (raw.Trim() == "specs:") { inSpecs = true; continue; }
                if (!inSpecs) continue;
                var spec = Spec().Match(raw);
                if (spec.Success)
                {
                    Flush();
                    currentDeps = [];
                    current = new LockedGem(spec.Groups[1].Value, WithoutPlatform(spec.Groups[2].Value), i + 1, currentDeps);
                    continue;
                }
                var dep = Dependency().Match(raw);
                if (dep.Success && current is not null) currentDeps!.Add(dep.Groups[1].Value);
            }
            else if (section == "RUBY VERSION" && RubyLine().Match(raw) is { Success: true } r) lockFile.Ruby = (r.Groups[1].Value, i + 1);
            else if (section == "BUNDLED WITH" && raw.Trim().Length > 0) lockFile.Bundler = (raw.Trim(), i + 1);
        }
        Flush();
        return lockFile;
    }

    /// <summary>RubyGems writes a platform gem's version as <c>1.16.0-x86_64-linux</c>; gem versions themselves hold no dash.</summary>
    private static string WithoutPlatform(string version)
    {
        var dash = version.IndexOf('-');
        return dash < 0 ? version : version[..dash];
    }

    [GeneratedRegex(@"^    ([^\s(]+) \(([^)]+)\)\s*$")] private static partial Regex Spec();
    [GeneratedRegex(@"^      ([^\s(]+)")] private static partial Regex Dependency();
    [GeneratedRegex(@"^\s+ruby (\d+(?:\.\d+)*)")] private static partial Regex RubyLine();
}
