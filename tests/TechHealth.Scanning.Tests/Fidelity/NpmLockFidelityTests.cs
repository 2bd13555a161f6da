using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Npm;

namespace TechHealth.Scanning.Tests.Fidelity;

/// <summary>Shapes seen in a real npm v3 lock (a web framework's package-lock.json) that the harvest got wrong.</summary>
public class NpmLockFidelityTests
{
    private const string PackageJson = """
        {
          "name": "router-kit",
          "version": "2.0.0",
          "dependencies": { "debug": "^4.3.0" },
          "devDependencies": { "test-runner": "^9.0.0", "lint-kit": "^1.0.0" }
        }
        """;

    // ms@2.0.0 is installed twice under different parents (hoisting could not share it), once for a runtime
    // package and once for a dev one; width-cjs is an alias folder for the real package "width".
    private const string PackageLock = """
        {
          "name": "router-kit",
          "version": "2.0.0",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": {
              "name": "router-kit",
              "version": "2.0.0",
              "dependencies": { "debug": "^4.3.0" },
              "devDependencies": { "test-runner": "^9.0.0", "lint-kit": "^1.0.0" }
            },
            "node_modules/debug": { "version": "4.3.7", "dependencies": { "ms": "^2.1.3" } },
            "node_modules/ms": { "version": "2.1.3" },
            "node_modules/old-debug": { "version": "2.6.9", "dependencies": { "ms": "2.0.0" } },
            "node_modules/old-debug/node_modules/ms": { "version": "2.0.0" },
            "node_modules/test-runner": { "version": "9.1.0", "dev": true },
            "node_modules/test-runner/node_modules/ms": { "version": "2.0.0", "dev": true },
            "node_modules/lint-kit": { "version": "1.2.0", "dev": true },
            "node_modules/lint-kit/node_modules/ms": { "version": "2.0.0", "dev": true },
            "node_modules/width-cjs": { "name": "width", "version": "4.2.3", "dev": true },
            "node_modules/width": { "version": "5.1.2", "dev": true }
          }
        }
        """;

    [Fact]
    public void A_version_installed_in_several_nested_folders_is_one_transitive_dependency()
    {
        using var repo = new TestRepository().Write("package.json", PackageJson).Write("package-lock.json", PackageLock);
        var transitive = repo.Harvest(new NpmHarvester()).Dependencies.Where(d => !d.Direct).ToList();

        var ms = transitive.Where(d => d.Purl.Name == "ms").ToList();
        ms.Select(d => d.Version).OrderBy(v => v).ShouldBe(["2.0.0", "2.1.3"]);
        // One of the three copies of ms@2.0.0 serves a runtime package, so the dependency is runtime.
        ms.Single(d => d.Version == "2.0.0").Scope.ShouldBe(DependencyScope.Runtime);
        transitive.GroupBy(d => d.Purl + "@" + d.Version).ShouldAllBe(g => g.Count() == 1);
    }

    [Fact]
    public void An_alias_folder_in_the_lock_is_recorded_under_the_package_really_installed()
    {
        using var repo = new TestRepository().Write("package.json", PackageJson).Write("package-lock.json", PackageLock);
        var transitive = repo.Harvest(new NpmHarvester()).Dependencies.Where(d => !d.Direct).ToList();

        transitive.ShouldNotContain(d => d.Purl.Name == "width-cjs");
        transitive.Where(d => d.Purl.Name == "width").Select(d => d.Version).OrderBy(v => v).ShouldBe(["4.2.3", "5.1.2"]);
    }

    [Fact]
    public void Direct_dependencies_still_come_from_the_lock()
    {
        using var repo = new TestRepository().Write("package.json", PackageJson).Write("package-lock.json", PackageLock);
        var direct = repo.Harvest(new NpmHarvester()).Dependencies.Where(d => d.Direct && d.Ecosystem == "npm").ToList();

        direct.Single(d => d.Purl.Name == "debug").Version.ShouldBe("4.3.7");
        direct.Single(d => d.Purl.Name == "debug").Locked.ShouldBeTrue();
        direct.Single(d => d.Purl.Name == "test-runner").Scope.ShouldBe(DependencyScope.Dev);
    }
}
