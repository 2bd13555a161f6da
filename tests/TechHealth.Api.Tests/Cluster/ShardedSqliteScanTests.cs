using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Cluster;

/// <summary>The start-up scan split into shards of seven repositories, run as in-memory Quartz jobs in one process on SQLite.</summary>
public sealed class ShardedSqliteFactory() : TechHealthFactory(components: 40, new Dictionary<string, string?>
{
    ["TechHealth:Cluster:ShardedScans"] = "true",
    ["TechHealth:Cluster:ShardSize"] = "7",
});

/// <summary>
/// The shard code path on SQLite gives what a scan in one piece gives: same components, same evaluation, one run of each.
/// </summary>
public sealed class ShardedSqliteScanTests : IDisposable
{
    private readonly ShardedSqliteFactory _sharded = new();
    private readonly TechHealthFactory _whole = new();

    [Fact]
    public async Task A_scan_in_shards_on_SQLite_stores_and_evaluates_what_a_scan_in_one_piece_does()
    {
        var sharded = await _sharded.ReadyAsync(TimeSpan.FromMinutes(3));
        var whole = await _whole.ReadyAsync(TimeSpan.FromMinutes(3));

        var shards = _sharded.Services.GetRequiredService<ScanShardStore>();
        var run = (await _sharded.Services.GetRequiredService<FactStore>().ListScanRunsAsync(5)).ShouldHaveSingleItem();
        run.Status.ShouldBe(ScanRunStatus.Completed);
        var bookkeeping = (await shards.GetRunAsync(run.Id)).ShouldNotBeNull();
        bookkeeping.State.ShouldBe(ScanShardStore.Completed);
        var rows = await shards.ShardsAsync(run.Id);
        rows.Count.ShouldBeGreaterThan(4);
        rows.ShouldAllBe(s => s.State == ScanShardStore.Done && s.Repositories.Count <= 7);
        (await _sharded.Services.GetRequiredService<EvaluationStore>().ListEvaluationRunsAsync(5)).ShouldHaveSingleItem().Id.ShouldBe(bookkeeping.EvaluationRunId!.Value);

        sharded.Components.Select(c => c.Ref).ShouldBe(whole.Components.Select(c => c.Ref));
        // Where a component differs, name its checks that differ, so a failure says what the two scans saw differently.
        var differences = sharded.Fleet.Evaluations.Zip(whole.Fleet.Evaluations)
            .Where(p => (p.First.Score, p.First.Level) != (p.Second.Score, p.Second.Level))
            .SelectMany(p => p.First.Results.Zip(p.Second.Results)
                .Where(r => r.First.Status != r.Second.Status || r.First.Message != r.Second.Message)
                .Select(r => $"{p.First.ComponentRef} {r.First.CheckId}: sharded {r.First.Status} ({r.First.Message}), whole {r.Second.Status} ({r.Second.Message})")
                .Append($"{p.First.ComponentRef} scan issues: sharded [{Issues(sharded, p.First.ComponentRef)}], whole [{Issues(whole, p.First.ComponentRef)}]"))
            .ToList();
        differences.ShouldBeEmpty();
        sharded.Fleet.Evaluations.Select(e => (e.ComponentRef, e.Score, e.Level))
            .ShouldBe(whole.Fleet.Evaluations.Select(e => (e.ComponentRef, e.Score, e.Level)));
        sharded.Org.Departments.Select(d => d.Ref).ShouldBe(whole.Org.Departments.Select(d => d.Ref));
    }

    private static string Issues(FleetSnapshot snapshot, string component)
        => string.Join("; ", snapshot.Components.Where(c => c.Ref == component).SelectMany(c => c.Issues).Select(i => $"{i.File}:{i.Line} {i.Message}"));

    public void Dispose()
    {
        _sharded.Dispose();
        _whole.Dispose();
    }
}
