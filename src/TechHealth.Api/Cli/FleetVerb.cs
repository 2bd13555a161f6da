using System.CommandLine;
using TechHealth.Scanning.Benchmark;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Api.Cli;

/// <summary><c>techhealth fleet generate</c>: writes a deterministic, realistic fleet of repositories for demos and benchmarks.</summary>
public static class FleetVerb
{
    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var components = new Option<int>("--components") { Description = "How many components to generate.", DefaultValueFactory = _ => 150 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same fleet.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Folder to write into (created).", Required = true };
        var git = new Option<bool>("--git") { Description = "Make each repository a git repository with one commit (dates relative to now), so activity checks have a last-commit date." };
        var json = VerbHost.JsonOption();
        var generate = new Command("generate", "Generate a fleet of repositories with catalog files, manifests and group files.") { components, seed, output, git, json };
        generate.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(components);
            if (n <= 0) { Console.Error.WriteLine("--components must be at least 1"); return 2; }
            var dir = Path.GetFullPath(parse.GetValue(output)!);
            var started = System.Diagnostics.Stopwatch.StartNew();
            FleetGenerator.Generate(dir, n, parse.GetValue(seed));
            if (parse.GetValue(git)) await FleetHistory.CommitRepositoriesAsync(dir, DateTimeOffset.UtcNow, ct);
            var repositories = Directory.GetDirectories(dir).Length;
            if (parse.GetValue(json)) VerbHost.WriteJson(new { output = dir, components = n, seed = parse.GetValue(seed), repositories, seconds = Math.Round(started.Elapsed.TotalSeconds, 3) });
            else Console.WriteLine($"Wrote {n} components in {repositories} repositories to {dir} in {started.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        var benchComponents = new Option<int>("--components") { Description = "Components in the benchmark fleet.", DefaultValueFactory = _ => 10_000 };
        var benchDir = new Option<string>("--out") { Description = "Folder for the benchmark fleet (generated when missing).", Required = true };
        var benchJson = VerbHost.JsonOption();
        var bench = new Command("bench", "Measure a cold scan, an unchanged rescan and a 1% changed rescan of a generated fleet (time and peak memory).") { benchComponents, benchDir, seed, benchJson };
        bench.SetAction(async (parse, ct) =>
        {
            var result = await ScanBenchmark.RunAsync(Path.GetFullPath(parse.GetValue(benchDir)!), parse.GetValue(benchComponents), parse.GetValue(seed), log: Console.Error, cancellationToken: ct);
            if (parse.GetValue(benchJson)) VerbHost.WriteJson(result);
            else Console.Out.WriteLine(result.ToMarkdown());
            return 0;
        });
        var fleet = new Command("fleet", "Fleet tools.") { generate, bench };
        return fleet;
    }
}
