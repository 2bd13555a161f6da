using System.Diagnostics;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Tests;

/// <summary>A scan asked for a set of repositories, as a shard of a run shared across instances asks: it reads and fetches only those.</summary>
public sealed class ShardedScanRequestTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("th-shard-");

    private string Repository(string name)
    {
        var root = Path.Combine(_temp.FullName, "fleet", name);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "catalog-info.yaml"), $"""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: {name}
            spec:
              type: service
              lifecycle: production
              owner: group:default/team-a
            """);
        File.WriteAllText(Path.Combine(root, "package.json"), """{ "dependencies": { "react": "18.2.0" } }""");
        return root;
    }

    [Fact]
    public async Task Only_the_chosen_repositories_are_scanned_and_an_empty_choice_only_lists()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma" }) Repository(name);
        var scanner = new Scanner(new ScanningOptions
        {
            Sources = [new SourceOptions { Name = "fleet", Kind = SourceKind.Directory, Path = Path.Combine(_temp.FullName, "fleet") }],
            CacheDirectory = Path.Combine(_temp.FullName, "cache"),
        });

        var shard = await scanner.ScanAsync(new ScanRequest { Repositories = new HashSet<string> { "fleet/beta" } });
        shard.Repositories.Select(r => r.Key).ShouldBe(["fleet/beta"]);
        shard.Components.Select(c => c.Name).ShouldBe(["beta"]);
        shard.Listed.Order().ShouldBe(["fleet/alpha", "fleet/beta", "fleet/gamma"]);

        var listing = await scanner.ScanAsync(new ScanRequest { Repositories = new HashSet<string>() });
        listing.Repositories.ShouldBeEmpty();
        listing.Listed.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_git_remote_outside_the_shard_is_listed_but_not_cloned()
    {
        var origin = Repository("tools");
        Git(origin, "init", "-q", "-b", "main");
        Git(origin, "add", ".");
        Git(origin, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        var cache = Path.Combine(_temp.FullName, "cache");
        var scanner = new Scanner(new ScanningOptions
        {
            Sources = [new SourceOptions { Name = "remote", Kind = SourceKind.Git, Url = "file://" + origin, Branch = "main" }],
            CacheDirectory = cache,
        });

        var elsewhere = await scanner.ScanAsync(new ScanRequest { Repositories = new HashSet<string> { "other/repo" } });
        elsewhere.Listed.ShouldBe(["remote/tools"]);
        elsewhere.FetchedCount.ShouldBe(0);
        Directory.Exists(Path.Combine(cache, "remote", "tools")).ShouldBeFalse("a shard that does not hold the repository does not clone it");

        var holder = await scanner.ScanAsync(new ScanRequest { Repositories = new HashSet<string> { "remote/tools" } });
        holder.FetchedCount.ShouldBe(1);
        holder.Components.Select(c => c.Name).ShouldBe(["tools"]);
    }

    private static void Git(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var git = Process.Start(info)!;
        git.WaitForExit();
        git.ExitCode.ShouldBe(0, git.StandardError.ReadToEnd());
    }

    public void Dispose()
    {
        try { _temp.Delete(recursive: true); }
        catch (IOException) { }
    }
}
