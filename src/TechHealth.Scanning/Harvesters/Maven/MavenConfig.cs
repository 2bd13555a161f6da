using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>
/// What a committed <c>.mvn/maven.config</c> adds to every build of its project: the profiles it activates or deactivates
/// (<c>-P</c>, <c>--activate-profiles</c>) and the user properties it defines (<c>-D</c>, <c>--define</c>). Every other
/// option is a flag or a setting of the run (threads, batch mode, settings file) that does not change what a POM declares;
/// those are skipped with their argument. It reads arguments only: it must not decide activation or resolve a property.
/// </summary>
internal sealed class MavenConfig
{
    public static readonly MavenConfig Empty = new();

    // Maven 3 options that take a separate argument; the argument must be skipped so it is not read as an option or goal.
    private static readonly HashSet<string> WithArgument = new(StringComparer.Ordinal)
    {
        "-f", "--file", "-s", "--settings", "-gs", "--global-settings", "-t", "--toolchains", "-gt", "--global-toolchains",
        "-pl", "--projects", "-rf", "--resume-from", "-l", "--log-file", "-T", "--threads", "-b", "--builder",
        "-fos", "--fail-on-severity", "-canf", "--cache-artifact-not-found", "-sadp", "--strict-artifact-descriptor-policy",
    };

    // Attached forms (-T1C, -lbuild.log) start with these short names.
    private static readonly string[] AttachedArgument = ["-T", "-b", "-s", "-gs", "-t", "-gt", "-pl", "-rf", "-l", "-f"];

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "-h", "--help", "-o", "--offline", "-v", "--version", "-q", "--quiet", "-X", "--debug", "-e", "--errors",
        "-N", "--non-recursive", "-U", "--update-snapshots", "-B", "--batch-mode", "-nsu", "--no-snapshot-updates",
        "-C", "--strict-checksums", "-c", "--lax-checksums", "-ff", "--fail-fast", "-fae", "--fail-at-end", "-fn", "--fail-never",
        "-am", "--also-make", "-amd", "--also-make-dependents", "-V", "--show-version", "-llr", "--legacy-local-repository",
        "-ntp", "--no-transfer-progress", "-cpu", "--check-plugin-updates", "-npr", "--no-plugin-registry",
        "-npu", "--no-plugin-updates", "-up", "--update-plugins", "-r", "--resume", "-emp", "--encrypt-master-password",
        "-ep", "--encrypt-password", "--color", "-itr", "--ignore-transitive-repositories",
    };

    private readonly HashSet<string> _activated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deactivated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userProperties = new(StringComparer.Ordinal);

    /// <summary>Profile ids <c>-P</c> names, with <c>+</c> or nothing in front.</summary>
    public IReadOnlySet<string> ActivatedProfiles => _activated;

    /// <summary>Profile ids <c>-P</c> names with <c>!</c> or <c>-</c> in front.</summary>
    public IReadOnlySet<string> DeactivatedProfiles => _deactivated;

    /// <summary><c>-Dname=value</c>; <c>-Dname</c> alone is <c>true</c>, as in Maven. A later definition wins.</summary>
    public IReadOnlyDictionary<string, string> UserProperties => _userProperties;

    /// <summary>
    /// Reads the file's arguments. Maven 3.3.1 to 3.8 split the whole file on whitespace; Maven 3.9 and later take each line as
    /// one argument. The two agree on files with one argument a line, which is what is read here; a line holding several
    /// arguments is read the 3.8 way and reported, since Maven 3.9+ reads it as one argument (or refuses to start).
    /// A line starting with <c>#</c> is a comment (Maven 4). Quotes have no meaning in this file for any Maven release.
    /// </summary>
    public static MavenConfig Read(string file, string text, HarvestSink sink)
    {
        var config = new MavenConfig();
        var arguments = new List<(string Text, int Line)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1)
                sink.Issue(ScanIssueSeverity.Warning, file, i + 1,
                    $"'{line}' holds several arguments: read as Maven 3.8 and earlier split them; Maven 3.9 and later read each line as one argument");
            foreach (var part in parts) arguments.Add((part, i + 1));
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var (argument, line) = arguments[i];
            string? Next() => i + 1 < arguments.Count ? arguments[++i].Text : null;
            if (Option(argument, "-P", "--activate-profiles") is { } profiles)
            {
                if ((profiles.Length > 0 ? profiles : Next()) is { } value) config.Profiles(value);
                else sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{argument}' names no profile");
            }
            else if (Option(argument, "-D", "--define") is { } define)
            {
                if ((define.Length > 0 ? define : Next()) is { } value) config.Define(value);
                else sink.Issue(ScanIssueSeverity.Warning, file, line, $"'{argument}' defines no property");
            }
            else if (WithArgument.Contains(argument)) Next();
            else if (Flags.Contains(argument) || LongWithValue(argument) is { } name && (Flags.Contains(name) || WithArgument.Contains(name))) continue;
            else if (AttachedArgument.Any(a => argument.Length > a.Length && argument.StartsWith(a, StringComparison.Ordinal))) continue;
            else if (argument.StartsWith('-'))
                sink.Issue(ScanIssueSeverity.Warning, file, line, $"unrecognised option '{argument}' ignored (Maven refuses to start on it)");
            // Anything else is a goal or phase the file adds to every run; it changes no declaration.
        }
        return config;
    }

    /// <summary>The value after a short option (<c>-Pci</c>: <c>ci</c>; <c>-P</c>: empty) or a long one (<c>--define=a=b</c>), or null when it is another option.</summary>
    private static string? Option(string argument, string shortName, string longName)
    {
        if (argument.StartsWith(shortName, StringComparison.Ordinal)) return argument[shortName.Length..];
        if (argument == longName) return "";
        if (argument.StartsWith(longName + "=", StringComparison.Ordinal)) return argument[(longName.Length + 1)..];
        return null;
    }

    /// <summary>The name of <c>--threads=2</c>, or null when the argument is not a long option with its value attached.</summary>
    private static string? LongWithValue(string argument)
        => argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=') is > 2 and var i ? argument[..i] : null;

    private void Profiles(string value)
    {
        foreach (var token in value.Split(','))
        {
            var id = token.Trim();
            var active = true;
            if (id.StartsWith('!') || id.StartsWith('-')) { active = false; id = id[1..]; }
            else if (id.StartsWith('+')) id = id[1..];
            // Maven 3.9's optional profile (?id) is activated like any other when the POM defines it.
            if (id.StartsWith('?')) id = id[1..];
            id = id.Trim();
            if (id.Length == 0) continue;
            (active ? _activated : _deactivated).Add(id);
            (active ? _deactivated : _activated).Remove(id);
        }
    }

    private void Define(string value)
    {
        var equals = value.IndexOf('=');
        if (equals <= 0) _userProperties[value.Trim()] = "true";
        else _userProperties[value[..equals].Trim()] = value[(equals + 1)..];
    }
}
