using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.Cli;

/// <summary>The <c>scan</c> verb as a pipeline runs it: clear refusals for bad configuration, non-zero exit when a source fails, progress lines in a log.</summary>
public class ScanVerbTests
{
    private static async Task<Techhealth.Result> ScanAsync(DirectoryInfo dir, params string[] args)
        => await Techhealth.RunAsync(TechHealthFactory.RepositoryRoot,
            ["scan", $"--TechHealth:Storage:ConnectionString=Data Source={Path.Combine(dir.FullName, "th.db")}",
             $"--TechHealth:Scanning:CacheDirectory={Path.Combine(dir.FullName, "cache")}", .. args]);

    private static DirectoryInfo FleetOfTwo()
    {
        var dir = Directory.CreateTempSubdirectory("th-scanverb-");
        foreach (var name in new[] { "alpha", "beta" })
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "fleet", name));
            File.WriteAllText(Path.Combine(dir.FullName, "fleet", name, "package.json"), "{}");
        }
        return dir;
    }

    [Fact]
    public async Task An_unknown_source_name_lists_the_configured_sources_without_a_stack_trace()
    {
        var dir = FleetOfTwo();
        try
        {
            var result = await ScanAsync(dir, "--source", "nosuch",
                "--TechHealth:Scanning:Sources:0:Name=disk", $"--TechHealth:Scanning:Sources:0:Path={Path.Combine(dir.FullName, "fleet")}",
                "--TechHealth:Scanning:Sources:1:Name=corp", "--TechHealth:Scanning:Sources:1:Kind=Git", "--TechHealth:Scanning:Sources:1:Url=https://git.example.com/acme/pay.git");

            result.ExitCode.ShouldBe(1);
            result.Error.ShouldContain("error: no source named 'nosuch' is configured; the sources are: disk, corp");
            result.Error.ShouldNotContain("   at ");
            result.Error.ShouldNotContain("Exception");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Bad_source_configuration_is_refused_up_front_naming_each_key()
    {
        var dir = FleetOfTwo();
        try
        {
            var result = await ScanAsync(dir,
                "--TechHealth:Scanning:Sources:0:Name=corp", "--TechHealth:Scanning:Sources:0:Kind=Git", "--TechHealth:Scanning:Sources:0:Url=https://git.example.com/acme/..",
                "--TechHealth:Scanning:Sources:1:Name=gh", "--TechHealth:Scanning:Sources:1:Kind=GitHub");

            result.ExitCode.ShouldBe(1);
            result.Error.ShouldContain("TechHealth:Scanning:Sources:0:Url 'https://git.example.com/acme/..' has a '.' or '..' segment");
            result.Error.ShouldContain("TechHealth:Scanning:Sources:1: a GitHub source needs exactly one of Organization and User");
            result.Error.ShouldNotContain("   at ");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task A_failed_source_makes_the_scan_exit_non_zero_naming_it_while_the_rest_is_scanned_and_progress_is_logged()
    {
        var dir = FleetOfTwo();
        try
        {
            var result = await ScanAsync(dir,
                "--TechHealth:Scanning:Sources:0:Name=disk", $"--TechHealth:Scanning:Sources:0:Path={Path.Combine(dir.FullName, "fleet")}",
                "--TechHealth:Scanning:Sources:1:Name=gone", $"--TechHealth:Scanning:Sources:1:Path={Path.Combine(dir.FullName, "missing")}");

            result.ExitCode.ShouldBe(2, result.Error);
            result.Output.ShouldContain("2 repositories (2 scanned");
            result.Output.ShouldContain("source failed: gone: source 'gone': folder");
            result.Error.ShouldContain("error: 1 source(s) failed: gone:");
            // Redirected standard error is a CI log: plain lines, no terminal codes.
            result.Error.ShouldContain("scan harvesting: 2/2 done (discovered 2, fetched 0, harvested 2, failed 0)");
            result.Error.ShouldNotContain("\u001b[");
        }
        finally { dir.Delete(recursive: true); }
    }
}
