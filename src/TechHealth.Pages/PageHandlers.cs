using Microsoft.AspNetCore.Http;
using TechHealth.Certification;
using TechHealth.Pages.Components;
using TechHealth.Pages.Figures;
using TechHealth.Storage;
using static TechHealth.Pages.PagesEndpoints;

namespace TechHealth.Pages;

/// <summary>
/// One method per page: finds what the URL names, reads what the page needs beyond the snapshot (trends and diffs
/// from the store), and hands it to the page's component. A name that matches nothing gets a 404 page saying so.
/// </summary>
internal static class PageHandlers
{
    public const int PageSize = 100;

    /// <summary>Teams per page of a department's heatmap and an entry's usage: a picture a person can still read.</summary>
    public const int TeamsPerPage = 40;

    /// <summary>The organisation page never waits on the store: until the run's history is read it shows the snapshot's figures and says the rest is coming.</summary>
    public static IResult Organisation(FleetView fleet, History history, RunDiffs diffs)
    {
        var window = history.IfRead(fleet);
        var pending = window is null;
        var departments = fleet.Org.Departments
            .Select(d => new OrganisationPage.DepartmentLine(d, fleet.DepartmentRollup(d.Ref), window?.Department(fleet.Levels, d.Ref).Select(p => p.AverageScore).ToList()))
            .ToList();
        RunDiff? diff = null;
        var hasPrevious = false;
        if (window is not null && fleet.Run is { } run && History.PreviousRun(window, fleet) is { } previous)
        {
            hasPrevious = true;
            (var ready, diff) = diffs.DiffIfComputed(fleet, previous, run.Id);
            pending |= !ready;
        }
        return Render<OrganisationPage>(new()
        {
            ["Fleet"] = fleet, ["Trend"] = window?.Organisation(fleet.Levels) ?? [], ["Departments"] = departments, ["Diff"] = diff, ["HasPrevious"] = hasPrevious, ["Pending"] = pending,
        });
    }

    public static IResult Departments(FleetView fleet)
        => Render<DepartmentsPage>(new() { ["Fleet"] = fleet });

    public static IResult Department(FleetView fleet, string name, string? view, int? page, History history, TimeProvider clock)
    {
        if (fleet.FindDepartment(name) is not { } department)
            return NotFound("Unknown department", $"There is no department '{name}'. Departments: {string.Join(", ", fleet.Org.Departments.Select(d => d.Name))}.");
        var trend = history.IfRead(fleet)?.Department(fleet.Levels, department.Ref);
        return Render<DepartmentPage>(new()
        {
            ["Fleet"] = fleet, ["Department"] = department, ["Trend"] = trend ?? [], ["Pending"] = trend is null, ["TableView"] = view == "table",
            ["Page"] = Math.Max(page ?? 1, 1), ["Today"] = Today(clock),
        });
    }

    public static IResult Teams(FleetView fleet, int? page) => Render<TeamsPage>(new() { ["Fleet"] = fleet, ["Page"] = Math.Max(page ?? 1, 1) });

    public static IResult Team(FleetView fleet, string name, History history, TimeProvider clock)
    {
        if (fleet.FindTeam(name) is not { } team)
            return NotFound("Unknown team", $"No component is owned by a team '{name}', and the catalog has no such group.");
        var trend = history.IfRead(fleet)?.Team(fleet.Levels, team.Ref);
        return Render<TeamPage>(new() { ["Fleet"] = fleet, ["Team"] = team, ["Trend"] = trend ?? [], ["Pending"] = trend is null, ["Today"] = Today(clock) });
    }

    public static async Task<IResult> ComponentAsync(FleetView fleet, string name, HttpContext http, History history, TimeProvider clock, CancellationToken ct)
    {
        if (fleet.FindComponent(name) is not { } component || fleet.EvaluationOf(component.Ref) is not { } evaluation)
            return NotFound("Unknown component", $"There is no component '{name}' in the latest evaluation.");
        var scores = await history.ComponentAsync(component.Ref, ct);
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        return Render<ComponentPage>(new()
        {
            ["Fleet"] = fleet, ["Component"] = component, ["Evaluation"] = evaluation, ["Scores"] = scores, ["Site"] = site, ["Today"] = Today(clock),
        });
    }

    public static IResult Radar(FleetView fleet, string? ring, string? quadrant, TimeProvider clock)
        => Render<RadarPage>(new() { ["Fleet"] = fleet, ["Ring"] = ring, ["Quadrant"] = quadrant, ["Today"] = Today(clock) });

    public static IResult RadarEntry(FleetView fleet, string id, int? page, TimeProvider clock)
    {
        if (fleet.Radar.FindEntry(id) is not { } entry)
            return NotFound("Unknown radar entry", $"The radar has no entry '{id}'.");
        return Render<RadarEntryPage>(new() { ["Fleet"] = fleet, ["Entry"] = entry, ["Page"] = Math.Max(page ?? 1, 1), ["Today"] = Today(clock) });
    }

    public static IResult Checks(FleetView fleet) => Render<ChecksPage>(new() { ["Fleet"] = fleet });

    public static IResult Check(FleetView fleet, string id, int? page)
    {
        if (fleet.Checks.Checks.FirstOrDefault(c => c.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is not { } check)
            return NotFound("Unknown check", $"There is no check '{id}'.");
        return Render<CheckPage>(new() { ["Fleet"] = fleet, ["Check"] = check, ["Page"] = Math.Max(page ?? 1, 1) });
    }

    public static IResult Gates(FleetView fleet) => Render<GatesPage>(new() { ["Fleet"] = fleet });

    public static IResult Gate(FleetView fleet, string id, int? page)
    {
        if (fleet.Checks.Gates.FirstOrDefault(g => g.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is not { } gate)
            return NotFound("Unknown gate", $"There is no gate '{id}'.");
        return Render<GatePage>(new() { ["Fleet"] = fleet, ["Gate"] = gate, ["Page"] = Math.Max(page ?? 1, 1) });
    }

    public static IResult Exemptions(FleetView fleet, TimeProvider clock)
        => Render<ExemptionsPage>(new() { ["Fleet"] = fleet, ["InForce"] = fleet.Exemptions.InForce(Today(clock)) });

    public static async Task<IResult> RunsAsync(FleetView fleet, long? from, long? to, EvaluationStore store, RunDiffs diffs, CancellationToken ct)
    {
        var runs = await store.ListEvaluationRunsAsync(History.Runs, cancellationToken: ct);
        RunDiff? diff = null;
        string? problem = null;
        var pending = false;
        if (from is { } f && to is { } t)
        {
            // Two stored runs of a large fleet take seconds to read: the diff is computed in the background and kept.
            (var ready, diff) = diffs.DiffIfComputed(fleet, f, t);
            pending = !ready;
            if (ready && diff is null) problem = $"Run {f} or run {t} is not stored (it may have been pruned).";
        }
        return Render<RunsPage>(new() { ["Fleet"] = fleet, ["Runs"] = runs, ["Diff"] = diff, ["From"] = from, ["To"] = to, ["Problem"] = problem, ["Pending"] = pending },
            problem is null ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    public static IResult Search(FleetView fleet, string? q)
        => Render<SearchPage>(new() { ["Fleet"] = fleet, ["Query"] = (q ?? "").Trim() });

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
