using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
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
    [InlineData("go.work", true)]
    [InlineData("go.sum", false)]
    [InlineData("vendor/modules.txt", false)]
    public void Wants_go_mod_and_go_work(string path, bool wanted) => new GoHarvester().Wants(path).ShouldBe(wanted);

    // A monorepo laid out like the Go project's own x/tools or Kubernetes' staging: one go.work at the root, modules below.
    private static TestRepository Workspace() => new TestRepository()
        .Write("go.work", """
            go 1.22.1

            toolchain go1.22.4

            use (
            	./services/api
            	./libs/shared
            	"./tools"
            	../outside
            	./docs
            )

            replace github.com/go-redis/redis/v8 => github.com/acme/redis-fork/v8 v8.11.6-acme.2

            replace golang.org/x/text => ./third_party/text
            """)
        .Write("services/api/go.mod", """
            module github.com/acme/monorepo/services/api

            go 1.21

            require (
            	github.com/acme/monorepo/libs/shared v0.0.0-00010101000000-000000000000
            	github.com/go-redis/redis/v8 v8.11.5
            	golang.org/x/text v0.14.0 // indirect
            	github.com/spf13/cobra v1.8.0
            )

            replace github.com/go-redis/redis/v8 => github.com/other/redis-fork/v8 v8.11.5-other.1
            replace github.com/spf13/cobra => github.com/acme/cobra v1.8.1-acme
            """)
        .Write("libs/shared/go.mod", "module github.com/acme/monorepo/libs/shared\n\ngo 1.21\n\nrequire github.com/google/uuid v1.6.0\n")
        .Write("tools/go.mod", "module github.com/acme/monorepo/tools\n\ngo 1.22\n\nrequire golang.org/x/tools v0.19.0\n")
        .Write("docs/README.md", "no module here\n")
        .Write("experiments/go.mod", "module example.com/experiments\n\ngo 1.20\n\nrequire github.com/spf13/cobra v1.7.0\n");

    [Fact]
    public void A_go_work_gives_the_workspace_its_go_and_every_used_module_is_harvested()
    {
        using var repo = Workspace();
        var sink = repo.Harvest(new GoHarvester());

        var workspaceGo = sink.Dependencies.Single(d => d.Purl.Key == "pkg:runtime/go" && d.File == "go.work");
        workspaceGo.Version.ShouldBe("1.22.4");
        workspaceGo.Declared.ShouldBe("toolchain go1.22.4");
        workspaceGo.Line.ShouldBe(3);
        sink.Single("pkg:golang/github.com/google/uuid").File.ShouldBe("libs/shared/go.mod");
        sink.Single("pkg:golang/golang.org/x/tools").File.ShouldBe("tools/go.mod");
        sink.Dependencies.Where(d => d.Purl.Key == "pkg:runtime/go").Select(d => d.File)
            .ShouldBe(["go.work", "services/api/go.mod", "libs/shared/go.mod", "tools/go.mod", "experiments/go.mod"], ignoreOrder: true);
    }

    [Fact]
    public void Workspace_replaces_win_over_the_modules_own_and_apply_only_to_used_modules()
    {
        using var repo = Workspace();
        var sink = repo.Harvest(new GoHarvester());

        sink.Has("pkg:golang/github.com/go-redis/redis/v8").ShouldBeFalse();
        sink.Has("pkg:golang/github.com/other/redis-fork/v8").ShouldBeFalse();
        var fork = sink.Single("pkg:golang/github.com/acme/redis-fork/v8");
        fork.Version.ShouldBe("v8.11.6-acme.2");
        fork.Declared.ShouldBe("v8.11.5 => github.com/acme/redis-fork/v8 v8.11.6-acme.2");
        fork.File.ShouldBe("services/api/go.mod");
        fork.Line.ShouldBe(7);
        var text = sink.Single("pkg:golang/golang.org/x/text");
        text.Declared.ShouldBe("v0.14.0 => ./third_party/text");
        text.Unresolved.ShouldBeTrue();
        text.Direct.ShouldBeFalse();
        // The module's own replace still applies where the workspace says nothing.
        sink.Single("pkg:golang/github.com/acme/cobra").Version.ShouldBe("v1.8.1-acme");
        // A module the go.work does not use keeps its own requirements untouched.
        var cobra = sink.Single("pkg:golang/github.com/spf13/cobra");
        cobra.File.ShouldBe("experiments/go.mod");
        cobra.Version.ShouldBe("v1.7.0");
    }

    [Fact]
    public void A_workspace_module_required_by_another_is_the_repositorys_own_code()
    {
        using var repo = Workspace();
        var sink = repo.Harvest(new GoHarvester());

        sink.Has("pkg:golang/github.com/acme/monorepo/libs/shared").ShouldBeFalse();
        sink.Dependencies.Where(d => d.File == "services/api/go.mod" && d.Ecosystem == "golang").Select(d => d.Purl.Name)
            .ShouldBe(["v8", "text", "cobra"], ignoreOrder: true);
    }

    [Fact]
    public void Use_directives_outside_the_repository_or_without_a_go_mod_are_warnings()
    {
        using var repo = Workspace();
        var issues = repo.Harvest(new GoHarvester()).Issues;

        issues.Select(i => (i.File, i.Line, i.Severity)).ShouldBe([("go.work", 9, ScanIssueSeverity.Warning), ("go.work", 10, ScanIssueSeverity.Warning)], ignoreOrder: true);
        issues.ShouldContain(i => i.Line == 9 && i.Message.Contains("outside the repository"));
        issues.ShouldContain(i => i.Line == 10 && i.Message.Contains("no go.mod"));
    }

    [Fact]
    public void A_module_beside_its_go_work_takes_the_workspace_go_as_its_one_runtime()
    {
        using var repo = new TestRepository()
            .Write("go.work", "go 1.23.0\n\nuse .\nuse ./cmd/worker\n")
            .Write("go.mod", "module example.com/app\n\ngo 1.21\n\nrequire example.com/app/cmd/worker v0.1.0\n")
            .Write("cmd/worker/go.mod", "module example.com/app/cmd/worker\n\ngo 1.22\n");
        var sink = repo.Harvest(new GoHarvester());

        var roots = sink.Dependencies.Where(d => d.Purl.Key == "pkg:runtime/go" && RepoPaths.FolderOf(d.File) == "").ToList();
        var go = roots.ShouldHaveSingleItem();
        go.File.ShouldBe("go.work");
        go.Version.ShouldBe("1.23.0");
        sink.Dependencies.Single(d => d.File == "cmd/worker/go.mod").Version.ShouldBe("1.22");
        sink.Dependencies.Where(d => d.Ecosystem == "golang").ShouldBeEmpty();
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Module_directives_in_a_go_work_are_errors_with_their_line()
    {
        using var repo = new TestRepository().Write("go.work", "go 1.22\n\nmodule example.com/wrong\nrequire github.com/a/b v1.0.0\nuse ./a ./b\n");
        var issues = repo.Harvest(new GoHarvester()).Issues;

        issues.ShouldContain(i => i.Line == 3 && i.Severity == ScanIssueSeverity.Error && i.Message.Contains("not allowed in go.work"));
        issues.ShouldContain(i => i.Line == 4 && i.Message.Contains("not allowed in go.work"));
        issues.ShouldContain(i => i.Line == 5 && i.Message.Contains("exactly one folder"));
    }
}
