namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>One logical line of a requirements file, after joining continuations and dropping comments and per-line options.</summary>
internal sealed record RequirementLine(string Text, int Line, List<string> Via);

/// <summary>A <c>-r</c>/<c>-c</c> reference to another file, relative to the one that names it.</summary>
internal sealed record RequirementsReference(string Path, bool Constraint, int Line);

/// <summary>
/// A requirements file as written. <see cref="CompiledFrom"/> lists the <c>.in</c> files pip-compile's header names
/// (<c>#    pip-compile --output-file=requirements.txt requirements.in</c>) as written; <see cref="Annotated"/> is true when
/// any pin carries a <c># via</c> note.
/// </summary>
internal sealed record RequirementsFile(IReadOnlyList<RequirementLine> Requirements, IReadOnlyList<RequirementsReference> References, IReadOnlyList<RequirementLine> Editables,
    IReadOnlyList<string> CompiledFrom)
{
    public bool Annotated => Requirements.Any(r => r.Via.Count > 0);
}

/// <summary>Reads pip's requirements format: continuations, comments, options, <c>-r</c>/<c>-c</c>/<c>-e</c>, hashes, and pip-compile's header and <c># via</c> notes.</summary>
internal static class RequirementsReader
{
    public static RequirementsFile Read(string text)
    {
        var requirements = new List<RequirementLine>();
        var references = new List<RequirementsReference>();
        var editables = new List<RequirementLine>();
        var compiledFrom = new List<string>();
        var lines = text.Split('\n');
        RequirementLine? last = null;
        var inVia = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i + 1;
            var physical = lines[i].TrimEnd('\r');
            var trimmed = physical.Trim();
            if (trimmed.StartsWith('#'))
            {
                // pip-compile lists why a pin is there: "# via -r requirements.in" marks a direct requirement.
                var comment = trimmed.TrimStart('#').Trim();
                if (requirements.Count == 0 && comment.StartsWith("pip-compile ", StringComparison.Ordinal))
                    compiledFrom.AddRange(comment.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Where(a => !a.StartsWith('-') && a.EndsWith(".in", StringComparison.Ordinal)));
                if (last is not null && comment.StartsWith("via", StringComparison.Ordinal) && (comment.Length == 3 || comment[3] == ' '))
                {
                    inVia = true;
                    if (comment.Length > 3) last.Via.Add(comment[3..].Trim());
                }
                else if (inVia && last is not null && comment.Length > 0 && physical.TrimStart().StartsWith("#   ", StringComparison.Ordinal))
                {
                    last.Via.Add(comment);
                }
                else inVia = false;
                continue;
            }
            var logical = physical;
            while (logical.TrimEnd().EndsWith('\\') && i + 1 < lines.Length)
            {
                logical = logical.TrimEnd()[..^1] + " " + lines[++i].TrimEnd('\r');
            }
            var hash = logical.IndexOf(" #", StringComparison.Ordinal);
            if (hash < 0) hash = logical.IndexOf("\t#", StringComparison.Ordinal);
            if (hash >= 0) logical = logical[..hash];
            logical = logical.Trim();
            if (logical.Length == 0) continue;
            inVia = false;

            if (logical.StartsWith('-'))
            {
                var (option, value) = SplitOption(logical);
                switch (option)
                {
                    case "-r" or "--requirement":
                        references.Add(new RequirementsReference(value, false, start));
                        break;
                    case "-c" or "--constraint":
                        references.Add(new RequirementsReference(value, true, start));
                        break;
                    case "-e" or "--editable":
                        editables.Add(last = new RequirementLine(value, start, []));
                        break;
                }
                continue;
            }
            // Per-requirement options (--hash=..., --config-settings) follow the requirement itself.
            var options = logical.IndexOf(" --", StringComparison.Ordinal);
            if (options >= 0) logical = logical[..options].Trim();
            requirements.Add(last = new RequirementLine(logical, start, []));
        }
        return new RequirementsFile(requirements, references, editables, compiledFrom);
    }

    private static (string Option, string Value) SplitOption(string line)
    {
        var eq = line.IndexOf('=');
        var space = line.IndexOfAny([' ', '\t']);
        var cut = eq > 0 && (space < 0 || eq < space) && line.StartsWith("--", StringComparison.Ordinal) ? eq : space;
        if (cut < 0) return (line, "");
        var value = line[(cut + 1)..].Trim();
        var options = value.IndexOf(" --", StringComparison.Ordinal);
        return (line[..cut], options >= 0 ? value[..options].Trim() : value);
    }
}
