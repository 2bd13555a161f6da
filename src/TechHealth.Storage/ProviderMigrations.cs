using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace TechHealth.Storage;

/// <summary>
/// One context, two sets of migrations: <c>dotnet ef</c> writes provider-specific column types and a provider-specific
/// model snapshot, so SQLite's live in <c>Migrations/Sqlite</c> and PostgreSQL's in <c>Migrations/Postgres</c>, each in
/// its own namespace. This migrations assembly shows EF (at run time and to the design tools) only the set of the
/// provider the context is configured with.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; subclassing it only narrows what it finds.
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly string _namespace = ProviderMigrations.Namespace(currentContext.Context.Database.ProviderName);
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations
        => _migrations ??= base.Migrations.Where(m => m.Value.Namespace == _namespace)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
        => Assembly.GetTypes()
            .Where(t => t.Namespace == _namespace && typeof(ModelSnapshot).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
            .SingleOrDefault();
}
#pragma warning restore EF1001

public static class ProviderMigrations
{
    public const string SqliteNamespace = "TechHealth.Storage.Migrations.Sqlite";
    public const string PostgresNamespace = "TechHealth.Storage.Migrations.Postgres";

    internal static string Namespace(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => SqliteNamespace,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => PostgresNamespace,
        _ => throw new InvalidOperationException($"There are no TechHealth migrations for the EF provider '{providerName}'."),
    };
}

/// <summary>
/// What <c>dotnet ef</c> builds the context with. The provider comes after <c>--</c>:
/// <c>dotnet ef migrations add NAME --project src/TechHealth.Storage --output-dir Migrations/Postgres --namespace
/// TechHealth.Storage.Migrations.Postgres -- postgres</c> (no server is contacted to add a migration).
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<TechHealthDbContext>
{
    public TechHealthDbContext CreateDbContext(string[] args)
    {
        var provider = args.FirstOrDefault() ?? StorageOptions.Sqlite;
        var connection = provider == StorageOptions.Sqlite ? "Data Source=design-time.db" : "Host=127.0.0.1;Database=techhealth_design_time";
        return new TechHealthDbContext(TechHealthDbContext.CreateOptions(new StorageOptions { Provider = provider, ConnectionString = connection }));
    }
}
