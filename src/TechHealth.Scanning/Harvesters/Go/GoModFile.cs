namespace TechHealth.Scanning.Harvesters.Go;

/// <summary>
/// What a go.mod or go.work says: module path, go and toolchain directives, requirements, replacements and (go.work only)
/// the folders of the workspace's modules. Holds no resolution logic.
/// </summary>
internal sealed record GoModFile(
    string? Module,
    GoDirective? Go,
    GoDirective? Toolchain,
    IReadOnlyList<GoRequire> Requires,
    IReadOnlyList<GoReplace> Replaces,
    IReadOnlyList<GoModProblem> Problems,
    IReadOnlyList<GoDirective> Uses);

internal sealed record GoDirective(string Value, int Line);

internal sealed record GoRequire(string Path, string Version, bool Indirect, int Line);

/// <summary><c>replace Old [OldVersion] =&gt; New [NewVersion]</c>; a missing <see cref="NewVersion"/> means New is a local directory.</summary>
internal sealed record GoReplace(string OldPath, string? OldVersion, string NewPath, string? NewVersion, int Line);

internal sealed record GoModProblem(int Line, string Message);

/// <summary>Reads go.mod and go.work syntax: single-line directives and parenthesised blocks, <c>//</c> comments, quoted paths.</summary>
internal static class GoModReader
{
    /// <summary>Reads a go.mod, or with <paramref name="workspace"/> a go.work, whose directives differ (use; no module or require).</summary>
    public static GoModFile Read(string text, bool workspace = false)
    {
        string? module = null;
        GoDirective? go = null, toolchain = null;
        var requires = new List<GoRequire>();
        var replaces = new List<GoReplace>();
        var problems = new List<GoModProblem>();
        var uses = new List<GoDirective>();
        string? block = null;
        var blockLine = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var raw = lines[i].TrimEnd('\r');
            var comment = "";
            var slash = raw.IndexOf("//", StringComparison.Ordinal);
            if (slash >= 0) { comment = raw[(slash + 2)..].Trim(); raw = raw[..slash]; }
            var tokens = Tokens(raw);
            if (tokens.Count == 0) continue;

            string verb;
            List<string> args;
            if (block is not null)
            {
                if (tokens is [")"]) { block = null; continue; }
                verb = block;
                args = tokens;
            }
            else
            {
                verb = tokens[0];
                args = tokens.GetRange(1, tokens.Count - 1);
                if (args is ["("]) { block = verb; blockLine = lineNo; continue; }
            }

            if (workspace && verb is "module" or "require" or "exclude" or "retract" or "tool" or "ignore")
            {
                problems.Add(new(lineNo, $"'{verb}' is not allowed in go.work; it belongs in a module's go.mod"));
                continue;
            }
            switch (verb)
            {
                case "use" when workspace:
                    if (args.Count == 1) uses.Add(new GoDirective(args[0], lineNo)); else problems.Add(new(lineNo, $"use needs exactly one folder, found '{string.Join(' ', args)}'"));
                    break;
                case "module":
                    if (args.Count == 1) module = args[0]; else problems.Add(new(lineNo, "module directive needs exactly one path"));
                    break;
                case "go":
                    if (args.Count == 1) go = new GoDirective(args[0], lineNo); else problems.Add(new(lineNo, "go directive needs exactly one version"));
                    break;
                case "toolchain":
                    if (args.Count == 1) toolchain = new GoDirective(args[0], lineNo); else problems.Add(new(lineNo, "toolchain directive needs exactly one name"));
                    break;
                case "require":
                    if (args.Count == 2) requires.Add(new GoRequire(args[0], args[1], IsIndirect(comment), lineNo));
                    else problems.Add(new(lineNo, $"require needs a module path and a version, found '{string.Join(' ', args)}'"));
                    break;
                case "replace":
                    var arrow = args.IndexOf("=>");
                    if (arrow is 1 or 2 && args.Count - arrow - 1 is 1 or 2)
                        replaces.Add(new GoReplace(args[0], arrow == 2 ? args[1] : null, args[arrow + 1], args.Count - arrow - 1 == 2 ? args[^1] : null, lineNo));
                    else problems.Add(new(lineNo, $"replace must read 'old [version] => new [version]', found '{string.Join(' ', args)}'"));
                    break;
                case "exclude" or "retract" or "godebug" or "tool" or "ignore":
                    break;
                default:
                    problems.Add(new(lineNo, $"unknown directive '{verb}'"));
                    break;
            }
        }
        if (block is not null) problems.Add(new(blockLine, $"{block} block opened here is never closed with ')'"));
        return new GoModFile(module, go, toolchain, requires, replaces, problems, uses);
    }

    private static bool IsIndirect(string comment)
        => comment == "indirect" || comment.StartsWith("indirect;", StringComparison.Ordinal);

    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '"' or '`')
            {
                var end = line.IndexOf(c, i + 1);
                if (end < 0) end = line.Length;
                tokens.Add(line[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add(line[start..i]);
        }
        return tokens;
    }
}
