using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;
using TechHealth.Scanning.Fleet;

namespace TechHealth.Pages.Tests;

/// <summary>
/// The real service (its Program, configuration and pipeline) over a generated fleet in a temp
/// folder, with its own copy of the repository's radar and checks and a SQLite file. Seeded with three evaluation
/// runs: the start-up scan, a re-evaluation, and a rescan after one repository gained a Log4j version on hold, so
/// trends have points and the organisation page has new hold technology to show. On a Kestrel loopback port when
/// asked (the browser needs a real port), else on the in-memory test server.
/// </summary>
public class PagesService : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ReaderKey = "pages-reader-key-0123456789";
    public const string HoldComponentRepository = "pages-hold-demo";

    private readonly bool _kestrel;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>On Kestrel for the browser, with the demo fleet's size (150 components) so departments have several teams.</summary>
    public PagesService() : this(kestrel: true, components: 150) { }

    protected PagesService(bool kestrel, int components = 40, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _kestrel = kestrel;
        _settings = settings ?? new Dictionary<string, string?>();
        Root = Directory.CreateTempSubdirectory("th-pages-").FullName;
        CopyDirectory(Path.Combine(RepositoryRoot, "radar"), Path.Combine(Root, "radar"));
        CopyDirectory(Path.Combine(RepositoryRoot, "checks"), Path.Combine(Root, "checks"));
        FleetGenerator.Generate(Path.Combine(Root, "fleet"), components, seed: 7);
        if (kestrel) UseKestrel(0);
    }

    public string Root { get; }

    /// <summary>The service's address: the Kestrel port, or the test server's base address.</summary>
    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TechHealth:Root"] = Root,
            ["TechHealth:Demo:Enabled"] = "false",
            ["TechHealth:Schedule:ScanCron"] = "",
            ["TechHealth:Schedule:ReportCron"] = "",
            ["TechHealth:Definitions:Watch"] = "false",
            ["TechHealth:Scanning:Sources:0:Name"] = "fleet",
            ["TechHealth:Scanning:Sources:0:Kind"] = "Directory",
            ["TechHealth:Scanning:Sources:0:Path"] = Path.Combine(Root, "fleet"),
            ["TechHealth:Security:ApiKeys:0:Name"] = "pages-reader",
            ["TechHealth:Security:ApiKeys:0:Hash"] = CallerResolver.Hash(ReaderKey),
            ["TechHealth:Security:ApiKeys:0:Role"] = "Reader",
            ["TechHealth:Security:RateLimit:PermitsPerWindow"] = "0",
        };
        foreach (var (k, v) in _settings) settings[k] = v;
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        if (_kestrel) builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    public async Task InitializeAsync()
    {
        if (_kestrel)
        {
            StartServer();
            Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Http = new HttpClient { BaseAddress = Address };
        }
        else
        {
            Http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            Address = Http.BaseAddress!;
        }
        var state = Services.GetRequiredService<FleetState>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (state.Current is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the start-up scan did not publish a snapshot in time");
            await Task.Delay(100);
        }
        await Services.GetRequiredService<EvaluationService>().EvaluateAsync(TechHealth.Storage.EvaluationTrigger.Manual);
        AddHoldDependency();
        await Services.GetRequiredService<ScanService>().ScanAsync();
    }

    /// <summary>A new repository whose pom.xml asks for Log4j 2.14.1 (on hold): new hold technology in the last run.</summary>
    private void AddHoldDependency()
    {
        var repo = Path.Combine(Root, "fleet", HoldComponentRepository);
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "catalog-info.yaml"), """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: pages-hold-demo
              annotations:
                github.com/project-slug: acme/pages-hold-demo
            spec:
              type: service
              lifecycle: production
              owner: group:default/team-badgers
            """);
        File.WriteAllText(Path.Combine(repo, "pom.xml"), """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.acme</groupId>
              <artifactId>pages-hold-demo</artifactId>
              <version>1.0.0</version>
              <dependencies>
                <dependency>
                  <groupId>org.apache.logging.log4j</groupId>
                  <artifactId>log4j-core</artifactId>
                  <version>2.14.1</version>
                </dependency>
              </dependencies>
            </project>
            """);
    }

    /// <summary>POSTs a query to /graphql over HTTP (the way any client does) and returns its data, failing on errors.</summary>
    public async Task<JsonElement> GraphQLAsync(string query, object? variables = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        var root = JsonDocument.Parse(body).RootElement;
        (root.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0).ShouldBeFalse(body);
        return root.GetProperty("data").Clone();
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Http?.Dispose();
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "TechHealth.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No TechHealth.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The same service on the in-memory test server, reads open.</summary>
public sealed class InMemoryPagesService() : PagesService(kestrel: false);

/// <summary>The same service with <c>RequireAuthenticationForReads</c> on.</summary>
public sealed class SecuredPagesService() : PagesService(kestrel: false, settings: new Dictionary<string, string?>
{
    ["TechHealth:Security:RequireAuthenticationForReads"] = "true",
    ["TechHealth:Security:Jwt:SigningKey"] = SigningKey,
})
{
    public const string SigningKey = "a-pages-test-signing-key-of-at-least-32-characters";

    /// <summary>A reader's bearer token signed with the service's key.</summary>
    public static string ReaderToken() => new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
        new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "team-lead"), new System.Security.Claims.Claim("role", "reader")]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SigningKey)), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
}

[CollectionDefinition(Name)]
public sealed class PagesCollection : ICollectionFixture<PagesService>
{
    public const string Name = "pages-service";
}
