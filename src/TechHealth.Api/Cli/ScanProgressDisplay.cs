using Spectre.Console;
using TechHealth.Scanning;

namespace TechHealth.Api.Cli;

/// <summary>
/// Shows the <c>scan</c> verb's progress on standard error (standard output is the result): a live bar of repositories
/// done on a terminal, plain lines in a CI log (a phase change, then every tenth of the fleet), so neither floods.
/// </summary>
public static class ScanProgressDisplay
{
    /// <summary>Follows <paramref name="progress"/> until <paramref name="cancellation"/> (the scan's end).</summary>
    public static Task FollowAsync(ScanProgress progress, bool interactive, TextWriter plain, CancellationToken cancellation)
        => interactive ? LiveAsync(progress, cancellation) : PlainAsync(progress, plain, cancellation);

    /// <summary>True when standard error is a terminal that can redraw a bar (not redirected, not CI).</summary>
    public static bool IsInteractive()
        => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    public static async Task PlainAsync(ScanProgress progress, TextWriter output, CancellationToken cancellation)
    {
        string? phase = null;
        var lastDone = -1;
        await foreach (var p in progress.WatchAsync(cancellation).ConfigureAwait(false))
        {
            var step = Math.Max(1, p.Discovered / 10);
            if (p.Phase != phase || (p.Phase == "harvesting" && p.Done >= lastDone + step) || (p.Done == p.Discovered && p.Done != lastDone && p.Phase == "harvesting"))
            {
                if (!p.Running && p.Phase == "finished" && phase is null) continue;
                output.WriteLine(Line(p));
                phase = p.Phase;
                lastDone = p.Done;
            }
        }
    }

    /// <summary>One plain progress line: <c>scan harvesting: 40/120 done (discovered 120, fetched 3, harvested 39, failed 1)</c>.</summary>
    public static string Line(ScanProgressSnapshot p)
        => $"scan {p.Phase}: {p.Done}/{p.Discovered} done (discovered {p.Discovered}, fetched {p.Fetched}, harvested {p.Harvested}, failed {p.Failed})";

    private static async Task LiveAsync(ScanProgress progress, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("discovering", maxValue: 1);
                try
                {
                    await foreach (var p in progress.WatchAsync(cancellation).ConfigureAwait(false))
                    {
                        task.MaxValue = Math.Max(1, p.Discovered);
                        task.Value = p.Done;
                        task.Description = $"{p.Phase} [grey]{p.Discovered} found, {p.Fetched} fetched, {p.Harvested} harvested,[/] {(p.Failed > 0 ? "[red]" : "[grey]")}{p.Failed} failed[/]";
                    }
                }
                finally { task.StopTask(); }
            }).ConfigureAwait(false);
    }
}
