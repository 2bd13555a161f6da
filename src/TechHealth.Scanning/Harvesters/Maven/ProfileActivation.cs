using System.Text.RegularExpressions;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Maven;

/// <summary>Whether a profile's activation matches in a plain build; <see cref="Unknown"/> when that depends on more than the repository.</summary>
internal enum ProfileActivationState { Active, Inactive, Unknown }

/// <summary>
/// Decides from the repository alone whether a profile's <c>&lt;activation&gt;</c> matches in a plain build: <c>mvn</c>
/// run in the repository with no settings profiles and no command-line arguments beyond those the project's
/// <c>.mvn/maven.config</c> gives every build (its <c>-D</c> user properties are passed in), on the JDK the module compiles for.
/// As in Maven since 3.2.2, every condition written must match. <c>&lt;file&gt;</c> is decided for paths in the repository
/// (relative to the module's folder, or under <c>${basedir}</c>), <c>&lt;property&gt;</c> when it asks for a property to be
/// unset or different (nothing else is set in a plain build) or names a user property maven.config defines, <c>&lt;jdk&gt;</c> when the module's Java release is known.
/// An operating system, an environment variable, a property of the JVM or a path outside the repository is Unknown.
/// It does not decide activeByDefault: that is <see cref="Pom.Activate"/>'s rule over all the POM's profiles.
/// </summary>
internal static partial class ProfileActivation
{
    public static ProfileActivationState Decide(PomActivation activation, string moduleFolder, Func<string, bool> exists, string? javaRelease,
        IReadOnlyDictionary<string, string>? userProperties = null)
    {
        var conditions = new List<ProfileActivationState>();
        if (activation.Os) conditions.Add(ProfileActivationState.Unknown);
        if (activation.Jdk is { } jdk) conditions.Add(Jdk(jdk, javaRelease));
        if (activation.Property is { } property) conditions.Add(Property(property, userProperties));
        if ((activation.FileExists ?? activation.FileMissing) is not null) conditions.Add(File(activation, moduleFolder, exists));
        // A profile with no condition (activeByDefault alone, or an empty activation) is never activated by its activation.
        if (conditions.Count == 0 || conditions.Contains(ProfileActivationState.Inactive)) return ProfileActivationState.Inactive;
        return conditions.Contains(ProfileActivationState.Unknown) ? ProfileActivationState.Unknown : ProfileActivationState.Active;
    }

    /// <summary>
    /// Maven matches <c>&lt;jdk&gt;</c> against the running JDK's <c>java.version</c>: a range by version order, anything else as a
    /// prefix (<c>1.8</c> matches 1.8.0_392, <c>17</c> matches 17.0.9). The module's release stands for that JDK; a condition
    /// finer than the release (<c>17.0.2</c>) is Unknown.
    /// </summary>
    internal static ProfileActivationState Jdk(string jdk, string? javaRelease)
    {
        if (javaRelease is null || !int.TryParse(javaRelease, out var release) || release < 1) return ProfileActivationState.Unknown;
        var version = release <= 8 ? $"1.{release}" : release.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = jdk.Trim();
        var negate = spec.StartsWith('!');
        if (negate) spec = spec[1..].Trim();
        bool matches;
        if (spec.StartsWith('[') || spec.StartsWith('('))
        {
            if (VersionBound().Matches(spec).Any(b => b.Value.StartsWith(version + ".", StringComparison.Ordinal) || b.Value.StartsWith(version + "_", StringComparison.Ordinal)))
                return ProfileActivationState.Unknown;
            var range = VersionRange.ParseNative(spec, "maven");
            if (!range.Success) return ProfileActivationState.Unknown;
            matches = range.Value!.Contains(version);
        }
        else if (version.StartsWith(spec, StringComparison.Ordinal)) matches = true;
        else if (spec.StartsWith(version + ".", StringComparison.Ordinal) || spec.StartsWith(version + "_", StringComparison.Ordinal)) return ProfileActivationState.Unknown;
        else matches = false;
        return matches != negate ? ProfileActivationState.Active : ProfileActivationState.Inactive;
    }

    /// <summary>
    /// Maven looks in the user properties first: one maven.config defines decides, as in Maven (a name matches when its value is
    /// not empty, a value when equal, <c>!</c> negating either). Otherwise no user property is set in a plain build:
    /// <c>!x</c> and a value of <c>!v</c> match, <c>x</c> and <c>v</c> do not.
    /// </summary>
    internal static ProfileActivationState Property(PomActivationProperty property, IReadOnlyDictionary<string, string>? userProperties = null)
    {
        var name = property.Name.Trim();
        var reverseName = name.StartsWith('!');
        if (reverseName) name = name[1..].Trim();
        if (name.Length == 0) return ProfileActivationState.Unknown;
        var value = property.Value?.Trim();
        if (userProperties is not null && userProperties.TryGetValue(name, out var set))
        {
            bool holds;
            if (string.IsNullOrEmpty(value)) holds = (set.Length > 0) != reverseName;
            else holds = value.StartsWith('!') ? value[1..] != set : value == set;
            return holds ? ProfileActivationState.Active : ProfileActivationState.Inactive;
        }
        // The environment and the JVM set these whatever the repository says.
        if (name.StartsWith("env.", StringComparison.Ordinal) || JvmProperty().IsMatch(name)) return ProfileActivationState.Unknown;
        bool matches = string.IsNullOrEmpty(value)
            ? reverseName
            : value.StartsWith('!');
        return matches ? ProfileActivationState.Active : ProfileActivationState.Inactive;
    }

    /// <summary><c>&lt;exists&gt;</c> wins over <c>&lt;missing&gt;</c> when both are written, as in Maven. A folder exists when the repository has a file below it.</summary>
    internal static ProfileActivationState File(PomActivation activation, string moduleFolder, Func<string, bool> exists)
    {
        var shouldExist = activation.FileExists is not null;
        var path = (activation.FileExists ?? activation.FileMissing)!.Trim().Replace('\\', '/');
        path = BaseDir().Replace(path, "");
        if (path.Contains("${", StringComparison.Ordinal) || path.StartsWith('/') || path.StartsWith('~') || DriveLetter().IsMatch(path))
            return ProfileActivationState.Unknown;
        var inRepository = RepoPaths.Normalize(moduleFolder + "/" + path);
        if (inRepository == ".." || inRepository.StartsWith("../", StringComparison.Ordinal)) return ProfileActivationState.Unknown;
        return exists(inRepository) == shouldExist ? ProfileActivationState.Active : ProfileActivationState.Inactive;
    }

    [GeneratedRegex(@"\d[\w.]*")]
    private static partial Regex VersionBound();

    [GeneratedRegex(@"^(?:java|os|user|file|line|path|sun|jdk|maven)\.")]
    private static partial Regex JvmProperty();

    [GeneratedRegex(@"^\$\{(?:project\.)?basedir\}/?")]
    private static partial Regex BaseDir();

    [GeneratedRegex(@"^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
