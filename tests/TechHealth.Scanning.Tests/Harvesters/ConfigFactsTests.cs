using TechHealth.Scanning.Harvesters.Config;

namespace TechHealth.Scanning.Tests.Harvesters;

public class ConfigFactsTests
{
    [Theory]
    [InlineData("test/app.test.js", true)]
    [InlineData("src/test/java/a/AppTest.java", true)]
    [InlineData("__tests__/x.js", true)]
    [InlineData("pkg/handler_test.go", true)]
    [InlineData("tests/Orders.Tests/Orders.Tests.csproj", true)]
    [InlineData("app/test_views.py", true)]
    [InlineData("web/src/button.spec.ts", true)]
    [InlineData("src/contest/Contest.cs", false)]
    [InlineData("src/app.ts", false)]
    public void Test_files_of_every_ecosystem_are_recognised(string path, bool isTest)
    {
        ConfigFacts.IsTestFile(path).ShouldBe(isTest);
    }

    [Fact]
    public void Facts_for_a_nested_component_see_its_own_files_and_the_repository_wide_ones()
    {
        string[] repo = [".github/CODEOWNERS", "LICENSE", "README.md", "svc/README.md", "svc/go.mod", "svc/go.sum", "svc/docs/index.md", "svc/catalog-info.yaml"];
        string[] mine = ["svc/README.md", "svc/go.mod", "svc/go.sum", "svc/docs/index.md", "svc/catalog-info.yaml"];

        var facts = ConfigFacts.Compute("svc", mine, repo, [], ["catalog-info.yaml"]);

        facts["readme.present"].ShouldBe("true");
        facts["docs.present"].ShouldBe("true");
        facts["codeowners.present"].ShouldBe("true");
        facts["license.present"].ShouldBe("true");
        facts["lockfile.present"].ShouldBe("true");
        facts["manifests.present"].ShouldBe("true");
        facts["catalog.present"].ShouldBe("true");
        facts["tests.present"].ShouldBe("false");
        facts["files.count"].ShouldBe("5");
    }
}
