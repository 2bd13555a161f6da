using System.Xml;
using System.Xml.Linq;
using TechHealth.Core.Definitions;
using TechHealth.Reports.RadarViews;

namespace TechHealth.Reports.Tests.RadarViews;

public sealed class RadarPictureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static Radar BigRadar(int entries)
    {
        var radar = SyntheticFleet.MakeRadar();
        return radar with
        {
            Entries = Enumerable.Range(0, entries).Select(i => new RadarEntry
            {
                Id = $"entry-{i}",
                Title = $"Entry number {i}",
                Quadrant = radar.Quadrants[i % 4].Id,
                Ring = radar.Rings[(i / 4) % 4].Id,
            }).ToList(),
        };
    }

    [Fact]
    public void The_same_radar_gives_byte_identical_svg()
    {
        var a = RadarPicture.Render(SyntheticFleet.MakeRadar());
        var b = RadarPicture.Render(SyntheticFleet.MakeRadar());
        a.ShouldBe(b);
    }

    [Fact]
    public void Entry_order_in_the_definitions_does_not_change_the_picture()
    {
        var radar = SyntheticFleet.MakeRadar();
        var reversed = radar with { Entries = radar.Entries.Reverse().ToList() };
        RadarPicture.Render(reversed).ShouldBe(RadarPicture.Render(radar));
    }

    [Fact]
    public void Every_entry_appears_as_a_dot_and_in_the_legend()
    {
        var radar = SyntheticFleet.MakeRadar();
        var doc = Parse(RadarPicture.Render(radar));
        var dots = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "entry").ToList();
        dots.Count.ShouldBe(radar.Entries.Count);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        foreach (var e in radar.Entries)
        {
            dots.ShouldContain(d => (string)d.Attribute("id")! == $"entry-{e.Id}");
            texts.ShouldContain(t => t.EndsWith(". " + e.Title));
        }
        texts.ShouldContain("ADOPT");
        texts.ShouldContain("HOLD");
        texts.ShouldContain("Languages & Runtimes");
        texts.ShouldContain(t => t.Contains("Moment.js <legacy> & \"friends\""));
    }

    [Fact]
    public void Each_dot_sits_in_its_quadrant_and_ring()
    {
        var radar = BigRadar(64);
        var doc = Parse(RadarPicture.Render(radar));
        var circles = doc.Descendants(Svg + "circle").ToList();
        var cx = double.Parse(circles[0].Attribute("cx")!.Value);
        var cy = double.Parse(circles[0].Attribute("cy")!.Value);
        var ringRadii = circles.Take(4).Select(c => double.Parse(c.Attribute("r")!.Value)).Reverse().ToArray();
        foreach (var g in doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "entry"))
        {
            var entry = radar.Entries.Single(e => $"entry-{e.Id}" == (string)g.Attribute("id")!);
            var dot = g.Element(Svg + "circle")!;
            var dx = double.Parse(dot.Attribute("cx")!.Value) - cx;
            var dy = double.Parse(dot.Attribute("cy")!.Value) - cy;
            var r = Math.Sqrt(dx * dx + dy * dy);
            var ring = radar.Rings.ToList().FindIndex(x => x.Id == entry.Ring);
            r.ShouldBeLessThan(ringRadii[ring]);
            if (ring > 0) r.ShouldBeGreaterThan(ringRadii[ring - 1]);
            var quadrant = radar.Quadrants.ToList().FindIndex(q => q.Id == entry.Quadrant);
            // Quadrant 0 top left, then clockwise: top right, bottom right, bottom left.
            var (left, top) = quadrant switch { 0 => (true, true), 1 => (false, true), 2 => (false, false), _ => (true, false) };
            (dx < 0).ShouldBe(left);
            (dy < 0).ShouldBe(top);
        }
    }

    [Fact]
    public void Dots_do_not_overlap_when_there_is_room()
    {
        var doc = Parse(RadarPicture.Render(BigRadar(120)));
        var dots = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "entry")
            .Select(g => g.Element(Svg + "circle")!).Select(c => (X: double.Parse(c.Attribute("cx")!.Value), Y: double.Parse(c.Attribute("cy")!.Value))).ToList();
        dots.Count.ShouldBe(120);
        for (var i = 0; i < dots.Count; i++)
            for (var j = i + 1; j < dots.Count; j++)
                Math.Sqrt(Math.Pow(dots[i].X - dots[j].X, 2) + Math.Pow(dots[i].Y - dots[j].Y, 2)).ShouldBeGreaterThanOrEqualTo(18, $"dots {i} and {j}");
    }

    [Fact]
    public void The_hash_placing_entries_is_fnv_1a_so_it_is_stable_across_processes()
    {
        RadarPicture.Fnv1a("").ShouldBe(0x811C9DC5u);
        RadarPicture.Fnv1a("a").ShouldBe(0xE40C292Cu);
    }
}
