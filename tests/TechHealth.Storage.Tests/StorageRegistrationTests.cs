using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace TechHealth.Storage.Tests;

public class StorageRegistrationTests
{
    [Fact]
    public void The_configuration_section_sets_provider_connection_timeout_and_department_types()
    {
        var section = new FlatConfiguration(new Dictionary<string, string>
        {
            ["Provider"] = "PostgreSQL",
            ["ConnectionString"] = "Host=db;Database=techhealth",
            ["BusyTimeout"] = "12.5",
            ["DepartmentGroupTypes:0"] = "department",
            ["DepartmentGroupTypes:1"] = "tribe",
        });

        var options = StorageServiceCollectionExtensions.ReadOptions(section);

        (options.NormalisedProvider, options.ConnectionString, options.BusyTimeout).ShouldBe(("postgres", "Host=db;Database=techhealth", TimeSpan.FromSeconds(12.5)));
        options.DepartmentGroupTypes.ShouldBe(["department", "tribe"]);
    }

    [Fact]
    public void An_empty_section_gives_the_sqlite_defaults()
    {
        var options = StorageServiceCollectionExtensions.ReadOptions(new FlatConfiguration(new Dictionary<string, string>()));
        (options.NormalisedProvider, options.ConnectionString, options.BusyTimeout).ShouldBe(("sqlite", "Data Source=data/techhealth.db", TimeSpan.FromSeconds(30)));
        options.DepartmentGroupTypes.ShouldBe(["department"]);
    }

    [Theory]
    [InlineData("BusyTimeout", "soon", "TechHealth:Storage:BusyTimeout 'soon' is neither seconds nor hh:mm:ss.")]
    [InlineData("Provider", "oracle", "TechHealth:Storage:Provider 'oracle' is not supported: use 'sqlite' or 'postgres'.")]
    public void A_bad_setting_is_refused_at_registration_naming_it(string key, string value, string message)
    {
        var section = new FlatConfiguration(new Dictionary<string, string> { [key] = value });
        Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddTechHealthStorage(section)).Message.ShouldBe(message);
    }

    [Fact]
    public async Task Registration_resolves_every_store_and_migrates_a_sqlite_file_under_a_new_folder()
    {
        var folder = Directory.CreateTempSubdirectory("techhealth-di-");
        try
        {
            var file = Path.Combine(folder.FullName, "nested", "data", "th.db");
            await using (var services = new ServiceCollection().AddTechHealthStorage(o => o.ConnectionString = $"Data Source={file}").BuildServiceProvider())
            {
                services.GetRequiredService<FactStore>().ShouldNotBeNull();
                services.GetRequiredService<EvaluationStore>().ShouldNotBeNull();
                services.GetRequiredService<ExemptionStore>().ShouldNotBeNull();
                services.GetRequiredService<TimeProvider>().ShouldBe(TimeProvider.System);
                await services.MigrateTechHealthStorageAsync();
                (await services.GetRequiredService<FactStore>().LoadCurrentFactsAsync()).ShouldBeEmpty();
            }
            File.Exists(file).ShouldBeTrue();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A configuration section over flat <c>a:b</c> keys, enough for the storage section.</summary>
    private sealed class FlatConfiguration(IReadOnlyDictionary<string, string> values, string path = "") : IConfigurationSection
    {
        public string? this[string key]
        {
            get => values.GetValueOrDefault(Combine(key));
            set => throw new NotSupportedException("read-only test configuration");
        }

        public string Key => path.Split(':')[^1];
        public string Path => path;
        public string? Value { get => path.Length == 0 ? null : values.GetValueOrDefault(path); set => throw new NotSupportedException(); }

        public IConfigurationSection GetSection(string key) => new FlatConfiguration(values, Combine(key));

        public IEnumerable<IConfigurationSection> GetChildren()
        {
            var prefix = path.Length == 0 ? "" : path + ":";
            return values.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(k => k[prefix.Length..].Split(':')[0]).Distinct().Order()
                .Select(k => GetSection(k));
        }

        public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

        private string Combine(string key) => path.Length == 0 ? key : $"{path}:{key}";
    }
}
