using System.Diagnostics;
using System.Text;
using TechHealth.Scanning;
using TechHealth.Scanning.Sources;

namespace TechHealth.Benchmarks;

/// <summary>
/// The hostile repositories of issue 9, each scanned on its own: time, bytes allocated by the scan and the process's peak
/// working set. Before the defences the doubling project took a scan to 4.2 GB and a /dev/zero HEAD took evaluate to 4.5 GB.
/// </summary>
public static class HostileBenchmark
{
    public static async Task RunAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var cases = new List<(string Name, string Root)>
        {
            ("30 doubling MSBuild properties", Doubling(Path.Combine(folder, "doubling"))),
            (".git/HEAD -> /dev/zero", DevZeroHead(Path.Combine(folder, "devzero"))),
            (".git/HEAD naming a file outside", OutsideHead(Path.Combine(folder, "outside"))),
        };
        var scanner = new Scanner(new ScanningOptions());
        foreach (var (name, root) in cases)
        {
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var result = await scanner.ScanRepositoryAsync(new RepositoryLocation("bench", Path.GetFileName(root), root), null, full: true);
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var issue = result.Components.SelectMany(c => c.Issues).FirstOrDefault();
            Console.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds:F0} ms, {allocated / 1048576.0:F1} MiB allocated, " +
                              $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB; {result.Status}; issue: {issue}");
        }
    }

    private static string Catalog(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "catalog-info.yaml"), "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  owner: team-a\n");
        return root;
    }

    private static string Doubling(string root)
    {
        Catalog(root);
        var props = new StringBuilder("<P0>xxxxxxxxxxxxxxxx</P0>");
        for (var i = 1; i <= 30; i++) props.Append($"<P{i}>$(P{i - 1})$(P{i - 1})</P{i}>");
        File.WriteAllText(Path.Combine(root, "Doubling.csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>{props}</PropertyGroup><ItemGroup><PackageReference Include=\"Newtonsoft.Json\" Version=\"$(P30)\" /></ItemGroup></Project>");
        return root;
    }

    private static string DevZeroHead(string root)
    {
        Directory.CreateDirectory(Path.Combine(Catalog(root), ".git"));
        var head = Path.Combine(root, ".git", "HEAD");
        if (!File.Exists(head)) File.CreateSymbolicLink(head, "/dev/zero");
        return root;
    }

    private static string OutsideHead(string root)
    {
        Directory.CreateDirectory(Path.Combine(Catalog(root), ".git"));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(root)!, "secret.txt"), "secret\n");
        File.WriteAllText(Path.Combine(root, ".git", "HEAD"), "ref: ../../secret.txt\n");
        return root;
    }
}
