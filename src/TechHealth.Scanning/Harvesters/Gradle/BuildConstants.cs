using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Harvesters.Gradle;

/// <summary>
/// String constants a build defines in code its scripts can see: <c>buildSrc</c> and included builds such as
/// <c>build-logic</c> (Kotlin <c>object Versions { const val kotlin = "1.9.23" }</c>, Groovy or Java
/// <c>static final String KOTLIN = "..."</c>, nested objects as <c>Libs.Kotlin.stdlib</c>). Read as text, never compiled:
/// a constant whose value is not one string literal (or a template of other constants) is not known.
/// </summary>
public static partial class BuildConstants
{
    /// <summary>True for a source file of buildSrc or an included build whose constants the scripts may use.</summary>
    public static bool IsSource(string path)
        => (path.StartsWith("buildSrc/", StringComparison.Ordinal) || path.StartsWith("build-logic/", StringComparison.Ordinal) || path.Contains("/buildSrc/", StringComparison.Ordinal))
           && (path.EndsWith(".kt", StringComparison.Ordinal) || path.EndsWith(".groovy", StringComparison.Ordinal) || path.EndsWith(".java", StringComparison.Ordinal));

    /// <summary>Adds <c>Object.NAME</c> (and <c>Outer.Inner.NAME</c>) for every string constant in the file.</summary>
    public static void Read(string text, Dictionary<string, string> into)
    {
        var code = GradleScriptReader.StripComments(text);
        var scopes = new Stack<(string? Name, int Depth)>();
        var depth = 0;
        string? pendingName = null;
        foreach (var line in code.Split('\n'))
        {
            var holder = Holder().Match(line);
            if (holder.Success) pendingName = holder.Groups["name"].Value;
            var constant = Constant().Match(line);
            if (constant.Success && scopes.Count > 0)
            {
                var path = string.Join('.', scopes.Reverse().Select(s => s.Name).OfType<string>());
                if (path.Length > 0) into.TryAdd($"{path}.{constant.Groups["name"].Value}", constant.Groups["value"].Value);
            }
            foreach (var c in line)
            {
                if (c == '{')
                {
                    depth++;
                    scopes.Push((pendingName, depth));
                    pendingName = null;
                }
                else if (c == '}' && depth > 0)
                {
                    if (scopes.Count > 0 && scopes.Peek().Depth == depth) scopes.Pop();
                    depth--;
                }
            }
        }
    }

    [GeneratedRegex(@"\b(?:object|class|interface|enum\s+class)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex Holder();

    [GeneratedRegex(@"\b(?:const\s+val|val|(?:public\s+)?(?:static\s+)?final\s+String|static\s+String|def)\s+(?<name>[A-Za-z_]\w*)\s*(?::\s*String)?\s*=\s*""(?<value>[^""\n]*)""")]
    private static partial Regex Constant();
}
