using System.Globalization;

namespace TechHealth.Benchmarks;

// Verbs:
//   prepare    --out DIR [--components 10000] [--seed 42]   generate a fleet, scan it into DIR's SQLite store (once)
//   evaluate   --data DIR [--passes 5]                       (a) evaluate every component from facts in memory
//   reevaluate --data DIR                                    (b) radar edit -> full re-evaluation, stored as a run
//   graphql    --data DIR [--clients 16] [--seconds 10] [--iterations 300]
//                                                            (c) team score and department heatmap queries, in process and over HTTP
//   bdn        --data DIR                                    (c) the in-process queries under BenchmarkDotNet (short run)
//   pages      --data DIR [--iterations 50]                  (d) every page of the pages over HTTP: first request, p50, p95
//   hostile    --out DIR                                     the hostile repositories of issue 9, each scanned alone
/// <summary>The benchmark verbs. Not a top-level program: <c>Program</c> must stay the service's entry point type.</summary>
public static class BenchmarkVerbs
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: TechHealth.Benchmarks prepare|evaluate|reevaluate|graphql|bdn|pages|hostile --data DIR (prepare: --out DIR) [options]");
            return args.Length == 0 ? 2 : 0;
        }
        string Option(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        BenchWorkspace Workspace(string option) => new(Option(option, "") is { Length: > 0 } d ? d : throw new ArgumentException($"--{option} DIR is required"));

        Console.WriteLine($"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB available, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}");
        try
        {
            switch (args[0])
            {
                case "prepare":
                    await Prepare.RunAsync(Workspace("out"), IntOption("components", 10_000), IntOption("seed", 42));
                    break;
                case "evaluate":
                    await EvaluateBenchmark.RunAsync(Workspace("data"), IntOption("passes", 5));
                    break;
                case "reevaluate":
                    await ReevaluateBenchmark.RunAsync(Workspace("data"));
                    break;
                case "graphql":
                    await GraphQLBenchmark.RunAsync(Workspace("data"), IntOption("clients", 16), IntOption("seconds", 10), IntOption("iterations", 300));
                    break;
                case "pages":
                    await PagesBenchmark.RunAsync(Workspace("data"), IntOption("iterations", 50));
                    break;
                case "hostile":
                    await HostileBenchmark.RunAsync(Option("out", "") is { Length: > 0 } h ? h : throw new ArgumentException("--out DIR is required"));
                    break;
                case "bdn":
                    GraphQLInProcess.RunBenchmarkDotNet(Workspace("data"));
                    break;
                default:
                    Console.Error.WriteLine($"unknown verb '{args[0]}'");
                    return 2;
            }
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
