using TechHealth.Storage;

namespace TechHealth.Api.Cluster;

/// <summary>
/// <c>TechHealth:Cluster</c>: how several instances share one PostgreSQL database. Settings only; <see cref="ClusterMode"/>
/// decides from them and the storage provider what this instance does.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "TechHealth:Cluster";

    /// <summary>Quartz's clustered job store and sharded scans; null means on with PostgreSQL and off with SQLite.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Split scans into shards run as Quartz jobs even on SQLite (one process, jobs in memory); clustering implies it.</summary>
    public bool ShardedScans { get; set; }

    /// <summary>This instance's name in the cluster (Quartz's instance id, a shard's owner); empty: machine name and process id.</summary>
    public string InstanceId { get; set; } = "";

    /// <summary>Repositories per shard.</summary>
    public int ShardSize { get; set; } = 200;

    /// <summary>Shards (Quartz jobs) one instance runs at once; each scans its repositories with <c>Scanning:MaxParallelism</c>.</summary>
    public int ShardsPerInstance { get; set; } = 2;

    /// <summary>How often an instance tells the cluster it is alive (Quartz's clusterCheckinInterval).</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How late past its check-in an instance is taken for dead and its shards recovered (Quartz's clusterCheckinMisfireThreshold).</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How late a trigger may fire before it counts as misfired (a cron scan missed while every instance was down).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle instance looks for triggers another instance stored (Quartz's idleWaitTime, 30 s by default there).</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts a shard gets; after the last its repositories are recorded as failed (keeping their previous facts) and the run completes.</summary>
    public int ShardAttempts { get; set; } = 3;

    /// <summary>Wait before a failed shard is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an instance checks for a run stored elsewhere when no PostgreSQL notification came (the fallback to LISTEN/NOTIFY).</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>For tests and demonstrations only: a shard waits this long per repository before scanning, so it can be caught holding one.</summary>
    public TimeSpan TestDelayPerRepository { get; set; } = TimeSpan.Zero;
}

/// <summary>What this instance does about the cluster, decided once from <see cref="ClusterOptions"/> and the storage provider.</summary>
public sealed class ClusterMode(ClusterOptions options, StorageOptions storage)
{
    public ClusterOptions Options { get; } = options;

    /// <summary>Quartz keeps its jobs in PostgreSQL and shares them with the other instances.</summary>
    public bool Clustered { get; } = (options.Enabled ?? storage.NormalisedProvider == StorageOptions.Postgres) && storage.NormalisedProvider == StorageOptions.Postgres;

    /// <summary>Scans are split into shards, each a Quartz job.</summary>
    public bool Sharded => Clustered || Options.ShardedScans;

    /// <summary>This instance's name, the same in Quartz's tables and the shard table.</summary>
    public string InstanceId { get; } = options.InstanceId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";

    public static ClusterMode From(IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection(Section).Get<ClusterOptions>() ?? new ClusterOptions();
        if (options.ShardSize < 1) throw new InvalidOperationException($"{Section}:ShardSize must be at least 1, not {options.ShardSize}.");
        if (options.ShardAttempts < 1) throw new InvalidOperationException($"{Section}:ShardAttempts must be at least 1, not {options.ShardAttempts}.");
        if (options.ShardsPerInstance < 1) throw new InvalidOperationException($"{Section}:ShardsPerInstance must be at least 1, not {options.ShardsPerInstance}.");
        return new ClusterMode(options, storage);
    }

    private const string Section = ClusterOptions.Section;
}
