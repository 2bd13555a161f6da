namespace TechHealth.Storage.Records;

/// <summary>One scan run: when, which sources, how it ended, and its counts. Its snapshots count only once it is completed.</summary>
public sealed class ScanRunRecord
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>running, completed, failed or interrupted (see <see cref="ScanRunStatus"/>).</summary>
    public string Status { get; set; } = "running";
    public bool Full { get; set; }
    /// <summary>JSON array of the sources this run covers; empty means every source.</summary>
    public string SourcesJson { get; set; } = "[]";
    public int ComponentsScanned { get; set; }
    public int ComponentsUnchanged { get; set; }
    public int ComponentsRemoved { get; set; }
    public int DependencyCount { get; set; }
    public int ErrorCount { get; set; }
    public string? Failure { get; set; }
}

/// <summary>What went wrong with one repository or component in a scan run; the rest of the run went on.</summary>
public sealed class ScanErrorRecord
{
    public long Id { get; set; }
    public long ScanRunId { get; set; }
    public string RepositoryKey { get; set; } = "";
    public string? ComponentRef { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>A repository a scan run skipped because its fingerprint was unchanged: its facts stay in force.</summary>
public sealed class ScanUnchangedRepositoryRecord
{
    public long ScanRunId { get; set; }
    public string RepositoryKey { get; set; } = "";
}

/// <summary>
/// The fingerprint of a repository that holds no component (an org repository of groups only), which the components
/// table cannot remember, so an unchanged one is skipped like any other. Trusted only once its scan run completed.
/// </summary>
public sealed class RepositoryFingerprintRecord
{
    public string RepositoryKey { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public long ScanRunId { get; set; }
}

/// <summary>The facts one scan run read for one component (identity columns plus child rows).</summary>
public sealed class ComponentSnapshotRecord
{
    public long Id { get; set; }
    public long ScanRunId { get; set; }
    public string ComponentRef { get; set; } = "";
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "default";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? OwnerRef { get; set; }
    public string? System { get; set; }
    public string? Type { get; set; }
    public string? Lifecycle { get; set; }
    public string? Tier { get; set; }
    public string Source { get; set; } = "";
    public string Repository { get; set; } = "";
    public string Path { get; set; } = "";
    public string AnnotationsJson { get; set; } = "{}";
    public string TagsJson { get; set; } = "[]";
    public string FilesJson { get; set; } = "[]";
    public string? Fingerprint { get; set; }
    public DateTime CapturedAt { get; set; }
}

/// <summary>One dependency fact of a snapshot.</summary>
public sealed class DependencyRecord
{
    public long Id { get; set; }
    public long SnapshotId { get; set; }
    public int Ordinal { get; set; }
    public string Ecosystem { get; set; } = "";
    /// <summary>The full purl as written by <c>PackageUrl.ToString()</c>; parsed back on load.</summary>
    public string Purl { get; set; } = "";
    /// <summary>The purl without version, for "who uses X" queries.</summary>
    public string PurlKey { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "library";
    public string? Declared { get; set; }
    public string? Version { get; set; }
    public bool Unresolved { get; set; }
    public bool Locked { get; set; }
    public string Scope { get; set; } = "runtime";
    public bool Direct { get; set; }
    /// <summary>The build condition the manifest names for it (<c>profile:legacy</c>, <c>target:cfg(windows)</c>); null when every build uses it.</summary>
    public string? Condition { get; set; }
    public string File { get; set; } = "";
    public int Line { get; set; }
}

/// <summary>One named fact of a snapshot (<c>readme.present</c> = <c>true</c>).</summary>
public sealed class NamedFactRecord
{
    public long SnapshotId { get; set; }
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>One problem met while reading a component in a scan.</summary>
public sealed class ScanIssueRecord
{
    public long Id { get; set; }
    public long SnapshotId { get; set; }
    public int Ordinal { get; set; }
    public string Severity { get; set; } = "warning";
    public string File { get; set; } = "";
    public int Line { get; set; }
    public string Message { get; set; } = "";
}
