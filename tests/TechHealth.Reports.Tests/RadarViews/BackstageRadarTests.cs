using System.Text.Json;
using TechHealth.Core.Definitions;
using TechHealth.Reports.RadarViews;

namespace TechHealth.Reports.Tests.RadarViews;

public sealed class BackstageRadarTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);

    private static JsonElement Schema()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RadarViews", "backstage-tech-radar.schema.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    [Fact]
    public void The_radar_json_validates_against_the_backstage_data_model()
    {
        var json = BackstageRadar.ToJson(BackstageRadar.From(SyntheticFleet.MakeRadar(), AsOf));
        var errors = SchemaChecker.Check(Schema(), JsonDocument.Parse(json).RootElement);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void The_schema_checker_rejects_what_the_data_model_does_not_allow()
    {
        var bad = """{"quadrants":[{"id":"q"}],"rings":[{"id":"adopt","name":"Adopt","color":"green"}],"entries":[{"id":"x","key":"x","title":"X","quadrant":"q","ring":"adopt","timeline":[]}]}""";
        var errors = SchemaChecker.Check(Schema(), JsonDocument.Parse(bad).RootElement);
        errors.ShouldContain(e => e.Contains("$.quadrants[0]") && e.Contains("'name'"));
        errors.ShouldContain(e => e.Contains("$.rings[0].color"));
        errors.ShouldContain(e => e.Contains("'ring' is not in the data model"));
        errors.ShouldContain(e => e.Contains("$.entries[0].timeline") && e.Contains("at least 1"));
    }

    [Fact]
    public void Quadrants_and_rings_keep_their_order_and_rings_get_colours()
    {
        var response = BackstageRadar.From(SyntheticFleet.MakeRadar(), AsOf);
        response.Quadrants.Select(q => q.Id).ShouldBe(["languages-and-runtimes", "frameworks-and-libraries", "infrastructure", "tools"]);
        response.Rings.Select(r => r.Id).ShouldBe(["adopt", "trial", "assess", "hold"]);
        response.Rings[0].Color.ShouldBe("#5BA300");
        response.Entries.Count.ShouldBe(16);
    }

    [Fact]
    public void The_timeline_is_the_history_newest_first_with_moves_towards_the_centre_as_up()
    {
        var entry = BackstageRadar.From(SyntheticFleet.MakeRadar(), AsOf).Entries.Single(e => e.Id == "tech-01");
        // tech-01 went assess -> trial in its history and is in adopt now.
        entry.Timeline.Select(t => (t.Date, t.RingId, t.Moved)).ShouldBe([("2026-11-20", "adopt", 1), ("2025-06-01", "trial", 1), ("2024-01-01", "assess", 0)]);
        entry.Timeline[1].Description.ShouldBe("piloted");
    }

    [Fact]
    public void A_history_that_does_not_end_in_the_current_ring_gets_a_current_snapshot()
    {
        var radar = SyntheticFleet.MakeRadar();
        var moved = radar with
        {
            Entries = [radar.Entries[0] with { Ring = "hold", History = [new RingMove(new DateOnly(2023, 3, 1), "adopt", "standard")] }],
        };
        var entry = BackstageRadar.From(moved, AsOf).Entries.Single();
        entry.Timeline[0].RingId.ShouldBe("hold");
        entry.Timeline[0].Moved.ShouldBe(-1);
        entry.Timeline[0].Date.ShouldBe("2026-11-20");
        entry.Timeline[1].RingId.ShouldBe("adopt");
    }

    [Fact]
    public void An_entry_without_history_has_one_snapshot_in_its_ring_and_links_from_its_url()
    {
        var entries = BackstageRadar.From(SyntheticFleet.MakeRadar(), AsOf).Entries;
        var first = entries.Single(e => e.Id == "tech-00");
        first.Timeline.ShouldHaveSingleItem().RingId.ShouldBe("adopt");
        first.Links!.ShouldHaveSingleItem().Url.ShouldBe("https://example.org/tech-00");
        entries.Single(e => e.Id == "tech-05").Description!.ShouldContain("Retire by 2027-01-31");
    }
}
