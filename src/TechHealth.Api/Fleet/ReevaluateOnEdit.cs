using TechHealth.Api.Definitions;
using TechHealth.Core.Definitions;
using TechHealth.Storage;

namespace TechHealth.Api.Fleet;

/// <summary>
/// A radar or checks edit that takes effect re-evaluates the fleet from stored facts and records a run:
/// platform engineers see the effect of moving a ring without any rescan.
/// </summary>
public sealed class ReevaluateOnEdit(DefinitionsState definitions, EvaluationService evaluation, FleetState fleet, ILogger<ReevaluateOnEdit> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private string? _firstVersion;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _firstVersion = definitions.Current.Version;
        definitions.Changed += OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(DefinitionSet set)
    {
        // The start-up load is evaluated by the start-up work; only later edits trigger a run here.
        if (fleet.Current is null && set.Version == _firstVersion) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var snapshot = await evaluation.EvaluateAsync(EvaluationTrigger.RadarEdit, cancellationToken: _stopping.Token);
                logger.LogInformation("Definitions {Version} re-evaluated from stored facts as run {Run}", set.Version[..12], snapshot.Run?.Id);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
            catch (Exception e) { logger.LogError(e, "Re-evaluation after a definitions edit failed"); }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        definitions.Changed -= OnChanged;
        await _stopping.CancelAsync();
    }
}
