using Microsoft.Extensions.DependencyInjection;
using TechHealth.Pages.Figures;

namespace TechHealth.Pages;

/// <summary>
/// Reads what the pages need beyond the snapshot as soon as a run is published, in the background: the trends of the
/// stored runs (one read of the new run's scores, the older runs' totals being kept), the diff with the previous run,
/// and the snapshot's per-page figures. The first person to open a page after an evaluation then finds it ready
/// instead of waiting seconds for a large fleet's history; a page never waits on this, it only says what is missing.
/// </summary>
public static class PagesWarmUp
{
    public static void Start(IServiceProvider services, FleetView fleet)
    {
        // On a thread of its own, like the reads it starts: minutes of work on a loaded machine must not hold a pool thread.
        _ = RunTrends.OffThePool(async () =>
        {
            try
            {
                var history = services.GetRequiredService<History>();
                var diffs = services.GetRequiredService<RunDiffs>();
                // The store is read on the thread pool while the snapshot's own figures are derived here.
                var read = history.ReadAsync(fleet);
                // What the organisation page needs comes first: it is the page opened right after a run.
                _ = fleet.Organisation;
                foreach (var d in fleet.Org.Departments) fleet.DepartmentRollup(d.Ref);
                _ = fleet.TeamsByChecks;
                foreach (var d in fleet.Org.Departments) DepartmentFigures.Of(fleet, d).Page(1);
                foreach (var t in fleet.Teams) fleet.TeamRollup(t.Ref);
                fleet.UsageCount("");
                fleet.FailingOf("");
                var window = await read;
                if (fleet.Run is { } run && History.PreviousRun(window, fleet) is { } previous)
                    await diffs.DiffAsync(fleet, previous, run.Id);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or ObjectDisposedException or OperationCanceledException)
            {
                // A page reads whatever is missing on demand; warming up is only a head start.
            }
            return true;
        });
    }
}
