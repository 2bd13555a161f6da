using GreenDonut;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>A component's score history, at most <see cref="First"/> runs back.</summary>
public readonly record struct ComponentHistoryKey(string ComponentRef, int First);

/// <summary>
/// <c>Component.history</c> for every component of one response in one store query per window size, instead of
/// one query per component: the window decides which runs are read, so keys with the same window share a query.
/// </summary>
public sealed class ComponentHistoryLoader(EvaluationStore store, IBatchScheduler scheduler, DataLoaderOptions options)
    : BatchDataLoader<ComponentHistoryKey, IReadOnlyList<ComponentScore>>(scheduler, options)
{
    protected override async Task<IReadOnlyDictionary<ComponentHistoryKey, IReadOnlyList<ComponentScore>>> LoadBatchAsync(
        IReadOnlyList<ComponentHistoryKey> keys, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<ComponentHistoryKey, IReadOnlyList<ComponentScore>>();
        foreach (var window in keys.GroupBy(k => k.First))
        {
            var rows = await store.LoadRecentScoreHistoryAsync(window.Key, componentRefs: window.Select(k => k.ComponentRef).ToList(), cancellationToken: cancellationToken);
            var byComponent = rows.GroupBy(r => r.ComponentRef, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ComponentScore>)g.OrderBy(r => r.EvaluatedAt).ToList(), StringComparer.OrdinalIgnoreCase);
            foreach (var key in window)
                answers[key] = byComponent.TryGetValue(key.ComponentRef, out var history) ? history : [];
        }
        return answers;
    }
}
