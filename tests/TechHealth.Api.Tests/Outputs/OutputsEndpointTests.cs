using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Apis;
using TechHealth.Api.Jobs;
using TechHealth.Reports.Badges;

namespace TechHealth.Api.Tests.Outputs;

public sealed class OutputsEndpointTests(OutputsHost host) : IClassFixture<OutputsHost>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument ParseSvg(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    [Fact]
    public async Task A_component_badge_is_svg_with_its_level_score_etag_and_cache_control()
    {
        var evaluation = host.Snapshot.EvaluationOf("component:default/payments-api")!;
        var response = await host.Client.GetAsync("/badges/payments-api.svg");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        response.Headers.ETag.ShouldNotBeNull();
        response.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromSeconds(300));
        var doc = ParseSvg(await response.Content.ReadAsStringAsync());
        var expected = CertificationBadges.Component(evaluation.Level, evaluation.Score, host.Snapshot.Levels);
        doc.Descendants(Svg + "text").Select(t => t.Value).ShouldContain(expected.Message);
        doc.Descendants(Svg + "rect").Select(r => (string?)r.Attribute("fill")).ShouldContain(expected.Color);
    }

    [Fact]
    public async Task A_matching_if_none_match_gets_304_without_a_body()
    {
        var first = await host.Client.GetAsync("/badges/payments-api.svg");
        var request = new HttpRequestMessage(HttpMethod.Get, "/badges/payments-api.svg");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await host.Client.SendAsync(request);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        second.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Get, "/badges/payments-api.svg");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        (await host.Client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_component_gets_the_grey_unknown_badge_with_404()
    {
        var response = await host.Client.GetAsync("/badges/no-such-thing.svg");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var doc = ParseSvg(await response.Content.ReadAsStringAsync());
        doc.Descendants(Svg + "text").Select(t => t.Value).ShouldContain("unknown");
        doc.Descendants(Svg + "rect").Select(r => (string?)r.Attribute("fill")).ShouldContain(CertificationBadges.Unknown);
    }

    [Fact]
    public async Task A_hostile_component_name_in_the_path_cannot_inject_markup()
    {
        var response = await host.Client.GetAsync("/badges/" + Uri.EscapeDataString("<script>alert(1)</script>") + ".svg");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("<script");
        ParseSvg(body).Descendants().Select(e => e.Name.LocalName).ShouldNotContain("script");
    }

    [Fact]
    public async Task The_json_badge_is_in_the_shields_endpoint_format()
    {
        var evaluation = host.Snapshot.EvaluationOf("component:default/legacy-web")!;
        var response = await host.Client.GetAsync("/badges/legacy-web.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("label").GetString().ShouldBe("tech health");
        json.RootElement.GetProperty("message").GetString().ShouldBe(CertificationBadges.Component(evaluation.Level, evaluation.Score, host.Snapshot.Levels).Message);
        (await host.Client.GetAsync("/badges/nobody.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_team_badge_names_the_team_and_an_unknown_team_gets_404()
    {
        var response = await host.Client.GetAsync("/badges/teams/team-a.svg");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = ParseSvg(await response.Content.ReadAsStringAsync());
        doc.Root!.Element(Svg + "title")!.Value.ShouldStartWith("tech health: Team A: ");
        (await host.Client.GetAsync("/badges/teams/team-zzz.svg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_radar_answers_the_backstage_model_of_the_definitions_in_force()
    {
        var radar = host.Snapshot.Compiled.Definitions.Radar;
        var response = await host.Client.GetAsync("/api/radar");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("quadrants").GetArrayLength().ShouldBe(radar.Quadrants.Count);
        json.RootElement.GetProperty("rings").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(radar.Rings.Select(r => r.Id));
        var entries = json.RootElement.GetProperty("entries");
        entries.GetArrayLength().ShouldBe(radar.Entries.Count);
        foreach (var e in entries.EnumerateArray())
        {
            e.GetProperty("timeline").GetArrayLength().ShouldBeGreaterThan(0);
            radar.FindEntry(e.GetProperty("id").GetString()!)!.Ring.ShouldBe(e.GetProperty("timeline")[0].GetProperty("ringId").GetString());
        }
    }

    [Fact]
    public async Task The_radar_picture_is_the_same_bytes_every_time_with_every_entry()
    {
        var a = await host.Client.GetAsync("/radar.svg");
        var b = await host.Client.GetAsync("/radar.svg");
        a.StatusCode.ShouldBe(HttpStatusCode.OK);
        a.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        var body = await a.Content.ReadAsStringAsync();
        body.ShouldBe(await b.Content.ReadAsStringAsync());
        a.Headers.ETag!.Tag.ShouldBe(b.Headers.ETag!.Tag);
        var entries = ParseSvg(body).Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "entry");
        entries.ShouldBe(host.Snapshot.Compiled.Definitions.Radar.Entries.Count);
    }

    [Fact]
    public async Task The_department_workbook_is_served_as_xlsx_with_the_rollup_figures()
    {
        var response = await host.Client.GetAsync("/reports/departments/engineering.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(TechHealth.Reports.Excel.DepartmentReport.ContentType);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldStartWith("engineering-");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        new OpenXmlValidator().Validate(document).ShouldBeEmpty();
        var summary = document.WorkbookPart!.WorksheetParts.First().Worksheet;
        var components = summary.Descendants<Cell>().Single(c => c.CellReference == "B8").CellValue!.Text;
        var rollup = host.Snapshot.Rollup.Department(OutputsHost.Department);
        components.ShouldBe(rollup.ComponentCount.ToString());
        rollup.ComponentCount.ShouldBe(2, "the unowned component belongs to no department");
    }

    [Fact]
    public async Task An_unknown_department_gets_404_naming_the_known_ones()
    {
        var response = await host.Client.GetAsync("/reports/departments/marketing.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("marketing");
        body.ShouldContain("engineering");
    }

    [Fact]
    public async Task Writing_every_department_puts_one_workbook_per_department_in_the_reports_folder()
    {
        var reports = host.App.Services.GetRequiredService<DepartmentReports>();
        reports.Folder.ShouldBe(host.ReportsFolder);
        var written = await reports.WriteAllAsync(CancellationToken.None);
        written.Count.ShouldBe(1);
        Path.GetDirectoryName(written[0]).ShouldBe(host.ReportsFolder);
        Path.GetFileName(written[0]).ShouldStartWith("engineering-");
        using var document = SpreadsheetDocument.Open(written[0], false);
        document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Count().ShouldBe(7);
    }

    [Fact]
    public void Etags_differ_when_the_body_differs()
        => BadgesApi.ETagOf("a").ShouldNotBe(BadgesApi.ETagOf("b"));
}
