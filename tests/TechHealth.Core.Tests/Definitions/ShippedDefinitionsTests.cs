using TechHealth.Core.Definitions;

namespace TechHealth.Core.Tests.Definitions;

public class ShippedDefinitionsTests
{
    private static readonly FakeTimeProvider Today = FakeTimeProvider.At("2026-11-21");
    private static string RadarDir => Path.Combine(RepositoryRoot.Path, "radar");
    private static string ChecksDir => Path.Combine(RepositoryRoot.Path, "checks");

    [Fact]
    public void The_shipped_radar_and_checks_load_without_errors_or_warnings()
    {
        var result = DefinitionLoader.Load(RadarDir, ChecksDir, Today);
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        result.Definitions.ShouldNotBeNull();
    }

    [Fact]
    public void The_shipped_radar_has_four_rings_four_quadrants_and_at_least_seventy_entries()
    {
        var radar = DefinitionLoader.Load(RadarDir, ChecksDir, Today).Definitions!.Radar;
        radar.Rings.Select(r => r.Id).ShouldBe(["adopt", "trial", "assess", "hold"]);
        radar.Quadrants.Count.ShouldBe(4);
        radar.Entries.Count.ShouldBeGreaterThanOrEqualTo(70);
        foreach (var quadrant in radar.Quadrants) radar.Entries.Count(e => e.Quadrant == quadrant.Id).ShouldBeGreaterThan(5);
        radar.Entries.Count(e => e.History.Count > 0).ShouldBeGreaterThan(5);
        radar.Entries.Count(e => e.RetireBy is not null).ShouldBeGreaterThan(2);
        radar.Entries.Count(e => e.ReplacedBy.Count > 0).ShouldBeGreaterThan(5);
    }

    [Fact]
    public void The_shipped_radar_holds_the_entries_the_design_names()
    {
        var radar = DefinitionLoader.Load(RadarDir, ChecksDir, Today).Definitions!.Radar;
        var moment = radar.FindEntry("moment")!;
        moment.Ring.ShouldBe("hold");
        moment.RetireBy.ShouldBe(new DateOnly(2027, 1, 31));
        moment.ReplacedBy.ShouldBe(["date-fns"]);
        var log4j = radar.FindEntry("log4j")!;
        log4j.Ring.ShouldBe("adopt");
        log4j.Versions.Single().Range.Text.ShouldBe("<2.17.1");
        log4j.Versions.Single().Ring.ShouldBe("hold");
        radar.FindEntry("dotnet")!.Packages.Single().Text.ShouldBe("pkg:runtime/dotnet");
        radar.FindEntry("log4j-1")!.RetireBy!.Value.ShouldBeLessThan(new DateOnly(2026, 11, 21));
    }

    [Fact]
    public void The_shipped_checks_have_three_cumulative_levels_and_at_least_twenty_four_checks()
    {
        var checks = DefinitionLoader.Load(RadarDir, ChecksDir, Today).Definitions!.Checks;
        checks.Levels.ShouldBe(["bronze", "silver", "gold"]);
        checks.Checks.Count.ShouldBeGreaterThanOrEqualTo(24);
        foreach (var level in checks.Levels) checks.Checks.Count(c => c.Level == level).ShouldBeGreaterThanOrEqualTo(6);
        checks.Checks.ShouldAllBe(c => c.Description != null && c.Remediation != null);
        checks.Exemptions.Count.ShouldBeGreaterThanOrEqualTo(2);
        var migrations = checks.Gates.Single(g => g.Id == "automated-framework-migrations");
        migrations.MinLevel.ShouldBe("gold");
        migrations.BlockedLifecycles.ShouldBe(["deprecated", "experimental"]);
        checks.Gates.Single(g => g.Id == "automated-dependency-updates").MinLevel.ShouldBe("silver");
    }

    [Fact]
    public void The_version_is_a_sha256_of_the_files_and_changes_when_a_file_changes()
    {
        using var temp = new TempFolder();
        CopyFolder(RadarDir, temp.Sub("radar"));
        CopyFolder(ChecksDir, temp.Sub("checks"));
        var first = DefinitionLoader.Load(Path.Combine(temp.Root, "radar"), Path.Combine(temp.Root, "checks"), Today).Definitions!;
        var again = DefinitionLoader.Load(Path.Combine(temp.Root, "radar"), Path.Combine(temp.Root, "checks"), Today).Definitions!;
        first.Version.Length.ShouldBe(64);
        again.Version.ShouldBe(first.Version);
        File.AppendAllText(Path.Combine(temp.Root, "radar", "tools.yaml"), "\n# a comment changes the content\n");
        DefinitionLoader.Load(Path.Combine(temp.Root, "radar"), Path.Combine(temp.Root, "checks"), Today).Definitions!.Version.ShouldNotBe(first.Version);
    }

    [Fact]
    public void An_exemption_in_the_shipped_checks_becomes_an_error_once_it_has_expired()
    {
        var later = FakeTimeProvider.At("2027-04-01");
        var result = DefinitionLoader.Load(RadarDir, ChecksDir, later);
        result.HasErrors.ShouldBeTrue();
        result.Problems.ShouldContain(p => p.Message.Contains("payments-api") && p.Message.Contains("expired on 2027-03-31"));
    }

    internal static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
