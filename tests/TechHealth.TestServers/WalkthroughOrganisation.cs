using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TechHealth.TestServers;

/// <summary>
/// A small organisation for the README's "Point it at your fleet" walk-through, served on fixed loopback ports: the
/// GitHub organisation <c>acme</c> (six repositories, one archived, one a sandbox), the GitLab group <c>platform</c> (one
/// project in a subgroup), their git repositories over smart HTTP, and a Backstage catalog whose groups are the org chart
/// (departments commerce and platform, four teams). The repositories carry no catalog files: teams come from Backstage.
/// </summary>
public sealed class WalkthroughOrganisation : IAsyncDisposable
{
    public const string GitHubToken = "local-github-token";
    public const string GitLabToken = "local-gitlab-token";
    public const string BackstageToken = "local-backstage-token";

    private readonly List<IAsyncDisposable> _servers = [];

    private WalkthroughOrganisation(GitHttpFleet git) => Git = git;

    public GitHttpFleet Git { get; }
    public string GitHubApiUrl { get; private set; } = "";
    public string GitLabApiUrl { get; private set; } = "";
    public string BackstageUrl { get; private set; } = "";
    public LocalApi GitHubApi { get; private set; } = null!;

    /// <summary>Starts every server; ports 5091–5094 by default (what the README names), or free ports with <paramref name="firstPort"/> 0.</summary>
    public static async Task<WalkthroughOrganisation> StartAsync(int firstPort = 5091)
    {
        string Url(int offset) => firstPort == 0 ? "http://127.0.0.1:0" : $"http://127.0.0.1:{firstPort + offset}";
        WalkthroughOrganisation? organisation = null;
        var git = new GitHttpFleet(Url(0), app => app.MapPost("/change/{**repository}", (string repository) => organisation!.Change(repository)));
        organisation = new WalkthroughOrganisation(git);
        await organisation.FillAsync(Url);
        return organisation;
    }

    private async Task FillAsync(Func<int, string> url)
    {
        var github = new LocalGitHub { Organization = "acme", Token = GitHubToken };
        foreach (var (name, topics, files, archived) in GitHubRepositories())
        {
            Git.Create("acme", name, files);
            github.Repositories.Add(new HostedRepository(name, Git.CloneUrl("acme", name)) { Topics = topics, Archived = archived, Visibility = "private" });
        }
        var (githubApi, _) = await LocalGitHub.StartAsync(github, url(1));
        _servers.Add(githubApi);
        GitHubApi = githubApi;
        GitHubApiUrl = githubApi.Url + LocalGitHub.Prefix;

        var gitlab = new LocalGitLab { Group = "platform", Token = GitLabToken };
        Git.Create("platform/infra", "deploy-tools", new()
        {
            ["requirements.txt"] = "ansible==2.9.27\nrequests==2.31.0\n",
            ["Dockerfile"] = "FROM python:3.8-slim\nCOPY . /app\nUSER 1000\n",
        });
        gitlab.Projects.Add(new HostedRepository("deploy-tools", Git.CloneUrl("platform/infra", "deploy-tools")) { Subgroup = "infra" });
        var (gitlabApi, _) = await LocalGitLab.StartAsync(gitlab, url(2));
        _servers.Add(gitlabApi);
        GitLabApiUrl = gitlabApi.Url;

        var catalog = new LocalBackstage { Token = BackstageToken }
            .Group("commerce", "department", null, "payments", "search")
            .Group("payments", "team", "commerce")
            .Group("search", "team", "commerce")
            .Group("platform", "department", null, "platform-tools")
            .Group("platform-tools", "team", "platform")
            .Component("payments-api", "payments", Slug("github.com", "acme/payments-api"))
            .Component("payments-web", "payments", Slug("github.com", "acme/payments-web"), type: "website")
            .Component("billing-legacy", "payments", Slug("github.com", "acme/billing-legacy"))
            .Component("search-service", "search", new Dictionary<string, string> { ["backstage.io/source-location"] = "url:https://github.example.com/acme/search-service/tree/main/" })
            .Component("deploy-tools", "platform-tools", Slug("gitlab.com", "platform/infra/deploy-tools"), type: "tool");
        var (backstage, _) = await LocalBackstage.StartAsync(catalog, url(3));
        _servers.Add(backstage);
        BackstageUrl = backstage.Url;
    }

    private static Dictionary<string, string> Slug(string host, string slug) => new() { [$"{host}/project-slug"] = slug };

    private static IEnumerable<(string Name, string[] Topics, Dictionary<string, string> Files, bool Archived)> GitHubRepositories()
    {
        yield return ("payments-api", ["service"], new()
        {
            ["src/Payments.Api.csproj"] = """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Newtonsoft.Json" Version="13.0.1" />
                    <PackageReference Include="Serilog.AspNetCore" Version="8.0.0" />
                  </ItemGroup>
                </Project>
                """,
            ["Dockerfile"] = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out /app\nUSER app\nENTRYPOINT [\"dotnet\", \"/app/Payments.Api.dll\"]\n",
            ["README.md"] = "# payments-api\n",
        }, false);
        yield return ("payments-web", ["website"], new()
        {
            ["package.json"] = """{ "name": "payments-web", "dependencies": { "react": "18.2.0", "moment": "2.29.4" }, "engines": { "node": ">=18" } }""",
            ["README.md"] = "# payments-web\n",
        }, false);
        yield return ("billing-legacy", ["service"], new()
        {
            ["pom.xml"] = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme</groupId><artifactId>billing</artifactId><version>1.0.0</version>
                  <properties><java.version>1.8</java.version></properties>
                  <dependencies>
                    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId><version>2.7.18</version></dependency>
                    <dependency><groupId>log4j</groupId><artifactId>log4j</artifactId><version>1.2.17</version></dependency>
                  </dependencies>
                </project>
                """,
        }, false);
        yield return ("search-service", ["service"], new()
        {
            ["go.mod"] = "module github.com/acme/search-service\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
            [".github/workflows/ci.yml"] = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
        }, false);
        yield return ("sandbox-experiments", ["service"], new() { ["package.json"] = """{ "name": "sandbox" }""" }, false);
        yield return ("old-portal", ["website"], new() { ["package.json"] = """{ "name": "old-portal", "dependencies": { "angular": "1.8.3" } }""" }, true);
    }

    /// <summary>Commits a change to one repository (<c>POST /change/acme/payments-api</c>), so the next scan has one repository to fetch.</summary>
    private IResult Change(string repository)
    {
        var slash = repository.LastIndexOf('/');
        if (slash <= 0) return Results.BadRequest("POST /change/OWNER/NAME");
        var (owner, name) = (repository[..slash], repository[(slash + 1)..]);
        if (!Directory.Exists(Path.Combine(Git.Served, owner, name + ".git"))) return Results.NotFound($"no repository {repository}");
        Git.Commit(owner, name, new() { ["CHANGELOG.md"] = $"Changed {DateTimeOffset.UtcNow:O}\n" }, "a change for the walk-through");
        return Results.Text($"committed {Git.Head(owner, name)} to {repository}\n");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        Git.Dispose();
    }
}
