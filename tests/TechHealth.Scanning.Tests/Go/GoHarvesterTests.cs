using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Go;

namespace TechHealth.Scanning.Tests.Go;

public class GoHarvesterTests
{
    private const string ServiceGoMod = """
        module github.com/acme/payments

        go 1.22

        toolchain go1.22.3

        require github.com/gin-gonic/gin v1.9.1

        require (
        	github.com/go-redis/redis/v8 v8.11.5
        	github.com/acme/shared v0.4.0
        	golang.org/x/net v0.21.0 // indirect
        	gopkg.in/yaml.v3 v3.0.1 // indirect; needed by tests
        	"github.com/quoted/mod" v1.0.0
        )

        exclude golang.org/x/net v0.20.0

        replace github.com/acme/shared => ../shared

        replace (
        	github.com/go-redis/redis/v8 v8.11.5 => github.com/acme/redis-fork/v8 v8.11.6-acme.1
        	golang.org/x/net v0.19.0 => golang.org/x/net v0.19.1
        )
        """;

    [Fact]
    public void Requires_become_golang_facts_with_namespace_split_at_the_last_slash()
    {
        using var repo = new TestRepository().Write("go.mod", ServiceGoMod);
        var sink = repo.Harvest(new GoHarvester());

        var gin = sink.Single("pkg:golang/github.com/gin-gonic/gin");
        gin.Ecosystem.ShouldBe("golang");
        gin.Version.ShouldBe("v1.9.1");
        gin.Declared.ShouldBe("v1.9.1");
        gin.Direct.ShouldBeTrue();
        gin.File.ShouldBe("go.mod");
        gin.Line.ShouldBe(7);
        sink.Single("pkg:golang/github.com/quoted/mod").Line.ShouldBe(14);
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Indirect_comments_mark_transitive_requirements()
    {
        using var repo = new TestRepository().Write("go.mod", ServiceGoMod);
        var sink = repo.Harvest(new GoHarvester());

        sink.Single("pkg:golang/golang.org/x/net").Direct.ShouldBeFalse();
        sink.Single("pkg:golang/gopkg.in/yaml.v3").Direct.ShouldBeFalse();
        sink.Single("pkg:golang/gopkg.in/yaml.v3").Version.ShouldBe("v3.0.1");
    }

    [Fact]
    public void Replace_with_a_module_swaps_the_requirement_and_a_version_bound_replace_only_matches_that_version()
    {
        using var repo = new TestRepository().Write("go.mod", ServiceGoMod);
        var sink = repo.Harvest(new GoHarvester());

        sink.Has("pkg:golang/github.com/go-redis/redis/v8").ShouldBeFalse();
        var fork = sink.Single("pkg:golang/github.com/acme/redis-fork/v8");
        fork.Version.ShouldBe("v8.11.6-acme.1");
        fork.Declared.ShouldBe("v8.11.5 => github.com/acme/redis-fork/v8 v8.11.6-acme.1");
        fork.Line.ShouldBe(22);
        // The replace names v0.19.0 while v0.21.0 is required, so it does not apply.
        sink.Single("pkg:golang/golang.org/x/net").Version.ShouldBe("v0.21.0");
    }

    [Fact]
    public void Replace_with_a_local_directory_keeps_the_module_but_its_version_is_unresolved()
    {
        using var repo = new TestRepository().Write("go.mod", ServiceGoMod);
        var shared = repo.Harvest(new GoHarvester()).Single("pkg:golang/github.com/acme/shared");
        shared.Unresolved.ShouldBeTrue();
        shared.Version.ShouldBeNull();
        shared.Declared.ShouldBe("v0.4.0 => ../shared");
    }

    [Theory]
    [InlineData("module m\n\ngo 1.21.0\n", "1.21.0", "go 1.21.0", 3)]
    [InlineData("module m\ngo 1.22\ntoolchain go1.23.1\n", "1.23.1", "toolchain go1.23.1", 3)]
    [InlineData("module m\ngo 1.21\ntoolchain default\n", "1.21", "go 1.21", 2)]
    public void The_toolchain_directive_wins_over_the_go_directive_as_the_runtime(string goMod, string version, string declared, int line)
    {
        using var repo = new TestRepository().Write("svc/go.mod", goMod);
        var go = repo.Harvest(new GoHarvester()).Single("pkg:runtime/go");
        go.Kind.ShouldBe(TechnologyKind.Runtime);
        go.Ecosystem.ShouldBe("runtime");
        go.Version.ShouldBe(version);
        go.Declared.ShouldBe(declared);
        go.Line.ShouldBe(line);
        go.File.ShouldBe("svc/go.mod");
    }

    [Fact]
    public void A_broken_go_mod_reports_its_line_and_the_other_modules_are_still_harvested()
    {
        using var repo = new TestRepository()
            .Write("broken/go.mod", "module example.com/broken\n\nrequire github.com/a/b\nrequire (\n\tgithub.com/c/d v1.0.0\n")
            .Write("good/go.mod", "module example.com/good\n\ngo 1.22\nrequire github.com/spf13/cobra v1.8.0\n");
        var sink = repo.Harvest(new GoHarvester());

        sink.Issues.ShouldContain(i => i.File == "broken/go.mod" && i.Line == 3 && i.Message.Contains("module path and a version"));
        sink.Issues.ShouldContain(i => i.File == "broken/go.mod" && i.Line == 4 && i.Message.Contains("never closed"));
        sink.Single("pkg:golang/github.com/c/d").Version.ShouldBe("v1.0.0");
        sink.Single("pkg:golang/github.com/spf13/cobra").File.ShouldBe("good/go.mod");
    }

    [Theory]
    [InlineData("go.mod", true)]
    [InlineData("tools/go.mod", true)]
    [InlineData("go.sum", false)]
    [InlineData("vendor/modules.txt", false)]
    public void Wants_only_go_mod(string path, bool wanted) => new GoHarvester().Wants(path).ShouldBe(wanted);
}
