using System.CommandLine;
using TechHealth.Api.Hosting;

namespace TechHealth.Api.Cli;

/// <summary>
/// The <c>techhealth</c> command line. No verb serves; each verb runs one job and exits with 0 on success.
/// Configuration overrides (<c>--TechHealth:Storage:ConnectionString=...</c>) are taken out first, so every verb accepts them.
/// </summary>
public static class TechHealthCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (verbArgs, overrides) = CommandLineSplit.Split(args);
        if (SettingsFileProblem(overrides.GetValueOrDefault(CommandLineSplit.SettingsFile)) is { } problem)
        {
            Console.Error.WriteLine("error: " + problem);
            return 1;
        }
        var root = new RootCommand("TechHealth: harvests a fleet of repositories, certifies each component against the tech radar and checks, and serves the results.");
        root.Subcommands.Add(ServeCommand(args, overrides));
        foreach (var verb in Verbs(overrides)) root.Subcommands.Add(verb);
        root.SetAction(async (_, ct) => await ServeAsync(args, overrides, ct));
        return await root.Parse(verbArgs).InvokeAsync();
    }

    /// <summary>A missing or unreadable <c>--settings</c> file, said in one line instead of a configuration exception's stack trace.</summary>
    private static string? SettingsFileProblem(string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return null;
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) return $"--settings: there is no file {path}.";
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"--settings: {path} is not valid JSON at line {e.LineNumber + 1}: {e.Message}";
        }
    }

    private static IEnumerable<Command> Verbs(IReadOnlyDictionary<string, string?> overrides)
    {
        yield return ValidateVerb.Create(overrides);
        yield return ScanVerb.Create(overrides);
        yield return EvaluateVerb.Create(overrides);
        yield return FleetVerb.Create(overrides);
        yield return ReportVerb.Create(overrides);
        yield return ApiKeyVerb.Create();
    }

    private static Command ServeCommand(string[] args, IReadOnlyDictionary<string, string?> overrides)
    {
        var serve = new Command("serve", "Run the service (the default when no verb is given).");
        serve.SetAction(async (_, ct) => await ServeAsync(args, overrides, ct));
        return serve;
    }

    private static async Task<int> ServeAsync(string[] args, IReadOnlyDictionary<string, string?> overrides, CancellationToken ct)
    {
        // The web host reads the overrides itself; verb tokens ("serve") are not configuration.
        var hostArgs = args.Where(a => a != "serve").ToArray();
        var app = ServiceHost.Build(hostArgs, overrides);
        await app.RunAsync(ct);
        return 0;
    }
}
