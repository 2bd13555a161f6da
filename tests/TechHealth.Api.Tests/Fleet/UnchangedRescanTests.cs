using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Fleet;

/// <summary>The real clock moved on by whole days at will, so a test can rescan "tomorrow" without waiting.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}

/// <summary>A service of its own: its tests move its clock, add exemptions and edit its org repository.</summary>
public sealed class UnchangedRescanFactory : TechHealthFactory
{
    public UnchangedRescanFactory() : base(components: 24) { }

    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}

/// <summary>
/// An unchanged rescan scans no repository and records its evaluation run without evaluating; a change to anything the
/// evaluation reads (the day, the exemptions, the org tree) evaluates again, to the same results a full evaluation gives.
/// </summary>
public class UnchangedRescanTests(UnchangedRescanFactory factory) : IClassFixture<UnchangedRescanFactory>
{
    private T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task Unchanged_rescans_are_recorded_without_evaluating_and_any_change_to_what_evaluation_reads_evaluates_again()
    {
        await factory.ReadyAsync();
        var scans = Get<ScanService>();
        var unchanged = Get<UnchangedEvaluation>();
        var runs = Get<EvaluationStore>();
        var state = Get<FleetState>();

        var first = await scans.ScanAsync();
        first.Scanned.ShouldBe(0, "an unchanged fleet, the org repository of groups included, reads no repository");
        first.Skipped.ShouldBe(first.Repositories);

        // Unchanged: a new run, one row, no evaluation, the same results as the run before.
        var skippedBefore = unchanged.RecordedUnchanged;
        var previous = state.Current!.Run!;
        var again = await scans.ScanAsync();
        again.Scanned.ShouldBe(0);
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore + 1);
        again.EvaluationRunId.ShouldNotBeNull();
        again.EvaluationRunId!.Value.ShouldBeGreaterThan(previous.Id);
        runs.LastWrite!.RunId.ShouldBe(again.EvaluationRunId.Value);
        runs.LastWrite.Rows.ShouldBe(1);
        state.Current!.Run!.Id.ShouldBe(again.EvaluationRunId.Value);
        var recorded = (await runs.GetEvaluationRunAsync(again.EvaluationRunId.Value))!;
        recorded.Trigger.ShouldBe(EvaluationTrigger.Scan);
        recorded.ScanRunId.ShouldBe(again.ScanRunId);
        recorded.AverageScore.ShouldBe(previous.AverageScore);
        recorded.LevelCounts.ShouldBe(previous.LevelCounts);
        Render(await runs.LoadEvaluationAsync(again.EvaluationRunId.Value)).ShouldBe(Render(await runs.LoadEvaluationAsync(previous.Id)));
        // History has one point per run, the recorded one included.
        var someRef = state.Current.Fleet.Evaluations[0].ComponentRef;
        (await runs.GetComponentHistoryAsync(someRef)).Select(s => s.RunId).ShouldContain(again.EvaluationRunId.Value);
        // It gives what a full evaluation of the same inputs gives.
        await AssertSameAsFullEvaluationAsync(again.EvaluationRunId.Value);

        // The next day: the clock is read by day, so the fleet is evaluated again.
        factory.Clock.Shift += TimeSpan.FromDays(1);
        skippedBefore = unchanged.RecordedUnchanged;
        var tomorrow = await scans.ScanAsync();
        tomorrow.Scanned.ShouldBe(0);
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore);
        (await scans.ScanAsync()).EvaluationRunId.ShouldNotBeNull();
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore + 1, "the second rescan of that day changes nothing");

        // An exemption granted (in the store, as another instance would): evaluated again, and the check is exempt.
        var failing = state.Current!.Fleet.Evaluations.SelectMany(e => e.Results.Where(r => r.Status == CheckStatus.Fail).Select(r => (e.ComponentRef, r.CheckId))).First();
        await Get<ExemptionStore>().CreateAsync(new NewExemption(failing.ComponentRef, failing.CheckId, "vendor fix due", "cto", DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(30), "test"));
        skippedBefore = unchanged.RecordedUnchanged;
        var exempted = await scans.ScanAsync();
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore);
        (await runs.LoadEvaluationAsync(exempted.EvaluationRunId!.Value, failing.ComponentRef)).Single().Results
            .Single(r => r.CheckId == failing.CheckId).Status.ShouldBe(CheckStatus.Exempt);

        // The org tree renamed (a group's title in the org repository): that repository is read again and the fleet evaluated.
        var org = Path.Combine(factory.Root, "fleet", "org", "catalog-info.yaml");
        await File.WriteAllTextAsync(org, (await File.ReadAllTextAsync(org)).Replace("title: ACME Corporation", "title: ACME Holdings"));
        skippedBefore = unchanged.RecordedUnchanged;
        var reorganised = await scans.ScanAsync();
        reorganised.Scanned.ShouldBe(1);
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore);
        state.Current!.Org.Find("group:default/acme")!.Title.ShouldBe("ACME Holdings");
        (await scans.ScanAsync()).Scanned.ShouldBe(0);
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore + 1);
        await AssertSameAsFullEvaluationAsync(state.Current!.Run!.Id);
    }

    [Fact]
    public async Task A_snapshot_evaluated_without_storing_from_other_inputs_is_not_kept_in_force_by_an_unchanged_rescan()
    {
        await factory.ReadyAsync();
        var scans = Get<ScanService>();
        var unchanged = Get<UnchangedEvaluation>();
        var state = Get<FleetState>();
        await scans.ScanAsync();

        // An exemption the snapshot in memory saw (evaluated without storing, as at start-up), revoked before the rescan:
        // the stored run's inputs hold again, but the snapshot in force was not evaluated from them.
        var failing = state.Current!.Fleet.Evaluations.SelectMany(e => e.Results.Where(r => r.Status == CheckStatus.Fail).Select(r => (e.ComponentRef, r.CheckId))).First();
        var exemption = await Get<ExemptionStore>().CreateAsync(new NewExemption(failing.ComponentRef, failing.CheckId, "trial", "cto",
            DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(30), "test"));
        await Get<EvaluationService>().EvaluateAsync(EvaluationTrigger.Manual, store: false);
        state.Current!.EvaluationOf(failing.ComponentRef)!.Results.Single(r => r.CheckId == failing.CheckId).Status.ShouldBe(CheckStatus.Exempt);
        await Get<ExemptionStore>().RevokeAsync(exemption.Id, "test");

        var skippedBefore = unchanged.RecordedUnchanged;
        await scans.ScanAsync();
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore);
        state.Current!.EvaluationOf(failing.ComponentRef)!.Results.Single(r => r.CheckId == failing.CheckId).Status.ShouldBe(CheckStatus.Fail);
        await scans.ScanAsync();
        unchanged.RecordedUnchanged.ShouldBe(skippedBefore + 1);
    }

    private async Task AssertSameAsFullEvaluationAsync(long runId)
    {
        var runs = Get<EvaluationStore>();
        var full = await Get<EvaluationService>().EvaluateAsync(EvaluationTrigger.Manual, store: false);
        Render(full.Fleet.Evaluations).ShouldBe(Render(await runs.LoadEvaluationAsync(runId)));
    }

    /// <summary>Everything stored of each evaluation, one line per check result, for comparing whole runs.</summary>
    private static string Render(IEnumerable<ComponentEvaluation> evaluations)
        => string.Join("\n", evaluations.OrderBy(e => e.ComponentRef, StringComparer.Ordinal).SelectMany(e =>
            e.Results.Select(r => $"{e.ComponentRef}|{e.ComponentName}|{e.Owner}|{e.Score:R}|{e.Level}|{e.Lifecycle}|{e.Type}|{r.CheckId}|{r.Level}|{r.Status}|{r.Message}|{r.Remediation}|{r.Weight:R}|{r.ExemptionReason}|{r.ExemptUntil}|" +
                                     string.Join(",", r.Evidence.Select(v => $"{v.Message}@{v.File}:{v.Line}:{v.Purl}:{v.Version}:{v.RadarEntry}:{v.Ring}")))));
}
