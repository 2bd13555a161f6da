using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Certification;

/// <summary>A service of its own: the test adds a check file and edits a README while it runs.</summary>
public sealed class FileContentFactory() : TechHealthFactory(components: 24);

/// <summary>
/// <c>file: { glob, contains }</c> checks through the whole service: the scan keeps the text the checks ask for, the store
/// keeps it, evaluation reads it; a check added later reports "not harvested" until the next scan, which rescans
/// repositories whose files did not change because the set of kept files did.
/// </summary>
public class FileContentCheckTests(FileContentFactory factory) : IClassFixture<FileContentFactory>
{
    [Fact]
    public async Task Contains_checks_pass_and_fail_from_stored_text_and_a_new_glob_is_collected_by_the_next_scan()
    {
        await factory.ReadyAsync();
        var scans = factory.Services.GetRequiredService<ScanService>();
        // An unchanged rescan, for the figures the last rescan below must match.
        var unchanged = await scans.ScanAsync();
        unchanged.Skipped.ShouldBeGreaterThan(0);
        var before = factory.Services.GetRequiredService<FleetState>().Current!;
        var nonRoot = before.Components
            .Select(c => (Component: c, Result: before.EvaluationOf(c.Ref)!.Results.Single(r => r.CheckId == "container-runs-as-non-root")))
            .Where(x => x.Component.Files.Any(f => f.EndsWith("Dockerfile", StringComparison.Ordinal)))
            .ToList();
        var passing = nonRoot.Where(x => x.Result.Status == CheckStatus.Pass).ToList();
        var failing = nonRoot.Where(x => x.Result.Status == CheckStatus.Fail).ToList();
        passing.ShouldNotBeEmpty();
        failing.ShouldNotBeEmpty();
        nonRoot.ShouldAllBe(x => x.Result.Status != CheckStatus.Error);
        passing.ShouldAllBe(x => x.Result.Evidence.Any(e => e.File!.EndsWith("Dockerfile") && e.Line > 0));
        // The stored facts (what the next re-evaluation starts from) hold the text.
        var stored = await factory.Services.GetRequiredService<FactStore>().LoadCurrentFactsAsync();
        stored.Single(c => c.Ref == passing[0].Component.Ref).Facts["file:Dockerfile"].ShouldContain("USER");

        // A new check asking for README text: the facts in store predate it.
        var previousRun = before.Run!.Id;
        await File.WriteAllTextAsync(Path.Combine(factory.Root, "checks", "runbook.yaml"), """
            level: gold
            checks:
              - id: readme-runbook
                title: README has a runbook section
                description: On-call finds how to operate the service in its README.
                remediation: Add a "## Runbook" section to README.md.
                rule: { file: { glob: "README.md", contains: "(?i)^## Runbook" } }
            """);
        var edited = await WaitForRunAfterAsync(previousRun, EvaluationTrigger.RadarEdit);
        var withReadme = edited.Components.Where(c => c.Path.Length == 0 && c.Files.Contains("README.md")
            && Directory.Exists(Path.Combine(factory.Root, "fleet", c.Repository.Split('/')[^1]))).ToList();
        withReadme.Count.ShouldBeGreaterThan(1);
        var notYet = edited.EvaluationOf(withReadme[0].Ref)!.Results.Single(r => r.CheckId == "readme-runbook");
        notYet.Status.ShouldBe(CheckStatus.Error);
        notYet.Message.ShouldContain("the next scan collects it");

        await File.AppendAllTextAsync(Path.Combine(factory.Root, "fleet", withReadme[0].Repository.Split('/')[^1], "README.md"), "\n## Runbook\n\nRestart the pods; page the owner.\n");
        var summary = await scans.ScanAsync();

        // Only one README changed, but every repository is read again: the kept files changed for all of them.
        summary.Skipped.ShouldBe(0);
        var after = factory.Services.GetRequiredService<FleetState>().Current!;
        var pass = after.EvaluationOf(withReadme[0].Ref)!.Results.Single(r => r.CheckId == "readme-runbook");
        pass.Status.ShouldBe(CheckStatus.Pass, pass.Message);
        pass.Evidence.ShouldContain(e => e.File == "README.md" && e.Line > 1);
        var fail = after.EvaluationOf(withReadme[1].Ref)!.Results.Single(r => r.CheckId == "readme-runbook");
        fail.Status.ShouldBe(CheckStatus.Fail, fail.Message);

        var again = await scans.ScanAsync();
        again.Scanned.ShouldBe(unchanged.Scanned);
        again.Skipped.ShouldBe(unchanged.Skipped);
    }

    private async Task<FleetSnapshot> WaitForRunAfterAsync(long previousRun, EvaluationTrigger trigger)
    {
        var state = factory.Services.GetRequiredService<FleetState>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (state.Current?.Run is not { } run || run.Id <= previousRun || run.Trigger != trigger)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {trigger} evaluation run appeared");
            await Task.Delay(50);
        }
        return state.Current;
    }
}
