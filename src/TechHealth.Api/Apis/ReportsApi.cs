using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TechHealth.Api.Fleet;
using TechHealth.Api.Jobs;
using TechHealth.Reports.Excel;

namespace TechHealth.Api.Apis;

/// <summary><c>/reports/departments/{id}.xlsx</c>: one department's Excel report, built from the snapshot in force.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/reports").WithTags("Reports");
        group.MapGet("/departments/{id}.xlsx", DepartmentWorkbook)
            .WithSummary("A department's Excel report (summary, teams, components, heatmap, radar usage, exemptions); id is the department's name.");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> DepartmentWorkbook(
        string id, FleetState state, DepartmentReports reports, CancellationToken cancellationToken)
    {
        var snapshot = state.Current;
        if (snapshot is null)
            return TypedResults.Problem("No evaluation has finished yet; try again once the first scan is evaluated.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No results yet");
        if (DepartmentReportMapper.FindDepartment(snapshot.Org, id) is null)
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "Unknown department",
                Detail = $"There is no department '{id}'. Known: {string.Join(", ", snapshot.Org.Departments.Select(d => d.Name))}.",
                Status = StatusCodes.Status404NotFound,
            });
        var data = await reports.BuildAsync(snapshot, id, cancellationToken);
        using var buffer = new MemoryStream();
        DepartmentReport.Write(data, buffer);
        return TypedResults.File(buffer.ToArray(), DepartmentReport.ContentType, DepartmentReports.FileName(data, data.GeneratedAt));
    }
}
