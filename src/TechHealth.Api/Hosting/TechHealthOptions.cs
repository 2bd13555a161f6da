namespace TechHealth.Api.Hosting;

/// <summary>
/// The <c>TechHealth</c> configuration section. Every key is listed in the README; relative paths are
/// resolved against <see cref="Root"/>, so the service finds the repository's radar and checks whether it
/// is started from the repository root or from the project folder.
/// </summary>
public sealed class TechHealthOptions
{
    public const string Section = "TechHealth";

    /// <summary>Folder that relative paths start from. Empty: the nearest ancestor of the working directory holding <c>radar/</c> and <c>checks/</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>Where the service listens when no <c>--urls</c> / <c>ASPNETCORE_URLS</c> is given.</summary>
    public string Url { get; set; } = "http://localhost:5080";

    public DefinitionsOptions Definitions { get; set; } = new();
    public ScheduleOptions Schedule { get; set; } = new();
    public DemoOptions Demo { get; set; } = new();
    public EvaluationOptions Evaluation { get; set; } = new();
    public ReportOptions Reports { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
}

/// <summary><c>TechHealth:Definitions</c>: where the radar and checks are read from and whether edits reload them. Paths only; the loading rules are Core's.</summary>
public sealed class DefinitionsOptions
{
    public string RadarPath { get; set; } = "radar";
    public string ChecksPath { get; set; } = "checks";
    /// <summary>Watch both folders and reload on change.</summary>
    public bool Watch { get; set; } = true;
    /// <summary>Editors save in bursts; wait this long after the last change before reloading.</summary>
    public int DebounceMilliseconds { get; set; } = 500;
}

/// <summary><c>TechHealth:Schedule</c>: when scan runs and department reports happen. It says when, never what a run does.</summary>
public sealed class ScheduleOptions
{
    /// <summary>Quartz cron for scan runs; empty disables scheduled scans.</summary>
    public string ScanCron { get; set; } = "0 0 2 * * ?";
    /// <summary>Quartz cron for writing every department's Excel report; empty disables it.</summary>
    public string ReportCron { get; set; } = "0 0 6 ? * MON";
    /// <summary>Scan (and evaluate) once when the service starts and the store holds no scan yet.</summary>
    public bool ScanOnStartup { get; set; } = true;
}

/// <summary><c>TechHealth:Demo</c>: the generated demo fleet scanned when no source is configured. Ignored once a source is configured.</summary>
public sealed class DemoOptions
{
    /// <summary>When no source is configured, generate a demo fleet and scan it, so a new user sees results at once.</summary>
    public bool Enabled { get; set; } = true;
    public int Components { get; set; } = 150;
    public int Seed { get; set; } = 42;
    public string Path { get; set; } = "data/demo-fleet";
}

/// <summary><c>TechHealth:Evaluation</c>: retirement lead time, which groups are departments, and how much run history is kept.</summary>
public sealed class EvaluationOptions
{
    /// <summary>How long before a radar entry's retireBy date its use warns instead of passing.</summary>
    public int RetirementLeadDays { get; set; } = 90;
    /// <summary>Backstage Group <c>spec.type</c> values that make a group a department.</summary>
    public List<string> DepartmentTypes { get; set; } = ["department"];
    /// <summary>
    /// Folder names whose files describe tests, not what ships (an e2e Dockerfile decides no runtime verdict); null keeps
    /// <see cref="Certification.CertificationOptions.DefaultTestFolders"/>. Null rather than a filled list, since binding
    /// adds configured items to a list's initial ones.
    /// </summary>
    public List<string>? TestFolders { get; set; }
    /// <summary>History: keep every run this many days, then one per day for <see cref="KeepDailyDays"/>, then one per week.</summary>
    public int KeepAllDays { get; set; } = 7;
    public int KeepDailyDays { get; set; } = 90;
}

/// <summary><c>TechHealth:Reports</c>: the folder scheduled department workbooks are written to (relative to the root).</summary>
public sealed class ReportOptions
{
    public string Path { get; set; } = "reports";
}

/// <summary><c>TechHealth:Telemetry</c>: OpenTelemetry metrics and traces, scraped at <c>/metrics</c> and sent over OTLP when an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Serve the metrics in Prometheus' text format at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; } = true;
    /// <summary>An OTLP collector (<c>http://collector:4317</c>) that metrics and traces are sent to; empty sends nothing.</summary>
    public string OtlpEndpoint { get; set; } = "";
    /// <summary>The <c>service.name</c> resource attribute of everything exported.</summary>
    public string ServiceName { get; set; } = "techhealth";
}
