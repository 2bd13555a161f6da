using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Cli;

/// <summary>What every verb shares: the same configuration as the service, the <c>--json</c> switch and JSON output.</summary>
public static class VerbHost
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Write the result as JSON on standard output." };

    /// <summary>A service provider with the service's configuration (appsettings.json, environment, overrides) but no web server.</summary>
    public static ServiceProvider BuildServices(IReadOnlyDictionary<string, string?> overrides)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile(RepositorySettings.FileName, optional: true);
        RepositorySettings.Add(builder, Environment.CurrentDirectory, overrides.GetValueOrDefault(CommandLineSplit.SettingsFile));
        var configuration = builder
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // A verb's log shows warnings and worse unless asked for more (--Logging:LogLevel:Default=Information): the
        // service's own Logging section (Information by default) is for serving, not for a command's output.
        var asked = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build().GetSection("Logging");
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConfiguration(asked).AddSimpleConsole(o => o.SingleLine = true));
        // Standard output is the verbs' result (JSON with --json): every log line goes to standard error.
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddTechHealth(configuration);
        return services.BuildServiceProvider();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
