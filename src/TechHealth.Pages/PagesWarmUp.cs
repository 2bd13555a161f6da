using Microsoft.Extensions.DependencyInjection;
using TechHealth.Pages.Figures;

namespace TechHealth.Pages;

/// <summary>
/// Reads what the pages need beyond the snapshot as soon as a run is published, in the background: every
/// department's trend, the diff with the previous run, every team's rollup and the radar's usage. The first person to
/// open a page after an evaluation then finds it ready instead of waiting seconds for a large fleet's history.
/// </summary>
public static class PagesWarmUp
{
    public static void Start(IServiceProvider services, FleetView fleet)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var history = services.GetRequiredService<History>();
                var diffs = services.GetRequiredService<RunDiffs>();
                if (fleet.Run is { } run && await diffs.PreviousAsync(run.Id, CancellationToken.None) is { } previous)
                    await diffs.DiffAsync(fleet, previous, run.Id);
                foreach (var d in fleet.Org.Departments)
                {
                    fleet.DepartmentRollup(d.Ref);
                    await history.DepartmentAsync(fleet, d.Ref, CancellationToken.None);
                }
                _ = fleet.Organisation;
                _ = fleet.TeamsByChecks;
                foreach (var t in fleet.Teams) fleet.TeamRollup(t.Ref);
                fleet.UsageCount("");
                fleet.FailingOf("");
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or ObjectDisposedException or OperationCanceledException)
            {
                // A page reads whatever is missing on demand; warming up is only a head start.
            }
        });
    }
}
