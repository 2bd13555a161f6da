using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Purls;

namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// Reads a build-tool wrapper's properties file (Maven's and Gradle's both have a <c>distributionUrl</c>) into one
/// build-tool fact: the release the wrapper downloads is the tool version the component builds with.
/// </summary>
public static class BuildToolWrapper
{
    /// <param name="distribution">Matches the distributionUrl line, capturing <c>file</c> and <c>version</c>.</param>
    public static DependencyFact? Read(string file, string text, string tool, Regex distribution)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = distribution.Match(lines[i]);
            if (!m.Success) continue;
            return DependencyFact.Runtime(tool, m.Groups["file"].Value, m.Groups["version"].Value, file, i + 1, DependencyScope.Build, TechnologyKind.Tool);
        }
        return null;
    }
}
