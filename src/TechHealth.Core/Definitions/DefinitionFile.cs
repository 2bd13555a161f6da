using System.Globalization;
using TechHealth.Core.Yaml;

namespace TechHealth.Core.Definitions;

/// <summary>
/// Reads typed values out of one definitions file's YAML tree and records a problem, with file, line and column,
/// for every value that is missing, of the wrong shape or unknown. Never throws for bad input: a bad value
/// yields null and one problem, so loading can go on and report everything at once.
/// </summary>
internal sealed class DefinitionFile(string path, List<DefinitionProblem> problems)
{
    public string Path { get; } = path;

    public SourceLocation Loc(YamlValue? node) => node is null ? new SourceLocation(Path, 0, 0) : new SourceLocation(Path, node.Line, node.Column);

    public void Error(YamlValue? node, string message) => problems.Add(new DefinitionProblem(ProblemSeverity.Error, Loc(node), message));

    public void Warning(YamlValue? node, string message) => problems.Add(new DefinitionProblem(ProblemSeverity.Warning, Loc(node), message));

    public YamlMap? Map(YamlValue? node, string what)
    {
        if (node is YamlMap map) return map;
        Error(node, $"{what} must be a mapping of keys to values, but is {Shape(node)}");
        return null;
    }

    /// <summary>Reports keys that are not allowed (with the nearest allowed one) and keys written twice.</summary>
    public void CheckKeys(YamlMap map, string what, IReadOnlyCollection<string> allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in map.Pairs)
        {
            if (!seen.Add(key.Value)) Error(key, $"key '{key.Value}' appears twice in {what}; keep one");
            if (allowed.Contains(key.Value)) continue;
            var suggestion = Suggest(key.Value, allowed);
            Error(key, suggestion is null
                ? $"unknown key '{key.Value}' in {what}; allowed keys are {string.Join(", ", allowed.Order(StringComparer.Ordinal))}"
                : $"unknown key '{key.Value}' in {what} - did you mean '{suggestion}'?");
        }
    }

    public string? Text(YamlMap map, string key, string what, bool required)
    {
        var node = map[key];
        if (node is null || node is YamlText { IsNull: true })
        {
            if (required) Error(node ?? (YamlValue)map, $"{what} has no '{key}'; it is required");
            return null;
        }
        if (node is YamlText text)
        {
            if (string.IsNullOrWhiteSpace(text.Value)) { if (required) Error(node, $"'{key}' of {what} is empty"); return null; }
            return text.Value;
        }
        Error(node, $"'{key}' of {what} must be a single value, but is {node.Shape}");
        return null;
    }

    /// <summary>A list of texts; a single value counts as a list of one.</summary>
    public List<(string Value, YamlValue Node)> TextList(YamlMap map, string key, string what, bool required = false)
    {
        var result = new List<(string, YamlValue)>();
        var node = map[key];
        if (node is null || node is YamlText { IsNull: true })
        {
            if (required) Error(node ?? (YamlValue)map, $"{what} has no '{key}'; it is required");
            return result;
        }
        if (node is YamlText single) { result.Add((single.Value, single)); return result; }
        if (node is YamlList list)
        {
            foreach (var item in list.Items)
            {
                if (item is YamlText t && !t.IsNull) result.Add((t.Value, t));
                else Error(item, $"each item of '{key}' in {what} must be a single value, but one is {item.Shape}");
            }
            return result;
        }
        Error(node, $"'{key}' of {what} must be a value or a list of values, but is {node.Shape}");
        return result;
    }

    public DateOnly? Date(YamlMap map, string key, string what, bool required)
    {
        var text = Text(map, key, what, required);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Error(map[key], $"'{key}' of {what} is '{text}', which is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31");
        return null;
    }

    public bool? Bool(YamlMap map, string key, string what)
    {
        var node = map[key];
        if (node is null) return null;
        if (node is YamlText t && bool.TryParse(t.Value, out var b)) return b;
        Error(node, $"'{key}' of {what} must be true or false, but is {Describe(node)}");
        return null;
    }

    public double? Number(YamlMap map, string key, string what)
    {
        var node = map[key];
        if (node is null) return null;
        if (node is YamlText t && double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        Error(node, $"'{key}' of {what} must be a number, but is {Describe(node)}");
        return null;
    }

    public static string Describe(YamlValue? node) => node is YamlText t && !t.IsNull ? $"'{t.Value}'" : Shape(node);

    public static string Shape(YamlValue? node) => node?.Shape ?? "missing";

    /// <summary>The allowed word nearest to <paramref name="word"/>, when one is close enough to be a likely typo.</summary>
    public static string? Suggest(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, word, StringComparison.OrdinalIgnoreCase)) return candidate;
            var d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = candidate; }
        }
        var tolerance = Math.Max(2, word.Length / 3);
        return bestDistance <= tolerance ? best : null;
    }

    /// <summary>Optimal string alignment distance: a transposition ('rign' for 'ring') counts as one edit.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
