using System.Diagnostics;
using System.Globalization;

namespace TechHealth.Benchmarks;

/// <summary>Latencies of repeated operations, with the percentiles the aims are stated in.</summary>
public sealed class Timings(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;
    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds) _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public double Percentile(double p)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0) return double.NaN;
            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: n={Count} p50={Percentile(50):F2} ms p95={Percentile(95):F2} ms p99={Percentile(99):F2} ms max={Percentile(100):F2} ms");

    /// <summary>Times one section and prints it, so a slow step names itself.</summary>
    public static async Task<T> SectionAsync<T>(string section, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {section,-44} {clock.Elapsed.TotalMilliseconds,10:F1} ms"));
        return result;
    }

    public static T Section<T>(string section, Func<T> work) => SectionAsync(section, () => Task.FromResult(work())).GetAwaiter().GetResult();
}
