using System.Text.RegularExpressions;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Ruby;

/// <summary>One <c>gem</c> line of a Gemfile or one <c>add_*dependency</c> of a gemspec, as written.</summary>
public sealed record GemDeclaration(string Name, string? Requirement, DependencyScope Scope, string? Condition, string? Source, int Line);

/// <summary>What a Gemfile or gemspec declares: gems, the Ruby it asks for, and what could not be read (line, why).</summary>
public sealed record RubyManifest(IReadOnlyList<GemDeclaration> Gems, (string Declared, int Line)? Ruby, IReadOnlyList<(int Line, string Message)> Problems);

/// <summary>
/// Reads a Gemfile as text, never running it: <c>gem</c> lines with their requirements and options, inside
/// <c>group</c>, <c>platforms</c>, <c>source</c>/<c>git</c>/<c>path</c> blocks and <c>if</c>/<c>unless</c> blocks, and the
/// <c>ruby</c> directive. A gem's group gives its scope (no group is runtime; test groups are test; <c>optional: true</c>
/// or an optional-sounding group is optional; any other group is development), its platforms and the Ruby conditions
/// around it become its condition (a jruby-only gem is not unconditional), and a <c>path:</c> or <c>git:</c> source is
/// kept as where it comes from. Anything computed (a requirement from <c>ENV</c>) is a problem on its line.
/// </summary>
public static partial class Gemfile
{
    private enum BlockKind { Group, Platforms, Condition, Source, Other }

    private sealed record Block(BlockKind Kind, string[] Values, bool Optional = false);

    public static RubyManifest Read(string text)
    {
        var gems = new List<GemDeclaration>();
        var problems = new List<(int, string)>();
        (string, int)? ruby = null;
        var blocks = new Stack<Block>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0) continue;
            var number = i + 1;
            if (line == "end" || line.StartsWith("end ", StringComparison.Ordinal) || line == "}")
            {
                if (blocks.Count > 0) blocks.Pop();
                continue;
            }
            var opens = BlockOpener().IsMatch(line);
            var word = FirstWord().Match(line).Value;
            switch (word)
            {
                case "group" when opens:
                {
                    var args = Arguments(BlockArguments(line, "group"));
                    blocks.Push(new Block(BlockKind.Group, args.Positional.Select(Symbol).ToArray(), args.Options.TryGetValue("optional", out var o) && o == "true"));
                    continue;
                }
                case "platforms" or "platform" when opens:
                    blocks.Push(new Block(BlockKind.Platforms, Arguments(BlockArguments(line, word)).Positional.Select(Symbol).ToArray()));
                    continue;
                case "source" or "git" or "path" or "github" when opens:
                    blocks.Push(new Block(BlockKind.Source, [$"{word}: {Unquote(Arguments(BlockArguments(line, word)).Positional.FirstOrDefault() ?? "")}"]));
                    continue;
                case "if" or "unless":
                    blocks.Push(new Block(BlockKind.Condition, [line]));
                    continue;
                case "else" or "elsif" when blocks.Count > 0 && blocks.Peek().Kind == BlockKind.Condition:
                    // The other branch: its gems are conditional too, on the opposite of what the block asked.
                    var previous = blocks.Pop().Values[0];
                    blocks.Push(new Block(BlockKind.Condition, [word == "else" ? $"not ({previous})" : line]));
                    continue;
                case "ruby":
                {
                    var args = Arguments(line["ruby".Length..]);
                    if (args.Positional.FirstOrDefault() is { } v && IsLiteral(v)) ruby = (string.Join(", ", args.Positional.Where(IsLiteral).Select(Unquote)), number);
                    else if (args.Options.ContainsKey("file")) { /* the .ruby-version file it names is read as its own fact */ }
                    else problems.Add((number, $"ruby directive '{line}' is not a literal version"));
                    continue;
                }
                case "gem":
                    if (Gem(line, number, blocks, problems) is { } gem) gems.Add(gem);
                    if (opens) blocks.Push(new Block(BlockKind.Other, []));
                    continue;
            }
            if (opens) blocks.Push(new Block(BlockKind.Other, []));
        }
        return new RubyManifest(gems, ruby, problems);
    }

    private static GemDeclaration? Gem(string line, int number, Stack<Block> blocks, List<(int, string)> problems)
    {
        var body = line["gem".Length..];
        string? modifier = null;
        var m = TrailingModifier().Match(body);
        if (m.Success) { modifier = m.Groups[1].Value.Trim() + " " + m.Groups[2].Value.Trim(); body = body[..m.Index]; }
        var args = Arguments(body.TrimEnd().TrimEnd('{').Replace(" do", "", StringComparison.Ordinal));
        if (args.Positional.Count == 0 || !IsLiteral(args.Positional[0])) { problems.Add((number, $"gem line '{line}' does not name a gem with a string literal")); return null; }
        var name = Unquote(args.Positional[0]);
        var requirements = new List<string>();
        foreach (var r in args.Positional.Skip(1))
        {
            if (IsLiteral(r)) requirements.Add(Unquote(r));
            else problems.Add((number, $"gem '{name}': requirement {r} is computed, not a literal; its version is not known"));
        }
        var groups = blocks.Where(b => b.Kind == BlockKind.Group).SelectMany(b => b.Values).ToList();
        var optional = blocks.Any(b => b is { Kind: BlockKind.Group, Optional: true }) || (args.Options.TryGetValue("optional", out var opt) && opt == "true");
        if (args.Options.TryGetValue("group", out var g) || args.Options.TryGetValue("groups", out g)) groups.AddRange(ListValues(g).Select(Symbol));
        var conditions = new List<string>();
        var platforms = blocks.Where(b => b.Kind == BlockKind.Platforms).SelectMany(b => b.Values).ToList();
        if (args.Options.TryGetValue("platforms", out var p) || args.Options.TryGetValue("platform", out p)) platforms.AddRange(ListValues(p).Select(Symbol));
        if (platforms.Count > 0) conditions.Add("platforms:" + string.Join(',', platforms.Distinct()));
        conditions.AddRange(blocks.Where(b => b.Kind == BlockKind.Condition).Reverse().Select(b => b.Values[0]));
        if (modifier is not null) conditions.Add(modifier);
        string? source = blocks.FirstOrDefault(b => b.Kind == BlockKind.Source)?.Values[0];
        foreach (var key in (ReadOnlySpan<string>)["path", "git", "github"])
            if (args.Options.TryGetValue(key, out var where)) source = $"{key}: {SourcePath(where)}";
        return new GemDeclaration(name, requirements.Count == 0 ? null : string.Join(", ", requirements), ScopeOf(groups, optional),
            conditions.Count == 0 ? null : string.Join(" && ", conditions), source, number);
    }

    /// <summary><c>File.expand_path("test/fixtures/theme", __dir__)</c> is the folder it names, relative to the Gemfile.</summary>
    private static string SourcePath(string value)
    {
        var m = ExpandPath().Match(value);
        return m.Success ? m.Groups[1].Value : Unquote(value);
    }

    internal static DependencyScope ScopeOf(IReadOnlyCollection<string> groups, bool optional)
    {
        if (optional || groups.Any(g => g.Contains("optional", StringComparison.OrdinalIgnoreCase))) return DependencyScope.Optional;
        var named = groups.Where(g => g is not ("default" or "production" or "runtime")).ToList();
        if (named.Count == 0) return DependencyScope.Runtime;
        return named.All(g => g.Contains("test", StringComparison.OrdinalIgnoreCase) || g is "ci" or "spec") ? DependencyScope.Test : DependencyScope.Dev;
    }

    private static string BlockArguments(string line, string word)
    {
        var rest = line[word.Length..].Trim();
        var doAt = rest.LastIndexOf(" do", StringComparison.Ordinal);
        if (doAt >= 0) rest = rest[..doAt];
        return rest.Trim().TrimStart('(').TrimEnd(')');
    }

    /// <summary>Splits a Ruby argument list at top-level commas into positional values and <c>key: v</c> / <c>:key =&gt; v</c> options.</summary>
    internal static (List<string> Positional, Dictionary<string, string> Options) Arguments(string text)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var t = text.Trim();
        if (t.StartsWith('(') && t.EndsWith(')')) t = t[1..^1];
        foreach (var raw in TopLevelSplit(t))
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            var arrow = HashRocket().Match(part);
            if (arrow.Success) { options[arrow.Groups[1].Value] = part[arrow.Length..].Trim(); continue; }
            var label = Label().Match(part);
            if (label.Success) { options[label.Groups[1].Value] = part[label.Length..].Trim(); continue; }
            positional.Add(part);
        }
        return (positional, options);
    }

    private static IEnumerable<string> TopLevelSplit(string text)
    {
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null) { if (c == '\\') i++; else if (c == quote) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ',' && depth == 0) { yield return text[start..i]; start = i + 1; }
        }
        yield return text[start..];
    }

    private static IEnumerable<string> ListValues(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        if (v.StartsWith("%i[", StringComparison.Ordinal) || v.StartsWith("%w[", StringComparison.Ordinal)) return v[3..].TrimEnd(']').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TopLevelSplit(v).Select(s => s.Trim()).Where(s => s.Length > 0);
    }

    internal static bool IsLiteral(string value) => value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') && !value.Contains("#{", StringComparison.Ordinal);

    internal static string Unquote(string value) => IsLiteral(value) ? value[1..^1] : value.Trim();

    private static string Symbol(string value) => Unquote(value.Trim().TrimStart(':'));

    /// <summary>Drops a <c>#</c> comment that is not inside a string.</summary>
    internal static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null) { if (c == '\\') i++; else if (c == quote) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '#' && !(i + 1 < line.Length && line[i + 1] == '{')) return line[..i];
        }
        return line;
    }

    [GeneratedRegex(@"^[a-z_]+")] private static partial Regex FirstWord();
    [GeneratedRegex(@"(\sdo(\s*\|[^|]*\|)?|\{)\s*$")] private static partial Regex BlockOpener();
    [GeneratedRegex(@"\s(if|unless)\s+(.+)$")] private static partial Regex TrailingModifier();
    [GeneratedRegex(@"^:([A-Za-z_]+)\s*=>")] private static partial Regex HashRocket();
    [GeneratedRegex(@"^([A-Za-z_]+):\s")] private static partial Regex Label();
    [GeneratedRegex(@"File\.expand_path\(\s*[""']([^""']+)[""']")] private static partial Regex ExpandPath();
}
