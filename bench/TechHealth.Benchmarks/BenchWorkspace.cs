using TechHealth.Scanning.Fleet;

namespace TechHealth.Benchmarks;

/// <summary>
/// A benchmark folder: a copy of the repository's radar/ and checks/ (so benchmarks may edit them), a generated fleet
/// and the SQLite store the service scans it into. Made once by <c>prepare</c>, then read by every other verb.
/// </summary>
public sealed class BenchWorkspace(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Radar => Path.Combine(Root, "radar");
    public string Checks => Path.Combine(Root, "checks");
    public string Fleet => Path.Combine(Root, "fleet");
    public string Database => Path.Combine(Root, "data", "techhealth.db");

    /// <summary>The same configuration the service gets from appsettings, pointed at this folder.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["TechHealth:Root"] = Root,
        ["TechHealth:Demo:Enabled"] = "false",
        ["TechHealth:Schedule:ScanCron"] = "",
        ["TechHealth:Schedule:ReportCron"] = "",
        ["TechHealth:Scanning:Sources:0:Name"] = "fleet",
        ["TechHealth:Scanning:Sources:0:Kind"] = "Directory",
        ["TechHealth:Scanning:Sources:0:Path"] = Fleet,
        ["TechHealth:Storage:ConnectionString"] = $"Data Source={Database}",
        ["TechHealth:Security:RateLimit:PermitsPerWindow"] = "0",
        ["TechHealth:Definitions:DebounceMilliseconds"] = "100",
    };

    public void CreateFiles(int components, int seed)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        CopyDirectory(Path.Combine(RepositoryRoot, "radar"), Radar);
        CopyDirectory(Path.Combine(RepositoryRoot, "checks"), Checks);
        // Generating 10,000 components takes a minute: a folder prepared with the same arguments is reused.
        var marker = Path.Combine(Root, "fleet.txt");
        var wanted = $"components={components} seed={seed}";
        if (File.Exists(marker) && File.ReadAllText(marker) == wanted) return;
        FleetGenerator.Generate(Fleet, components, seed);
        File.WriteAllText(marker, wanted);
    }

    public void Check()
    {
        if (!File.Exists(Database) || !Directory.Exists(Radar))
            throw new InvalidOperationException($"{Root} is not a prepared benchmark folder: run 'prepare --out {Root}' first.");
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TechHealth.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository: no TechHealth.sln above the working folder");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
