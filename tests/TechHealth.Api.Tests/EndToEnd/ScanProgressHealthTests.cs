using System.Text.Json;

namespace TechHealth.Api.Tests.EndToEnd;

public class ScanProgressHealthTests(TechHealthFactory factory) : IClassFixture<TechHealthFactory>
{
    [Fact]
    public async Task Healthz_shows_the_last_scans_progress_in_its_details()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        JsonElement scan;
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
            scan = doc.RootElement.GetProperty("checks").GetProperty("scan").Clone();
            if (scan.GetProperty("data").GetProperty("phase").GetString() == "finished") break;
            DateTime.UtcNow.ShouldBeLessThan(deadline, scan.ToString());
            await Task.Delay(50);
        }

        scan.GetProperty("status").GetString().ShouldBe("Healthy");
        var data = scan.GetProperty("data");
        data.GetProperty("running").GetBoolean().ShouldBeFalse();
        var repositories = new DirectoryInfo(Path.Combine(factory.Root, "fleet")).GetDirectories().Count(d => !d.Name.StartsWith('.'));
        repositories.ShouldBeGreaterThan(40, "forty components and the organisation's repository");
        data.GetProperty("discovered").GetInt32().ShouldBe(repositories);
        data.GetProperty("harvested").GetInt32().ShouldBe(repositories);
        data.GetProperty("failed").GetInt32().ShouldBe(0);
        scan.GetProperty("description").GetString()!.ShouldStartWith("last scan finished");
    }
}
