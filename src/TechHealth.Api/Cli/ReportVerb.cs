using System.CommandLine;
using TechHealth.Api.Definitions;
using TechHealth.Api.Jobs;

namespace TechHealth.Api.Cli;

/// <summary>
/// <c>techhealth report --department ID [--out FILE] [--json]</c>: writes one department's Excel report from the stored
/// facts, by default into the configured reports folder, and prints where it went.
/// </summary>
public static class ReportVerb
{
    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var department = new Option<string>("--department") { Description = "The department: its group name (engineering) or reference (group:default/engineering).", Required = true };
        var output = new Option<string?>("--out") { Description = "The file to write; default: <reports folder>/<department>-<date>.xlsx." };
        var json = VerbHost.JsonOption();
        var command = new Command("report", "Write a department's Excel report.") { department, output, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = VerbHost.BuildServices(overrides);
            if (!services.GetRequiredService<DefinitionsReloader>().Reload("report"))
            {
                Console.Error.WriteLine("The radar or checks have errors; run 'techhealth validate' to see them.");
                return 3;
            }
            var reports = services.GetService<DepartmentReports>() ?? ActivatorUtilities.CreateInstance<DepartmentReports>(services);
            try
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var (path, data) = await reports.WriteAsync(parse.GetValue(department)!, parse.GetValue(output), ct);
                if (parse.GetValue(json))
                    VerbHost.WriteJson(new { path, department = data.DepartmentRef, components = data.Components.Count, teams = data.Teams.Count, averageScore = data.Current.AverageScore, seconds = Math.Round(started.Elapsed.TotalSeconds, 3) });
                else
                    Console.WriteLine($"Wrote the report of {data.DepartmentName} ({data.Components.Count} components, {data.Teams.Count} teams) to {path}");
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
