using System.Diagnostics;
using System.Net;
using System.Text;

using TechHealth.TestServers;

namespace TechHealth.Api.Tests.Cluster;

/// <summary>
/// One service instance as its own process: <c>dotnet techhealth.dll</c> as built beside the test, configured through
/// environment variables, on a free loopback port. Its output is kept for failure messages; it is killed on dispose
/// whatever happened.
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _workingDirectory;
    private Process? _process;

    public ServiceInstance(string instanceId, IReadOnlyDictionary<string, string> settings, string workingDirectory)
    {
        InstanceId = instanceId;
        _settings = settings;
        _workingDirectory = workingDirectory;
        Directory.CreateDirectory(workingDirectory);
    }

    public string InstanceId { get; }
    public int Port { get; private set; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public bool Running => _process is { HasExited: false };

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The repository root (the folder with radar/ and checks/) and the service's built entry assembly.</summary>
    public static (string Root, string Dll) Locate()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TechHealth.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No TechHealth.sln above {AppContext.BaseDirectory}");
        // The test's own bin/<Configuration>/<framework> names the service's.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(root.FullName, "src", "TechHealth.Api", "bin", framework.Parent!.Name, framework.Name, "techhealth.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"The service is not built at {dll}");
        return (root.FullName, dll);
    }

    public void Start()
    {
        var (_, dll) = Locate();
        Port = LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", BaseAddress.ToString().TrimEnd('/') },
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _settings) info.Environment[key] = value;
        info.Environment["TechHealth__Cluster__InstanceId"] = InstanceId;
        info.Environment["DOTNET_NOLOGO"] = "1";
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until the instance answers HTTP at all (its health may still say it is starting).</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_process is { HasExited: true }) throw new InvalidOperationException($"{InstanceId} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{InstanceId} did not answer on {BaseAddress} within {limit}:\n{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

}
