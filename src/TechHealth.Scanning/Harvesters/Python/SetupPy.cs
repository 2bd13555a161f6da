using System.Text;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>
/// Reads a setup.py as text and never runs it: the keyword arguments of its <c>setup()</c> call
/// (<c>install_requires</c>, <c>extras_require</c>, <c>tests_require</c>, <c>setup_requires</c>, <c>python_requires</c>)
/// when they are literals: a string, a list or tuple of strings, or for extras a dict of those with string keys.
/// Anything computed (a variable, a call, an expression, <c>**kwargs</c>) becomes a problem naming the keyword and line;
/// nothing is guessed. Knows nothing of other manifests: the harvester merges.
/// </summary>
internal static class SetupPy
{
    public static PythonManifest Read(string text)
    {
        var manifest = new PythonManifest();
        var tokens = PythonTokens.Read(text);
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (IsSetupCall(tokens, i)) ReadCall(tokens, i + 1, manifest);
        return manifest;
    }

    private static bool IsSetupCall(List<PythonToken> tokens, int i)
    {
        if (tokens[i] is not { Kind: TokenKind.Name, Text: "setup" } || tokens[i + 1] is not { Kind: TokenKind.Op, Text: "(" }) return false;
        if (i == 0) return true;
        var before = tokens[i - 1];
        if (before is { Kind: TokenKind.Name, Text: "def" }) return false;
        // setuptools.setup(...) and distutils.core.setup(...) are the same call; self.setup(...) in a test helper is not.
        if (before is { Kind: TokenKind.Op, Text: "." }) return i >= 2 && tokens[i - 2] is { Kind: TokenKind.Name, Text: "setuptools" or "core" };
        return true;
    }

    private static void ReadCall(List<PythonToken> tokens, int open, PythonManifest manifest)
    {
        foreach (var argument in Split(tokens, open))
        {
            if (argument.Count == 0) continue;
            if (argument[0] is { Kind: TokenKind.Op, Text: "**" })
            {
                manifest.Problems.Add((argument[0].Line, $"setup() takes keyword arguments from {Describe(argument[1..])}, which is computed and not read"));
                continue;
            }
            if (argument.Count < 3 || argument[0].Kind != TokenKind.Name || argument[1] is not { Kind: TokenKind.Op, Text: "=" }) continue;
            var keyword = argument[0];
            var value = argument[2..];
            DependencyScope? scope = keyword.Text switch
            {
                "install_requires" => DependencyScope.Runtime,
                "tests_require" => DependencyScope.Test,
                "setup_requires" => DependencyScope.Build,
                _ => null,
            };
            if (scope is { } s)
            {
                if (Strings(value) is { } items) AddAll(items, s, manifest);
                else Computed(keyword, value, "a literal list of strings", manifest);
            }
            else if (keyword.Text == "extras_require")
            {
                if (Extras(value) is { } extras)
                {
                    foreach (var (group, items) in extras)
                    {
                        // "name:marker" keys are conditional extras; a bare ":marker" key adds to install_requires under a marker.
                        var colon = group.IndexOf(':');
                        var name = colon < 0 ? group : group[..colon];
                        AddAll(items, name.Length == 0 ? DependencyScope.Runtime : PythonManifests.GroupScope(name, DependencyScope.Optional), manifest);
                    }
                }
                else Computed(keyword, value, "a literal dict of lists of strings", manifest);
            }
            else if (keyword.Text == "python_requires")
            {
                if (Concatenated(value, 0, out var end) is { } py && end == value.Count)
                    manifest.Runtime = new PythonRuntime(py.Text, Pep508.Lowest(py.Text), py.Line, 6);
                else Computed(keyword, value, "a string literal", manifest);
            }
        }
    }

    private static void AddAll(List<PythonToken> items, DependencyScope scope, PythonManifest manifest)
    {
        foreach (var item in items)
            if (PythonManifests.FromPep508(item.Text, scope, item.Line, manifest) is { } declaration) manifest.Declarations.Add(declaration);
    }

    private static void Computed(PythonToken keyword, List<PythonToken> value, string expected, PythonManifest manifest)
        => manifest.Problems.Add((keyword.Line, $"setup() {keyword.Text} is {Describe(value)}, not {expected}: it is computed when setup.py runs, so it is not read"));

    private static string Describe(List<PythonToken> value) => value switch
    {
        [{ Kind: TokenKind.Name } name] => $"the variable '{name.Text}'",
        [{ Kind: TokenKind.Name } name, { Text: "(" }, ..] => $"a call to '{name.Text}'",
        [{ Kind: TokenKind.Name } name, { Text: "." }, { Kind: TokenKind.Name } member, { Text: "(" }, ..] => $"a call to '{name.Text}.{member.Text}'",
        _ => "an expression",
    };

    /// <summary>The top-level comma-separated arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    private static List<List<PythonToken>> Split(List<PythonToken> tokens, int open)
    {
        var arguments = new List<List<PythonToken>> { new() };
        var depth = 0;
        for (var i = open + 1; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") depth++;
            else if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}")
            {
                if (depth == 0) break;
                depth--;
            }
            else if (depth == 0 && t is { Kind: TokenKind.Op, Text: "," })
            {
                arguments.Add([]);
                continue;
            }
            arguments[^1].Add(t);
        }
        return arguments;
    }

    /// <summary>A string (one requirement per line, as setuptools allows) or a list/tuple of strings; null when anything is not a literal.</summary>
    private static List<PythonToken>? Strings(List<PythonToken> value)
    {
        if (Concatenated(value, 0, out var stringEnd) is { } single && stringEnd == value.Count) return Lines(single);
        if (value.Count < 2 || value[0] is not { Kind: TokenKind.Op, Text: "[" or "(" } open) return null;
        var close = open.Text == "[" ? "]" : ")";
        if (value[^1] is not { Kind: TokenKind.Op } last || last.Text != close) return null;
        var items = new List<PythonToken>();
        var i = 1;
        while (i < value.Count - 1)
        {
            if (Concatenated(value, i, out var end) is not { } item) return null;
            items.Add(item);
            i = end;
            if (i < value.Count - 1)
            {
                if (value[i] is not { Kind: TokenKind.Op, Text: "," }) return null;
                i++;
            }
        }
        return items;
    }

    private static List<(string Group, List<PythonToken> Items)>? Extras(List<PythonToken> value)
    {
        if (value.Count < 2 || value[0] is not { Kind: TokenKind.Op, Text: "{" } || value[^1] is not { Kind: TokenKind.Op, Text: "}" }) return null;
        var extras = new List<(string, List<PythonToken>)>();
        var i = 1;
        while (i < value.Count - 1)
        {
            if (Concatenated(value, i, out var keyEnd) is not { } key || keyEnd >= value.Count - 1 || value[keyEnd] is not { Kind: TokenKind.Op, Text: ":" }) return null;
            var start = keyEnd + 1;
            var end = start;
            for (var depth = 0; end < value.Count - 1; end++)
            {
                var t = value[end];
                if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") depth++;
                else if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}") depth--;
                else if (depth == 0 && t is { Kind: TokenKind.Op, Text: "," }) break;
            }
            if (Strings(value.GetRange(start, end - start)) is not { } items) return null;
            extras.Add((key.Text, items));
            i = end < value.Count - 1 ? end + 1 : end;
        }
        return extras;
    }

    /// <summary>Adjacent string literals starting at <paramref name="start"/> joined as Python joins them; null when none is there or one is an f-string or bytes.</summary>
    private static PythonToken? Concatenated(List<PythonToken> value, int start, out int end)
    {
        end = start;
        var text = new StringBuilder();
        while (end < value.Count && value[end].Kind == TokenKind.String) text.Append(value[end++].Text);
        if (end == start || value.Skip(start).Take(end - start).Any(t => t.Computed)) return null;
        return value[start] with { Text = text.ToString() };
    }

    private static List<PythonToken> Lines(PythonToken literal)
    {
        var lines = literal.Text.Split('\n');
        var result = new List<PythonToken>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var hash = line.IndexOf(" #", StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash].TrimEnd();
            if (line.Length == 0 || line[0] == '#') continue;
            result.Add(literal with { Text = line, Line = literal.Line + i });
        }
        return result;
    }
}

internal enum TokenKind { Name, String, Op, Other }

/// <summary>One token of Python source; <see cref="Computed"/> marks f-strings and bytes, whose value is not a plain string literal.</summary>
internal sealed record PythonToken(TokenKind Kind, string Text, int Line, bool Computed = false);

/// <summary>
/// Just enough of Python's lexer to find call arguments: names, string literals (prefixes, triple quotes, escapes),
/// operators, comments and line continuations. Indentation and numbers carry no meaning here.
/// </summary>
internal static class PythonTokens
{
    public static List<PythonToken> Read(string text)
    {
        var tokens = new List<PythonToken>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '\n' or '\r') { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var word = text[start..i];
                if (i < text.Length && text[i] is '"' or '\'' && word.Length <= 2 && word.All(p => "rRbBuUfF".Contains(p)))
                {
                    tokens.Add(ReadString(text, ref i, ref line, word.ToLowerInvariant()));
                    continue;
                }
                tokens.Add(new PythonToken(TokenKind.Name, word, line));
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i, ref line, ""));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '_')) i++;
                tokens.Add(new PythonToken(TokenKind.Other, text[start..i], line));
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "**" or "==" or "!=" or "<=" or ">=" or "->" or ":=")
            {
                tokens.Add(new PythonToken(TokenKind.Op, two, line));
                i += 2;
                continue;
            }
            tokens.Add(new PythonToken(TokenKind.Op, c.ToString(), line));
            i++;
        }
        return tokens;
    }

    private static PythonToken ReadString(string text, ref int i, ref int line, string prefix)
    {
        var startLine = line;
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        i += triple ? 3 : 1;
        var raw = prefix.Contains('r');
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote && (!triple || (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)))
            {
                i += triple ? 3 : 1;
                break;
            }
            // An unterminated one-line string ends at the line's end, as Python would refuse it there.
            if (c == '\n' && !triple) break;
            if (c == '\n') line++;
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next == '\n') line++;
                if (raw) value.Append(c).Append(next);
                else if (next == 'n') value.Append('\n');
                else if (next == 't') value.Append('\t');
                else if (next != '\n') value.Append(next);
                i += 2;
                continue;
            }
            value.Append(c);
            i++;
        }
        return new PythonToken(TokenKind.String, value.ToString(), startLine, prefix.Contains('f') || prefix.Contains('b'));
    }
}
