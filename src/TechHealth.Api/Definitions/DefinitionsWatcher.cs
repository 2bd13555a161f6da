using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Definitions;

/// <summary>
/// Watches the radar and checks folders and reloads the definitions a moment after the last change, so an
/// editor's burst of writes becomes one reload. Polling backs up the OS watcher, which can miss events on
/// some file systems (network mounts, containers with bind mounts).
/// </summary>
public sealed class DefinitionsWatcher(DefinitionsReloader reloader, IOptions<TechHealthOptions> options, ILogger<DefinitionsWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Definitions;
        if (!o.Watch) return;
        var signals = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
        var watchers = new List<FileSystemWatcher>();
        foreach (var dir in new[] { reloader.RadarPath, reloader.ChecksPath }.Where(Directory.Exists))
        {
            var w = new FileSystemWatcher(dir) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName };
            FileSystemEventHandler onChange = (_, _) => signals.Writer.TryWrite(true);
            w.Changed += onChange; w.Created += onChange; w.Deleted += onChange;
            w.Renamed += (_, _) => signals.Writer.TryWrite(true);
            w.EnableRaisingEvents = true;
            watchers.Add(w);
        }
        logger.LogInformation("Watching {Radar} and {Checks} for edits", reloader.RadarPath, reloader.ChecksPath);
        var poll = Task.Run(() => PollAsync(signals.Writer, stoppingToken), stoppingToken);
        try
        {
            while (await signals.Reader.WaitToReadAsync(stoppingToken))
            {
                // Debounce: keep draining until the folders have been quiet for the debounce period.
                do
                {
                    while (signals.Reader.TryRead(out _)) { }
                    await Task.Delay(o.DebounceMilliseconds, stoppingToken);
                } while (signals.Reader.TryRead(out _));
                reloader.Reload("file change");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            foreach (var w in watchers) w.Dispose();
            await poll.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task PollAsync(ChannelWriter<bool> writer, CancellationToken ct)
    {
        var last = reloader.Fingerprint();
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            if (ct.IsCancellationRequested) return;
            var now = reloader.Fingerprint();
            if (now != last) { last = now; writer.TryWrite(true); }
        }
    }
}
