using TechHealth.Api.Hosting;
using TechHealth.Api.Tests.Cli;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.Hosting;

/// <summary>appsettings.json lives at the repository root: found from inside the repository, copied beside the executable.</summary>
public class RepositorySettingsTests
{
    [Fact]
    public void The_repository_root_holds_the_settings_and_the_build_copies_them_beside_the_executable()
    {
        var file = Path.Combine(TechHealthFactory.RepositoryRoot, "appsettings.json");
        File.Exists(file).ShouldBeTrue();
        File.Exists(Path.Combine(TechHealthFactory.RepositoryRoot, "src", "TechHealth.Api", "appsettings.json")).ShouldBeFalse("one file, at the root");
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).ShouldBe(File.ReadAllText(file));
        Directory.Exists(Path.Combine(TechHealthFactory.RepositoryRoot, "reports")).ShouldBeTrue("reports/ is where scheduled reports go by default");
    }

    [Fact]
    public void Found_from_any_folder_inside_a_repository_and_not_outside_one()
    {
        var dir = Directory.CreateTempSubdirectory("th-settings-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "radar"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "checks"));
            var nested = Directory.CreateDirectory(Path.Combine(dir.FullName, "src", "deep")).FullName;
            RepositorySettings.Find(nested).ShouldBeNull("a repository without the file");

            File.WriteAllText(Path.Combine(dir.FullName, "appsettings.json"), "{}");
            RepositorySettings.Find(nested).ShouldBe(Path.Combine(dir.FullName, "appsettings.json"));
            RepositorySettings.Find(dir.FullName).ShouldBe(Path.Combine(dir.FullName, "appsettings.json"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task The_repositorys_file_wins_over_the_executables_copy_and_the_command_line_wins_over_both()
    {
        var dir = Directory.CreateTempSubdirectory("th-settings-");
        try
        {
            CopyDefinitions(dir.FullName);
            // The user's edit points the radar somewhere that does not exist: validate must notice, so it read this file.
            File.WriteAllText(Path.Combine(dir.FullName, "appsettings.json"), """{ "TechHealth": { "Definitions": { "RadarPath": "edited-radar" } } }""");

            var edited = await Techhealth.RunAsync(dir.FullName, "validate", "--json");
            edited.ExitCode.ShouldBe(1, edited.Output + edited.Error);
            (edited.Output + edited.Error).ShouldContain("edited-radar");

            var overridden = await Techhealth.RunAsync(dir.FullName, "validate", "--json", "--TechHealth:Definitions:RadarPath=radar");
            overridden.ExitCode.ShouldBe(0, overridden.Output + overridden.Error);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task A_settings_file_given_with_settings_wins_over_the_repositorys_file_and_loses_to_the_command_line()
    {
        var dir = Directory.CreateTempSubdirectory("th-settings-");
        try
        {
            CopyDefinitions(dir.FullName);
            File.WriteAllText(Path.Combine(dir.FullName, "appsettings.json"), "{}");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "mine"));
            File.WriteAllText(Path.Combine(dir.FullName, "mine", "other.json"), """{ "TechHealth": { "Definitions": { "RadarPath": "radar-of-mine" } } }""");

            var mine = await Techhealth.RunAsync(dir.FullName, "validate", "--json", "--settings", "mine/other.json");
            mine.ExitCode.ShouldBe(1, mine.Output + mine.Error);
            (mine.Output + mine.Error).ShouldContain("radar-of-mine");

            var overridden = await Techhealth.RunAsync(dir.FullName, "validate", "--settings=mine/other.json", "--TechHealth:Definitions:RadarPath=radar");
            overridden.ExitCode.ShouldBe(0, overridden.Output + overridden.Error);

            var missing = await Techhealth.RunAsync(dir.FullName, "validate", "--settings", "mine/none.json");
            missing.ExitCode.ShouldNotBe(0);
            missing.Error.ShouldContain("--settings: there is no file");
            missing.Error.ShouldContain("none.json");
            missing.Error.ShouldNotContain("   at ");

            File.WriteAllText(Path.Combine(dir.FullName, "mine", "broken.json"), "{\n  \"TechHealth\": {\n    \"Url\": \n}");
            var broken = await Techhealth.RunAsync(dir.FullName, "validate", "--settings", "mine/broken.json");
            broken.ExitCode.ShouldBe(1);
            broken.Error.ShouldContain("broken.json is not valid JSON at line 4");
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>This repository's radar and checks in <paramref name="root"/>, so a folder there is a repository to run from.</summary>
    private static void CopyDefinitions(string root)
    {
        foreach (var folder in new[] { "radar", "checks" })
        {
            var target = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(TechHealthFactory.RepositoryRoot, folder))) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
    }
}
