namespace TechHealth.Storage;

/// <summary>
/// Where the store lives: the provider (<c>sqlite</c>, the default, or <c>postgres</c>) and its connection string,
/// read from the <c>TechHealth:Storage</c> configuration section. Holds settings only; it opens nothing.
/// </summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string DefaultConnectionString = "Data Source=data/techhealth.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c> (<c>postgresql</c> and <c>npgsql</c> are accepted too).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>ADO.NET connection string; defaults to a SQLite file under <c>data/</c> relative to the working folder.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>How long a SQLite writer waits for another writer before giving up (default 30 s).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Group types that make a group a department; a component's department is its owner's nearest such ancestor.</summary>
    public IList<string> DepartmentGroupTypes { get; set; } = [.. TechHealth.Core.Catalog.Organisation.DefaultDepartmentTypes];

    /// <summary>The provider name in canonical form; throws a clear error for anything unknown.</summary>
    public string NormalisedProvider => (Provider ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        var other => throw new InvalidOperationException(
            $"TechHealth:Storage:Provider '{other}' is not supported: use 'sqlite' or 'postgres'."),
    };
}
