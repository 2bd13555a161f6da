using Microsoft.Extensions.DependencyInjection;
using TechHealth.Pages.Figures;

namespace TechHealth.Pages;

/// <summary>
/// Gets a run's pages ready before anyone asks. <see cref="Prepare"/> derives the snapshot's own figures (rollups, the
/// heatmap, each department's page, radar usage) before the snapshot is put in force, while the previous one still
/// answers; <see cref="Start"/> then reads the history in the background: the trends of the stored runs (one read of
/// the new run's scores, the older runs' totals being kept) and the diff with the previous run. A page never waits on
/// the reads; it says what is still being read.
/// </summary>
public static class PagesWarmUp
{
    public static void Prepare(IServiceProvider services, FleetView fleet)
    {
        // The history read starts now: it only needs the stored run, and it takes the longest.
        services.GetRequiredService<History>().ReadAsync(fleet);
        _ = fleet.Organisation;
        foreach (var d in fleet.Org.Departments) fleet.DepartmentRollup(d.Ref);
        _ = fleet.TeamsByChecks;
        foreach (var d in fleet.Org.Departments) DepartmentFigures.Of(fleet, d).Page(1);
        foreach (var t in fleet.Teams) fleet.TeamRollup(t.Ref);
        fleet.UsageCount("");
        fleet.FailingOf("");
    }

    public static void Start(IServiceProvider services, FleetView fleet)
    {
        // On a thread of its own, like the reads it waits for: on a loaded machine this must not hold a pool thread.
        _ = RunTrends.OffThePool(async () =>
        {
            try
            {
                var history = services.GetRequiredService<History>();
                var diffs = services.GetRequiredService<RunDiffs>();
                var window = await history.ReadAsync(fleet);
                if (fleet.Run is { } run && History.PreviousRun(window, fleet) is { } previous)
                    await diffs.DiffAsync(fleet, previous, run.Id);
                // Started at start-up, the service had no Prepare: whatever figure is not derived yet is derived here.
                Prepare(services, fleet);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or ObjectDisposedException or OperationCanceledException)
            {
                // A page reads whatever is missing on demand; warming up is only a head start.
            }
            return true;
        });
    }
}
