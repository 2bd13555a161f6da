using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>
/// One thing seen in a component (this dependency at this version in this file and line, in this ring; a file; a
/// catalog problem) that one or more checks hold against it. A component's results list each finding once, with
/// every check it bears on, so a library on hold is not repeated by each check that minds it.
/// </summary>
public sealed record Finding(
    string Id,
    string Statement,
    string? File,
    int Line,
    string? Purl,
    string? Version,
    string? RadarEntry,
    string? Ring,
    string? Condition,
    string? TestFolder,
    IReadOnlyList<string> Checks);

/// <summary>Gathers a component's findings from its results' evidence.</summary>
public static class Findings
{
    /// <summary>
    /// The findings behind every result that is not a plain pass or not-applicable, in action order (the finding a team
    /// meets first comes first), and for each result the ids of its findings.
    /// </summary>
    public static (IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, IReadOnlyList<string>> ByCheck) Of(ComponentEvaluation evaluation, IReadOnlyList<string> levels)
    {
        var order = new List<(string Key, Evidence Evidence)>();
        var checks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var byCheck = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var result in ActionOrder.Sort(evaluation, levels))
        {
            if (result.Status is CheckStatus.Pass or CheckStatus.NotApplicable) continue;
            var keys = new List<string>();
            foreach (var e in result.Evidence)
            {
                // Evidence that only repeats the result's own message adds nothing a reader does not already see.
                if (e.Message == result.Message && e.File is null) continue;
                var key = $"{e.Message}\u0001{e.File}\u0001{e.Line}";
                if (!checks.TryGetValue(key, out var list)) { checks[key] = list = []; order.Add((key, e)); }
                if (!list.Contains(result.CheckId)) list.Add(result.CheckId);
                if (!keys.Contains(key)) keys.Add(key);
            }
            byCheck[result.CheckId] = keys;
        }
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var findings = new List<Finding>(order.Count);
        foreach (var (key, e) in order)
        {
            var id = $"F{findings.Count + 1}";
            ids[key] = id;
            findings.Add(new Finding(id, e.Message, e.File, e.Line, e.Purl, e.Version, e.RadarEntry, e.Ring, e.Condition, e.TestFolder, checks[key]));
        }
        return (findings, byCheck.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Select(k => ids[k]).ToList(), StringComparer.Ordinal));
    }
}
