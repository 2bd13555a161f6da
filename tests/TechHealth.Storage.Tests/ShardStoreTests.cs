using Microsoft.Extensions.DependencyInjection;
using TechHealth.Core.Facts;

namespace TechHealth.Storage.Tests;

/// <summary>The scan shard bookkeeping on both providers: one active run, fenced claims, one completion.</summary>
public abstract partial class StoreTests
{
    private static ShardFacts ShardOf(params ComponentFacts[] components)
        => new(components.Select(c => FactStore.RepositoryKey(c.Source, c.Repository)).ToList(), components, [], [], []);

    [Fact]
    public async Task A_shard_taken_over_from_a_holder_taken_for_dead_is_stored_once_and_the_old_holder_is_refused()
    {
        var h = await OpenAsync();
        if (h is null) return;
        var shards = h.Services.GetRequiredService<ScanShardStore>();
        var run = await h.Facts.BeginScanRunAsync(["acme"]);
        (await shards.TryCreateAsync(run, null, false, [["acme/api"], ["acme/web"]])).ShouldBeTrue();
        var second = await h.Facts.BeginScanRunAsync(["acme"]);
        (await shards.TryCreateAsync(second, null, false, [["acme/api"]])).ShouldBeFalse("one run at a time across the cluster");
        (await shards.ActiveRunAsync())!.RunId.ShouldBe(run);

        var first = await shards.TryClaimAsync(run, 0, "node-a", takeOver: false);
        first.ShouldNotBeNull().Attempt.ShouldBe(1);
        first.Repositories.ShouldBe(["acme/api"]);
        (await shards.TryClaimAsync(run, 0, "node-b", takeOver: false)).ShouldBeNull("a live holder keeps its shard");
        var taken = (await shards.TryClaimAsync(run, 0, "node-b", takeOver: true)).ShouldNotBeNull();
        taken.Attempt.ShouldBe(2);

        (await shards.StoreAsync(taken, ShardOf(Sample.Component("api")))).RunReadyToComplete.ShouldBeFalse();
        await Should.ThrowAsync<ShardClaimLostException>(() => shards.StoreAsync(first, ShardOf(Sample.Component("api", log4jVersion: "2.14.1"))));
        (await shards.TryClaimAsync(run, 0, "node-c", takeOver: true)).ShouldBeNull("a finished shard is never claimed again");

        var last = (await shards.TryClaimAsync(run, 1, "node-c", takeOver: false)).ShouldNotBeNull();
        var stored = await shards.StoreAsync(last, ShardOf(Sample.Component("web")));
        stored.RunReadyToComplete.ShouldBeTrue();
        stored.CompletionAttempt.ShouldBe(1);

        (await shards.TryClaimCompletionAsync(run, "node-a", takeOver: false)).ShouldBeNull("the completer is alive");
        (await shards.TryClaimCompletionAsync(run, "node-a", takeOver: true)).ShouldBe(2);
        (await shards.FinishAsync(run, "node-c", 1, ScanShardStore.Completed, null)).ShouldBeFalse("its claim was taken over");
        await h.Facts.CompleteScanRunAsync(run);
        (await shards.FinishAsync(run, "node-a", 2, ScanShardStore.Completed, null)).ShouldBeTrue();
        (await shards.ActiveRunAsync()).ShouldBeNull();

        var current = await OpenAnotherProcess().Facts.LoadCurrentFactsAsync();
        current.Select(c => c.Name).ShouldBe(["api", "web"]);
        current[0].Dependencies.ShouldAllBe(d => d.Version != "2.14.1");
        (await shards.ShardsAsync(run)).Select(s => (s.State, s.Owner, s.Attempts)).ShouldBe([("done", "node-b", 2), ("done", "node-c", 1)]);
    }

    [Fact]
    public async Task A_shard_given_back_after_a_failure_is_claimed_again_and_its_errors_keep_previous_facts()
    {
        var h = await OpenAsync();
        if (h is null) return;
        await CompletedScanAsync(h, ["acme"], Sample.Component("api", log4jVersion: "2.14.1"));
        var shards = h.Services.GetRequiredService<ScanShardStore>();
        var run = await h.Facts.BeginScanRunAsync(["acme"]);
        (await shards.TryCreateAsync(run, "acme", true, [["acme/api"]])).ShouldBeTrue();

        var failed = (await shards.TryClaimAsync(run, 0, "node-a", takeOver: false)).ShouldNotBeNull();
        (await shards.ReleaseAsync(failed, "disk full")).ShouldBeTrue();
        (await shards.ReleaseAsync(failed, "twice")).ShouldBeFalse("it was already given back");
        (await shards.ShardsAsync(run)).Single().ShouldSatisfyAllConditions(s => s.State.ShouldBe("pending"), s => s.Error.ShouldBe("disk full"));

        var retry = (await shards.TryClaimAsync(run, 0, "node-b", takeOver: false)).ShouldNotBeNull();
        retry.Attempt.ShouldBe(2);
        var errorsOnly = new ShardFacts(["acme/api"], [], [], [("acme/api", null, "not scanned: its shard failed 2 times")], []);
        (await shards.StoreAsync(retry, errorsOnly, ScanShardStore.Failed, "disk full again")).RunReadyToComplete.ShouldBeTrue();
        await h.Facts.CompleteScanRunAsync(run);

        var current = await h.Facts.LoadCurrentFactsAsync();
        current.Select(c => c.Name).ShouldBe(["api"], "an unreadable repository keeps its previous facts");
        current[0].Dependencies[0].Version.ShouldBe("2.14.1");
        (await h.Facts.GetScanRunAsync(run))!.Errors.Single().Message.ShouldContain("its shard failed");
    }
}
