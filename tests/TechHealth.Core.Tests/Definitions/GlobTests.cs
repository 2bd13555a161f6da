using TechHealth.Core.Definitions;

namespace TechHealth.Core.Tests.Definitions;

public class GlobTests
{
    [Theory]
    [InlineData("Jenkinsfile", "Jenkinsfile", true)]
    [InlineData("Jenkinsfile", "ci/Jenkinsfile", false)]
    [InlineData(".github/workflows/*.y*ml", ".github/workflows/build.yml", true)]
    [InlineData(".github/workflows/*.y*ml", ".github/workflows/build.yaml", true)]
    [InlineData(".github/workflows/*.y*ml", ".github/workflows/sub/build.yml", false)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("**/*.md", "docs/a/b/guide.md", true)]
    [InlineData("docs/**", "docs/a/b.txt", true)]
    [InlineData("src/**/test?.cs", "src/a/b/test1.cs", true)]
    [InlineData("src/**/test?.cs", "src/test12.cs", false)]
    [InlineData("{README,readme}.{md,rst}", "readme.rst", true)]
    [InlineData("{README,readme}.{md,rst}", "README.txt", false)]
    [InlineData("README.md", "readme.MD", true)]
    [InlineData("{src/{a,b},lib}/*.cs", "src/b/x.cs", true)]
    [InlineData("{src/{a,b},lib}/*.cs", "lib/x.cs", true)]
    [InlineData("{src/{a,b},lib}/*.cs", "src/c/x.cs", false)]
    [InlineData("*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Globs_match_component_relative_paths(string glob, string path, bool expected)
        => Glob.Parse(glob).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("{a,b")]
    [InlineData("  ")]
    public void A_broken_glob_is_refused_with_a_reason(string glob)
        => Should.Throw<FormatException>(() => Glob.Parse(glob)).Message.ShouldNotBeNullOrWhiteSpace();
}
