using System.Text;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>
/// Reads a setup.py as text and never runs it: the keyword arguments of its <c>setup()</c> call
/// (<c>install_requires</c>, <c>extras_require</c>, <c>tests_require</c>, <c>setup_requires</c>, <c>python_requires</c>)
/// when they are literals: a string, a list or tuple of strings, or for extras a dict of those with string keys.
/// A keyword may also name a module-level variable that the file assigns once, to such a literal, and never changes
/// (<c>requires = [...]</c> then <c>install_requires=requires</c>, as many projects write it). Anything else computed (a
/// variable assigned twice or changed, a call, an expression, <c>**kwargs</c>) becomes a problem naming the keyword and
/// line; nothing is guessed. Knows nothing of other manifests: the harvester merges.
/// </summary>
internal static class SetupPy
{
    public static PythonManifest Read(string text)
    {
        var manifest = new PythonManifest();
        var tokens = PythonTokens.Read(text);
        var variables = ModuleVariables.Read(tokens);
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (IsSetupCall(tokens, i)) ReadCall(tokens, i + 1, variables, manifest);
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

    private static void ReadCall(List<PythonToken> tokens, int open, ModuleVariables variables, PythonManifest manifest)
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
            var described = Describe(value, variables);
            if (value is [{ Kind: TokenKind.Name } variable] && variables.Literal(variable.Text) is { } assigned)
            {
                value = assigned;
                described = $"the variable '{variable.Text}', which is {Describe(assigned)}";
            }
            DependencyScope? scope = keyword.Text switch
            {
                "install_requires" => DependencyScope.Runtime,
                "tests_require" => DependencyScope.Test,
                "setup_requires" => DependencyScope.Build,
                _ => null,
            };
            if (scope is { } s)
            {
                if (Strings(value, variables) is { } items) AddAll(items, s, manifest);
                else Computed(keyword, described, "a literal list of strings", manifest);
            }
            else if (keyword.Text == "extras_require")
            {
                if (Extras(value, variables) is { } extras)
                {
                    foreach (var (group, items) in extras)
                    {
                        // "name:marker" keys are conditional extras; a bare ":marker" key adds to install_requires under a marker.
                        var colon = group.IndexOf(':');
                        var name = colon < 0 ? group : group[..colon];
                        AddAll(items, name.Length == 0 ? DependencyScope.Runtime : PythonManifests.GroupScope(name, DependencyScope.Optional), manifest);
                    }
                }
                else Computed(keyword, described, "a literal dict of lists of strings", manifest);
            }
            else if (keyword.Text == "python_requires")
            {
                if (Concatenated(value, 0, out var end) is { } py && end == value.Count)
                    manifest.Runtime = new PythonRuntime(py.Text, Pep508.Lowest(py.Text), py.Line, 6);
                else Computed(keyword, described, "a string literal", manifest);
            }
        }
    }

    private static void AddAll(List<PythonToken> items, DependencyScope scope, PythonManifest manifest)
    {
        foreach (var item in items)
            if (PythonManifests.FromPep508(item.Text, scope, item.Line, manifest) is { } declaration) manifest.Declarations.Add(declaration);
    }

    private static void Computed(PythonToken keyword, string described, string expected, PythonManifest manifest)
        => manifest.Problems.Add((keyword.Line, $"setup() {keyword.Text} is {described}, not {expected}: it is computed when setup.py runs, so it is not read"));

    private static string Describe(List<PythonToken> value, ModuleVariables? variables = null) => value switch
    {
        [{ Kind: TokenKind.Name } name] => $"the variable '{name.Text}'" + (variables?.WhyNotRead(name.Text) is { } why ? $" ({why})" : ""),
        [{ Kind: TokenKind.Name } name, { Text: "(" }, ..] => $"a call to '{name.Text}'",
        [{ Kind: TokenKind.Name } name, { Text: "." }, { Kind: TokenKind.Name } member, { Text: "(" }, ..] => $"a call to '{name.Text}.{member.Text}'",
        _ => "an expression",
    };

    /// <summary>The top-level comma-separated arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    private static List<List<PythonToken>> Split(List<PythonToken> tokens, int open)
    {
        // Up to the matching ')', or the end of a file cut short.
        var end = open + 1;
        for (var depth = 0; end < tokens.Count; end++)
        {
            var t = tokens[end];
            if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") depth++;
            else if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}" && depth-- == 0) break;
        }
        return TopLevelSplit(tokens.GetRange(open + 1, end - open - 1), ",");
    }

    /// <summary>
    /// A string (one requirement per line, as setuptools allows), a list/tuple of strings, a variable holding one, or a
    /// sum of those (<c>REQUIRED + CLI_PACKAGES</c>); null when any part is not a literal.
    /// </summary>
    private static List<PythonToken>? Strings(List<PythonToken> value, ModuleVariables variables, int hops = 0)
    {
        // Variables naming variables are followed a few steps only, so a = b; b = a cannot loop.
        if (hops > 8) return null;
        if (value is [{ Kind: TokenKind.Name } name]) return variables.Literal(name.Text) is { } assigned ? Strings(assigned, variables, hops + 1) : null;
        if (TopLevelSplit(value, "+") is { Count: > 1 } parts)
        {
            var all = new List<PythonToken>();
            foreach (var part in parts)
            {
                if (Strings(part, variables, hops + 1) is not { } partItems) return null;
                all.AddRange(partItems);
            }
            return all;
        }
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

    private static List<(string Group, List<PythonToken> Items)>? Extras(List<PythonToken> value, ModuleVariables variables)
    {
        if (value is [{ Kind: TokenKind.Name } name] && variables.Literal(name.Text) is { } assigned) value = assigned;
        if (value.Count < 2 || value[0] is not { Kind: TokenKind.Op, Text: "{" } || value[^1] is not { Kind: TokenKind.Op, Text: "}" }) return null;
        var extras = new List<(string, List<PythonToken>)>();
        foreach (var pair in TopLevelSplit(value[1..^1], ","))
        {
            if (pair.Count == 0) continue; // a trailing comma
            if (Concatenated(pair, 0, out var keyEnd) is not { } key || keyEnd >= pair.Count || pair[keyEnd] is not { Kind: TokenKind.Op, Text: ":" }) return null;
            if (Strings(pair[(keyEnd + 1)..], variables) is not { } items) return null;
            extras.Add((key.Text, items));
        }
        return extras;
    }

    /// <summary>The parts of <paramref name="value"/> between top-level <paramref name="op"/> tokens (outside brackets).</summary>
    private static List<List<PythonToken>> TopLevelSplit(List<PythonToken> value, string op)
    {
        var parts = new List<List<PythonToken>> { new() };
        var depth = 0;
        foreach (var t in value)
        {
            if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") depth++;
            else if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}") depth--;
            else if (depth == 0 && t.Kind == TokenKind.Op && t.Text == op) { parts.Add([]); continue; }
            parts[^1].Add(t);
        }
        return parts;
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

/// <summary>
/// The module's simple assignments (<c>name = value</c> starting a statement outside any bracket), so a keyword that names
/// a variable can be read when the file gives it one value and never touches it again. Anything that could change the
/// value (a second assignment, <c>+=</c>, a method call on it, an item assignment, <c>global</c>) makes it unreadable.
/// </summary>
internal sealed class ModuleVariables
{
    private readonly Dictionary<string, List<PythonToken>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unreadable = new(StringComparer.Ordinal);

    public static ModuleVariables Read(List<PythonToken> tokens)
    {
        var variables = new ModuleVariables();
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") { depth++; continue; }
            if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}") { depth = Math.Max(0, depth - 1); continue; }
            if (t.Kind != TokenKind.Name || i + 1 >= tokens.Count) continue;
            var next = tokens[i + 1];
            // Module level: unindented at the start of a line (a function's locals are indented), or after a ';'.
            var startsStatement = (t.Column == 0 && (i == 0 || tokens[i - 1].EndLine < t.Line)) || (i > 0 && tokens[i - 1] is { Kind: TokenKind.Op, Text: ";" });
            if (depth == 0 && startsStatement && next is { Kind: TokenKind.Op, Text: "=" })
            {
                var value = Statement(tokens, i + 2);
                if (!variables._values.TryAdd(t.Text, value)) variables._unreadable.TryAdd(t.Text, "assigned more than once");
                i += 1 + value.Count;
                continue;
            }
            if (next.Kind == TokenKind.Op && next.Text is "+" or "-" or "*" or "|" && i + 2 < tokens.Count && tokens[i + 2] is { Kind: TokenKind.Op, Text: "=" })
                variables._unreadable.TryAdd(t.Text, $"changed with {next.Text}= on line {t.Line}");
            else if (next is { Kind: TokenKind.Op, Text: "." } && i + 2 < tokens.Count && tokens[i + 2] is { Kind: TokenKind.Name, Text: "append" or "extend" or "insert" or "update" or "remove" or "pop" or "clear" or "setdefault" } method)
                variables._unreadable.TryAdd(t.Text, $"changed by .{method.Text}() on line {t.Line}");
            else if (next is { Kind: TokenKind.Op, Text: "[" } && startsStatement && depth == 0)
                variables._unreadable.TryAdd(t.Text, $"changed by an item assignment on line {t.Line}");
            else if (i > 0 && tokens[i - 1] is { Kind: TokenKind.Name, Text: "global" or "del" })
                variables._unreadable.TryAdd(t.Text, $"changed on line {t.Line}");
        }
        return variables;
    }

    /// <summary>The tokens of the value a variable was given once and never changed; null otherwise.</summary>
    public List<PythonToken>? Literal(string name)
        => _unreadable.ContainsKey(name) ? null : _values.GetValueOrDefault(name);

    /// <summary>Why a named variable cannot be read, for the warning; null when nothing is known against it.</summary>
    public string? WhyNotRead(string name)
        => _unreadable.TryGetValue(name, out var why) ? why : _values.ContainsKey(name) ? null : "not assigned in this file";

    /// <summary>The tokens of one statement's right-hand side: up to the line break outside brackets.</summary>
    private static List<PythonToken> Statement(List<PythonToken> tokens, int start)
    {
        var value = new List<PythonToken>();
        var depth = 0;
        for (var j = start; j < tokens.Count; j++)
        {
            var t = tokens[j];
            if (depth == 0 && value.Count > 0 && (t.Line > value[^1].EndLine || t is { Kind: TokenKind.Op, Text: ";" })) break;
            if (t.Kind == TokenKind.Op && t.Text is "(" or "[" or "{") depth++;
            else if (t.Kind == TokenKind.Op && t.Text is ")" or "]" or "}") depth--;
            value.Add(t);
        }
        return value;
    }
}

internal enum TokenKind { Name, String, Op, Other }

/// <summary>One token of Python source; <see cref="Computed"/> marks f-strings and bytes, whose value is not a plain string literal.</summary>
internal sealed record PythonToken(TokenKind Kind, string Text, int Line, bool Computed = false)
{
    /// <summary>0-based column where a name starts, so module-level statements can be told from indented ones.</summary>
    public int Column { get; init; }

    /// <summary>The line the token ends on: later than <see cref="Line"/> only for a string that spans lines.</summary>
    public int EndLine { get => Math.Max(field, Line); init; }
}

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
        var lineStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n') { line++; i++; lineStart = i; continue; }
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
                    tokens.Add(ReadString(text, ref i, ref line, ref lineStart, word.ToLowerInvariant()));
                    continue;
                }
                tokens.Add(new PythonToken(TokenKind.Name, word, line) { Column = start - lineStart });
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i, ref line, ref lineStart, ""));
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

    private static PythonToken ReadString(string text, ref int i, ref int line, ref int lineStart, string prefix)
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
            if (c == '\n') { line++; lineStart = i + 1; }
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next == '\n') { line++; lineStart = i + 2; }
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
        return new PythonToken(TokenKind.String, value.ToString(), startLine, prefix.Contains('f') || prefix.Contains('b')) { EndLine = line };
    }
}
