using System.Text.Json;
using TechHealth.Core.Results;

namespace TechHealth.Storage.Tests;

/// <summary>
/// Full storage as the store answered before spans: every run kept every component's evaluation with the team and
/// department of the day, and each query read those rows. Held in memory, it is the oracle the span store is compared
/// with, query by query, over the same sequence of runs (refs are ASCII, so ordinal order is the databases' order:
/// SQLite's binary collation and the test cluster's C locale).
/// </summary>
public sealed class FullHistory
{
    private sealed record Row(ComponentEvaluation Evaluation, string? Team, string? Department);
    private sealed record Run(EvaluationRunInfo Info, List<Row> Rows);

    private readonly List<Run> _runs = [];

    public IEnumerable<long> RunIds => _runs.Select(r => r.Info.Id);
    public IEnumerable<string> ComponentRefs => _runs.SelectMany(r => r.Rows).Select(r => r.Evaluation.ComponentRef).Distinct().Order(StringComparer.Ordinal);
    public IEnumerable<string> Teams => _runs.SelectMany(r => r.Rows).Select(r => r.Team).OfType<string>().Distinct().Order(StringComparer.Ordinal);
    public IEnumerable<string> Departments => _runs.SelectMany(r => r.Rows).Select(r => r.Department).OfType<string>().Distinct().Order(StringComparer.Ordinal);
    public IEnumerable<DateTimeOffset> Times => _runs.Select(r => r.Info.EvaluatedAt).Distinct().Order();

    /// <summary>Records a run as full storage did: the caller's evaluations in order, placed by the components table of the moment.</summary>
    public void Add(EvaluationRunInfo info, IEnumerable<ComponentEvaluation> evaluations, IReadOnlyDictionary<string, (string? Team, string? Department)> placement)
        => _runs.Add(new Run(info, evaluations.Select(e =>
        {
            var place = placement.TryGetValue(e.ComponentRef, out var p) ? p : ((string?)null, (string?)null);
            var team = place.Item1 ?? (e.Owner is { } o && o.StartsWith("group:", StringComparison.Ordinal) ? o : null);
            return new Row(e, team, place.Item2);
        }).ToList()));

    public void Delete(IEnumerable<long> ids)
    {
        var doomed = ids.ToHashSet();
        _runs.RemoveAll(r => doomed.Contains(r.Info.Id));
    }

    public IReadOnlyList<long> Prune(EvaluationRetention policy, DateTimeOffset now)
    {
        var doomed = EvaluationStore.RunsToPrune(policy, _runs.Select(r => (r.Info.Id, r.Info.EvaluatedAt)), now);
        Delete(doomed);
        return doomed;
    }

    private IEnumerable<Run> Newest => _runs.OrderByDescending(r => r.Info.EvaluatedAt).ThenByDescending(r => r.Info.Id);

    public IReadOnlyList<EvaluationRunInfo> ListEvaluationRuns(int limit = 100, DateTimeOffset? from = null, DateTimeOffset? to = null)
        => Newest.Where(r => (from is null || r.Info.EvaluatedAt >= from) && (to is null || r.Info.EvaluatedAt <= to)).Take(limit).Select(r => r.Info).ToList();

    public EvaluationRunInfo? GetEvaluationRun(long id) => _runs.SingleOrDefault(r => r.Info.Id == id)?.Info;

    public IReadOnlyList<ComponentEvaluation> LoadEvaluation(long runId, string? componentRef = null)
        => _runs.SingleOrDefault(r => r.Info.Id == runId) is not { } run ? []
            : run.Rows.Where(r => componentRef is null || r.Evaluation.ComponentRef == componentRef)
                .Select(r => r.Evaluation with { DefinitionsVersion = run.Info.DefinitionsVersion, EvaluatedAt = run.Info.EvaluatedAt }).ToList();

    private IEnumerable<(Run Run, Row Row)> Scores => _runs.SelectMany(run => run.Rows.Select(row => (run, row)));

    private static ComponentScore Score((Run Run, Row Row) x)
        => new(x.Run.Info.Id, x.Run.Info.EvaluatedAt, x.Row.Evaluation.ComponentRef, x.Row.Team, x.Row.Department, x.Row.Evaluation.Score, x.Row.Evaluation.Level);

    public IReadOnlyList<ComponentScore> LoadScores(long runId, string? team = null, string? department = null)
        => Scores.Where(x => x.Run.Info.Id == runId && (team is null || x.Row.Team == team) && (department is null || x.Row.Department == department))
            .OrderBy(x => x.Row.Evaluation.ComponentRef, StringComparer.Ordinal).Select(Score).ToList();

    public IReadOnlyList<ComponentScore> GetComponentHistory(string componentRef, DateTimeOffset? from = null, DateTimeOffset? to = null)
        => Scores.Where(x => x.Row.Evaluation.ComponentRef == componentRef && (from is null || x.Run.Info.EvaluatedAt >= from) && (to is null || x.Run.Info.EvaluatedAt <= to))
            .OrderBy(x => x.Run.Info.EvaluatedAt).ThenBy(x => x.Run.Info.Id).Select(Score).ToList();

    public IReadOnlyList<ComponentScore> LoadScoreHistory(DateTimeOffset from, DateTimeOffset to, string? team = null, string? department = null)
        => Scores.Where(x => x.Run.Info.EvaluatedAt >= from && x.Run.Info.EvaluatedAt <= to && (team is null || x.Row.Team == team) && (department is null || x.Row.Department == department))
            .OrderBy(x => x.Run.Info.EvaluatedAt).ThenBy(x => x.Run.Info.Id).ThenBy(x => x.Row.Evaluation.ComponentRef, StringComparer.Ordinal).Select(Score).ToList();

    public IReadOnlyList<ComponentScore> LoadRecentScoreHistory(int runs, string? team = null, string? department = null, IReadOnlyCollection<string>? componentRefs = null)
    {
        var recent = Newest.Take(runs).Select(r => r.Info.Id).ToHashSet();
        return Scores.Where(x => recent.Contains(x.Run.Info.Id) && (team is null || x.Row.Team == team) && (department is null || x.Row.Department == department)
                                 && (componentRefs is null || componentRefs.Contains(x.Row.Evaluation.ComponentRef)))
            .OrderBy(x => x.Run.Info.EvaluatedAt).ThenBy(x => x.Run.Info.Id).ThenBy(x => x.Row.Evaluation.ComponentRef, StringComparer.Ordinal).Select(Score).ToList();
    }

    /// <summary>
    /// Every query of the store against this oracle: each run, each component, team and department, time windows
    /// between every pair of run times, and the recent-run trends. Returns the mismatches, each naming the query.
    /// </summary>
    public async Task<List<string>> CompareAsync(EvaluationStore store)
    {
        var mismatches = new List<string>();
        void Same(string query, object expected, object actual)
        {
            var (e, a) = (JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
            if (e != a) mismatches.Add($"{query}:\n  full: {e}\n  span: {a}");
        }

        Same("ListEvaluationRuns()", ListEvaluationRuns(), await store.ListEvaluationRunsAsync());
        Same("ListEvaluationRuns(2)", ListEvaluationRuns(2), await store.ListEvaluationRunsAsync(2));
        Same("LatestEvaluationRun", ListEvaluationRuns(1).FirstOrDefault() ?? (object)"none", await store.LatestEvaluationRunAsync() ?? (object)"none");
        var times = Times.ToList();
        var edges = times.Count == 0 ? [] : times.Concat([times[0].AddMinutes(-1), times[^1].AddMinutes(1)]).ToList();
        foreach (var from in edges)
            foreach (var to in edges.Where(t => t >= from))
            {
                Same($"ListEvaluationRuns(from {from:O}, to {to:O})", ListEvaluationRuns(100, from, to), await store.ListEvaluationRunsAsync(100, from, to));
                Same($"LoadScoreHistory({from:O}, {to:O})", LoadScoreHistory(from, to), await store.LoadScoreHistoryAsync(from, to));
                foreach (var team in Teams)
                    Same($"LoadScoreHistory({from:O}, {to:O}, team {team})", LoadScoreHistory(from, to, team), await store.LoadScoreHistoryAsync(from, to, team));
                foreach (var department in Departments)
                    Same($"LoadScoreHistory({from:O}, {to:O}, department {department})", LoadScoreHistory(from, to, department: department), await store.LoadScoreHistoryAsync(from, to, departmentRef: department));
            }
        foreach (var id in RunIds.Concat([RunIds.DefaultIfEmpty().Max() + 1]))
        {
            Same($"GetEvaluationRun({id})", GetEvaluationRun(id) ?? (object)"none", await store.GetEvaluationRunAsync(id) ?? (object)"none");
            Same($"LoadEvaluation({id})", LoadEvaluation(id), await store.LoadEvaluationAsync(id));
            Same($"LoadScores({id})", LoadScores(id), await store.LoadScoresAsync(id));
            foreach (var component in ComponentRefs)
                Same($"LoadEvaluation({id}, {component})", LoadEvaluation(id, component), await store.LoadEvaluationAsync(id, component));
            foreach (var team in Teams)
                Same($"LoadScores({id}, team {team})", LoadScores(id, team), await store.LoadScoresAsync(id, team));
            foreach (var department in Departments)
                Same($"LoadScores({id}, department {department})", LoadScores(id, department: department), await store.LoadScoresAsync(id, departmentRef: department));
        }
        foreach (var component in ComponentRefs)
        {
            Same($"GetComponentHistory({component})", GetComponentHistory(component), await store.GetComponentHistoryAsync(component));
            if (times.Count > 1)
                Same($"GetComponentHistory({component}, {times[1]:O}..)", GetComponentHistory(component, times[1]), await store.GetComponentHistoryAsync(component, times[1]));
        }
        for (var n = 1; n <= _runs.Count + 1; n++)
        {
            Same($"LoadRecentScoreHistory({n})", LoadRecentScoreHistory(n), await store.LoadRecentScoreHistoryAsync(n));
            foreach (var team in Teams)
                Same($"LoadRecentScoreHistory({n}, team {team})", LoadRecentScoreHistory(n, team), await store.LoadRecentScoreHistoryAsync(n, team));
            foreach (var department in Departments)
                Same($"LoadRecentScoreHistory({n}, department {department})", LoadRecentScoreHistory(n, department: department), await store.LoadRecentScoreHistoryAsync(n, departmentRef: department));
            var some = ComponentRefs.Where((_, i) => i % 2 == 0).ToList();
            Same($"LoadRecentScoreHistory({n}, components)", LoadRecentScoreHistory(n, componentRefs: some), await store.LoadRecentScoreHistoryAsync(n, componentRefs: some));
        }
        return mismatches;
    }
}
