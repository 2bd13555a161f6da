using System.Globalization;
using System.Text.RegularExpressions;
using TechHealth.Core.Facts;
using TechHealth.Core.Yaml;
using TechHealth.Versioning;

namespace TechHealth.Core.Definitions;

/// <summary>
/// Builds the <see cref="CheckSet"/> from the checks folder's files (levels, checks per level, exemptions, gates)
/// and validates every reference against the levels, the checks and the radar. Records every problem.
/// </summary>
internal sealed class CheckSetReader(Radar radar, DateOnly today)
{
    private static readonly string[] TopKeys = ["description", "levels", "level", "checks", "exemptions", "gates"];
    private static readonly string[] LevelKeys = ["id", "name", "description"];
    private static readonly string[] CheckKeys = ["id", "title", "description", "remediation", "weight", "appliesTo", "rule", "level"];
    private static readonly string[] AppliesToKeys = ["type", "lifecycle", "tier"];
    private static readonly string[] ExemptionKeys = ["component", "check", "reason", "approvedBy", "expires"];
    private static readonly string[] GateKeys = ["id", "title", "description", "minLevel", "requireChecks", "blockedLifecycles"];
    private static readonly string[] RuleKinds = ["all", "any", "not", "fact", "file", "annotation", "radar"];
    private static readonly string[] Operators = ["equals", "notEquals", "in", "exists", "matches", "greaterThan", "lessThan", "versionSatisfies", "olderThanDays", "newerThanDays"];
    private static readonly string[] FileKeys = ["glob", "contains", "says"];
    private static readonly string[] AnnotationKeys = ["annotation", "value"];
    private static readonly string[] Quantifiers = ["all", "any", "none"];
    private static readonly string[] SelectorKeys = ["ecosystem", "kind", "scope", "direct", "conditional", "ring", "quadrant", "entry", "listed", "pastRetirement", "retiring", "testFolders"];
    private static readonly string[] Kinds = Enum.GetNames<TechnologyKind>().Select(n => n.ToLowerInvariant()).ToArray();
    private static readonly string[] Scopes = Enum.GetNames<DependencyScope>().Select(n => n.ToLowerInvariant()).ToArray();

    public CheckSet Read(IReadOnlyList<DefinitionLoader.LoadedFile> files)
    {
        List<string>? levels = null;
        string? levelsFile = null;
        foreach (var (file, root) in files)
        {
            file.CheckKeys(root, "a checks file", TopKeys);
            if (root["levels"] is not { } levelsNode) continue;
            if (levels is not null) { file.Error(levelsNode, $"levels are already defined in {levelsFile}; define them in one file only"); continue; }
            levels = ReadLevels(file, levelsNode);
            levelsFile = file.Path;
        }
        if (levels is null)
        {
            if (files.Count > 0) files[0].File.Error(null, "no file defines 'levels'; levels.yaml should list them, lowest first (e.g. [bronze, silver, gold])");
            levels = [];
        }

        var checks = new List<CheckDefinition>();
        var checkIds = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
        foreach (var (file, root) in files)
        {
            var fileLevel = file.Text(root, "level", "a checks file", required: false);
            if (fileLevel is not null) CheckLevel(file, root["level"]!, fileLevel, levels);
            if (root["checks"] is not { } checksNode)
            {
                if (fileLevel is not null) file.Warning(root["level"], "the file names a level but has no 'checks'");
                continue;
            }
            if (checksNode is not YamlList list) { file.Error(checksNode, $"'checks' must be a list of checks, but is {checksNode.Shape}"); continue; }
            foreach (var item in list.Items)
            {
                var check = ReadCheck(file, item, fileLevel, levels);
                // An invalid check still counts as declared, so gates and exemptions naming it report nothing extra.
                if (item is not YamlMap map || map["id"] is not YamlText { IsNull: false } idNode) continue;
                var id = idNode.Value;
                if (checkIds.TryGetValue(id, out var first)) { file.Error(idNode, $"check id '{id}' is already used at {first}; ids must be unique"); continue; }
                checkIds[id] = file.Loc(map);
                if (check is not null) checks.Add(check);
            }
        }

        var exemptions = new List<ExemptionDefinition>();
        var gates = new List<GateDefinition>();
        var gateIds = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
        foreach (var (file, root) in files)
        {
            if (root["exemptions"] is { } exemptionsNode) exemptions.AddRange(ReadExemptions(file, exemptionsNode, checkIds.Keys));
            if (root["gates"] is not { } gatesNode) continue;
            if (gatesNode is not YamlList list) { file.Error(gatesNode, $"'gates' must be a list of gates, but is {gatesNode.Shape}"); continue; }
            foreach (var item in list.Items)
            {
                if (ReadGate(file, item, levels, checkIds.Keys) is not { } gate) continue;
                if (gateIds.TryGetValue(gate.Id, out var first)) { file.Error(((YamlMap)item)["id"], $"gate id '{gate.Id}' is already used at {first}; ids must be unique"); continue; }
                gateIds[gate.Id] = gate.Location;
                gates.Add(gate);
            }
        }
        return new CheckSet(levels, checks, exemptions, gates);
    }

    private static List<string> ReadLevels(DefinitionFile file, YamlValue node)
    {
        var levels = new List<string>();
        if (node is not YamlList list || list.Items.Count == 0) { file.Error(node, $"'levels' must be a non-empty list, lowest level first, but is {node.Shape}"); return levels; }
        foreach (var item in list.Items)
        {
            string? id = null;
            if (item is YamlText { IsNull: false } t) id = t.Value.Trim();
            else if (file.Map(item, "a level") is { } map)
            {
                file.CheckKeys(map, "a level", LevelKeys);
                id = file.Text(map, "id", "a level", required: true);
            }
            if (id is null) continue;
            if (levels.Contains(id, StringComparer.OrdinalIgnoreCase)) { file.Error(item, $"level '{id}' is listed twice"); continue; }
            levels.Add(id);
        }
        return levels;
    }

    private static bool CheckLevel(DefinitionFile file, YamlValue node, string level, List<string> levels)
    {
        if (levels.Count == 0 || levels.Contains(level, StringComparer.OrdinalIgnoreCase)) return true;
        file.Error(node, RadarReader.UnknownMessage("level", level, levels));
        return false;
    }

    private CheckDefinition? ReadCheck(DefinitionFile file, YamlValue node, string? fileLevel, List<string> levels)
    {
        if (file.Map(node, "a check") is not { } map) return null;
        var id = file.Text(map, "id", "a check", required: true);
        var what = id is null ? "a check" : $"check '{id}'";
        file.CheckKeys(map, what, CheckKeys);
        var title = file.Text(map, "title", what, required: true);
        var description = file.Text(map, "description", what, required: false);
        var remediation = file.Text(map, "remediation", what, required: false);
        if (id is not null && description is null) file.Warning(map, $"{what} has no 'description'; say what it checks and why it matters");
        if (id is not null && remediation is null) file.Warning(map, $"{what} has no 'remediation'; tell a team how to fix a failure");
        var level = file.Text(map, "level", what, required: false);
        if (level is not null && !CheckLevel(file, map["level"]!, level, levels)) level = null;
        else if (level is null && fileLevel is null) file.Error(map, $"{what} has no level; give the file a top-level 'level' or the check a 'level'");
        level ??= fileLevel;
        var weight = file.Number(map, "weight", what);
        if (weight is <= 0) { file.Error(map["weight"], $"'weight' of {what} must be greater than 0"); weight = null; }
        var appliesTo = ReadAppliesTo(file, map["appliesTo"], what);
        RuleNode? rule = null;
        if (map["rule"] is { } ruleNode) rule = ReadRule(file, ruleNode, what);
        else file.Error(map, $"{what} has no 'rule'; it is required");
        if (id is null || title is null || level is null || rule is null) return null;
        return new CheckDefinition
        {
            Id = id, Title = title, Level = levels.FirstOrDefault(l => string.Equals(l, level, StringComparison.OrdinalIgnoreCase)) ?? level,
            Description = description, Remediation = remediation, Weight = weight ?? 1, AppliesTo = appliesTo, Rule = rule, Location = file.Loc(map),
        };
    }

    private static AppliesTo? ReadAppliesTo(DefinitionFile file, YamlValue? node, string what)
    {
        if (node is null) return null;
        if (file.Map(node, $"'appliesTo' of {what}") is not { } map) return null;
        file.CheckKeys(map, $"'appliesTo' of {what}", AppliesToKeys);
        return new AppliesTo(
            file.TextList(map, "type", what).Select(t => t.Value).ToList(),
            file.TextList(map, "lifecycle", what).Select(t => t.Value).ToList(),
            file.TextList(map, "tier", what).Select(t => t.Value).ToList());
    }

    private RuleNode? ReadRule(DefinitionFile file, YamlValue node, string what)
    {
        if (file.Map(node, $"a rule of {what}") is not { } map) return null;
        var kinds = map.Pairs.Select(p => p.Key.Value).Where(k => RuleKinds.Contains(k)).Distinct().ToList();
        if (kinds.Count == 0)
        {
            var first = map.Pairs.FirstOrDefault().Key;
            var suggestion = first is null ? null : DefinitionFile.Suggest(first.Value, RuleKinds.Concat(Operators));
            file.Error((YamlValue?)first ?? map, first is null
                ? $"a rule of {what} is empty; use one of {string.Join(", ", RuleKinds)}"
                : $"unknown rule '{first.Value}' in {what}" + (suggestion is null ? $"; a rule is one of {string.Join(", ", RuleKinds)}" : $" - did you mean '{suggestion}'?"));
            return null;
        }
        if (kinds.Count > 1)
        {
            file.Error(map, $"a rule of {what} mixes {string.Join(" and ", kinds)}; wrap several conditions in 'all' or 'any'");
            return null;
        }
        var loc = file.Loc(map);
        switch (kinds[0])
        {
            case "all" or "any":
            {
                file.CheckKeys(map, $"an '{kinds[0]}' rule of {what}", [kinds[0]]);
                var value = map[kinds[0]]!;
                if (value is not YamlList { Items.Count: > 0 } list) { file.Error(value, $"'{kinds[0]}' in {what} must be a non-empty list of rules, but is {value.Shape}"); return null; }
                var children = list.Items.Select(i => ReadRule(file, i, what)).ToList();
                if (children.Any(c => c is null)) return null;
                return kinds[0] == "all" ? new AllRule(children!, loc) : new AnyRule(children!, loc);
            }
            case "not":
            {
                file.CheckKeys(map, $"a 'not' rule of {what}", ["not"]);
                var child = ReadRule(file, map["not"]!, what);
                return child is null ? null : new NotRule(child, loc);
            }
            case "fact": return ReadFact(file, map, what, loc);
            case "file": return ReadFile(file, map, what, loc);
            case "annotation":
            {
                file.CheckKeys(map, $"an annotation condition of {what}", AnnotationKeys);
                var key = file.Text(map, "annotation", $"an annotation condition of {what}", required: true);
                var value = file.Text(map, "value", $"an annotation condition of {what}", required: false);
                return key is null ? null : new AnnotationCondition(key, value, loc);
            }
            default: return ReadRadar(file, map, what, loc);
        }
    }

    private static RuleNode? ReadFact(DefinitionFile file, YamlMap map, string what, SourceLocation loc)
    {
        var context = $"a fact condition of {what}";
        file.CheckKeys(map, context, ["fact", .. Operators]);
        var fact = file.Text(map, "fact", context, required: true);
        if (fact is not null && !FactNames.All.Contains(fact))
        {
            var suggestion = DefinitionFile.Suggest(fact, FactNames.All);
            file.Warning(map["fact"], $"fact '{fact}' in {what} is not one the harvest provides" + (suggestion is null ? "; the condition will always be unknown" : $" - did you mean '{suggestion}'?"));
        }
        var ops = map.Pairs.Where(p => Operators.Contains(p.Key.Value)).ToList();
        if (ops.Count != 1)
        {
            file.Error(map, ops.Count == 0
                ? $"{context} has no operator; add one of {string.Join(", ", Operators)}"
                : $"{context} has {ops.Count} operators ({string.Join(", ", ops.Select(o => o.Key.Value))}); use one per condition and combine with 'all'");
            return null;
        }
        var (opKey, valueNode) = (ops[0].Key.Value, ops[0].Value);
        var values = new List<string>();
        var ok = true;
        if (opKey == "in")
        {
            values = file.TextList(map, "in", context).Select(v => v.Value).ToList();
            if (values.Count == 0) { file.Error(valueNode, $"'in' of {context} needs at least one value"); ok = false; }
        }
        else if (valueNode is not YamlText { IsNull: false } scalar)
        {
            file.Error(valueNode, $"'{opKey}' of {context} must be a single value, but is {valueNode.Shape}");
            ok = false;
        }
        else
        {
            var text = scalar.Value.Trim();
            values.Add(text);
            switch (opKey)
            {
                case "exists" when !bool.TryParse(text, out _):
                    file.Error(valueNode, $"'exists' of {context} must be true or false, but is '{text}'"); ok = false; break;
                case "matches" when !IsRegex(text, out var error):
                    file.Error(valueNode, $"'matches' of {context} is not a valid regular expression: {error}"); ok = false; break;
                case "greaterThan" or "lessThan" when !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                    file.Error(valueNode, $"'{opKey}' of {context} must be a number, but is '{text}'"); ok = false; break;
                case "olderThanDays" or "newerThanDays" when !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    file.Error(valueNode, $"'{opKey}' of {context} must be a whole number of days, but is '{text}'"); ok = false; break;
                case "versionSatisfies":
                    var parsed = VersionRange.ParseComparators(text, VersionScheme.Generic);
                    if (!parsed.Success) { file.Error(valueNode, $"bad version range '{text}' in {context}: {parsed.Error}"); ok = false; }
                    break;
            }
        }
        return ok && fact is not null ? new FactCondition(fact, opKey, values, loc) : null;
    }

    private static RuleNode? ReadFile(DefinitionFile file, YamlMap map, string what, SourceLocation loc)
    {
        var context = $"a file condition of {what}";
        file.CheckKeys(map, context, ["file"]);
        var node = map["file"]!;
        if (node is YamlText { IsNull: false } glob) return ValidGlob(file, glob, glob.Value.Trim(), what) ? new FileCondition(glob.Value.Trim(), null, loc) : null;
        if (file.Map(node, $"'file' of {what}") is not { } inner) return null;
        file.CheckKeys(inner, context, FileKeys);
        var pattern = file.Text(inner, "glob", context, required: true);
        var contains = file.Text(inner, "contains", context, required: false);
        if (contains is not null && !IsRegex(contains, out var error)) { file.Error(inner["contains"], $"'contains' of {context} is not a valid regular expression: {error}"); return null; }
        var says = file.Text(inner, "says", context, required: false);
        if (says is not null && contains is null) { file.Error(inner["says"], $"'says' of {context} describes a 'contains' pattern, but there is none"); return null; }
        if (pattern is null || !ValidGlob(file, inner["glob"]!, pattern, what)) return null;
        return new FileCondition(pattern, contains, loc) { Says = says };
    }

    private static bool ValidGlob(DefinitionFile file, YamlValue node, string glob, string what)
    {
        if (glob.StartsWith('/') || glob.Contains("..") || glob.Contains('\\'))
        {
            file.Error(node, $"file glob '{glob}' in {what} must be relative to the component with forward slashes, without '..'");
            return false;
        }
        return true;
    }

    private RuleNode? ReadRadar(DefinitionFile file, YamlMap map, string what, SourceLocation loc)
    {
        var context = $"a radar condition of {what}";
        file.CheckKeys(map, context, ["radar"]);
        if (file.Map(map["radar"], $"'radar' of {what}") is not { } inner) return null;
        file.CheckKeys(inner, context, Quantifiers);
        var quantifiers = inner.Pairs.Where(p => Quantifiers.Contains(p.Key.Value)).ToList();
        if (quantifiers.Count != 1)
        {
            // Unknown keys were reported above with a suggestion; repeat nothing for them.
            if (quantifiers.Count > 1 || inner.Pairs.Count == 0) file.Error(inner, $"{context} needs exactly one of all, any, none (e.g. none: {{ ring: hold }})");
            return null;
        }
        var quantifier = quantifiers[0].Key.Value switch { "all" => RadarQuantifier.All, "any" => RadarQuantifier.Any, _ => RadarQuantifier.None };
        var selectorNode = quantifiers[0].Value;
        var selector = selectorNode is YamlText { IsNull: true } ? new RadarSelector() : ReadSelector(file, selectorNode, what);
        return selector is null ? null : new RadarCondition(quantifier, selector, loc);
    }

    private RadarSelector? ReadSelector(DefinitionFile file, YamlValue node, string what)
    {
        var context = $"a radar selector of {what}";
        if (file.Map(node, context) is not { } map) return null;
        file.CheckKeys(map, context, SelectorKeys);
        var ok = true;
        var kind = file.Text(map, "kind", context, required: false);
        if (kind is not null && !Kinds.Contains(kind)) { file.Error(map["kind"], RadarReader.UnknownMessage("technology kind", kind, Kinds)); ok = false; }
        var scope = file.Text(map, "scope", context, required: false);
        if (scope is not null && !Scopes.Contains(scope)) { file.Error(map["scope"], RadarReader.UnknownMessage("dependency scope", scope, Scopes)); ok = false; }
        var rings = file.TextList(map, "ring", context);
        var ringIds = radar.Rings.Select(r => r.Id).ToList();
        foreach (var (ring, ringNode) in rings)
            if (ringIds.Count > 0 && !ringIds.Contains(ring)) { file.Error(ringNode, RadarReader.UnknownMessage("ring", ring, ringIds, $"in {what}")); ok = false; }
        var quadrant = file.Text(map, "quadrant", context, required: false);
        var quadrantIds = radar.Quadrants.Select(q => q.Id).ToList();
        if (quadrant is not null && quadrantIds.Count > 0 && !quadrantIds.Contains(quadrant)) { file.Error(map["quadrant"], RadarReader.UnknownMessage("quadrant", quadrant, quadrantIds, $"in {what}")); ok = false; }
        var entry = file.Text(map, "entry", context, required: false);
        if (entry is not null && radar.FindEntry(entry) is null) { file.Error(map["entry"], RadarReader.UnknownMessage("radar entry", entry, radar.Entries.Select(e => e.Id), $"in {what}")); ok = false; }
        var selector = new RadarSelector
        {
            Ecosystem = file.Text(map, "ecosystem", context, required: false)?.ToLowerInvariant(),
            Kind = kind,
            Scope = scope,
            Direct = file.Bool(map, "direct", context),
            Conditional = file.Bool(map, "conditional", context),
            Rings = rings.Select(r => r.Value).ToList(),
            Quadrant = quadrant,
            Entry = entry,
            Listed = file.Bool(map, "listed", context),
            PastRetirement = file.Bool(map, "pastRetirement", context),
            Retiring = file.Bool(map, "retiring", context),
            TestFolders = file.Bool(map, "testFolders", context),
        };
        return ok ? selector : null;
    }

    private IEnumerable<ExemptionDefinition> ReadExemptions(DefinitionFile file, YamlValue node, IEnumerable<string> checkIds)
    {
        if (node is not YamlList list) { file.Error(node, $"'exemptions' must be a list of exemptions, but is {node.Shape}"); yield break; }
        var known = checkIds.ToList();
        foreach (var item in list.Items)
        {
            if (file.Map(item, "an exemption") is not { } map) continue;
            file.CheckKeys(map, "an exemption", ExemptionKeys);
            var component = file.Text(map, "component", "an exemption", required: true);
            var what = component is null ? "an exemption" : $"the exemption for '{component}'";
            var check = file.Text(map, "check", what, required: true);
            var reason = file.Text(map, "reason", what, required: true);
            var approvedBy = file.Text(map, "approvedBy", what, required: true);
            var expires = file.Date(map, "expires", what, required: true);
            var ok = true;
            if (check is not null && !known.Contains(check, StringComparer.OrdinalIgnoreCase))
            {
                file.Error(map["check"], RadarReader.UnknownMessage("check", check, known, $"in {what}"));
                ok = false;
            }
            if (expires is not null && expires < today)
            {
                file.Error(map["expires"], $"{what} from check '{check}' expired on {expires:yyyy-MM-dd}; renew it with a new approval and date, or remove it");
                ok = false;
            }
            if (ok && component is not null && check is not null && reason is not null && approvedBy is not null && expires is not null)
                yield return new ExemptionDefinition(component, check, reason, approvedBy, expires.Value, file.Loc(map));
        }
    }

    private static GateDefinition? ReadGate(DefinitionFile file, YamlValue node, List<string> levels, IEnumerable<string> checkIds)
    {
        if (file.Map(node, "a gate") is not { } map) return null;
        var id = file.Text(map, "id", "a gate", required: true);
        var what = id is null ? "a gate" : $"gate '{id}'";
        file.CheckKeys(map, what, GateKeys);
        var title = file.Text(map, "title", what, required: true);
        var minLevel = file.Text(map, "minLevel", what, required: true);
        var ok = minLevel is null || CheckLevel(file, map["minLevel"]!, minLevel, levels);
        var known = checkIds.ToList();
        var requireChecks = file.TextList(map, "requireChecks", what);
        foreach (var (check, checkNode) in requireChecks)
            if (!known.Contains(check, StringComparer.OrdinalIgnoreCase)) { file.Error(checkNode, RadarReader.UnknownMessage("check", check, known, $"in 'requireChecks' of {what}")); ok = false; }
        var blocked = file.TextList(map, "blockedLifecycles", what).Select(b => b.Value).ToList();
        var description = file.Text(map, "description", what, required: false);
        if (!ok || id is null || title is null || minLevel is null) return null;
        return new GateDefinition(id, title, levels.FirstOrDefault(l => string.Equals(l, minLevel, StringComparison.OrdinalIgnoreCase)) ?? minLevel,
            requireChecks.Select(r => r.Value).ToList(), blocked, description, file.Loc(map));
    }

    private static bool IsRegex(string pattern, out string? error)
    {
        try { _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)); error = null; return true; }
        catch (ArgumentException e) { error = e.Message; return false; }
    }
}
