using TechHealth.Api.Hosting;

namespace TechHealth.Api.Tests;

public class WorkspacePathsTests
{
    [Fact]
    public void The_root_is_the_nearest_folder_holding_radar_and_checks()
    {
        var top = Directory.CreateTempSubdirectory("th-paths-");
        try
        {
            Directory.CreateDirectory(Path.Combine(top.FullName, "radar"));
            Directory.CreateDirectory(Path.Combine(top.FullName, "checks"));
            var deep = Directory.CreateDirectory(Path.Combine(top.FullName, "src", "TechHealth.Api"));
            var paths = WorkspacePaths.Discover(null, deep.FullName);
            paths.Root.ShouldBe(top.FullName);
            paths.Resolve("data/x.db").ShouldBe(Path.Combine(top.FullName, "data", "x.db"));
        }
        finally { top.Delete(true); }
    }

    [Fact]
    public void A_configured_root_wins_and_absolute_paths_stay_as_they_are()
    {
        var dir = Directory.CreateTempSubdirectory("th-paths-");
        try
        {
            var paths = WorkspacePaths.Discover(dir.FullName, "/");
            paths.Root.ShouldBe(dir.FullName);
            var absolute = Path.Combine(dir.FullName, "elsewhere");
            paths.Resolve(absolute).ShouldBe(absolute);
        }
        finally { dir.Delete(true); }
    }
}
