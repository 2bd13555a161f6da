using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using TechHealth.Certification;
using TechHealth.Reports.Excel;
using Xunit.Abstractions;

namespace TechHealth.Reports.Tests.Excel;

public sealed class DepartmentReportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("techhealth-report-");
    private readonly ITestOutputHelper _output;
    private static readonly SyntheticFleet Fleet = SyntheticFleet.Make(200);

    public DepartmentReportTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(DepartmentReportData data, string name = "engineering.xlsx")
    {
        var path = Path.Combine(_folder.FullName, name);
        DepartmentReport.WriteFile(data, path);
        return path;
    }

    [Fact]
    public void The_workbook_has_every_sheet_and_the_validator_finds_no_error()
    {
        var path = Write(Fleet.Report());
        using var book = new WorkbookReader(path);
        book.SheetNames.ShouldBe(DepartmentReport.SheetNames);
        var errors = new OpenXmlValidator().Validate(book.Document).ToList();
        foreach (var e in errors.Take(10)) _output.WriteLine($"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Summary_figures_equal_the_department_rollup()
    {
        var rollup = Fleet.Rollup.Department(SyntheticFleet.Department);
        using var book = new WorkbookReader(Write(Fleet.Report()));
        book.Text("Summary", "A1").ShouldBe("Tech health: Engineering");
        book.Text("Summary", "A8").ShouldBe("Components");
        book.Number("Summary", "B8").ShouldBe(rollup.ComponentCount);
        rollup.ComponentCount.ShouldBeGreaterThan(100);
        book.Text("Summary", "A9").ShouldBe("Average score");
        book.Number("Summary", "B9").ShouldBe(rollup.AverageScore);
        var levels = new[] { "none", "bronze", "silver", "gold" };
        for (var i = 0; i < levels.Length; i++)
        {
            var row = 10 + i;
            book.Text("Summary", $"A{row}").ShouldBe($"Level {levels[i]}: components");
            book.Number("Summary", $"B{row}").ShouldBe(rollup.Levels.Single(l => l.Level == levels[i]).Count);
            book.Text("Summary", $"A{row + 4}").ShouldBe($"Level {levels[i]}: share");
            book.Number("Summary", $"B{row + 4}").ShouldBe(rollup.Levels.Single(l => l.Level == levels[i]).Share, 0.0001);
        }
        book.Number("Summary", "B18").ShouldBe(rollup.Gates[0].Allowed);
        book.Text("Summary", "C8").ShouldBe("", "no previous month was given");
    }

    [Fact]
    public void Summary_shows_the_change_against_the_previous_month()
    {
        var previous = new TrendPoint("run-1", SyntheticFleet.Now.AddMonths(-1), 50.0, null, 120,
            [new LevelCount("none", 60, 0.5), new LevelCount("bronze", 30, 0.25), new LevelCount("silver", 20, 0.1667), new LevelCount("gold", 10, 0.0833)]);
        var rollup = Fleet.Rollup.Department(SyntheticFleet.Department);
        using var book = new WorkbookReader(Write(Fleet.Report(previous)));
        book.Text("Summary", "B5").ShouldBe("run of 2026-10-20");
        book.Number("Summary", "C8").ShouldBe(120);
        book.Number("Summary", "D8").ShouldBe(rollup.ComponentCount - 120);
        book.Number("Summary", "D9").ShouldBe(Math.Round(rollup.AverageScore - 50.0, 1), 0.0001);
        book.Number("Summary", "C13").ShouldBe(10);
        book.Number("Summary", "D13").ShouldBe(rollup.Levels.Single(l => l.Level == "gold").Count - 10);
        book.Number("Summary", "C17").ShouldBe(10 / 120.0, 0.0001);
    }

    [Fact]
    public void Every_team_row_equals_that_team_rollup_and_teams_outside_the_department_are_left_out()
    {
        using var book = new WorkbookReader(Write(Fleet.Report()));
        var rows = book.Rows("Teams");
        rows[0]["A"].ShouldBe("Team");
        var teams = rows.Skip(1).ToList();
        teams.Count.ShouldBe(8, "team-0..7 are all under engineering, directly or through platform");
        teams.ShouldNotContain(r => r["A"] == "Sales Ops");
        foreach (var row in teams)
        {
            var team = Fleet.Rollup.Team(row["L"]);
            row["A"].ShouldBe(team.Name);
            double.Parse(row["B"], CultureInfo.InvariantCulture).ShouldBe(team.ComponentCount);
            double.Parse(row["C"], CultureInfo.InvariantCulture).ShouldBe(team.AverageScore);
            double.Parse(row["G"], CultureInfo.InvariantCulture).ShouldBe(team.Levels.Single(l => l.Level == "gold").Count);
            double.Parse(row["H"], CultureInfo.InvariantCulture).ShouldBe(team.Gates[0].Allowed);
            double.Parse(row["J"], CultureInfo.InvariantCulture).ShouldBe(team.Gates[1].Allowed);
        }
        teams.Sum(r => int.Parse(r["B"], CultureInfo.InvariantCulture)).ShouldBe(Fleet.Rollup.Department(SyntheticFleet.Department).ComponentCount);
    }

    [Fact]
    public void Components_sheet_lists_every_component_with_its_failing_checks_and_evidence()
    {
        var data = Fleet.Report();
        using var book = new WorkbookReader(Write(data));
        var rows = book.Rows("Components");
        rows.Count.ShouldBe(Fleet.Rollup.Department(SyntheticFleet.Department).ComponentCount + 1);
        foreach (var row in rows.Skip(1))
        {
            var e = Fleet.Fleet.Evaluations.Single(x => x.ComponentRef == row["M"]);
            row["A"].ShouldBe(e.ComponentName);
            row["F"].ShouldBe(e.Level ?? "none");
            double.Parse(row["G"], CultureInfo.InvariantCulture).ShouldBe(e.Score);
            var failing = e.Results.Where(r => r.Status is Core.Results.CheckStatus.Fail or Core.Results.CheckStatus.Error).ToList();
            int.Parse(row["H"], CultureInfo.InvariantCulture).ShouldBe(failing.Count);
            foreach (var f in failing) row["I"].ShouldContain(f.CheckId);
            if (failing.Any(f => f.Status == Core.Results.CheckStatus.Fail)) row["J"].ShouldContain("pom.xml line");
        }
    }

    [Fact]
    public void A_component_with_unread_build_files_shows_its_scan_issues_on_the_components_sheet()
    {
        var first = Fleet.Report().Components[0];
        var issues = new Dictionary<string, IReadOnlyList<Core.Facts.ScanIssue>>
        {
            [first.Ref] = [new(Core.Facts.ScanIssueSeverity.Warning, "package.json", 0, "file of 62914560 bytes is over the 5242880-byte limit and was not read")],
        };
        var data = DepartmentReportMapper.Map(SyntheticFleet.Department, Fleet.Fleet, Fleet.Rollup, Fleet.Org, Fleet.Checks, Fleet.Radar, Fleet.Exemptions, "hold", SyntheticFleet.Now, scanIssues: issues);
        using var book = new WorkbookReader(Write(data));
        var rows = book.Rows("Components");

        rows[0]["K"].ShouldBe("Scan issues");
        rows[0]["L"].ShouldBe("Not read");
        var flagged = rows.Single(r => r.GetValueOrDefault("M") == first.Ref);
        flagged["K"].ShouldBe("1");
        flagged["L"].ShouldBe("warning: package.json: file of 62914560 bytes is over the 5242880-byte limit and was not read");
        rows.Skip(1).Where(r => r["M"] != first.Ref).ShouldAllBe(r => r["K"] == "0");
    }

    [Fact]
    public void Heatmap_cells_are_the_team_pass_rates_as_percent_numbers_with_a_band_fill()
    {
        using var book = new WorkbookReader(Write(Fleet.Report()));
        var heat = Fleet.Rollup.TeamsByChecks();
        var header = book.Rows("Heatmap")[0];
        header["B"].ShouldBe(heat.Columns[0]);
        var rows = book.Rows("Heatmap").Skip(1).ToList();
        rows.Count.ShouldBe(8);
        for (var r = 0; r < rows.Count; r++)
        {
            var teamKey = heat.Rows[heat.RowLabels.ToList().IndexOf(rows[r]["A"])];
            for (var c = 0; c < heat.Columns.Count; c++)
            {
                var reference = $"{(char)('B' + c)}{r + 2}";
                var expected = heat.Cell(teamKey, heat.Columns[c])!.Value;
                var cell = book.Cell("Heatmap", reference)!;
                if (expected is null) { cell.CellValue.ShouldBeNull(); continue; }
                book.Number("Heatmap", reference).ShouldBe(expected.Value, 0.00001);
                var style = cell.StyleIndex!.Value;
                var band = expected.Value >= 0.95 ? 10u : expected.Value >= 0.75 ? 9u : expected.Value >= 0.5 ? 8u : 7u;
                style.ShouldBe(band);
            }
        }
        var formats = book.Document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        formats[7].NumberFormatId!.Value.ShouldBe(164u);
        book.Document.WorkbookPart.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
            .Single(n => n.NumberFormatId! == 164u).FormatCode!.Value.ShouldBe("0.0%");
    }

    [Fact]
    public void Radar_sheets_count_uses_per_ring_and_list_every_hold_or_retiring_use()
    {
        var data = Fleet.Report();
        using var book = new WorkbookReader(Write(data));
        var members = Fleet.Fleet.Evaluations.Where(e => e.Owner is { } o && Fleet.Org.IsWithin(o, SyntheticFleet.Department)).ToList();
        var matches = members.SelectMany(e => Fleet.Fleet.Technologies[e.ComponentRef]).ToList();
        var usage = book.Rows("Radar usage").Skip(1).ToList();
        usage.Sum(r => int.Parse(r["F"], CultureInfo.InvariantCulture)).ShouldBe(matches.Count);
        var holdRows = book.Rows("Hold and retiring").Skip(1).ToList();
        var expected = members.SelectMany(e => Fleet.Fleet.Technologies[e.ComponentRef].Where(m => m.Ring == "hold" || m.Entry!.RetireBy is not null)
            .Select(m => (e.ComponentName, m.Entry!.Id, m.Dependency.Version, m.Dependency.File))).Distinct().ToList();
        holdRows.Count.ShouldBe(expected.Count);
        expected.Count.ShouldBeGreaterThan(0);
        holdRows.ShouldContain(r => r["C"] == "tech-05" && r["E"] == "retiring soon" && r["F"] != "");
        holdRows.ShouldAllBe(r => r["I"] == "package.json" && r["H"].StartsWith("1."));
    }

    [Fact]
    public void A_hold_or_retiring_use_only_some_builds_have_names_its_condition()
    {
        var data = Fleet.Report();
        using var book = new WorkbookReader(Write(data));
        book.Rows("Hold and retiring")[0]["K"].ShouldBe("Condition");
        var rows = book.Rows("Hold and retiring").Skip(1).ToList();
        var conditional = data.HoldUses.Where(h => h.Condition is not null).ToList();
        conditional.ShouldNotBeEmpty();
        conditional.ShouldAllBe(h => h.Line == 5);
        rows.Count(r => r.GetValueOrDefault("K") == "profile:legacy").ShouldBe(conditional.Count);
        rows.Where(r => r["J"] != "5").ShouldAllBe(r => string.IsNullOrEmpty(r.GetValueOrDefault("K")));
    }

    [Fact]
    public void Exemptions_sheet_holds_only_exemptions_in_force_for_the_department()
    {
        var data = Fleet.Report();
        using var book = new WorkbookReader(Write(data));
        var rows = book.Rows("Exemptions").Skip(1).ToList();
        var departmentNames = Fleet.Fleet.Evaluations.Where(e => e.Owner is { } o && Fleet.Org.IsWithin(o, SyntheticFleet.Department)).Select(e => e.ComponentName).ToHashSet();
        var expected = Fleet.Exemptions.InForce(DateOnly.FromDateTime(SyntheticFleet.Now.UtcDateTime)).Count(x => departmentNames.Contains(x.Exemption.Component));
        rows.Count.ShouldBe(expected);
        rows.ShouldNotContain(r => r["C"] == "expired long ago");
        rows.ShouldAllBe(r => departmentNames.Contains(r["A"]));
        rows.ShouldAllBe(r => r["E"] == new DateOnly(2027, 3, 31).ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Table_sheets_freeze_the_header_row_and_carry_an_autofilter_over_the_table()
    {
        using var book = new WorkbookReader(Write(Fleet.Report()));
        foreach (var sheet in DepartmentReport.SheetNames.Skip(1))
        {
            var ws = book.Worksheet(sheet);
            var pane = ws.Descendants<Pane>().Single();
            pane.State!.Value.ShouldBe(PaneStateValues.Frozen);
            pane.TopLeftCell!.Value.ShouldBe("A2");
            var filter = ws.Elements<AutoFilter>().Single().Reference!.Value!;
            filter.ShouldStartWith("A1:");
            filter.ShouldEndWith(book.RowCount(sheet).ToString(CultureInfo.InvariantCulture));
            ws.Descendants<Column>().ShouldAllBe(c => c.Width! >= 8 && c.Width! <= 80);
        }
        var names = book.Document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().ToList();
        names.Count.ShouldBe(6);
        names.ShouldAllBe(n => n.Name == "_xlnm._FilterDatabase" && n.Hidden! == true);
    }

    [Fact]
    public void Text_with_control_characters_and_markup_is_written_safely()
    {
        var data = Fleet.Report();
        var hostile = data with
        {
            Components = [data.Components[0] with { Name = "bad\u0001name <script>&\"'", Failing = [new FailingCheck("x", "gold", "fail", "line\u0008break", ["e\uD800vidence"])] }],
        };
        var path = Write(hostile, "hostile.xlsx");
        using var book = new WorkbookReader(path);
        book.Text("Components", "A2").ShouldBe("bad\uFFFDname <script>&\"'");
        new OpenXmlValidator().Validate(book.Document).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_department_is_refused_naming_the_known_ones()
    {
        var e = Should.Throw<ArgumentException>(() => DepartmentReportMapper.Map("group:default/nope", Fleet.Fleet, Fleet.Rollup, Fleet.Org, Fleet.Checks, Fleet.Radar, Fleet.Exemptions, "hold", SyntheticFleet.Now));
        e.Message.ShouldContain("nope");
        e.Message.ShouldContain("engineering");
    }

    [Fact]
    public void A_department_is_found_by_bare_name_too()
    {
        var data = DepartmentReportMapper.Map("engineering", Fleet.Fleet, Fleet.Rollup, Fleet.Org, Fleet.Checks, Fleet.Radar, Fleet.Exemptions, "hold", SyntheticFleet.Now);
        data.DepartmentRef.ShouldBe(SyntheticFleet.Department);
        data.DepartmentName.ShouldBe("Engineering");
    }

    [Fact]
    public void LibreOffice_reads_the_workbook_as_a_second_reader_when_installed()
    {
        var soffice = new[] { "soffice", "libreoffice" }
            .SelectMany(n => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(p => Path.Combine(p, n)))
            .FirstOrDefault(File.Exists);
        if (soffice is null)
        {
            var message = "LibreOffice (soffice) is not on PATH: the second-reader check did not run. Install the libreoffice-calc-nogui package to run it.";
            _output.WriteLine(message);
            Console.WriteLine(message);
            return;
        }
        var path = Write(Fleet.Report());
        var profile = Path.Combine(_folder.FullName, "lo-profile");
        var outDir = Path.Combine(_folder.FullName, "csv");
        var start = new ProcessStartInfo(soffice)
        {
            ArgumentList = { $"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir, path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) { process.Kill(entireProcessTree: true); throw new TimeoutException("soffice did not finish converting in 120 s"); }
        _output.WriteLine(process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd());
        process.ExitCode.ShouldBe(0);
        // With sheet -1 LibreOffice writes one csv per sheet, named after the sheet.
        var files = Directory.GetFiles(outDir, "*.csv");
        files.Length.ShouldBe(DepartmentReport.SheetNames.Count);
        var summary = File.ReadAllLines(files.Single(f => f.EndsWith("-Summary.csv")));
        summary[0].ShouldContain("Tech health: Engineering");
        var rollup = Fleet.Rollup.Department(SyntheticFleet.Department);
        summary[7].ShouldStartWith($"Components,{rollup.ComponentCount}");
        var components = File.ReadAllLines(files.Single(f => f.EndsWith("-Components.csv")));
        components.Length.ShouldBeGreaterThanOrEqualTo(rollup.ComponentCount + 1);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    [Fact]
    public void A_department_of_ten_thousand_components_is_written_as_a_stream()
    {
        var fleet = SyntheticFleet.Make(11_500, seed: 7, teamsPerDepartment: 40);
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var data = fleet.Report();
        var mapped = clock.Elapsed;
        var path = Write(data, "big.xlsx");
        clock.Stop();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var line = $"{data.Components.Count} components: map {mapped.TotalSeconds:0.00} s, map+write {clock.Elapsed.TotalSeconds:0.00} s wall, " +
                   $"{(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU (all threads), load average {LoadAverage()}, " +
                   $"allocated {(GC.GetTotalAllocatedBytes(true) - allocated) / 1048576.0:0} MiB, working set before {before / 1048576.0:0} MiB, " +
                   $"process peak {process.PeakWorkingSet64 / 1048576.0:0} MiB, file {new FileInfo(path).Length / 1048576.0:0.0} MiB";
        _output.WriteLine(line);
        Console.WriteLine(line);
        data.Components.Count.ShouldBeGreaterThanOrEqualTo(10_000);
        using var book = new WorkbookReader(path);
        book.RowCount("Components").ShouldBe(data.Components.Count + 1);
    }
}
