using TechHealth.Api.Fleet;

namespace TechHealth.Benchmarks;

/// <summary><c>prepare</c>: generates the fleet and lets the real service scan it into the store once.</summary>
public static class Prepare
{
    public static async Task RunAsync(BenchWorkspace workspace, int components, int seed)
    {
        Console.WriteLine($"prepare: {components} components (seed {seed}) in {workspace.Root}");
        Timings.Section("generate fleet", () => { workspace.CreateFiles(components, seed); return 0; });
        await using var service = new ServiceUnderTest(workspace, kestrel: false);
        var snapshot = await Timings.SectionAsync("service start-up: scan + evaluate + store", () => service.StartAsync(TimeSpan.FromMinutes(60)));
        Console.WriteLine($"  {snapshot.Components.Count} components, evaluation run {snapshot.Run?.Id}, average score {snapshot.Run?.AverageScore:F1}");
    }
}
