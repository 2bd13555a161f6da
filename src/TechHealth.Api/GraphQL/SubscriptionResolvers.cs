using HotChocolate;
using HotChocolate.Types;
using TechHealth.Api.Fleet;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// The <c>Subscription</c> fields: each stored run is the event (a subscriber hears only runs stored after it
/// subscribed), and the field turns it into its view.
/// </summary>
public sealed class SubscriptionResolvers
{
    public IAsyncEnumerable<EvaluationRunInfo> EvaluationRuns([Service] RunEvents events) => events.EvaluationRunsAsync();

    [Subscribe(With = nameof(EvaluationRuns))]
    public EvaluationRunView EvaluationCompleted([EventMessage] EvaluationRunInfo run) => RunViews.Evaluation(run);

    public IAsyncEnumerable<ScanRunInfo> ScanRuns([Service] RunEvents events) => events.ScanRunsAsync();

    [Subscribe(With = nameof(ScanRuns))]
    public ScanRunView ScanCompleted([EventMessage] ScanRunInfo run) => RunViews.Scan(run);

    public IAsyncEnumerable<TechHealth.Scanning.ScanProgressSnapshot> ProgressUpdates([Service] TechHealth.Scanning.ScanProgress progress, CancellationToken cancellation)
        => progress.WatchAsync(cancellation);

    [Subscribe(With = nameof(ProgressUpdates))]
    public TechHealth.Scanning.ScanProgressSnapshot ScanProgress([EventMessage] TechHealth.Scanning.ScanProgressSnapshot progress) => progress;
}
