using System.Diagnostics;
using System.Globalization;
using System.Text;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Scanning.Benchmark;

/// <summary>One measured scan.</summary>
/// <param name="ProcessorTime">CPU time the process used during the scan (all threads): on a busy machine, wall time can be far above it.</param>
public sealed record ScanBenchmarkPhase(string Name, TimeSpan Duration, TimeSpan ProcessorTime, int Scanned, int Skipped, int Failed, int Components, long PeakWorkingSetBytes);

/// <summary>The three scans of a benchmark run and the fleet they ran over.</summary>
public sealed record ScanBenchmarkResult(int Components, int Repositories, int Files, TimeSpan Generation, IReadOnlyList<ScanBenchmarkPhase> Phases, long ProcessPeakWorkingSetBytes)
{
    /// <summary>A Markdown table of the phases, for <c>docs/benchmarks.md</c>.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Fleet: {Components:N0} components in {Repositories:N0} repositories, {Files:N0} files (generated in {Generation.TotalSeconds:0.0} s).\n\n");
        sb.Append("| scan | time | CPU time | scanned | skipped | failed | peak working set |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var p in Phases)
            sb.Append(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Duration.TotalSeconds:0.00} s | {p.ProcessorTime.TotalSeconds:0.00} s | {p.Scanned:N0} | {p.Skipped:N0} | {p.Failed:N0} | {p.PeakWorkingSetBytes / 1048576.0:0} MiB |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\nProcess peak working set: {ProcessPeakWorkingSetBytes / 1048576.0:0} MiB.\n");
        return sb.ToString();
    }
}

/// <summary>
/// Measures the scanner on a generated fleet: a full cold scan, a rescan with nothing changed, and a rescan after 1% of
/// repositories changed, each with its time and peak working set. Owns the measuring only; it stores nothing.
/// </summary>
public static class ScanBenchmark
{
    /// <summary>
    /// Generates <paramref name="components"/> components into <paramref name="directory"/> unless it already holds a
    /// fleet, then runs the three scans. Progress lines go to <paramref name="log"/>.
    /// </summary>
    public static async Task<ScanBenchmarkResult> RunAsync(string directory, int components = 10_000, int seed = 42, ScanningOptions? options = null,
        TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScanningOptions();
        var generation = Stopwatch.StartNew();
        FleetSummary? summary = null;
        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            log?.WriteLine($"generating {components:N0} components into {directory} ...");
            summary = FleetGenerator.Generate(directory, components, seed);
        }
        generation.Stop();
        var scanner = new Scanner(options);
        var phases = new List<ScanBenchmarkPhase>();

        var (cold, coldOutcome) = await Measure("full cold scan", () => scanner.ScanAsync(new ScanRequest { Path = directory, Full = true }, cancellationToken)).ConfigureAwait(false);
        phases.Add(cold);
        log?.WriteLine(Line(cold));
        var fingerprints = coldOutcome.Fingerprints;
        var componentCount = coldOutcome.Components.Count;
        var repositories = coldOutcome.Repositories.Count;
        coldOutcome = null;

        var (unchanged, _) = await Measure("unchanged rescan", () => scanner.ScanAsync(new ScanRequest { Path = directory, PreviousFingerprint = ScanRequest.From(fingerprints) }, cancellationToken)).ConfigureAwait(false);
        phases.Add(unchanged);
        log?.WriteLine(Line(unchanged));

        var touched = Touch(directory, 0.01);
        log?.WriteLine($"changed {touched} repositories");
        var (changed, _) = await Measure("1% changed rescan", () => scanner.ScanAsync(new ScanRequest { Path = directory, PreviousFingerprint = ScanRequest.From(fingerprints) }, cancellationToken)).ConfigureAwait(false);
        phases.Add(changed);
        log?.WriteLine(Line(changed));

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new ScanBenchmarkResult(summary?.Components ?? componentCount, summary?.Repositories ?? repositories, summary?.Files ?? 0, generation.Elapsed, phases, self.PeakWorkingSet64);
    }

    /// <summary>Changes every hundredth repository (a catalog edit, as a team updating its component would) and returns how many.</summary>
    public static int Touch(string directory, double fraction)
    {
        var repos = Directory.EnumerateDirectories(directory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, (int)Math.Round(1 / fraction));
        var count = 0;
        for (var i = 0; i < repos.Count; i += step)
        {
            var catalog = Path.Combine(repos[i], "catalog-info.yaml");
            if (File.Exists(catalog)) File.AppendAllText(catalog, $"# reviewed {count}\n");
            else File.AppendAllText(Path.Combine(repos[i], "CODEOWNERS"), "* @acme/platform\n");
            count++;
        }
        return count;
    }

    private static string Line(ScanBenchmarkPhase p)
        => string.Create(CultureInfo.InvariantCulture, $"{p.Name}: {p.Duration.TotalSeconds:0.00} s (CPU {p.ProcessorTime.TotalSeconds:0.00} s), scanned {p.Scanned}, skipped {p.Skipped}, failed {p.Failed}, peak {p.PeakWorkingSetBytes / 1048576.0:0} MiB");

    private static async Task<(ScanBenchmarkPhase Phase, ScanOutcome Outcome)> Measure(string name, Func<Task<ScanOutcome>> scan)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        void Sample() { process.Refresh(); peak = Math.Max(peak, process.WorkingSet64); }
        Sample();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                try { await Task.Delay(50, stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
        });
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var outcome = await scan().ConfigureAwait(false);
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        stop.Cancel();
        await sampler.ConfigureAwait(false);
        Sample();
        return (new ScanBenchmarkPhase(name, watch.Elapsed, cpu, outcome.ScannedCount, outcome.SkippedCount, outcome.FailedCount, outcome.Components.Count, peak), outcome);
    }
}
