using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TechHealth.Reports.Excel;

/// <summary>
/// Writes one department's workbook (.xlsx) from <see cref="DepartmentReportData"/>: Summary, Teams, Components,
/// Heatmap, Radar usage, Hold and retiring, Exemptions. Every sheet is streamed with the Open XML SDK's writer, has a
/// frozen header row, an autofilter over its table, column widths from its content and number formats for shares and
/// scores. Lays out what it is given; computes no figure of its own beyond differences against the previous month.
/// </summary>
public static class DepartmentReport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<string> SheetNames = ["Summary", "Teams", "Components", "Heatmap", "Radar usage", "Hold and retiring", "Exemptions"];

    /// <summary>Only this many rows are read to size a column: enough to see the long values, cheap on big sheets.</summary>
    private const int WidthSample = 2000;

    /// <summary>Writes the workbook to a file, replacing it only once the new one is complete.</summary>
    public static void WriteFile(DepartmentReportData data, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
                Write(data, file);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes the workbook to a seekable, writable stream (a file or a memory stream).</summary>
    public static void Write(DepartmentReportData data, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = ReportStyles.Build();

        var written = new List<(string Name, string RelationshipId, string? Filter)>
        {
            Sheet(workbook, "Summary", p => Summary(p, data)),
            Sheet(workbook, "Teams", p => Teams(p, data)),
            Sheet(workbook, "Components", p => Components(p, data)),
            Sheet(workbook, "Heatmap", p => Heatmap(p, data)),
            Sheet(workbook, "Radar usage", p => RingUsage(p, data)),
            Sheet(workbook, "Hold and retiring", p => HoldUses(p, data)),
            Sheet(workbook, "Exemptions", p => Exemptions(p, data)),
        };

        var sheets = new Sheets();
        var names = new DefinedNames();
        for (var i = 0; i < written.Count; i++)
        {
            var (name, id, filter) = written[i];
            sheets.Append(new Sheet { Name = name, SheetId = (uint)(i + 1), Id = id });
            if (filter is null) continue;
            var parts = filter.Split(':');
            // Excel keeps an autofilter's range in this hidden name; without it some readers drop the filter buttons.
            names.Append(new DefinedName($"'{name}'!{Absolute(parts[0])}:{Absolute(parts[1])}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
        }
        workbook.Workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
        if (names.HasChildren) workbook.Workbook.Append(names);
        workbook.Workbook.Save();
    }

    private static (string, string, string?) Sheet(WorkbookPart workbook, string name, Func<WorksheetPart, string?> write)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var filter = write(part);
        return (name, workbook.GetIdOfPart(part), filter);
    }

    // ---- sheets ----------------------------------------------------------------------------------------------

    private static string? Summary(WorksheetPart part, DepartmentReportData d)
    {
        var cur = d.Current;
        var prev = d.PreviousMonth;
        var labels = d.Gates.Select(g => $"Gate {g.Title}: components allowed".Length).Concat(d.FailingMost.Select(f => f.CheckId.Length)).Append(32);
        using var s = new SheetStream(part, [Width(labels), 16, 16, 12], frozenRows: 1);
        s.Row(XCell.Of($"Tech health: {d.DepartmentName}", ReportStyles.Title));
        s.Row(XCell.Of("Department"), XCell.Of(d.DepartmentRef));
        s.Row(XCell.Of("Generated"), XCell.Of(d.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        s.Row(XCell.Of("Definitions version"), XCell.Of(d.DefinitionsVersion ?? "unknown"));
        s.Row(XCell.Of("Compared with"), XCell.Of(prev?.At is { } at ? $"run of {at.UtcDateTime:yyyy-MM-dd}" : "no run from a month before is stored"));
        s.Blank();
        s.Row(Headers("Figure", "This month", "Previous month", "Change"));
        s.Row(XCell.Of("Components"), XCell.Of(cur.ComponentCount, ReportStyles.Integer),
            XCell.Of(prev?.ComponentCount, ReportStyles.Integer), XCell.Of(prev is null ? null : cur.ComponentCount - prev.ComponentCount, ReportStyles.SignedInteger));
        s.Row(XCell.Of("Average score"), XCell.Of(cur.AverageScore, ReportStyles.Score),
            XCell.Of(prev?.AverageScore, ReportStyles.Score), XCell.Of(prev is null ? null : Math.Round(cur.AverageScore - prev.AverageScore, 1), ReportStyles.SignedScore));
        for (var i = 0; i < d.LevelColumns.Count; i++)
            s.Row(XCell.Of($"Level {d.LevelColumns[i]}: components"), XCell.Of(cur.LevelCounts[i], ReportStyles.Integer),
                XCell.Of(prev?.LevelCounts[i], ReportStyles.Integer), XCell.Of(prev is null ? null : cur.LevelCounts[i] - prev.LevelCounts[i], ReportStyles.SignedInteger));
        for (var i = 0; i < d.LevelColumns.Count; i++)
            s.Row(XCell.Of($"Level {d.LevelColumns[i]}: share"), XCell.Of(cur.LevelShare(i), ReportStyles.Percent),
                XCell.Of(prev?.LevelShare(i), ReportStyles.Percent), XCell.Of(prev is null ? null : cur.LevelShare(i) - prev.LevelShare(i), ReportStyles.SignedPercent));
        for (var i = 0; i < d.Gates.Count; i++)
            s.Row(XCell.Of($"Gate {d.Gates[i].Title}: components allowed"), XCell.Of(cur.GateAllowed[i], ReportStyles.Integer));
        s.Blank();
        s.Row(Headers("Most failing checks", "Failing", "Applicable", "Pass rate"));
        foreach (var f in d.FailingMost)
            s.Row(XCell.Of(f.CheckId), XCell.Of(f.Failing, ReportStyles.Integer), XCell.Of(f.Applicable, ReportStyles.Integer), XCell.Of(f.PassRate, ReportStyles.Percent));
        s.Blank();
        s.Row(XCell.Of("Heatmap colours", ReportStyles.Bold));
        foreach (var band in ReportStyles.HeatBands) s.Row(XCell.Of("pass rate " + band.Label), XCell.Of(band.From, band.Style));
        s.Row(XCell.Of("no component applies"), XCell.Of((double?)null, ReportStyles.HeatNone));
        s.Finish(null);
        return null;
    }

    private static string? Teams(WorksheetPart part, DepartmentReportData d)
    {
        var columns = new List<(string Header, Func<TeamRow, XCell> Cell)>
        {
            ("Team", t => XCell.Of(t.Name)),
            ("Components", t => XCell.Of(t.ComponentCount, ReportStyles.Integer)),
            ("Average score", t => XCell.Of(t.AverageScore, ReportStyles.Score)),
        };
        for (var i = 0; i < d.LevelColumns.Count; i++)
        {
            var index = i;
            columns.Add(($"Level {d.LevelColumns[i]}", t => XCell.Of(t.LevelCounts[index], ReportStyles.Integer)));
        }
        for (var i = 0; i < d.Gates.Count; i++)
        {
            var index = i;
            columns.Add(($"Allowed: {d.Gates[i].Title}", t => XCell.Of(t.GateAllowed[index], ReportStyles.Integer)));
            columns.Add(($"Share allowed: {d.Gates[i].Title}", t => XCell.Of(t.ComponentCount == 0 ? 0 : (double)t.GateAllowed[index] / t.ComponentCount, ReportStyles.Percent)));
        }
        columns.Add(("Team reference", t => XCell.Of(t.Ref)));
        return Table(part, d.Teams, columns);
    }

    private static string? Components(WorksheetPart part, DepartmentReportData d)
        => Table(part, d.Components,
        [
            ("Component", c => XCell.Of(c.Name)),
            ("Team", c => XCell.Of(c.Team)),
            ("Owner", c => XCell.Of(c.Owner)),
            ("Type", c => XCell.Of(c.Type)),
            ("Lifecycle", c => XCell.Of(c.Lifecycle)),
            ("Level", c => XCell.Of(c.Level ?? "none")),
            ("Score", c => XCell.Of(c.Score, ReportStyles.Score)),
            ("Failing checks", c => XCell.Of(c.Failing.Count, ReportStyles.Integer)),
            ("Failing", c => XCell.Of(string.Join("; ", c.Failing.Select(f => $"{f.CheckId} ({f.Level}, {f.Status}): {f.Message}")))),
            ("Evidence", c => XCell.Of(string.Join("; ", c.Failing.SelectMany(f => f.Evidence.Select(e => $"{f.CheckId}: {e}"))))),
            // A component whose build files were not all read must not look clean: the count and what was not read.
            ("Scan issues", c => XCell.Of(c.ScanIssues.Count, ReportStyles.Integer)),
            ("Not read", c => XCell.Of(string.Join("; ", c.ScanIssues))),
            ("Reference", c => XCell.Of(c.Ref)),
        ]);

    private static string? Heatmap(WorksheetPart part, DepartmentReportData d)
    {
        var widths = new List<double> { Width(d.Heatmap.Rows.Select(r => r.Team.Length).Append(4)) };
        widths.AddRange(d.Heatmap.Checks.Select(c => Math.Clamp(c.Length + 2, 9, 30.0)));
        using var s = new SheetStream(part, widths, frozenRows: 1);
        s.Row(Headers(d.Heatmap.Checks.Prepend("Team").ToArray()));
        var row = new XCell[d.Heatmap.Checks.Count + 1];
        foreach (var r in d.Heatmap.Rows)
        {
            row[0] = XCell.Of(r.Team);
            for (var i = 0; i < r.PassRates.Count; i++) row[i + 1] = XCell.Of(r.PassRates[i], ReportStyles.HeatFor(r.PassRates[i]));
            s.Row(row);
        }
        var filter = $"A1:{SheetStream.ColumnLetters(d.Heatmap.Checks.Count)}{s.RowCount}";
        s.Finish(filter);
        return filter;
    }

    private static string? RingUsage(WorksheetPart part, DepartmentReportData d)
        => Table(part, d.RingUsage,
        [
            ("Quadrant", r => XCell.Of(r.Quadrant)),
            ("Radar entry", r => XCell.Of(r.RadarEntry)),
            ("Title", r => XCell.Of(r.Title)),
            ("Ring", r => XCell.Of(r.Ring)),
            ("Components", r => XCell.Of(r.Components, ReportStyles.Integer)),
            ("Uses", r => XCell.Of(r.Uses, ReportStyles.Integer)),
        ]);

    private static string? HoldUses(WorksheetPart part, DepartmentReportData d)
        => Table(part, d.HoldUses,
        [
            ("Component", h => XCell.Of(h.Component)),
            ("Team", h => XCell.Of(h.Team)),
            ("Radar entry", h => XCell.Of(h.RadarEntry)),
            ("Ring", h => XCell.Of(h.Ring)),
            ("State", h => XCell.Of(h.Retirement)),
            ("Retire by", h => h.RetireBy is { } r ? XCell.Date(r) : XCell.Empty),
            ("Package", h => XCell.Of(h.Package)),
            ("Version", h => XCell.Of(h.Version ?? "unknown")),
            ("File", h => XCell.Of(h.File)),
            ("Line", h => h.Line > 0 ? XCell.Of(h.Line, ReportStyles.Integer) : XCell.Empty),
            ("Condition", h => h.Condition is { Length: > 0 } c ? XCell.Of(c) : XCell.Empty),
        ]);

    private static string? Exemptions(WorksheetPart part, DepartmentReportData d)
        => Table(part, d.Exemptions,
        [
            ("Component", e => XCell.Of(e.Component)),
            ("Check", e => XCell.Of(e.Check)),
            ("Reason", e => XCell.Of(e.Reason)),
            ("Approved by", e => XCell.Of(e.ApprovedBy)),
            ("Expires", e => XCell.Date(e.Expires)),
            ("Days left", e => XCell.Of(e.DaysLeft, ReportStyles.Integer)),
            ("Origin", e => XCell.Of(e.Origin)),
        ]);

    // ---- layout ----------------------------------------------------------------------------------------------

    private static string Table<T>(WorksheetPart part, IReadOnlyList<T> rows, IReadOnlyList<(string Header, Func<T, XCell> Cell)> columns)
    {
        var widths = columns.Select((c, i) => Width(rows.Take(WidthSample).Select(r => c.Cell(r).DisplayLength).Append(c.Header.Length + 3))).ToList();
        using var s = new SheetStream(part, widths, frozenRows: 1);
        s.Row(Headers(columns.Select(c => c.Header).ToArray()));
        var cells = new XCell[columns.Count];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++) cells[i] = columns[i].Cell(row);
            s.Row(cells);
        }
        var filter = $"A1:{SheetStream.ColumnLetters(columns.Count - 1)}{Math.Max(s.RowCount, 1)}";
        s.Finish(filter);
        return filter;
    }

    private static XCell[] Headers(params string[] names) => names.Select(n => XCell.Of(n, ReportStyles.Header)).ToArray();

    private static double Width(IEnumerable<int> lengths) => Math.Clamp(lengths.DefaultIfEmpty(8).Max() + 2, 8, 80);

    private static string Absolute(string cell)
    {
        var letters = new string(cell.TakeWhile(char.IsLetter).ToArray());
        return $"${letters}${cell[letters.Length..]}";
    }
}
