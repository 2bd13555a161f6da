using Microsoft.Extensions.Options;
using TechHealth.Api.Fleet;
using TechHealth.Storage;

namespace TechHealth.Api.Hosting;

/// <summary>
/// Before requests: migrate the store and load the definitions (so /healthz is truthful from the first call).
/// After start, in the background: publish the stored fleet, or scan once when nothing was ever scanned.
/// </summary>
public sealed class StartupWork(
    Definitions.DefinitionsReloader reloader,
    IServiceProvider services,
    FactStore facts,
    InterruptedScanRuns interruptedRuns,
    FleetState state,
    EvaluationService evaluation,
    ScanService scans,
    IOptions<TechHealthOptions> options,
    ILogger<StartupWork> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigrateTechHealthStorageAsync(cancellationToken);
        await interruptedRuns.CleanUpAsync("startup", cancellationToken);
        reloader.Reload("startup");
        _background = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task WarmUpAsync(CancellationToken ct)
    {
        try
        {
            var scanned = (await facts.ListScanRunsAsync(1, ct)).Count > 0;
            if (!scanned && options.Value.Schedule.ScanOnStartup)
                await scans.ScanAsync(cancellationToken: ct);
            else
                await evaluation.EvaluateAsync(EvaluationTrigger.Manual, store: false, cancellationToken: ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            logger.LogError(e, "Start-up scan or evaluation failed; the service serves what is stored");
            // /healthz says "starting" until results are in force: put what is stored in force, if that much works.
            try { if (state.Current is null) await evaluation.EvaluateAsync(EvaluationTrigger.Manual, store: false, cancellationToken: ct); }
            catch (Exception again) when (again is not OperationCanceledException) { logger.LogError(again, "Evaluating the stored facts failed too; /healthz stays 'starting'"); }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(_background, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
