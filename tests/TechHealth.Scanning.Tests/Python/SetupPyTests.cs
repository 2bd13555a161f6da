using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Python;

namespace TechHealth.Scanning.Tests.Python;

/// <summary>setup.py read as text, in the shapes real setuptools projects write it.</summary>
public class SetupPyTests
{
    // A library in the style of a popular HTTP client: everything inline in setup().
    private const string InlineSetup = """
        # -*- coding: utf-8 -*-
        import os
        import sys
        from codecs import open

        from setuptools import setup

        here = os.path.abspath(os.path.dirname(__file__))

        if sys.argv[-1] == "publish":
            os.system("python setup.py sdist bdist_wheel")
            sys.exit()

        setup(
            name="acme-http",
            version="2.4.0",
            packages=["acme_http"],
            package_dir={"": "src"},
            python_requires=">=3.8",
            install_requires=[
                "charset_normalizer>=2,<4",
                "idna>=2.5,<4",  # IDNA 2008
                'urllib3>=1.21.1,<3',
                "certifi>=2017.4.17",
            ],
            setup_requires=["setuptools_scm>=8"],
            tests_require=("pytest-httpbin==2.1.0", "pytest>=3"),
            extras_require={
                "security": [],
                "socks": ["PySocks>=1.5.6, !=1.5.7"],
                "use_chardet_on_py3": ["chardet>=3.0.2,<6"],
                "test": ["pytest-mock"],
                ':python_version < "3.10"': ["typing-extensions>=4.0"],
            },
            project_urls={"Source": "https://github.com/acme/acme-http"},
        )
        """;

    [Fact]
    public void Literal_setup_arguments_become_facts_with_their_scopes_versions_and_lines()
    {
        using var repo = new TestRepository().Write("setup.py", InlineSetup);
        var sink = repo.Harvest(new PythonHarvester());

        var idna = sink.Single("pkg:pypi/idna");
        idna.Declared.ShouldBe(">=2.5,<4");
        idna.Version.ShouldBe("2.5");
        idna.Scope.ShouldBe(DependencyScope.Runtime);
        idna.Direct.ShouldBeTrue();
        idna.File.ShouldBe("setup.py");
        idna.Line.ShouldBe(22);
        sink.Single("pkg:pypi/charset-normalizer").Version.ShouldBe("2");
        sink.Single("pkg:pypi/urllib3").Line.ShouldBe(23);
        var scm = sink.Single("pkg:pypi/setuptools-scm");
        scm.Scope.ShouldBe(DependencyScope.Build);
        scm.Version.ShouldBe("8");
        sink.Single("pkg:pypi/pytest-httpbin").Scope.ShouldBe(DependencyScope.Test);
        sink.Single("pkg:pypi/pytest").Scope.ShouldBe(DependencyScope.Test);
        var socks = sink.Single("pkg:pypi/pysocks");
        socks.Scope.ShouldBe(DependencyScope.Optional);
        socks.Declared.ShouldBe(">=1.5.6,!=1.5.7");
        socks.Version.ShouldBe("1.5.6");
        sink.Single("pkg:pypi/pytest-mock").Scope.ShouldBe(DependencyScope.Test);
        sink.Single("pkg:pypi/pytest-mock").Unresolved.ShouldBeTrue();
        // A ":marker" extra is install_requires under a condition.
        sink.Single("pkg:pypi/typing-extensions").Scope.ShouldBe(DependencyScope.Runtime);
        sink.Dependencies.Count(d => d.Ecosystem == "pypi").ShouldBe(11);
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Python_requires_in_setup_py_is_the_runtime_when_nothing_stronger_says()
    {
        using var repo = new TestRepository().Write("setup.py", InlineSetup);
        var python = repo.Harvest(new PythonHarvester()).Single("pkg:runtime/python");
        python.Kind.ShouldBe(TechnologyKind.Runtime);
        python.Declared.ShouldBe(">=3.8");
        python.Version.ShouldBe("3.8");
        python.File.ShouldBe("setup.py");
        python.Line.ShouldBe(19);

        repo.Write("setup.cfg", "[options]\npython_requires = >=3.9\n");
        var fromCfg = repo.Harvest(new PythonHarvester()).Single("pkg:runtime/python");
        fromCfg.Version.ShouldBe("3.9");
        fromCfg.File.ShouldBe("setup.cfg");
    }

    [Fact]
    public void Computed_arguments_are_warnings_naming_file_and_line_and_nothing_is_guessed()
    {
        // The common shape that reads requirements.txt, names a module-level list and builds extras with a call.
        using var repo = new TestRepository().Write("tools/cli/setup.py", """
            from pathlib import Path
            import setuptools

            requires = ["click>=8"]
            here = Path(__file__).parent

            def read_requirements(name):
                return [l for l in (here / name).read_text().splitlines() if l and not l.startswith("#")]

            setuptools.setup(
                name="acme-cli",
                install_requires=read_requirements("requirements.txt"),
                tests_require=requires,
                extras_require=dict(yaml=["PyYAML"]),
                setup_requires=["wheel"] + requires,
                python_requires=f">={3}.8",
            )
            requires.append("rich")
            """);
        var sink = repo.Harvest(new PythonHarvester());

        sink.Dependencies.Where(d => d.Ecosystem == "pypi").ShouldBeEmpty();
        sink.Has("pkg:runtime/python").ShouldBeFalse();
        sink.Issues.Select(i => (i.File, i.Line, i.Severity)).ShouldBe(
            [("tools/cli/setup.py", 12, ScanIssueSeverity.Warning), ("tools/cli/setup.py", 13, ScanIssueSeverity.Warning),
             ("tools/cli/setup.py", 14, ScanIssueSeverity.Warning), ("tools/cli/setup.py", 15, ScanIssueSeverity.Warning),
             ("tools/cli/setup.py", 16, ScanIssueSeverity.Warning)]);
        sink.Issues[0].Message.ShouldContain("install_requires");
        sink.Issues[0].Message.ShouldContain("a call to 'read_requirements'");
        sink.Issues[1].Message.ShouldContain("the variable 'requires' (changed by .append() on line 18)");
        sink.Issues[2].Message.ShouldContain("a call to 'dict'");
        sink.Issues[3].Message.ShouldContain("an expression");
    }

    [Fact]
    public void Keyword_arguments_spread_from_a_dict_are_a_warning()
    {
        using var repo = new TestRepository().Write("setup.py", """
            from setuptools import setup
            from _build import metadata

            if __name__ == "__main__":
                setup(**metadata())
            """);
        var sink = repo.Harvest(new PythonHarvester());

        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.Line.ShouldBe(5);
        issue.Message.ShouldContain("a call to 'metadata'");
    }

    [Fact]
    public void What_setup_cfg_or_pyproject_already_declare_is_not_counted_twice()
    {
        using var repo = new TestRepository()
            .Write("pkg/setup.cfg", """
                [metadata]
                requires-dist =
                    certifi>=2017.4.17
                    idna>=2.5,<4
                """)
            .Write("pkg/pyproject.toml", """
                [build-system]
                requires = ["setuptools>=61", "setuptools_scm>=8"]
                build-backend = "setuptools.build_meta"
                """)
            .Write("pkg/setup.py", InlineSetup)
            .Write("other/setup.cfg", "[options]\ninstall_requires =\n    idna>=3\n");
        var sink = repo.Harvest(new PythonHarvester());

        var idna = sink.Dependencies.Where(d => d.Purl.Key == "pkg:pypi/idna").ToList();
        idna.Select(d => d.File).ShouldBe(["pkg/setup.cfg", "other/setup.cfg"], ignoreOrder: true);
        sink.Single("pkg:pypi/certifi").File.ShouldBe("pkg/setup.cfg");
        sink.Single("pkg:pypi/setuptools-scm").File.ShouldBe("pkg/pyproject.toml");
        // What only setup.py says still counts.
        sink.Single("pkg:pypi/urllib3").File.ShouldBe("pkg/setup.py");
        sink.Single("pkg:pypi/pysocks").File.ShouldBe("pkg/setup.py");
    }

    [Fact]
    public void A_requirements_string_lists_one_requirement_per_line_and_distutils_setup_counts()
    {
        using var repo = new TestRepository().Write("setup.py", """
            from distutils.core import setup

            class Helper:
                def setup(self, tests_require=["ignored-in-a-method"]):
                    pass

            setup(
                name='legacy',
                install_requires='''
                    six>=1.10
                    # pinned for the old API
                    requests==2.20.0
                ''',
                extras_require={'docs': 'sphinx>=4'},
            )
            """);
        var sink = repo.Harvest(new PythonHarvester());

        sink.Single("pkg:pypi/six").Line.ShouldBe(10);
        sink.Single("pkg:pypi/requests").Line.ShouldBe(12);
        sink.Single("pkg:pypi/requests").Version.ShouldBe("2.20.0");
        sink.Single("pkg:pypi/sphinx").Scope.ShouldBe(DependencyScope.Dev);
        sink.Has("pkg:pypi/ignored-in-a-method").ShouldBeFalse();
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void An_invalid_requirement_in_a_literal_list_is_a_warning_with_its_line()
    {
        using var repo = new TestRepository().Write("setup.py", "from setuptools import setup\nsetup(\n    install_requires=[\n        'flask>=2',\n        '>=1.0',\n    ],\n)\n");
        var sink = repo.Harvest(new PythonHarvester());

        sink.Single("pkg:pypi/flask").Line.ShouldBe(4);
        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.File.ShouldBe("setup.py");
        issue.Line.ShouldBe(5);
        issue.Message.ShouldContain("not a valid PEP 508 requirement");
    }

    [Fact]
    public void A_keyword_naming_a_module_level_literal_assigned_once_is_read_from_the_assignment()
    {
        // The shape of many real setup.py files: the lists sit above setup() and are passed by name.
        using var repo = new TestRepository().Write("setup.py", """"
            import sys
            from setuptools import setup

            requires = [
                "charset_normalizer>=2,<4",
                "idna>=2.5,<4",
            ]
            test_requirements = ["pytest>=3", "pytest-mock"]; PY = ">=3.9"
            extras = {
                "socks": ["PySocks>=1.5.6, !=1.5.7"],
            }
            about = {}
            long_description = """
            A multi-line description with install_requires = ["nope"] inside it.
            """

            setup(
                name="acme",
                install_requires=requires,
                tests_require=test_requirements,
                extras_require=extras,
                python_requires=PY,
                setup_requires=SETUP,
            )
            """");
        var sink = repo.Harvest(new PythonHarvester());

        var pypi = sink.Dependencies.Where(d => d.Ecosystem == "pypi").ToList();
        pypi.Select(d => (d.Purl.Name, d.Scope, d.Line)).ShouldBe(
            [("charset-normalizer", DependencyScope.Runtime, 5), ("idna", DependencyScope.Runtime, 6),
             ("pytest", DependencyScope.Test, 8), ("pytest-mock", DependencyScope.Test, 8),
             ("pysocks", DependencyScope.Optional, 10)], ignoreOrder: true);
        var python = sink.Dependencies.Single(d => d.Purl.Name == "python");
        (python.Declared, python.Line).ShouldBe((">=3.9", 8));
        // SETUP is never assigned: the one warning says so and nothing is guessed.
        var issue = sink.Issues.ShouldHaveSingleItem();
        (issue.Line, issue.Severity).ShouldBe((23, ScanIssueSeverity.Warning));
        issue.Message.ShouldContain("the variable 'SETUP' (not assigned in this file)");
    }

    [Theory]
    [InlineData("requires = [\"click>=8\"]\nrequires = [\"click>=7\"]\n", "assigned more than once")]
    [InlineData("requires = [\"click>=8\"]\nrequires += [\"rich\"]\n", "changed with += on line 4")]
    [InlineData("requires = [\"click>=8\"]\nif sys.platform == \"win32\":\n    requires.extend([\"colorama\"])\n", "changed by .extend() on line 5")]
    [InlineData("requires = read_requirements()\n", "the variable 'requires', which is a call to 'read_requirements'")]
    public void A_variable_that_changes_or_is_computed_stays_a_warning(string assignments, string why)
    {
        using var repo = new TestRepository().Write("setup.py", "import sys\nfrom setuptools import setup\n" + assignments + "setup(name=\"x\", install_requires=requires)\n");
        var sink = repo.Harvest(new PythonHarvester());

        sink.Dependencies.Where(d => d.Ecosystem == "pypi").ShouldBeEmpty();
        sink.Issues.ShouldHaveSingleItem().Message.ShouldContain(why);
    }

    [Fact]
    public void Sums_of_literal_lists_and_extras_naming_lists_are_read_through_their_variables()
    {
        // The shape of Google's API client libraries: lists per purpose, summed for tests, named in extras.
        using var repo = new TestRepository().Write("setup.py", """
            import setuptools

            REQUIRED_PACKAGES = [
                'httplib2>=0.8',
                'six>=1.12.0',
                ]
            CLI_PACKAGES = ['python-gflags>=3.0.6']
            TESTING_PACKAGES = ['mock>=1.0.1']
            ALL = REQUIRED_PACKAGES
            EXTRAS = {'cli': CLI_PACKAGES, 'testing': TESTING_PACKAGES + ['pytest']}

            setuptools.setup(
                name='acme-apitools',
                install_requires=ALL,
                tests_require=REQUIRED_PACKAGES + CLI_PACKAGES + TESTING_PACKAGES,
                extras_require=EXTRAS,
            )
            """);
        var sink = repo.Harvest(new PythonHarvester());

        sink.Issues.ShouldBeEmpty();
        var facts = sink.Dependencies.Where(d => d.Ecosystem == "pypi").Select(d => (d.Purl.Name, d.Scope, d.Line)).ToList();
        facts.ShouldContain(("httplib2", DependencyScope.Runtime, 4));
        facts.ShouldContain(("six", DependencyScope.Runtime, 5));
        facts.ShouldContain(("python-gflags", DependencyScope.Test, 7));
        facts.ShouldContain(("mock", DependencyScope.Test, 8));
        facts.ShouldContain(("python-gflags", DependencyScope.Optional, 7));
        facts.ShouldContain(("pytest", DependencyScope.Test, 10));
    }
}
