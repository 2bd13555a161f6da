using System.Text.RegularExpressions;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Ruby;

/// <summary>
/// Reads a <c>*.gemspec</c> as text, never running it: <c>add_dependency</c>/<c>add_runtime_dependency</c> (runtime) and
/// <c>add_development_dependency</c> (development) with their literal requirements, and <c>required_ruby_version</c>.
/// A dependency named or constrained by anything but string literals is a problem on its line.
/// </summary>
public static partial class Gemspec
{
    public static RubyManifest Read(string text)
    {
        var gems = new List<GemDeclaration>();
        var problems = new List<(int, string)>();
        (string, int)? ruby = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Gemfile.StripComment(lines[i]).Trim();
            var rv = RequiredRuby().Match(line);
            if (rv.Success)
            {
                var args = Gemfile.Arguments(rv.Groups[1].Value);
                var literals = args.Positional.Select(a => a.Trim().TrimStart('[').TrimEnd(']')).ToList();
                if (literals.Count > 0 && literals.All(Gemfile.IsLiteral)) ruby = (string.Join(", ", literals.Select(Gemfile.Unquote)), i + 1);
                else problems.Add((i + 1, $"required_ruby_version '{rv.Groups[1].Value.Trim()}' is not a literal requirement"));
                continue;
            }
            var m = AddDependency().Match(line);
            if (!m.Success) continue;
            var scope = m.Groups[1].Value == "development_" ? DependencyScope.Dev : DependencyScope.Runtime;
            var arguments = Gemfile.Arguments(m.Groups[2].Value);
            var positional = arguments.Positional.SelectMany(a => a.StartsWith('[') ? a.Trim('[', ']').Split(',') : [a]).Select(a => a.Trim()).ToList();
            if (positional.Count == 0 || !Gemfile.IsLiteral(positional[0])) { problems.Add((i + 1, $"'{line}' does not name its gem with a string literal")); continue; }
            var requirements = new List<string>();
            foreach (var r in positional.Skip(1))
            {
                if (Gemfile.IsLiteral(r)) requirements.Add(Gemfile.Unquote(r));
                else problems.Add((i + 1, $"gem '{Gemfile.Unquote(positional[0])}': requirement {r} is computed, not a literal; its version is not known"));
            }
            gems.Add(new GemDeclaration(Gemfile.Unquote(positional[0]), requirements.Count == 0 ? null : string.Join(", ", requirements), scope, null, null, i + 1));
        }
        return new RubyManifest(gems, ruby, problems);
    }

    [GeneratedRegex(@"^\w+\.add_(runtime_|development_)?dependency\b\s*(.*)$")] private static partial Regex AddDependency();
    [GeneratedRegex(@"^\w+\.required_ruby_version\s*=\s*(.+)$")] private static partial Regex RequiredRuby();
}
