using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.DotNet;

namespace TechHealth.Scanning.Tests.Harvesters;

public class DotNetHarvesterTests
{
    // The projects' own references; Directory.Packages.props's entries are also recorded where written, at managed scope.
    private static bool NotManaged(DependencyFact d) => d.Scope != DependencyScope.Managed;

    // A solution shaped like dotnet/eShop: central package management, shared props, a test project, a lock file.
    private static TestRepository Solution()
    {
        var repo = new TestRepository();
        repo.Write("global.json", """{ "sdk": { "version": "8.0.404", "rollForward": "latestFeature" } }""");
        repo.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <SerilogVersion>3.1.1</SerilogVersion>
              </PropertyGroup>
            </Project>
            """);
        repo.Write("Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <AspireVersion>8.2.0</AspireVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="13.0.1" />
                <PackageVersion Include="Aspire.Hosting" Version="$(AspireVersion)" />
                <PackageVersion Include="xunit" Version="2.9.0" />
                <PackageVersion Include="Polly" Version="[8.0.0, 9.0.0)" />
                <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.143" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("src/Ordering.Api/Ordering.Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" />
                <PackageReference Include="Aspire.Hosting" VersionOverride="8.0.1" />
                <PackageReference Include="Serilog">
                  <Version>$(SerilogVersion)</Version>
                </PackageReference>
                <PackageReference Include="Mystery" Version="$(UndefinedVersion)" />
                <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />
                <PackageReference Include="Polly" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("src/Ordering.Api/packages.lock.json", """
            {
              "version": 1,
              "dependencies": {
                "net8.0": {
                  "Newtonsoft.Json": { "type": "Direct", "requested": "[13.0.1, )", "resolved": "13.0.3" },
                  "Microsoft.Extensions.Logging": { "type": "Transitive", "resolved": "8.0.0" },
                  "Ordering.Domain": { "type": "Project" }
                }
              }
            }
            """);
        repo.Write("tests/Ordering.Tests/Ordering.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFrameworks>net8.0;net48;netstandard2.0</TargetFrameworks></PropertyGroup>
              <ItemGroup><PackageReference Include="xunit" /></ItemGroup>
            </Project>
            """);
        return repo;
    }

    [Fact]
    public void Central_versions_are_joined_to_project_references_with_file_and_line()
    {
        using var repo = Solution();
        var deps = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged);

        var json = deps.Single(d => d.Purl.Name == "newtonsoft.json" && d.Direct);
        json.Purl.ToString().ShouldBe("pkg:nuget/newtonsoft.json");
        json.Declared.ShouldBe("13.0.1");
        json.Version.ShouldBe("13.0.3");
        json.Locked.ShouldBeTrue();
        json.File.ShouldBe("src/Ordering.Api/Ordering.Api.csproj");
        json.Line.ShouldBe(3);
    }

    [Fact]
    public void VersionOverride_wins_over_the_central_version()
    {
        using var repo = Solution();
        var aspire = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged).Single(d => d.Purl.Name == "aspire.hosting");
        aspire.Declared.ShouldBe("8.0.1");
        aspire.Version.ShouldBe("8.0.1");
        aspire.Locked.ShouldBeFalse();
    }

    [Fact]
    public void Element_versions_take_properties_from_Directory_Build_props()
    {
        using var repo = Solution();
        var serilog = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged).Single(d => d.Purl.Name == "serilog");
        serilog.Declared.ShouldBe("3.1.1");
        serilog.Version.ShouldBe("3.1.1");
        serilog.Line.ShouldBe(5);
    }

    [Fact]
    public void An_undefined_property_leaves_the_dependency_unresolved()
    {
        using var repo = Solution();
        var mystery = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged).Single(d => d.Purl.Name == "mystery");
        mystery.Declared.ShouldBe("$(UndefinedVersion)");
        mystery.Version.ShouldBeNull();
        mystery.Unresolved.ShouldBeTrue();
    }

    [Fact]
    public void Scopes_follow_private_assets_and_test_projects()
    {
        using var repo = Solution();
        var deps = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged);
        deps.Single(d => d.Purl.Name == "stylecop.analyzers").Scope.ShouldBe(DependencyScope.Build);
        deps.Single(d => d.Purl.Name == "xunit").Scope.ShouldBe(DependencyScope.Test);
        deps.Single(d => d.Purl.Name == "xunit").Version.ShouldBe("2.9.0");
        deps.Single(d => d.Purl.Name == "nerdbank.gitversioning").File.ShouldBe("Directory.Packages.props");
        deps.Single(d => d.Purl.Name == "polly").ShouldSatisfyAllConditions(p => p.Declared.ShouldBe("[8.0.0, 9.0.0)"), p => p.Version.ShouldBe("8.0.0"));
    }

    [Fact]
    public void Lock_file_transitive_packages_are_listed_and_projects_are_not()
    {
        using var repo = Solution();
        var deps = repo.Harvest(new DotNetHarvester()).Dependencies.Where(NotManaged);
        var logging = deps.Single(d => d.Purl.Name == "microsoft.extensions.logging");
        logging.Direct.ShouldBeFalse();
        logging.Version.ShouldBe("8.0.0");
        logging.File.ShouldBe("src/Ordering.Api/packages.lock.json");
        logging.Line.ShouldBe(6);
        deps.ShouldNotContain(d => d.Purl.Name == "ordering.domain");
    }

    [Fact]
    public void Target_frameworks_become_runtimes_and_netstandard_is_ignored()
    {
        using var repo = Solution();
        var runtimes = repo.Harvest(new DotNetHarvester()).Dependencies.Where(d => d.Kind == TechnologyKind.Runtime).ToList();
        runtimes.Where(r => r.File == "tests/Ordering.Tests/Ordering.Tests.csproj").Select(r => r.Purl + "@" + r.Version).ShouldBe(["pkg:runtime/dotnet@8.0", "pkg:runtime/dotnet-framework@4.8"], ignoreOrder: true);
        // The API project inherits net8.0 from Directory.Build.props.
        runtimes.ShouldContain(r => r.File == "src/Ordering.Api/Ordering.Api.csproj" && r.Version == "8.0");
    }

    [Fact]
    public void Global_json_gives_the_sdk_as_a_build_tool()
    {
        using var repo = Solution();
        var sdk = repo.Harvest(new DotNetHarvester()).Dependencies.Single(d => d.Purl.Name == "dotnet-sdk");
        sdk.Version.ShouldBe("8.0.404");
        sdk.Kind.ShouldBe(TechnologyKind.Tool);
        sdk.Line.ShouldBe(1);
    }

    [Theory]
    [InlineData("net8.0", "dotnet", "8.0")]
    [InlineData("net10.0-windows", "dotnet", "10.0")]
    [InlineData("netcoreapp3.1", "dotnet", "3.1")]
    [InlineData("net472", "dotnet-framework", "4.7.2")]
    [InlineData("netstandard2.1", null, null)]
    public void Target_framework_monikers_map_to_runtimes(string tfm, string? name, string? version)
    {
        DotNetHarvester.RuntimeOf(tfm).ShouldBe((name, version));
    }

    [Fact]
    public void A_broken_project_file_is_an_error_naming_file_and_line_and_other_projects_still_count()
    {
        using var repo = new TestRepository();
        repo.Write("A/A.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"X\" Version=\"1.0.0\">\n</Project>");
        repo.Write("B/B.csproj", "<Project><ItemGroup><PackageReference Include=\"Y\" Version=\"2.0.0\" /></ItemGroup></Project>");
        var sink = repo.Harvest(new DotNetHarvester());
        sink.Issues.ShouldHaveSingleItem().File.ShouldBe("A/A.csproj");
        sink.Issues[0].Line.ShouldBe(4);
        sink.Dependencies.ShouldHaveSingleItem().Purl.Name.ShouldBe("y");
    }

    // Shaped like App-vNext/Polly and dotnet/eShop: local tools, MSBuild SDKs pinned in global.json and on a project,
    // package references in an imported eng/Test.targets with versions from Directory.Packages.props.
    [Fact]
    public void Local_tools_msbuild_sdks_and_shared_targets_references_are_read_with_central_versions_recorded_where_written()
    {
        using var repo = new TestRepository()
            .Write("global.json", """
                {
                  "sdk": {
                    "version": "10.0.400",
                    "allowPrerelease": false
                  },
                  "msbuild-sdks": {
                    "Cake.Sdk": "6.2.0"
                  }
                }
                """)
            .Write(".config/dotnet-tools.json", """
                {
                  "version": 1,
                  "isRoot": true,
                  "tools": {
                    "cake.tool": {
                      "version": "6.2.0",
                      "commands": [ "dotnet-cake" ],
                      "rollForward": false
                    },
                    "dotnet-stryker": { "version": "4.16.0", "commands": [ "dotnet-stryker" ] }
                  }
                }
                """)
            .Write("Directory.Packages.props", """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageVersion Include="coverlet.msbuild" Version="6.0.4" />
                    <PackageVersion Include="Shouldly" Version="4.3.0" />
                    <PackageVersion Include="Dapper" Version="2.1.35" />
                  </ItemGroup>
                  <ItemGroup Condition="'$(TargetFramework)' == 'net472'">
                    <PackageVersion Include="System.ValueTuple" Version="4.5.0" />
                  </ItemGroup>
                </Project>
                """)
            .Write("eng/Test.targets", """
                <Project>
                  <ItemGroup>
                    <PackageReference Include="coverlet.msbuild" PrivateAssets="all" />
                    <PackageReference Include="Shouldly" />
                  </ItemGroup>
                </Project>
                """)
            .Write("src/AppHost/AppHost.csproj", """
                <Project Sdk="Aspire.AppHost.Sdk/13.1.0">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <Sdk Name="Microsoft.Build.CentralPackageVersions" Version="2.1.3" />
                </Project>
                """);
        var sink = repo.Harvest(new DotNetHarvester());
        var cake = sink.Dependencies.Single(d => d.Purl.Key == "pkg:nuget/cake.tool");
        (cake.Version, cake.Kind, cake.Scope, cake.File, cake.Line).ShouldBe(("6.2.0", TechnologyKind.Tool, DependencyScope.Build, ".config/dotnet-tools.json", 5));
        sink.Single("pkg:nuget/dotnet-stryker").Version.ShouldBe("4.16.0");
        var cakeSdk = sink.Single("pkg:nuget/cake.sdk");
        (cakeSdk.Version, cakeSdk.File, cakeSdk.Line).ShouldBe(("6.2.0", "global.json", 7));
        var aspire = sink.Single("pkg:nuget/aspire.apphost.sdk");
        (aspire.Version, aspire.File, aspire.Line).ShouldBe(("13.1.0", "src/AppHost/AppHost.csproj", 1));
        sink.Single("pkg:nuget/microsoft.build.centralpackageversions").Line.ShouldBe(3);
        var shouldly = sink.Dependencies.Where(d => d.Purl.Key == "pkg:nuget/shouldly").ToList();
        shouldly.Select(d => (d.File, d.Line, d.Scope, d.Version)).ShouldBe([
            ("Directory.Packages.props", 7, DependencyScope.Managed, "4.3.0"),
            ("eng/Test.targets", 4, DependencyScope.Test, "4.3.0"),
        ], ignoreOrder: true);
        sink.Dependencies.Single(d => d.Purl.Key == "pkg:nuget/coverlet.msbuild" && d.File == "eng/Test.targets").Declared.ShouldBe("6.0.4");
        sink.SingleManaged("pkg:nuget/dapper").Version.ShouldBe("2.1.35");
        sink.SingleManaged("pkg:nuget/system.valuetuple").Condition.ShouldBe("msbuild:'$(TargetFramework)' == 'net472'");
    }
}
