using System.Globalization;
using System.Text.RegularExpressions;
using TechHealth.Core.Text;
using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using TechHealth.Versioning;

namespace TechHealth.Certification;

/// <summary>
/// Turns one rule tree into a closure over <see cref="EvaluationContext"/>. Everything that can be decided from
/// the definitions alone (regexes, globs, ranges, operators) is decided here, once; a node that cannot be compiled
/// becomes a closure that answers unknown with the reason, and the problem is recorded with its source location.
/// </summary>
internal sealed class RuleCompiler
{
    private readonly Radar _radar;
    private readonly CertificationOptions _options;
    private readonly List<DefinitionProblem> _problems;
    private readonly string _checkId;

    public RuleCompiler(Radar radar, CertificationOptions options, List<DefinitionProblem> problems, string checkId)
    {
        _radar = radar;
        _options = options;
        _problems = problems;
        _checkId = checkId;
    }

    public Func<EvaluationContext, Outcome> Compile(RuleNode node) => node switch
    {
        AllRule all => CompileAll(all),
        AnyRule any => CompileAny(any),
        NotRule not => CompileNot(not),
        FileCondition file => CompileFile(file),
        FactCondition fact => CompileFact(fact),
        AnnotationCondition annotation => CompileAnnotation(annotation),
        RadarCondition radar => CompileRadar(radar),
        _ => Broken(node.Location, $"unknown rule kind '{node.GetType().Name}'"),
    };

    private Func<EvaluationContext, Outcome> Broken(SourceLocation location, string problem)
    {
        _problems.Add(new DefinitionProblem(ProblemSeverity.Error, location, $"check '{_checkId}': {problem}"));
        var message = $"rule cannot run: {problem}" + (location.Line > 0 ? $" ({location})" : "");
        var outcome = Outcome.Unknown(message);
        return _ => outcome;
    }

    private void Warn(SourceLocation location, string problem)
        => _problems.Add(new DefinitionProblem(ProblemSeverity.Warning, location, $"check '{_checkId}': {problem}"));

    // ---- all / any / not: Kleene logic, so an unknown never turns into a pass --------------------------------

    private Func<EvaluationContext, Outcome> CompileAll(AllRule rule)
    {
        if (rule.Children.Count == 0) return Broken(rule.Location, "'all' has no conditions");
        var children = rule.Children.Select(Compile).ToArray();
        if (children.Length == 1) return children[0];
        return ctx =>
        {
            var outcomes = new Outcome[children.Length];
            for (var i = 0; i < children.Length; i++) outcomes[i] = children[i](ctx);
            var failed = outcomes.Where(o => o.Truth == Truth.False).ToList();
            if (failed.Count > 0) return Outcome.False(Join(failed), failed.SelectMany(o => o.Evidence).ToList());
            var unknown = outcomes.Where(o => o.Truth == Truth.Unknown).ToList();
            if (unknown.Count > 0) return Outcome.Unknown(Join(unknown), unknown.SelectMany(o => o.Evidence).ToList());
            var warned = outcomes.Where(o => o.Warnings.Count > 0).ToList();
            return new Outcome(Truth.True, Join(outcomes), outcomes.SelectMany(o => o.Evidence).ToList(), outcomes.SelectMany(o => o.Warnings).ToList())
            {
                WarningSummary = warned.Count == 0 ? null : string.Join("; ", warned.Select(o => o.WarningSummary).Where(w => w is not null).Distinct()),
            };
        };
    }

    private Func<EvaluationContext, Outcome> CompileAny(AnyRule rule)
    {
        if (rule.Children.Count == 0) return Broken(rule.Location, "'any' has no conditions");
        var children = rule.Children.Select(Compile).ToArray();
        if (children.Length == 1) return children[0];
        return ctx =>
        {
            Outcome? warned = null;
            var outcomes = new List<Outcome>(children.Length);
            foreach (var child in children)
            {
                var o = child(ctx);
                if (o.Truth == Truth.True)
                {
                    if (o.Warnings.Count == 0) return o;
                    warned ??= o;
                }
                outcomes.Add(o);
            }
            if (warned is not null) return warned;
            var unknown = outcomes.Where(o => o.Truth == Truth.Unknown).ToList();
            if (unknown.Count > 0)
            {
                var others = Alternatives(outcomes.Except(unknown).ToList());
                return Outcome.Unknown(Alternatives(unknown) + (others.Length > 0 ? "; and nothing else holds: " + others : ""), unknown.SelectMany(o => o.Evidence).ToList());
            }
            return Outcome.False(Alternatives(outcomes), outcomes.SelectMany(o => o.Evidence).ToList());
        };
    }

    /// <summary>
    /// Why none of an <c>any</c>'s alternatives holds, once: the facts first, then every file looked for in one phrase
    /// ("no file matches CODEOWNERS, .github/CODEOWNERS or docs/CODEOWNERS"); a negated alternative only when nothing else explains.
    /// </summary>
    private static string Alternatives(List<Outcome> outcomes)
    {
        var globs = outcomes.Where(o => o.MissingGlob is not null).Select(o => o.MissingGlob!).ToList();
        var parts = outcomes.Where(o => o.MissingGlob is null && !o.Incidental).Select(o => o.Message).Where(m => m.Length > 0).ToList();
        if (globs.Count > 0) parts.Add("no file matches " + string.Join(", ", globs.Take(globs.Count - 1)) + (globs.Count > 1 ? " or " : "") + globs[^1]);
        if (parts.Count == 0) parts.AddRange(outcomes.Where(o => o.Incidental).Select(o => o.Message));
        return string.Join("; ", parts.Distinct());
    }

    private Func<EvaluationContext, Outcome> CompileNot(NotRule rule)
    {
        var child = Compile(rule.Child);
        return ctx =>
        {
            var o = child(ctx);
            return o.Truth switch
            {
                Truth.True => new Outcome(Truth.False, o.Message + ", which the check does not allow", o.Evidence) { Incidental = true },
                Truth.False => Outcome.True(o.Message, o.Evidence),
                _ => o,
            };
        };
    }

    private static string Join(IEnumerable<Outcome> outcomes) => string.Join("; ", outcomes.Select(o => o.Message).Where(m => m.Length > 0));

    // ---- file ------------------------------------------------------------------------------------------------

    private Func<EvaluationContext, Outcome> CompileFile(FileCondition condition)
    {
        Glob glob;
        try { glob = Glob.Parse(condition.Glob); }
        catch (FormatException ex) { return Broken(condition.Location, ex.Message); }

        Regex? contains = null;
        if (condition.Contains is { Length: > 0 } pattern)
        {
            try { contains = DefinitionRegex.Create(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, _options.RegexTimeout); }
            catch (ArgumentException ex) { return Broken(condition.Location, $"'contains' is not a valid regular expression: {ex.Message}"); }
        }

        var prefix = _options.FileContentFactPrefix;
        // What a match means, in words; the pattern itself never reaches a message.
        var says = condition.Says ?? "has the text the check looks for";
        return ctx =>
        {
            List<string> found;
            if (glob.IsLiteral)
                // The set ignores case, as the glob does; the fact is keyed by the path as the repository spells it.
                found = ctx.RelativeFileSet.TryGetValue(glob.Literal!, out var actual) ? [actual] : [];
            else
            {
                found = [];
                foreach (var f in ctx.RelativeFiles)
                    // A wildcard does not reach into test, fixture, example or e2e folders (an e2e Dockerfile is not
                    // what ships); a glob that names such a folder itself ("tests/**") still matches in it.
                    if (glob.IsMatch(f) && (ctx.TestFolderOf(f) is not { } folder || NamesFolder(glob.Text, folder))) found.Add(f);
            }
            if (found.Count == 0) return new Outcome(Truth.False, $"no file matches {glob.Text}") { MissingGlob = glob.Text };
            if (contains is null)
                return Outcome.True($"{found[0]} exists" + (found.Count > 1 ? $" (and {found.Count - 1} more matching {glob.Text})" : ""), [new Evidence($"{found[0]} exists", File: ComponentFile(ctx, found[0]))]);

            List<string>? missing = null;
            foreach (var f in found)
            {
                if (!ctx.Component.Facts.TryGetValue(prefix + f, out var text)) { (missing ??= []).Add(f); continue; }
                try
                {
                    var m = contains.Match(text);
                    if (m.Success)
                    {
                        var line = text.AsSpan(0, m.Index).Count('\n') + 1;
                        return Outcome.True($"{f} line {line} {says}", [new Evidence($"{f} {says}", ComponentFile(ctx, f), line)]);
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    return Outcome.Unknown($"reading {f} to see whether it {says} took longer than {_options.RegexTimeout.TotalMilliseconds:0} ms", [new Evidence($"{f} could not be searched in time", ComponentFile(ctx, f))]);
                }
            }
            // A file whose text the scan did not keep might hold the pattern: that is unknown, never a fail.
            if (missing is not null)
                return Outcome.Unknown($"whether {string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? $" (and {missing.Count - 3} more)" : "")} {says} is unknown: {NotKept(ctx, missing[0])}",
                    missing.Take(3).Select(f => new Evidence($"the text of {f} was not kept by the scan", ComponentFile(ctx, f))).ToList());
            // The files read are the evidence; the message says what none of them does.
            return Outcome.False($"no file matching {glob.Text} {says}",
                found.Select(f => new Evidence($"{f} was read", ComponentFile(ctx, f))).ToList());
        };
    }

    private static bool NamesFolder(string glob, string folder)
    {
        var segments = glob.Split('/');
        return folder.TrimEnd('/').Split('/').Any(f => segments.Contains(f, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Why a matching file's text is not among the facts: the scan said why it skipped it, or the scan predates the check.</summary>
    private static string NotKept(EvaluationContext ctx, string relative)
    {
        var file = ComponentFile(ctx, relative);
        var issue = ctx.Component.Issues.FirstOrDefault(i => string.Equals(i.File, file, StringComparison.Ordinal) && i.Message.StartsWith("text not kept", StringComparison.Ordinal));
        return issue is not null
            ? $"the scan did not keep its text ({issue.Message})"
            : "the scan these facts come from did not keep its text; the next scan collects it, since a check now asks for it";
    }

    private static string ComponentFile(EvaluationContext ctx, string relative)
    {
        var root = ctx.Component.Path.Replace('\\', '/').Trim('/');
        return root.Length == 0 ? relative : $"{root}/{relative}";
    }

    // ---- annotation ------------------------------------------------------------------------------------------

    private Func<EvaluationContext, Outcome> CompileAnnotation(AnnotationCondition condition)
    {
        if (string.IsNullOrWhiteSpace(condition.Annotation)) return Broken(condition.Location, "the annotation name is empty");
        var name = condition.Annotation;
        var expected = condition.Value;
        return ctx =>
        {
            // The message names the catalog file; evidence would only repeat it.
            var at = FactWords.CatalogFile(ctx.Component);
            if (!ctx.Component.Annotations.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
                return at is { } file
                    ? Outcome.False($"{file.File} has no annotation {name}")
                    : Outcome.False($"there is no catalog-info.yaml to hold the annotation {name}");
            var where = at is { } a ? $" in {a.File}" : "";
            if (expected is not null && !string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
                return Outcome.False($"annotation {name}{where} is '{value}', expected '{expected}'");
            return Outcome.True($"annotation {name}{where} is '{value}'");
        };
    }

    // ---- fact ------------------------------------------------------------------------------------------------

    private static string? ReadFact(EvaluationContext ctx, string name)
    {
        if (ctx.Component.Facts.TryGetValue(name, out var v)) return v;
        // The catalog fields double as facts so a check can say { fact: component.lifecycle, equals: production }.
        var c = ctx.Component;
        return name switch
        {
            "component.name" => c.Name,
            "type" or "component.type" => c.Type,
            "lifecycle" or "component.lifecycle" => c.Lifecycle,
            "tier" or "component.tier" => c.Tier,
            "owner" or "component.owner" => c.Owner,
            "system" or "component.system" => c.System,
            FactNames.CatalogProblems => FactWords.CatalogIssues(c).Count().ToString(CultureInfo.InvariantCulture),
            // The harvest looked and found nothing: a count of none, a plain "no"; anything else stays absent.
            _ => FactWords.AbsentValue(name),
        };
    }

    private Func<EvaluationContext, Outcome> CompileFact(FactCondition condition)
    {
        var fact = condition.Fact;
        var values = condition.Values;
        if (string.IsNullOrWhiteSpace(fact)) return Broken(condition.Location, "the fact name is empty");
        var op = condition.Operator;
        string V0() => values[0];
        bool NeedValue(out Func<EvaluationContext, Outcome>? broken)
        {
            broken = values.Count == 0 ? Broken(condition.Location, $"operator '{op}' on fact '{fact}' needs a value") : null;
            return broken is null;
        }

        var catalogField = FactWords.CatalogField(fact);
        var presence = FactWords.PresenceOf(fact);
        var noun = FactWords.Noun(fact);

        // The fact's value as a sentence: "no README found", "spec.lifecycle in catalog-info.yaml is 'prod'", "3 dependencies ...".
        string Say(EvaluationContext ctx, string v)
        {
            if (presence is not null && (v == "true" || v == "false"))
                return v == "true" ? $"found {presence}" : $"no {WithoutArticle(presence)} found";
            if (FactWords.IsCount(fact)) return FactWords.Count(fact, v);
            if (catalogField is not null && FactWords.CatalogFile(ctx.Component) is { } at) return $"{catalogField} in {at.File} is '{v}'";
            return $"{noun} is '{v}'";
        }

        // The sentences above name the catalog file; a fact's value has no evidence of its own to list.
        List<Evidence>? Where(EvaluationContext _) => null;

        // A fact that is absent: a catalog field not declared is a plain no that says where to add it; anything else
        // cannot be decided, and the verdict says why.
        Outcome Missing(EvaluationContext ctx, string hint)
        {
            if (catalogField is null) return Outcome.Unknown(FactWords.WhyUnknown(fact, ctx.Component));
            if (FactWords.CatalogFile(ctx.Component) is { } at)
                return Outcome.False($"{at.File} declares no {catalogField}; add {catalogField}{hint}");
            return Outcome.False($"there is no catalog-info.yaml, so nothing declares {catalogField}; add a catalog-info.yaml with {catalogField}{hint}");
        }

        switch (op.Trim().ToLowerInvariant())
        {
            case "exists":
            {
                var mustExist = values.Count == 0 || !string.Equals(V0(), "false", StringComparison.OrdinalIgnoreCase);
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    var present = !string.IsNullOrEmpty(v) && !(presence is not null && v == "false");
                    if (present == mustExist)
                        return Outcome.True(present ? Say(ctx, v!) : $"{noun} is not set, as required", Where(ctx));
                    if (present) return Outcome.False($"{Say(ctx, v!)}, but must not be set", Where(ctx));
                    return catalogField is not null ? Missing(ctx, "") : Outcome.False($"{noun} is not set");
                };
            }
            case "equals" or "notequals":
            {
                if (!NeedValue(out var b)) return b!;
                var negate = op.Equals("notEquals", StringComparison.OrdinalIgnoreCase);
                var expected = V0();
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, negate ? "" : $": {expected}");
                    var equal = string.Equals(v.Trim(), expected, StringComparison.OrdinalIgnoreCase);
                    if (equal != negate) return Outcome.True(Say(ctx, v), Where(ctx));
                    // "No README was found" says it all; other values say what was expected.
                    if (presence is not null && v is "true" or "false") return Outcome.False(Say(ctx, v), Where(ctx));
                    return Outcome.False(negate ? $"{Say(ctx, v)}, which is not allowed" : $"{Say(ctx, v)}, expected '{expected}'", Where(ctx));
                };
            }
            case "in":
            {
                if (!NeedValue(out var b)) return b!;
                var set = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
                var listed = OneOf(values);
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, $" ({listed})");
                    return set.Contains(v.Trim())
                        ? Outcome.True(Say(ctx, v), Where(ctx))
                        : Outcome.False($"{Say(ctx, v)}, expected {listed}", Where(ctx));
                };
            }
            case "matches":
            {
                if (!NeedValue(out var b)) return b!;
                Regex regex;
                try { regex = DefinitionRegex.Create(V0(), RegexOptions.CultureInvariant, _options.RegexTimeout); }
                catch (ArgumentException ex) { return Broken(condition.Location, $"'{V0()}' is not a valid regular expression: {ex.Message}"); }
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, "");
                    try
                    {
                        // The pattern stays out of the message: the check's title and remediation say what form is wanted.
                        return regex.IsMatch(v)
                            ? Outcome.True(Say(ctx, v), Where(ctx))
                            : Outcome.False($"{Say(ctx, v)}, which is not of the required form", Where(ctx));
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return Outcome.Unknown($"checking the form of {noun} took longer than {_options.RegexTimeout.TotalMilliseconds:0} ms");
                    }
                };
            }
            case "greaterthan" or "lessthan":
            {
                if (!NeedValue(out var b)) return b!;
                if (!double.TryParse(V0(), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
                    return Broken(condition.Location, $"operator '{op}' needs a number, got '{V0()}'");
                var greater = op.Equals("greaterThan", StringComparison.OrdinalIgnoreCase);
                var expectation = !greater && limit == 1 ? "expected none" : $"expected {(greater ? "more" : "fewer")} than {V0()}";
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, "");
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                        return Outcome.Unknown($"{noun} is '{v}', which is not a number");
                    var ok = greater ? n > limit : n < limit;
                    // A count lists what it counted, each with its file and line.
                    var counted = FactWords.Counted(fact, ctx.Component);
                    return ok
                        ? Outcome.True(Say(ctx, v), counted.Count > 0 ? counted.ToList() : null)
                        : Outcome.False($"{Say(ctx, v)}; {expectation}", counted.Count > 0 ? counted.ToList() : null);
                };
            }
            case "versionsatisfies":
            {
                if (!NeedValue(out var b)) return b!;
                var scheme = VersionScheme.Generic;
                if (values.Count > 1 && !Enum.TryParse(values[1], ignoreCase: true, out scheme))
                    return Broken(condition.Location, $"'{values[1]}' is not a version scheme (one of {string.Join(", ", Enum.GetNames<VersionScheme>())})");
                ParseResult<VersionRange> parsed;
                try { parsed = VersionRange.ParseComparators(V0(), scheme); }
                catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException) { parsed = ParseResult<VersionRange>.Fail(ex.Message); }
                if (!parsed.Success || parsed.Value is null) return Broken(condition.Location, $"'{V0()}' is not a version range: {parsed.Error}");
                var range = parsed.Value;
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, "");
                    bool ok;
                    try
                    {
                        var parsedVersion = Versions.Parse(range.Scheme, v.Trim());
                        if (!parsedVersion.Success || parsedVersion.Value is null)
                            return Outcome.Unknown($"{noun} is '{v}', which is not a {range.Scheme} version: {parsedVersion.Error}");
                        ok = range.Contains(parsedVersion.Value);
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
                    {
                        return Outcome.Unknown($"{noun} is '{v}', which is not a version: {ex.Message}");
                    }
                    return ok
                        ? Outcome.True($"{noun} is {v}, within {range.Text}", Where(ctx))
                        : Outcome.False($"{noun} is {v}, outside {range.Text}", Where(ctx));
                };
            }
            case "olderthandays" or "newerthandays":
            {
                if (!NeedValue(out var b)) return b!;
                if (!int.TryParse(V0(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days < 0)
                    return Broken(condition.Location, $"operator '{op}' needs a whole number of days, got '{V0()}'");
                var older = op.Equals("olderThanDays", StringComparison.OrdinalIgnoreCase);
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing(ctx, "");
                    if (!DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                        return Outcome.Unknown($"{noun} is '{v}', which is not a date");
                    var age = ctx.Now - when;
                    ctx.ReadAgeSince(when);
                    var ok = older ? age > TimeSpan.FromDays(days) : age < TimeSpan.FromDays(days);
                    var said = $"{noun} was on {when:yyyy-MM-dd}, {Math.Floor(age.TotalDays):0} days ago";
                    return ok
                        ? Outcome.True(said)
                        : Outcome.False($"{said}; expected {(older ? "more" : "fewer")} than {days} days");
                };
            }
            default:
                return Broken(condition.Location, $"unknown operator '{op}' on fact '{fact}' (known: equals, notEquals, in, exists, matches, greaterThan, lessThan, versionSatisfies, olderThanDays, newerThanDays)");
        }
    }

    private static string WithoutArticle(string text)
        => text.StartsWith("a ", StringComparison.Ordinal) ? text[2..] : text.StartsWith("an ", StringComparison.Ordinal) ? text[3..] : text;

    /// <summary>"one of experimental, production or deprecated".</summary>
    private static string OneOf(IReadOnlyList<string> values)
        => values.Count == 1 ? $"'{values[0]}'" : "one of " + string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];

    // ---- radar -----------------------------------------------------------------------------------------------

    private Func<EvaluationContext, Outcome> CompileRadar(RadarCondition condition)
    {
        var s = condition.Selector;
        var selectors = new List<Func<RadarMatch, bool>>();
        var described = new List<string>();

        if (s.Ecosystem is { Length: > 0 } eco)
        {
            selectors.Add(m => string.Equals(m.Dependency.Ecosystem, eco, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Dependency.Purl.Type, eco, StringComparison.OrdinalIgnoreCase));
            described.Add(eco);
        }
        if (s.Kind is { Length: > 0 } kindText)
        {
            if (!Enum.TryParse<Core.Facts.TechnologyKind>(kindText, ignoreCase: true, out var kind))
                return Broken(condition.Location, $"'{kindText}' is not a technology kind (one of {string.Join(", ", Enum.GetNames<Core.Facts.TechnologyKind>()).ToLowerInvariant()})");
            selectors.Add(m => m.Dependency.Kind == kind);
            described.Add(kindText.ToLowerInvariant());
        }
        if (s.Scope is { Length: > 0 } scopeText)
        {
            if (!Enum.TryParse<Core.Facts.DependencyScope>(scopeText, ignoreCase: true, out var scope))
                return Broken(condition.Location, $"'{scopeText}' is not a dependency scope (one of {string.Join(", ", Enum.GetNames<Core.Facts.DependencyScope>()).ToLowerInvariant()})");
            selectors.Add(m => m.Dependency.Scope == scope);
            described.Insert(0, $"{scopeText.ToLowerInvariant()}-scope");
        }
        if (s.Direct is { } direct)
        {
            selectors.Add(m => m.Dependency.Direct == direct);
            described.Add(direct ? "direct" : "transitive");
        }
        if (s.Conditional is { } conditional)
        {
            selectors.Add(m => (m.Dependency.Condition is { Length: > 0 }) == conditional);
            described.Add(conditional ? "conditional" : "unconditional");
        }
        if (s.Quadrant is { Length: > 0 } quadrant)
        {
            if (_radar.Quadrants.Count > 0 && !_radar.Quadrants.Any(q => q.Id.Equals(quadrant, StringComparison.OrdinalIgnoreCase)))
                Warn(condition.Location, $"quadrant '{quadrant}' is not on the radar");
            selectors.Add(m => m.Entry is not null && m.Entry.Quadrant.Equals(quadrant, StringComparison.OrdinalIgnoreCase));
            described.Add(quadrant);
        }
        if (s.Entry is { Length: > 0 } entryId)
        {
            if (_radar.FindEntry(entryId) is null) Warn(condition.Location, $"radar entry '{entryId}' does not exist");
            selectors.Add(m => m.Entry is not null && m.Entry.Id.Equals(entryId, StringComparison.OrdinalIgnoreCase));
            described.Add(entryId);
        }

        var rings = new HashSet<string>(s.Rings, StringComparer.OrdinalIgnoreCase);
        foreach (var ring in s.Rings)
            if (_radar.Rings.Count > 0 && !_radar.Rings.Any(r => r.Id.Equals(ring, StringComparison.OrdinalIgnoreCase)))
                Warn(condition.Location, $"ring '{ring}' is not on the radar");

        var predicates = new List<Func<RadarMatch, bool>>();
        if (rings.Count > 0) predicates.Add(m => m.Ring is not null && rings.Contains(m.Ring));
        if (s.Listed is { } listed) predicates.Add(m => m.Listed == listed);
        if (s.PastRetirement is { } past) predicates.Add(m => (m.Retirement == RetirementState.PastRetirement) == past);
        // checks/README.md: 'retiring' asks whether the entry has a retireBy date at all, passed or not.
        if (s.Retiring is { } retiring) predicates.Add(m => (m.RetireBy is not null) == retiring);

        var selectorArray = selectors.ToArray();
        var predicateArray = predicates.ToArray();
        bool Selected(RadarMatch m) { foreach (var f in selectorArray) if (!f(m)) return false; return true; }
        bool Holds(RadarMatch m) { foreach (var f in predicateArray) if (!f(m)) return false; return true; }

        var what = described.Count == 0 ? "" : string.Join(" ", described) + " ";
        var warnRetiring = s.PastRetirement == true;
        var includeTestFolders = s.TestFolders == true;

        // Why an offender offends, as the check asks it: one short phrase per kind of reason, for the summary.
        string Reason(RadarMatch m)
        {
            if (!m.Listed) return "not on the radar";
            if (s.PastRetirement == true && m.Retirement == RetirementState.PastRetirement) return "past retirement";
            if (s.Retiring == true && m.RetireBy is not null) return "due for retirement";
            if (s.Listed == true) return "on the radar";
            return $"on {m.Ring}";
        }

        List<Evidence> Warnings(EvaluationContext ctx, List<RadarMatch> selected, out string? summary)
        {
            var warnings = new List<Evidence>();
            var parts = new List<string>();
            var retiring = warnRetiring ? selected.Where(m => m.Retirement == RetirementState.Retiring).ToList() : [];
            foreach (var m in retiring) warnings.Add(m.ToEvidence());
            if (retiring.Count > 0) parts.Add($"{Counted(retiring.Count, "technology", "technologies")} due to retire within {_options.RetirementLeadTime.TotalDays:0} days");
            var assumed = rings.Count > 0 ? selected.Where(m => m.RingUncertain).ToList() : [];
            foreach (var m in assumed) warnings.Add(m.ToEvidence($"{m.Describe()}: version unknown, so its ring is assumed to be {m.Ring}; radar entry {m.Entry!.Id}"));
            if (assumed.Count > 0) parts.Add($"{Counted(assumed.Count, "technology", "technologies")} of unknown version, ring assumed");
            if (ctx.HasScanErrors)
            {
                var errors = ctx.Component.Issues.Where(i => i.Severity == Core.Facts.ScanIssueSeverity.Error).ToList();
                foreach (var issue in errors.Take(3))
                    warnings.Add(new Evidence(issue.ToString(), issue.File, issue.Line));
                parts.Add($"the technologies may be incomplete: the scan reported {Counted(errors.Count, "error", "errors")}");
            }
            summary = parts.Count == 0 ? null : string.Join("; ", parts);
            return warnings;
        }

        Outcome Holding(EvaluationContext ctx, List<RadarMatch> selected, string message, IReadOnlyList<Evidence>? evidence = null)
        {
            var warnings = Warnings(ctx, selected, out var summary);
            return new Outcome(Truth.True, message, evidence, warnings) { WarningSummary = summary };
        }

        // Every deployable runs on some runtime, so "all runtimes ..." over none means the harvest missed it: unknown.
        // Images, actions and libraries are optional, so "all images ..." over none holds, as nothing breaks the rule.
        var emptyIsUnknown = string.Equals(s.Ecosystem, "runtime", StringComparison.OrdinalIgnoreCase) || string.Equals(s.Kind, "runtime", StringComparison.OrdinalIgnoreCase);
        var quantifier = condition.Quantifier;
        return ctx =>
        {
            var matches = ctx.Matches;
            var selected = new List<RadarMatch>(matches.Count);
            var inTests = 0;
            foreach (var m in matches)
            {
                if (!Selected(m)) continue;
                // Test, fixture, example and e2e folders describe tests, not what ships.
                if (m.TestFolder is not null && !includeTestFolders) { inTests++; continue; }
                selected.Add(m);
            }
            var testNote = inTests > 0 ? $" ({Counted(inTests, "more", "more")} under test folders not counted)" : "";
            switch (quantifier)
            {
                case RadarQuantifier.All:
                {
                    if (selected.Count == 0)
                        return emptyIsUnknown
                            ? Outcome.Unknown($"no {what}technology was found outside test folders, so what the component runs on is not known{testNote}")
                            : Holding(ctx, selected, $"no {what}technology found, so none breaks the rule{testNote}");
                    var offenders = Filter(selected, holds: false);
                    if (offenders.Count > 0) return Offending(offenders, selected.Count, testNote);
                    return Holding(ctx, selected, (selected.Count == 1 ? $"the one {what}technology qualifies" : $"all {selected.Count} {what}technologies qualify") + testNote);
                }
                case RadarQuantifier.Any:
                {
                    foreach (var hit in selected)
                        if (Holds(hit)) return Holding(ctx, [hit], hit.Statement(), [hit.ToEvidence()]);
                    if (selected.Count == 0) return Outcome.False($"no {what}technology found{testNote}");
                    return Outcome.False($"none of the {selected.Count} {what}technologies qualifies: {Summarise(selected)}{testNote}", selected.Select(m => m.ToEvidence()).ToList());
                }
                default:
                {
                    var offenders = Filter(selected, holds: true);
                    if (offenders.Count > 0) return Offending(offenders, selected.Count, testNote);
                    return Holding(ctx, selected, (selected.Count switch
                    {
                        0 => $"no {what}technology found",
                        1 => $"the one {what}technology is not affected",
                        _ => $"none of the {selected.Count} {what}technologies is affected",
                    }) + testNote);
                }
            }
        };

        List<RadarMatch> Filter(List<RadarMatch> selected, bool holds)
        {
            var result = new List<RadarMatch>();
            foreach (var m in selected) if (Holds(m) == holds) result.Add(m);
            return result;
        }

        // "12 libraries on hold, 2 past retirement": counts by reason and kind; the evidence holds every item, each
        // in the one sentence (RadarMatch.Statement) every check uses, so a component lists each technology once.
        string Summarise(List<RadarMatch> items)
            => string.Join(", ", items
                .GroupBy(m => (Reason: Reason(m), m.Dependency.Kind))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{Counted(g.Count(), KindNoun(g.Key.Kind, false), KindNoun(g.Key.Kind, true))} {g.Key.Reason}"));

        Outcome Offending(List<RadarMatch> offenders, int of, string testNote)
        {
            var evidence = offenders.Select(m => m.ToEvidence()).ToList();
            var share = quantifier == RadarQuantifier.All && of > offenders.Count ? $" (of {of} {what}technologies)" : "";
            return Outcome.False(Summarise(offenders) + share + testNote, evidence);
        }
    }

    private static string Counted(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static string KindNoun(Core.Facts.TechnologyKind kind, bool plural) => (kind, plural) switch
    {
        (Core.Facts.TechnologyKind.Library, false) => "library",
        (Core.Facts.TechnologyKind.Library, true) => "libraries",
        (Core.Facts.TechnologyKind.Runtime, false) => "runtime",
        (Core.Facts.TechnologyKind.Image, false) => "base image",
        (Core.Facts.TechnologyKind.Action, false) => "CI action",
        (Core.Facts.TechnologyKind.Tool, false) => "build tool",
        (_, true) => KindNoun(kind, false) + "s",
        _ => "technology",
    };
}
