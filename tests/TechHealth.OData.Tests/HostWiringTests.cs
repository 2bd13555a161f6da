using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OData.UriParser;
using TechHealth.Core.Definitions;
using TechHealth.Storage;

namespace TechHealth.OData.Tests;

/// <summary>The host's other wiring: its own <see cref="IRadarSource"/>, configured levels, a route prefix, an empty store.</summary>
public sealed class HostWiringTests(FeedFixture feed) : IClassFixture<FeedFixture>
{
    private sealed class SwitchableRadar : IRadarSource
    {
        public Radar Current { get; set; } = Radar.Empty;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string connectionString, Action<IServiceCollection> configure, string prefix)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddTechHealthStorage(new StorageOptions { ConnectionString = connectionString });
        configure(builder.Services);
        var app = builder.Build();
        app.MapODataFeed(prefix);
        await app.Services.MigrateTechHealthStorageAsync();
        await app.StartAsync();
        return (app, app.GetTestClient());
    }

    [Fact]
    public async Task A_host_radar_source_and_extra_level_are_served_under_its_prefix()
    {
        var radar = new SwitchableRadar();
        var (app, client) = await StartAsync($"Data Source={feed.DatabasePath}", s =>
        {
            s.AddSingleton<IRadarSource>(radar);
            s.AddODataFeed(o => { o.Levels = ["bronze", "silver", "gold", "platinum"]; o.MaxPageSize = 1000; });
        }, "/bi/feed/");
        await using var running = app;

        var teams = JsonDocument.Parse(await client.GetStringAsync("/bi/feed/Teams?$filter=PlatinumCount%20eq%200&$count=true")).RootElement;
        teams.GetProperty("@odata.count").GetInt64().ShouldBe(FeedFixture.Teams.Length + 1);
        teams.GetProperty("@odata.context").GetString().ShouldBe("http://localhost/bi/feed/$metadata#Teams");

        var empty = JsonDocument.Parse(await client.GetStringAsync("/bi/feed/RadarEntries")).RootElement;
        empty.GetProperty("value").GetArrayLength().ShouldBe(0);
        // The radar is read per request, so a reload shows up without restarting the feed.
        radar.Current = FeedFixture.Radar;
        var loaded = JsonDocument.Parse(await client.GetStringAsync("/bi/feed/RadarEntries?$count=true")).RootElement;
        loaded.GetProperty("@odata.count").GetInt64().ShouldBe(FeedFixture.Radar.Entries.Count);

        var all = JsonDocument.Parse(await client.GetStringAsync("/bi/feed/Components")).RootElement;
        all.GetProperty("value").GetArrayLength().ShouldBe(FeedFixture.ComponentCount);
        all.TryGetProperty("@odata.nextLink", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_empty_store_serves_empty_sets_not_errors()
    {
        var folder = Directory.CreateTempSubdirectory("techhealth-odata-empty-");
        try
        {
            var (app, client) = await StartAsync($"Data Source={Path.Combine(folder.FullName, "empty.db")}", s => s.AddODataFeed(), "/odata");
            await using (app)
            {
                foreach (var set in new[] { "Components", "Teams", "Departments", "CheckResults", "Dependencies", "RadarEntries" })
                {
                    var response = await client.GetAsync($"/odata/{set}?$count=true");
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    ((int)response.StatusCode).ShouldBe(200, $"{set}: {body}");
                    body.GetProperty("@odata.count").GetInt64().ShouldBe(0, set);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
