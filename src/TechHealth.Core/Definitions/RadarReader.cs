using System.Text.RegularExpressions;
using TechHealth.Core.Purls;
using TechHealth.Core.Yaml;
using TechHealth.Versioning;

namespace TechHealth.Core.Definitions;

/// <summary>
/// Builds the <see cref="Radar"/> from the radar folder's files: rings and quadrants (defined once, in any file)
/// and entries (each file names its quadrant). Validates references between them; records every problem.
/// </summary>
internal sealed partial class RadarReader
{
    private static readonly string[] TopKeys = ["title", "description", "rings", "quadrants", "quadrant", "entries"];
    private static readonly string[] RingKeys = ["id", "name", "description"];
    private static readonly string[] EntryKeys = ["id", "title", "ring", "quadrant", "description", "tags", "owner", "url", "packages", "versions", "history", "retireBy", "replacedBy"];
    private static readonly string[] VersionRuleKeys = ["range", "ring", "reason"];
    private static readonly string[] HistoryKeys = ["date", "ring", "note"];

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();

    public Radar Read(IReadOnlyList<DefinitionLoader.LoadedFile> files)
    {
        string? title = null;
        List<Ring>? rings = null;
        List<Quadrant>? quadrants = null;
        string? ringsFile = null, quadrantsFile = null;
        var entryBlocks = new List<(DefinitionFile File, YamlValue Entries, string? Quadrant, YamlValue? QuadrantNode)>();

        foreach (var (file, root) in files)
        {
            file.CheckKeys(root, "a radar file", TopKeys);
            title ??= file.Text(root, "title", "the radar", required: false);
            if (root["rings"] is { } ringsNode)
            {
                if (rings is not null) file.Error(ringsNode, $"rings are already defined in {ringsFile}; define them in one file only");
                else { rings = ReadNamedList(file, ringsNode, "ring").Select(r => new Ring(r.Id, r.Name, r.Description)).ToList(); ringsFile = file.Path; }
            }
            if (root["quadrants"] is { } quadrantsNode)
            {
                if (quadrants is not null) file.Error(quadrantsNode, $"quadrants are already defined in {quadrantsFile}; define them in one file only");
                else { quadrants = ReadNamedList(file, quadrantsNode, "quadrant").Select(q => new Quadrant(q.Id, q.Name, q.Description)).ToList(); quadrantsFile = file.Path; }
            }
            if (root["entries"] is { } entriesNode)
                entryBlocks.Add((file, entriesNode, file.Text(root, "quadrant", "a file with entries", required: false), root["quadrant"]));
            else if (root["quadrant"] is { } q)
                file.Warning(q, "the file names a quadrant but has no 'entries'");
        }

        var anyFile = files.Count > 0 ? files[0].File : null;
        if (rings is null && anyFile is not null) anyFile.Error(null, "no file defines 'rings'; radar.yaml should list them, inner (golden) ring first");
        if (quadrants is null && anyFile is not null) anyFile.Error(null, "no file defines 'quadrants'; radar.yaml should list them");
        rings ??= [];
        quadrants ??= [];

        var ringIds = rings.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var quadrantIds = quadrants.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var entries = new List<RadarEntry>();
        var pending = new List<(DefinitionFile File, RadarEntry Entry, List<(string Id, YamlValue Node)> ReplacedBy)>();
        var seenIds = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
        var seenPatterns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (file, entriesNode, fileQuadrant, quadrantNode) in entryBlocks)
        {
            if (fileQuadrant is not null && rings.Count + quadrants.Count > 0 && !quadrantIds.Contains(fileQuadrant))
                file.Error(quadrantNode, UnknownMessage("quadrant", fileQuadrant, quadrantIds));
            if (entriesNode is not YamlList list) { file.Error(entriesNode, $"'entries' must be a list of radar entries, but is {entriesNode.Shape}"); continue; }
            foreach (var item in list.Items)
            {
                var read = ReadEntry(file, item, fileQuadrant, ringIds, quadrantIds);
                // An invalid entry still counts as declared, so references to it report nothing extra.
                if (item is not YamlMap map || map["id"] is not YamlText { IsNull: false } idNode) continue;
                if (seenIds.TryGetValue(idNode.Value, out var first))
                {
                    file.Error(idNode, $"radar entry id '{idNode.Value}' is already used at {first}; ids must be unique");
                    continue;
                }
                seenIds[idNode.Value] = file.Loc(map);
                if (read is null) continue;
                var (entry, replacedBy) = read.Value;
                foreach (var pattern in entry.Packages)
                {
                    if (seenPatterns.TryGetValue(pattern.Text, out var owner))
                        file.Warning(item, $"package '{pattern.Text}' is also listed by radar entry '{owner}'; a package should belong to one entry");
                    else seenPatterns[pattern.Text] = entry.Id;
                }
                entries.Add(entry);
                pending.Add((file, entry, replacedBy));
            }
        }

        foreach (var (file, entry, replacedBy) in pending)
        foreach (var (id, node) in replacedBy)
        {
            if (string.Equals(id, entry.Id, StringComparison.OrdinalIgnoreCase)) file.Error(node, $"radar entry '{entry.Id}' cannot be replaced by itself");
            else if (!seenIds.ContainsKey(id)) file.Error(node, UnknownMessage("radar entry", id, seenIds.Keys, "in 'replacedBy'"));
        }

        return new Radar(title ?? "Tech Radar", rings, quadrants, entries);
    }

    private sealed record Named(string Id, string Name, string? Description);

    /// <summary>Rings and quadrants: a list of ids or of <c>{ id, name, description }</c>.</summary>
    private List<Named> ReadNamedList(DefinitionFile file, YamlValue node, string what)
    {
        var result = new List<Named>();
        if (node is not YamlList list || list.Items.Count == 0)
        {
            file.Error(node, $"'{what}s' must be a non-empty list, but is {node.Shape}");
            return result;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Items)
        {
            Named? named = null;
            if (item is YamlText { IsNull: false } t) named = new Named(t.Value.Trim(), t.Value.Trim(), null);
            else if (file.Map(item, $"a {what}") is { } map)
            {
                file.CheckKeys(map, $"a {what}", RingKeys);
                var id = file.Text(map, "id", $"a {what}", required: true);
                if (id is not null) named = new Named(id, file.Text(map, "name", $"{what} '{id}'", required: false) ?? id, file.Text(map, "description", $"{what} '{id}'", required: false));
            }
            if (named is null) continue;
            if (!IdPattern().IsMatch(named.Id)) { file.Error(item, $"{what} id '{named.Id}' must be lowercase letters, digits, '.', '_' or '-'"); continue; }
            if (!seen.Add(named.Id)) { file.Error(item, $"{what} '{named.Id}' is listed twice"); continue; }
            result.Add(named);
        }
        return result;
    }

    private (RadarEntry Entry, List<(string, YamlValue)> ReplacedBy)? ReadEntry(
        DefinitionFile file, YamlValue node, string? fileQuadrant, HashSet<string> ringIds, HashSet<string> quadrantIds)
    {
        if (file.Map(node, "a radar entry") is not { } map) return null;
        var id = file.Text(map, "id", "a radar entry", required: true);
        var what = id is null ? "a radar entry" : $"radar entry '{id}'";
        file.CheckKeys(map, what, EntryKeys);
        if (id is not null && !IdPattern().IsMatch(id)) file.Error(map["id"], $"radar entry id '{id}' must be lowercase letters, digits, '.', '_' or '-'");
        var title = file.Text(map, "title", what, required: true);
        var ring = file.Text(map, "ring", what, required: true);
        if (ring is not null) CheckRing(file, map["ring"]!, ring, ringIds, what);
        var quadrant = file.Text(map, "quadrant", what, required: false);
        if (quadrant is not null && !quadrantIds.Contains(quadrant)) file.Error(map["quadrant"], UnknownMessage("quadrant", quadrant, quadrantIds));
        quadrant ??= fileQuadrant;
        if (quadrant is null) file.Error(map, $"{what} has no quadrant; give the file a top-level 'quadrant' or the entry a 'quadrant'");
        var description = file.Text(map, "description", what, required: false);
        if (description is null && id is not null) file.Warning(map, $"{what} has no 'description'; say what it is and why it sits in its ring");

        var packages = new List<PurlPattern>();
        var packageNodes = file.TextList(map, "packages", what, required: true);
        if (packageNodes.Count == 0 && map["packages"] is YamlList) file.Error(map["packages"], $"{what} lists no packages; add the purl patterns that are this technology");
        foreach (var (text, pnode) in packageNodes)
        {
            if (PurlPattern.TryParse(text, out var pattern, out var error)) packages.Add(pattern!);
            else file.Error(pnode, $"bad package pattern in {what}: {error}");
        }

        var scheme = SchemeOf(file, map, packages, what);
        var versions = ReadVersionRules(file, map, scheme, ringIds, what);
        var history = ReadHistory(file, map, ringIds, what);
        var retireBy = file.Date(map, "retireBy", what, required: false);
        var replacedBy = file.TextList(map, "replacedBy", what);
        var url = file.Text(map, "url", what, required: false);
        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _)) file.Error(map["url"], $"'url' of {what} is '{url}', which is not an absolute URL");

        if (id is null || title is null || ring is null || quadrant is null) return null;
        var entry = new RadarEntry
        {
            Id = id,
            Title = title,
            Ring = ring,
            Quadrant = quadrant,
            Description = description,
            Tags = file.TextList(map, "tags", what).Select(t => t.Value).ToList(),
            Owner = file.Text(map, "owner", what, required: false),
            Url = url,
            Packages = packages,
            Versions = versions,
            History = history,
            RetireBy = retireBy,
            ReplacedBy = replacedBy.Select(r => r.Value).ToList(),
            Location = file.Loc(map),
        };
        return (entry, replacedBy.Select(r => (r.Value, r.Node)).ToList());
    }

    /// <summary>Version rules compare by one ecosystem's order, so every package of the entry must share it.</summary>
    private static VersionScheme? SchemeOf(DefinitionFile file, YamlMap map, List<PurlPattern> packages, string what)
    {
        var schemes = packages.Select(p => Versions.SchemeForPurlType(p.Type)).Distinct().ToList();
        if (schemes.Count <= 1) return schemes.Count == 1 ? schemes[0] : null;
        if (map["versions"] is YamlList { Items.Count: > 0 } node)
            file.Error(node, $"{what} has version rules but its packages use different version orders ({string.Join(", ", schemes)}); split it into one entry per ecosystem");
        return null;
    }

    private List<VersionRule> ReadVersionRules(DefinitionFile file, YamlMap map, VersionScheme? scheme, HashSet<string> ringIds, string what)
    {
        var rules = new List<VersionRule>();
        var node = map["versions"];
        if (node is null || node is YamlText { IsNull: true }) return rules;
        if (node is not YamlList list) { file.Error(node, $"'versions' of {what} must be a list of {{ range, ring, reason }}, but is {node.Shape}"); return rules; }
        foreach (var item in list.Items)
        {
            if (file.Map(item, $"a version rule of {what}") is not { } rule) continue;
            file.CheckKeys(rule, $"a version rule of {what}", VersionRuleKeys);
            var range = file.Text(rule, "range", $"a version rule of {what}", required: true);
            var ring = file.Text(rule, "ring", $"a version rule of {what}", required: true);
            var reason = file.Text(rule, "reason", $"a version rule of {what}", required: false);
            if (ring is not null && !CheckRing(file, rule["ring"]!, ring, ringIds, $"a version rule of {what}")) ring = null;
            if (range is null || ring is null || scheme is null) continue;
            var parsed = VersionRange.ParseComparators(range, scheme.Value);
            if (!parsed.Success) { file.Error(rule["range"], $"bad version range '{range}' in {what} ({scheme} versions): {parsed.Error}"); continue; }
            rules.Add(new VersionRule(parsed.Value!, ring, reason, file.Loc(rule)));
        }
        return rules;
    }

    private List<RingMove> ReadHistory(DefinitionFile file, YamlMap map, HashSet<string> ringIds, string what)
    {
        var moves = new List<RingMove>();
        var node = map["history"];
        if (node is null || node is YamlText { IsNull: true }) return moves;
        if (node is not YamlList list) { file.Error(node, $"'history' of {what} must be a list of {{ date, ring, note }}, but is {node.Shape}"); return moves; }
        DateOnly? previous = null;
        foreach (var item in list.Items)
        {
            if (file.Map(item, $"a history item of {what}") is not { } move) continue;
            file.CheckKeys(move, $"a history item of {what}", HistoryKeys);
            var date = file.Date(move, "date", $"a history item of {what}", required: true);
            var ring = file.Text(move, "ring", $"a history item of {what}", required: true);
            if (ring is not null && !CheckRing(file, move["ring"]!, ring, ringIds, $"a history item of {what}")) ring = null;
            if (date is not null && previous is not null && date < previous)
                file.Warning(move, $"history of {what} is not in date order: {date:yyyy-MM-dd} comes after {previous:yyyy-MM-dd}");
            previous = date ?? previous;
            if (date is null || ring is null) continue;
            moves.Add(new RingMove(date.Value, ring, file.Text(move, "note", $"a history item of {what}", required: false)));
        }
        return moves;
    }

    private static bool CheckRing(DefinitionFile file, YamlValue node, string ring, HashSet<string> ringIds, string what)
    {
        if (ringIds.Count == 0 || ringIds.Contains(ring)) return true;
        file.Error(node, UnknownMessage("ring", ring, ringIds, $"in {what}"));
        return false;
    }

    internal static string UnknownMessage(string kind, string value, IEnumerable<string> known, string? where = null)
    {
        var list = known.Order(StringComparer.Ordinal).ToList();
        var suggestion = DefinitionFile.Suggest(value, list);
        var place = where is null ? "" : $" {where}";
        if (suggestion is not null) return $"unknown {kind} '{value}'{place} - did you mean '{suggestion}'?";
        return list.Count is > 0 and <= 12
            ? $"unknown {kind} '{value}'{place}; known {kind}s are {string.Join(", ", list)}"
            : $"unknown {kind} '{value}'{place}";
    }
}
