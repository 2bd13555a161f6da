using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace TechHealth.Storage.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run, made from the machine's own binaries: initdb into a temp
/// folder, postgres on a free loopback port with its socket in that folder, stopped and deleted on dispose.
/// When the binaries are absent <see cref="Unavailable"/> says so and the PostgreSQL tests report it and return.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    // Debian's layout (postgresql-NN packages); TECHHEALTH_PG_BIN points elsewhere.
    private const string DebianRoot = "/usr/lib/postgresql";

    private readonly StringBuilder _log = new();
    private DirectoryInfo? _folder;
    private Process? _postgres;
    private string? _bin;
    private int _port;

    public string? Unavailable { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Include Error Detail=true;Timeout=10";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        if (_bin is null)
        {
            Unavailable = $"PostgreSQL binaries not found (looked in $TECHHEALTH_PG_BIN and {DebianRoot}/*/bin): PostgreSQL storage tests did not run.";
            Console.WriteLine(Unavailable);
            return;
        }
        _folder = Directory.CreateTempSubdirectory("techhealth-pg-");
        var data = Path.Combine(_folder.FullName, "data");
        if (RunningAsRoot) await RunAsync("chown", ["-R", "postgres:", _folder.FullName]);
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres: true);

        // The free port is only free when asked: another test process may bind it first, and then this postgres exits.
        // A few fresh ports make that race harmless.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreePort();
            _postgres = Start(Path.Combine(_bin, "postgres"),
            [
                "-D", data, "-p", _port.ToString(), "-k", _folder.FullName,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=60",
            ]);
            if (await AcceptsConnectionsAsync()) return;
            if (attempt == 3 || !_postgres.HasExited)
                throw new InvalidOperationException($"PostgreSQL did not start on port {_port} (attempt {attempt}):\n{Log}");
            _postgres.Dispose();
        }
    }

    /// <summary>Waits up to 30 s for the server to accept a connection; false as soon as the process has exited.</summary>
    private async Task<bool> AcceptsConnectionsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException)
            {
                if (_postgres!.HasExited || DateTime.UtcNow > deadline) return false;
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "th_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_postgres is not null && _bin is not null && _folder is not null)
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", Path.Combine(_folder.FullName, "data"), "-m", "fast", "-w"], asPostgres: true);
            }
            catch (InvalidOperationException)
            {
                // pg_ctl failing leaves the process we started; it is ours to end.
            }
            if (!_postgres.WaitForExit(15_000)) _postgres.Kill(entireProcessTree: true);
            _postgres.Dispose();
        }
        if (_folder is not null)
        {
            try { _folder.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    private string Log { get { lock (_log) return _log.ToString(); } }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("TECHHEALTH_PG_BIN") is { Length: > 0 } configured) candidates.Add(configured);
        if (Directory.Exists(DebianRoot))
            candidates.AddRange(Directory.GetDirectories(DebianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static ProcessStartInfo StartInfo(string exe, IReadOnlyList<string> args, bool asPostgres)
    {
        // PostgreSQL refuses to run as root, so under root the binaries run as the postgres account.
        var info = asPostgres && RunningAsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", exe } }
            : new ProcessStartInfo(exe);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private Process Start(string exe, IReadOnlyList<string> args)
    {
        var process = new Process { StartInfo = StartInfo(exe, args, asPostgres: true) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string exe, IReadOnlyList<string> args, bool asPostgres = false)
    {
        using var process = Process.Start(StartInfo(exe, args, asPostgres))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
