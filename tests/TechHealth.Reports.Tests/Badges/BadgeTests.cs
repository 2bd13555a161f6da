using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using TechHealth.Reports.Badges;

namespace TechHealth.Reports.Tests.Badges;

public sealed class BadgeTests
{
    private static readonly string[] Levels = ["bronze", "silver", "gold"];
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static List<string> Texts(XDocument doc) => doc.Descendants(Svg + "text").Select(t => t.Value).ToList();

    private static List<string> Fills(XDocument doc) => doc.Descendants(Svg + "rect").Select(r => (string?)r.Attribute("fill")).OfType<string>().ToList();

    [Fact]
    public void A_gold_component_reads_tech_health_gold_and_its_score_on_gold()
    {
        var badge = CertificationBadges.Component("gold", 92.4, Levels);
        var doc = Parse(badge.ToSvg());
        Texts(doc).ShouldBe(["tech health", "tech health", "gold 92%", "gold 92%"]);
        Fills(doc).ShouldContain("#dfb317");
        Fills(doc).ShouldContain("#555");
        doc.Root!.Element(Svg + "title")!.Value.ShouldBe("tech health: gold 92%");
        doc.Root.Attribute("aria-label")!.Value.ShouldBe("tech health: gold 92%");
        doc.Root.Attribute("role")!.Value.ShouldBe("img");
    }

    [Fact]
    public void A_component_with_scan_issues_says_so_in_its_tooltip_and_keeps_its_face()
    {
        var doc = Parse(CertificationBadges.Component("gold", 92.4, Levels, scanIssues: 3).ToSvg());

        Texts(doc).ShouldBe(["tech health", "tech health", "gold 92%", "gold 92%"]);
        doc.Root!.Element(Svg + "title")!.Value.ShouldBe("tech health: gold 92% (3 scan issues: some inputs were not read)");
        doc.Root.Attribute("aria-label")!.Value.ShouldBe("tech health: gold 92% (3 scan issues: some inputs were not read)");
    }

    [Theory]
    [InlineData("bronze", "#cd7f32")]
    [InlineData("silver", "#8a9ba8")]
    [InlineData("gold", "#dfb317")]
    [InlineData(null, "#e05d44")]
    public void Each_level_has_its_colour(string? level, string color)
        => CertificationBadges.Component(level, 50, Levels).Color.ShouldBe(color);

    [Fact]
    public void A_component_with_no_level_is_failing_on_red()
    {
        var doc = Parse(CertificationBadges.Component(null, 41.5, Levels).ToSvg());
        Texts(doc).ShouldContain("failing 42%");
        Fills(doc).ShouldContain("#e05d44");
    }

    [Fact]
    public void An_unknown_component_is_grey_and_says_unknown()
    {
        var badge = CertificationBadges.NotFound();
        var doc = Parse(badge.ToSvg());
        Texts(doc).ShouldContain("unknown");
        Fills(doc).ShouldContain("#9f9f9f");
        badge.IsError.ShouldBeTrue();
    }

    [Fact]
    public void A_hostile_name_is_escaped_so_the_svg_stays_well_formed_and_holds_no_script()
    {
        var hostile = "<script>alert(1)</script>\"&'<foreignObject>";
        var badge = new Badge(hostile, "gold 92%", CertificationBadges.Gold);
        var svg = badge.ToSvg();
        svg.ShouldNotContain("<script");
        svg.ShouldNotContain("<foreignObject");
        var doc = Parse(svg);
        doc.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("script");
        doc.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("foreignObject");
        Texts(doc)[0].ShouldBe(hostile);
        doc.Root!.Attribute("aria-label")!.Value.ShouldBe($"{hostile}: gold 92%");
    }

    [Fact]
    public void A_colour_cannot_break_out_of_its_attribute()
    {
        var svg = new Badge("tech health", "x", "red\" onload=\"alert(1)").ToSvg();
        var doc = Parse(svg);
        doc.Descendants().SelectMany(e => e.Attributes()).Select(a => a.Name.LocalName).ShouldNotContain("onload");
    }

    [Fact]
    public void Boxes_are_as_wide_as_their_text_in_verdana_11px()
    {
        var doc = Parse(CertificationBadges.Component("gold", 92, Levels).ToSvg());
        var rects = doc.Descendants(Svg + "g").First().Elements(Svg + "rect").ToList();
        var label = int.Parse(rects[0].Attribute("width")!.Value);
        var message = int.Parse(rects[1].Attribute("width")!.Value);
        label.ShouldBe((int)Math.Ceiling(VerdanaWidths.Measure("tech health")) + 10);
        message.ShouldBe((int)Math.Ceiling(VerdanaWidths.Measure("gold 92%")) + 10);
        int.Parse(doc.Root!.Attribute("width")!.Value).ShouldBe(label + message);
        rects[1].Attribute("x")!.Value.ShouldBe(label.ToString());
        // Verdana 11px: "tech health" is about 62 px wide in a browser.
        VerdanaWidths.Measure("tech health").ShouldBeInRange(58, 66);
    }

    [Theory]
    [InlineData("iiii", "MMMM")]
    [InlineData("gold 9%", "gold 92%")]
    [InlineData("a", "a service with a long name")]
    public void Wider_text_makes_a_wider_box(string narrow, string wide)
        => Badge.TextBox(wide).ShouldBeGreaterThan(Badge.TextBox(narrow));

    [Fact]
    public void The_shields_endpoint_json_has_schema_version_1_label_message_and_colour()
    {
        using var json = JsonDocument.Parse(CertificationBadges.Component("silver", 78, Levels).ToShieldsJson());
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("label").GetString().ShouldBe("tech health");
        root.GetProperty("message").GetString().ShouldBe("silver 78%");
        root.GetProperty("color").GetString().ShouldBe("8a9ba8");
        root.TryGetProperty("isError", out _).ShouldBeFalse();
        using var unknown = JsonDocument.Parse(CertificationBadges.NotFound().ToShieldsJson());
        unknown.RootElement.GetProperty("isError").GetBoolean().ShouldBeTrue();
        unknown.RootElement.GetProperty("color").GetString().ShouldBe("9f9f9f");
    }

    [Fact]
    public void A_team_badge_shows_the_median_level_and_the_average_score()
    {
        var badge = CertificationBadges.Team("Team <A>", ["gold", "gold", "silver", null, "bronze"], 71.26, Levels);
        badge.Label.ShouldBe("tech health: Team <A>");
        badge.Message.ShouldBe("silver · 71%");
        badge.Color.ShouldBe(CertificationBadges.Silver);
        Parse(badge.ToSvg()).Root!.Element(Svg + "title")!.Value.ShouldBe("tech health: Team <A>: silver · 71%");
        CertificationBadges.Team("Empty", [], 0, Levels).Message.ShouldBe("no components");
    }

    [Fact]
    public void The_same_badge_renders_the_same_bytes()
        => CertificationBadges.Component("gold", 92, Levels).ToSvg().ShouldBe(CertificationBadges.Component("gold", 92, Levels).ToSvg());
}
