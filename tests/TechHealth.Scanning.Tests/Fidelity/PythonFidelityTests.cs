using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Python;

namespace TechHealth.Scanning.Tests.Fidelity;

/// <summary>Shapes seen in real Python projects (an HTTP client library, a charset detector) that the harvest got wrong.</summary>
public class PythonFidelityTests
{
    [Theory]
    [InlineData("requirements.txt", DependencyScope.Runtime)]
    [InlineData("docs/requirements.txt", DependencyScope.Dev)]
    [InlineData("doc/requirements.txt", DependencyScope.Dev)]
    [InlineData("build-requirements.txt", DependencyScope.Build)]
    [InlineData("mypy-requirements.txt", DependencyScope.Dev)]
    [InlineData("dev-requirements.txt", DependencyScope.Dev)]
    [InlineData("requirements-test.txt", DependencyScope.Test)]
    [InlineData("tests/requirements.txt", DependencyScope.Test)]
    [InlineData("requirements/prod.txt", DependencyScope.Runtime)]
    public void A_requirements_file_scope_follows_its_name_and_folder(string path, DependencyScope expected)
    {
        using var repo = new TestRepository().Write(path, "tabulate==0.9.0\n");
        var dep = repo.Harvest(new PythonHarvester()).Dependencies.Single(d => d.Purl.Name == "tabulate");

        dep.Scope.ShouldBe(expected);
        dep.Version.ShouldBe("0.9.0");
    }

    [Fact]
    public void Setup_cfg_metadata_requires_dist_lists_the_runtime_dependencies()
    {
        // A setup.py project whose setup.cfg repeats its install requirements as legacy wheel metadata.
        const string setupCfg = """
            [metadata]
            license_file = LICENSE
            provides-extra =
                socks
            requires-dist =
                certifi>=2017.4.17
                idna>=2.5,<4

            [flake8]
            ignore = E203
            """;
        using var repo = new TestRepository().Write("setup.cfg", setupCfg);
        var deps = repo.Harvest(new PythonHarvester()).Dependencies;

        deps.Select(d => d.Purl.Name).OrderBy(n => n).ShouldBe(["certifi", "idna"]);
        var idna = deps.Single(d => d.Purl.Name == "idna");
        idna.Scope.ShouldBe(DependencyScope.Runtime);
        idna.Version.ShouldBe("2.5");
        idna.Line.ShouldBe(7);
        deps.ShouldNotContain(d => d.Purl.Name == "socks");
    }
}
