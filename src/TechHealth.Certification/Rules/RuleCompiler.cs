using System.Globalization;
using System.Text.RegularExpressions;
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
            return Outcome.True(Join(outcomes), outcomes.SelectMany(o => o.Evidence).ToList(), outcomes.SelectMany(o => o.Warnings).ToList());
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
                return Outcome.Unknown("none of the alternatives holds and some cannot be decided: " + Join(outcomes), unknown.SelectMany(o => o.Evidence).ToList());
            return Outcome.False("none of the alternatives holds: " + Join(outcomes), outcomes.SelectMany(o => o.Evidence).ToList());
        };
    }

    private Func<EvaluationContext, Outcome> CompileNot(NotRule rule)
    {
        var child = Compile(rule.Child);
        return ctx =>
        {
            var o = child(ctx);
            return o.Truth switch
            {
                Truth.True => Outcome.False("must not hold, but does: " + o.Message, o.Evidence),
                Truth.False => Outcome.True("does not hold, as required: " + o.Message, o.Evidence),
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
            try { contains = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, _options.RegexTimeout); }
            catch (ArgumentException ex) { return Broken(condition.Location, $"'contains' is not a valid regular expression: {ex.Message}"); }
        }

        var prefix = _options.FileContentFactPrefix;
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
                    if (glob.IsMatch(f)) found.Add(f);
            }
            if (found.Count == 0) return Outcome.False($"no file matches '{glob.Text}'", [new Evidence($"no file matches '{glob.Text}'", File: ComponentFile(ctx, glob.Text))]);
            if (contains is null)
                return Outcome.True($"found {found[0]}" + (found.Count > 1 ? $" and {found.Count - 1} more" : ""), [new Evidence($"found {found[0]}", File: ComponentFile(ctx, found[0]))]);

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
                        return Outcome.True($"{f} line {line} contains '{contains}'", [new Evidence($"{f} contains '{contains}'", ComponentFile(ctx, f), line)]);
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    return Outcome.Unknown($"searching {f} for '{contains}' took longer than {_options.RegexTimeout.TotalMilliseconds:0} ms", [new Evidence("regex timeout", ComponentFile(ctx, f))]);
                }
            }
            // A file whose text the scan did not keep might hold the pattern: that is unknown, never a fail.
            if (missing is not null)
                return Outcome.Unknown($"file contents not harvested: {string.Join("; ", missing.Take(3).Select(f => NotKept(ctx, f)))}" +
                                       (missing.Count > 3 ? $" (and {missing.Count - 3} more)" : "") + $"; none of the files read contains '{contains}'",
                    missing.Take(3).Select(f => new Evidence("file contents not harvested", ComponentFile(ctx, f))).ToList());
            return Outcome.False($"no file matching '{glob.Text}' contains '{contains}' ({string.Join(", ", found.Take(3))}{(found.Count > 3 ? $" and {found.Count - 3} more" : "")} checked)",
                found.Take(3).Select(f => new Evidence($"does not contain '{contains}'", ComponentFile(ctx, f))).ToList());
        };
    }

    /// <summary>Why a matching file's text is not among the facts: the scan said why it skipped it, or the scan predates the check.</summary>
    private static string NotKept(EvaluationContext ctx, string relative)
    {
        var file = ComponentFile(ctx, relative);
        var issue = ctx.Component.Issues.FirstOrDefault(i => string.Equals(i.File, file, StringComparison.Ordinal) && i.Message.StartsWith("text not kept", StringComparison.Ordinal));
        return issue is not null
            ? $"{relative} was not kept by the scan ({issue.Message})"
            : $"{relative} was not kept by the scan these facts come from; the next scan collects it, since a check now asks for its text";
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
            if (!ctx.Component.Annotations.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
                return Outcome.False($"catalog annotation '{name}' is missing", [new Evidence($"annotation '{name}' missing")]);
            if (expected is not null && !string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
                return Outcome.False($"catalog annotation '{name}' is '{value}', expected '{expected}'", [new Evidence($"annotation '{name}' is '{value}'")]);
            return Outcome.True($"catalog annotation '{name}' is '{value}'");
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
            _ => null,
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

        Outcome Missing() => Outcome.Unknown($"fact '{fact}' was not harvested", [new Evidence($"fact '{fact}' missing")]);
        Evidence Seen(string value) => new($"fact '{fact}' is '{value}'");

        switch (op.Trim().ToLowerInvariant())
        {
            case "exists":
            {
                var mustExist = values.Count == 0 || !string.Equals(V0(), "false", StringComparison.OrdinalIgnoreCase);
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    var present = !string.IsNullOrEmpty(v);
                    if (present == mustExist)
                        return Outcome.True(present ? $"fact '{fact}' is present" : $"fact '{fact}' is absent, as required");
                    return Outcome.False(present ? $"fact '{fact}' is present ('{v}') but must not be" : $"fact '{fact}' is missing", [present ? Seen(v!) : new Evidence($"fact '{fact}' missing")]);
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
                    if (v is null) return Missing();
                    var equal = string.Equals(v.Trim(), expected, StringComparison.OrdinalIgnoreCase);
                    if (equal != negate) return Outcome.True($"fact '{fact}' is '{v}'", [Seen(v)]);
                    return Outcome.False(negate ? $"fact '{fact}' is '{v}', which is not allowed" : $"fact '{fact}' is '{v}', expected '{expected}'", [Seen(v)]);
                };
            }
            case "in":
            {
                if (!NeedValue(out var b)) return b!;
                var set = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
                var listed = string.Join(", ", values);
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing();
                    return set.Contains(v.Trim())
                        ? Outcome.True($"fact '{fact}' is '{v}'", [Seen(v)])
                        : Outcome.False($"fact '{fact}' is '{v}', expected one of {listed}", [Seen(v)]);
                };
            }
            case "matches":
            {
                if (!NeedValue(out var b)) return b!;
                Regex regex;
                try { regex = new Regex(V0(), RegexOptions.CultureInvariant, _options.RegexTimeout); }
                catch (ArgumentException ex) { return Broken(condition.Location, $"'{V0()}' is not a valid regular expression: {ex.Message}"); }
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing();
                    try
                    {
                        return regex.IsMatch(v)
                            ? Outcome.True($"fact '{fact}' is '{v}'", [Seen(v)])
                            : Outcome.False($"fact '{fact}' is '{v}', which does not match '{regex}'", [Seen(v)]);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return Outcome.Unknown($"matching fact '{fact}' against '{regex}' took longer than {_options.RegexTimeout.TotalMilliseconds:0} ms");
                    }
                };
            }
            case "greaterthan" or "lessthan":
            {
                if (!NeedValue(out var b)) return b!;
                if (!double.TryParse(V0(), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
                    return Broken(condition.Location, $"operator '{op}' needs a number, got '{V0()}'");
                var greater = op.Equals("greaterThan", StringComparison.OrdinalIgnoreCase);
                var word = greater ? "greater than" : "less than";
                return ctx =>
                {
                    var v = ReadFact(ctx, fact);
                    if (v is null) return Missing();
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                        return Outcome.Unknown($"fact '{fact}' is '{v}', not a number", [Seen(v)]);
                    var ok = greater ? n > limit : n < limit;
                    return ok
                        ? Outcome.True($"fact '{fact}' is {v}, {word} {V0()}", [Seen(v)])
                        : Outcome.False($"fact '{fact}' is {v}, not {word} {V0()}", [Seen(v)]);
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
                    if (v is null) return Missing();
                    bool ok;
                    try
                    {
                        var parsedVersion = Versions.Parse(range.Scheme, v.Trim());
                        if (!parsedVersion.Success || parsedVersion.Value is null)
                            return Outcome.Unknown($"fact '{fact}' is '{v}', which is not a {range.Scheme} version: {parsedVersion.Error}", [Seen(v)]);
                        ok = range.Contains(parsedVersion.Value);
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
                    {
                        return Outcome.Unknown($"fact '{fact}' is '{v}', which is not a version: {ex.Message}", [Seen(v)]);
                    }
                    return ok
                        ? Outcome.True($"fact '{fact}' is {v}, within {range.Text}", [Seen(v)])
                        : Outcome.False($"fact '{fact}' is {v}, outside {range.Text}", [Seen(v)]);
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
                    if (v is null) return Missing();
                    if (!DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                        return Outcome.Unknown($"fact '{fact}' is '{v}', not a date", [Seen(v)]);
                    var age = ctx.Now - when;
                    var ok = older ? age > TimeSpan.FromDays(days) : age < TimeSpan.FromDays(days);
                    var ageText = $"{Math.Floor(age.TotalDays):0} days old";
                    return ok
                        ? Outcome.True($"fact '{fact}' is {when:yyyy-MM-dd}, {ageText}", [Seen(v)])
                        : Outcome.False($"fact '{fact}' is {when:yyyy-MM-dd}, {ageText}; expected {(older ? "more" : "fewer")} than {days} days", [Seen(v)]);
                };
            }
            default:
                return Broken(condition.Location, $"unknown operator '{op}' on fact '{fact}' (known: equals, notEquals, in, exists, matches, greaterThan, lessThan, versionSatisfies, olderThanDays, newerThanDays)");
        }
    }

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
            described.Add($"{scopeText.ToLowerInvariant()}-scope");
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
        var ringList = string.Join(" or ", s.Rings);
        var warnRetiring = s.PastRetirement == true;

        // Explains, in the words of the selector, why a technology does (or does not) meet the predicate.
        string State(RadarMatch m)
        {
            if (!m.Listed) return "is not on the radar";
            var parts = new List<string>();
            if (rings.Count > 0 || (s.PastRetirement is null && s.Retiring is null && s.Listed is null))
            {
                var reason = m.RingReason();
                parts.Add($"is on {m.Ring}" + (rings.Count > 0 && !rings.Contains(m.Ring!) && condition.Quantifier == RadarQuantifier.All ? $", not {ringList}" : "") + (reason.Length > 0 ? $": {reason}" : ""));
            }
            if (s.PastRetirement is not null || s.Retiring is not null)
            {
                if (m.Retirement == RetirementState.PastRetirement) parts.Add($"was due to retire by {m.RetireBy:yyyy-MM-dd}{Replacement(m)}");
                else if (m.Retirement == RetirementState.Retiring) parts.Add($"retires on {m.RetireBy:yyyy-MM-dd}{Replacement(m)}");
                else parts.Add(m.RetireBy is { } d ? $"retires on {d:yyyy-MM-dd}" : "has no retirement date");
            }
            if (s.Listed == true && parts.Count == 0) parts.Add($"is on the radar as {m.Entry!.Id}");
            return string.Join(" and ", parts) + $"; radar entry {m.Entry!.Id}";
        }

        static string Replacement(RadarMatch m) => m.Entry!.ReplacedBy.Count > 0 ? $"; replace with {string.Join(" or ", m.Entry.ReplacedBy)}" : "";

        List<Evidence> Warnings(EvaluationContext ctx, List<RadarMatch> selected)
        {
            var warnings = new List<Evidence>();
            foreach (var m in selected)
            {
                if (warnRetiring && m.Retirement == RetirementState.Retiring)
                {
                    var days = m.RetireBy!.Value.DayNumber - ctx.Today.DayNumber;
                    warnings.Add(m.ToEvidence($"{m.Describe()} retires on {m.RetireBy:yyyy-MM-dd} (in {days} days{Replacement(m)}); radar entry {m.Entry!.Id}"));
                }
                if (rings.Count > 0 && m.RingUncertain)
                    warnings.Add(m.ToEvidence($"{m.Describe()}: version unknown, so its ring is assumed to be {m.Ring}; radar entry {m.Entry!.Id}"));
            }
            if (ctx.HasScanErrors)
            {
                foreach (var issue in ctx.Component.Issues.Where(i => i.Severity == Core.Facts.ScanIssueSeverity.Error).Take(3))
                    warnings.Add(new Evidence($"technologies may be incomplete: {issue}", issue.File, issue.Line));
            }
            return warnings;
        }

        // Every deployable runs on some runtime, so "all runtimes ..." over none means the harvest missed it: unknown.
        // Images, actions and libraries are optional, so "all images ..." over none holds, as nothing breaks the rule.
        var emptyIsUnknown = string.Equals(s.Ecosystem, "runtime", StringComparison.OrdinalIgnoreCase) || string.Equals(s.Kind, "runtime", StringComparison.OrdinalIgnoreCase);
        var quantifier = condition.Quantifier;
        return ctx =>
        {
            var matches = ctx.Matches;
            var selected = new List<RadarMatch>(matches.Count);
            foreach (var m in matches) if (Selected(m)) selected.Add(m);
            switch (quantifier)
            {
                case RadarQuantifier.All:
                {
                    if (selected.Count == 0)
                        return emptyIsUnknown
                            ? Outcome.Unknown($"no {what}technology found", [new Evidence($"no {what}technology found")])
                            : Outcome.True($"no {what}technology found, so none breaks the rule", null, Warnings(ctx, selected));
                    var offenders = Filter(selected, holds: false);
                    if (offenders.Count > 0) return Offending(offenders);
                    return Outcome.True($"all {selected.Count} {what}technologies qualify", null, Warnings(ctx, selected));
                }
                case RadarQuantifier.Any:
                {
                    foreach (var hit in selected)
                        if (Holds(hit))
                        {
                            var text = $"{hit.Describe()} {State(hit)}";
                            return Outcome.True(text, [hit.ToEvidence(text)], Warnings(ctx, [hit]));
                        }
                    if (selected.Count == 0) return Outcome.False($"no {what}technology found", [new Evidence($"no {what}technology found")]);
                    var explained = Explain(selected);
                    return Outcome.False($"none of the {selected.Count} {what}technologies qualifies: " + Summary(explained), explained);
                }
                default:
                {
                    var offenders = Filter(selected, holds: true);
                    if (offenders.Count > 0) return Offending(offenders);
                    var warnings = Warnings(ctx, selected);
                    return Outcome.True(selected.Count == 0 ? $"no {what}technology found" : $"none of the {selected.Count} {what}technologies is affected", null, warnings);
                }
            }
        };

        List<RadarMatch> Filter(List<RadarMatch> selected, bool holds)
        {
            var result = new List<RadarMatch>();
            foreach (var m in selected) if (Holds(m) == holds) result.Add(m);
            return result;
        }

        List<Evidence> Explain(List<RadarMatch> items)
        {
            // One message per technology, built once and shared by the result's text and its evidence.
            var evidence = new List<Evidence>(items.Count);
            foreach (var m in items) evidence.Add(m.ToEvidence($"{m.Describe()} {State(m)}"));
            return evidence;
        }

        Outcome Offending(List<RadarMatch> offenders)
        {
            var evidence = Explain(offenders);
            return Outcome.False(Summary(evidence), evidence);
        }
    }

    /// <summary>The first ten evidence messages joined; the evidence list itself keeps every one.</summary>
    private static string Summary(List<Evidence> evidence)
    {
        const int shown = 10;
        var text = string.Join("; ", evidence.Take(shown).Select(e => e.Message));
        return evidence.Count > shown ? $"{text}; and {evidence.Count - shown} more" : text;
    }
}
