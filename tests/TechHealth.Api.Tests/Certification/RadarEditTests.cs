using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Api.Tests.GraphQL;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Certification;

/// <summary>A service of its own: these tests edit its radar files while it runs.</summary>
public sealed class RadarEditFactory() : TechHealthFactory(components: 60);

/// <summary>
/// The certification "done when": a radar edit while the service runs re-evaluates the fleet from stored facts, and
/// exactly the components using the edited entry lose the checks it affects; a broken edit keeps the old radar.
/// </summary>
public class RadarEditTests(RadarEditFactory factory) : IClassFixture<RadarEditFactory>
{
    private const string RollupQuery = "{ teams { ref rollup { componentCount averageScore checks { checkId passed } } } departments { ref rollup { componentCount averageScore checks { checkId passed } } } }";

    [Fact]
    public async Task Flipping_a_radar_entry_from_adopt_to_hold_costs_exactly_its_users_the_affected_checks()
    {
        var before = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var (entryId, file) = await PickEntryAsync(client, before);
        var users = before.Fleet.Technologies.Where(kv => kv.Value.Any(m => m.Entry?.Id == entryId)).Select(kv => kv.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rollupsBefore = (await GraphQLCalls.PostAsync(client, RollupQuery)).Ok().Clone();
        var previousRun = before.Run!.Id;

        // The watcher picks the edit up by itself; the wait bound only keeps a broken watcher from hanging the test.
        await File.WriteAllTextAsync(file, FlipToHold(await File.ReadAllTextAsync(file), entryId));
        var after = await WaitForRunAfterAsync(previousRun, TimeSpan.FromSeconds(30));

        var runs = (await GraphQLCalls.PostAsync(client, "{ evaluationRuns(first: 1) { id trigger } }")).Ok().GetProperty("evaluationRuns");
        runs[0].GetProperty("trigger").GetString().ShouldBe("radar-edit");
        runs[0].GetProperty("id").GetString().ShouldBe(after.Run!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Per component, the stored new run against the stored previous one.
        var store = factory.Services.GetRequiredService<EvaluationStore>();
        var older = (await store.LoadEvaluationAsync(previousRun)).ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);
        var newer = (await store.LoadEvaluationAsync(after.Run.Id)).ToDictionary(e => e.ComponentRef, StringComparer.OrdinalIgnoreCase);
        newer.Keys.ShouldBe(older.Keys, ignoreOrder: true);
        var flips = newer.Values.SelectMany(n => n.Results.Select(r => (n.ComponentRef, r.CheckId, From: older[n.ComponentRef].Results.Single(o => o.CheckId == r.CheckId).Status, To: r.Status)))
            .Where(f => f.From != f.To).ToList();
        var changed = flips.Select(f => f.ComponentRef).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var affected = flips.Select(f => f.CheckId).ToHashSet();

        changed.ShouldNotBeEmpty($"flipping {entryId} changed nothing");
        changed.ShouldBeSubsetOf(users, "flips outside the entry's users: " + string.Join("; ", flips.Where(f => !users.Contains(f.ComponentRef))
            .Select(f => $"{f.ComponentRef} {f.CheckId} {f.From}->{f.To}: {newer[f.ComponentRef].Results.Single(r => r.CheckId == f.CheckId).Message}")));
        // A move to hold only makes things worse: a pass becomes a warning or a failure, a warning (for another
        // technology the component uses, say one whose version is unknown) becomes a failure.
        flips.ShouldAllBe(f => (f.From == CheckStatus.Pass && (f.To == CheckStatus.Fail || f.To == CheckStatus.Warn))
            || (f.From == CheckStatus.Warn && f.To == CheckStatus.Fail));
        foreach (var user in users)
            foreach (var check in affected)
            {
                var was = older[user].Results.Single(r => r.CheckId == check).Status;
                var now = newer[user].Results.Single(r => r.CheckId == check).Status;
                if (was == CheckStatus.Pass) now.ShouldNotBe(CheckStatus.Pass, $"{user} still passes {check}");
            }
        foreach (var other in newer.Keys.Where(k => !users.Contains(k)))
            newer[other].Results.Select(r => (r.CheckId, r.Status, r.Message)).ShouldBe(older[other].Results.Select(r => (r.CheckId, r.Status, r.Message)), $"{other} does not use {entryId}");

        // Teams and departments move by exactly the components that changed.
        var rollupsAfter = (await GraphQLCalls.PostAsync(client, RollupQuery)).Ok();
        string TeamOf(string componentRef) => FleetSnapshot.TeamOf(before.FindComponent(componentRef)!);
        string? DepartmentOf(string componentRef) => before.Org.DepartmentOf(before.FindComponent(componentRef)!.Owner)?.Ref;
        AssertRollupsMove(rollupsBefore.GetProperty("teams"), rollupsAfter.GetProperty("teams"), flips, TeamOf);
        AssertRollupsMove(rollupsBefore.GetProperty("departments"), rollupsAfter.GetProperty("departments"), flips, DepartmentOf);

        // The run diff lists them.
        var diff = (await GraphQLCalls.PostAsync(client, "{ runDiff { from to checkFlips { component checkId from to direction } levelChanges { component } newHoldUsage { component radarEntry } } }"))
            .Ok().GetProperty("runDiff");
        diff.GetProperty("from").GetString().ShouldBe(previousRun.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var names = changed.Select(r => before.FindComponent(r)!.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var listed = diff.GetProperty("checkFlips").Items().Select(f => f.GetProperty("component").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        listed.ShouldBe(names, ignoreOrder: true);
        diff.GetProperty("checkFlips").GetArrayLength().ShouldBe(flips.Count);
        diff.GetProperty("levelChanges").Items().ShouldAllBe(l => names.Contains(l.GetProperty("component").GetString()!));
        diff.GetProperty("newHoldUsage").Items().Where(h => h.GetProperty("radarEntry").GetString() == entryId).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_broken_radar_edit_keeps_the_old_radar_and_degrades_health_with_file_and_line_until_fixed()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var file = Path.Combine(factory.Root, "radar", "tools.yaml");
        var original = await File.ReadAllTextAsync(file);
        var before = (await GraphQLCalls.PostAsync(client, "{ definitions { version radarEntries } }")).Ok().GetProperty("definitions").Clone();
        var brokenLine = original.Split('\n').Length + 1;

        await File.WriteAllTextAsync(file, original.TrimEnd('\n') + "\n  - id: [broken\n    ring: adopt\n");
        var degraded = await WaitForHealthAsync(client, "Degraded");
        var errors = degraded.GetProperty("checks").GetProperty("definitions").GetProperty("data").GetProperty("errors").Items().Select(e => e.GetString()!).ToList();
        errors.ShouldContain(e => Regex.IsMatch(e, @"tools\.yaml:\d+"), string.Join("\n", errors));
        var line = int.Parse(Regex.Match(errors.First(e => e.Contains("tools.yaml")), @"tools\.yaml:(\d+)").Groups[1].Value);
        line.ShouldBeInRange(brokenLine - 1, brokenLine + 1);

        var during = (await GraphQLCalls.PostAsync(client, "{ definitions { version radarEntries degraded problems { file line message } } }")).Ok().GetProperty("definitions");
        during.GetProperty("degraded").GetBoolean().ShouldBeTrue();
        during.GetProperty("version").GetString().ShouldBe(before.GetProperty("version").GetString());
        during.GetProperty("radarEntries").GetInt32().ShouldBe(before.GetProperty("radarEntries").GetInt32());
        during.GetProperty("problems").Items().ShouldContain(p => p.GetProperty("file").GetString()!.EndsWith("tools.yaml") && p.GetProperty("line").GetInt32() > 0);

        await File.WriteAllTextAsync(file, original);
        await WaitForHealthAsync(client, "Healthy");
        (await GraphQLCalls.PostAsync(client, "{ definitions { degraded } }")).Ok().GetProperty("definitions").GetProperty("degraded").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task After_a_scan_stores_new_facts_later_evaluations_use_them_not_the_facts_held_before()
    {
        var before = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var component = before.Components.First(c => c.Path.Length == 0
            && before.EvaluationOf(c.Ref)!.Results.Single(r => r.CheckId == "readme-present").Status == CheckStatus.Pass
            && Directory.Exists(Path.Combine(factory.Root, "fleet", c.Repository.Split('/')[^1])));
        var folder = Path.Combine(factory.Root, "fleet", component.Repository.Split('/')[^1]);
        var readmes = Directory.GetFiles(folder, "README*");
        readmes.ShouldNotBeEmpty();
        foreach (var readme in readmes) File.Delete(readme);

        var previousRun = before.Run!.Id;
        (await GraphQLCalls.PostAsync(client, "mutation { startScan { accepted } }", apiKey: TechHealthFactory.AdminKey)).Ok().GetProperty("startScan").GetProperty("accepted").GetBoolean().ShouldBeTrue();
        var scanned = await WaitForRunAfterAsync(previousRun, TimeSpan.FromSeconds(60), EvaluationTrigger.Scan);
        scanned.EvaluationOf(component.Ref)!.Results.Single(r => r.CheckId == "readme-present").Status.ShouldBe(CheckStatus.Fail);

        // An exemption re-evaluates without a scan: it must start from the facts the scan stored.
        var otherCheck = scanned.EvaluationOf(component.Ref)!.Results.First(r => r.Status == CheckStatus.Fail && r.CheckId != "readme-present").CheckId;
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd");
        (await GraphQLCalls.PostAsync(client, "mutation($i: CreateExemptionInput!) { createExemption(input: $i) { id } }",
            new { i = new { component = component.Name, check = otherCheck, reason = "test", approvedBy = "test", expires } }, apiKey: TechHealthFactory.AdminKey)).Ok();
        var current = factory.Services.GetRequiredService<FleetState>().Current!;
        current.Run!.Id.ShouldBeGreaterThan(scanned.Run!.Id);
        current.EvaluationOf(component.Ref)!.Results.Single(r => r.CheckId == "readme-present").Status.ShouldBe(CheckStatus.Fail);
        current.EvaluationOf(component.Ref)!.Results.Single(r => r.CheckId == otherCheck).Status.ShouldBe(CheckStatus.Exempt);
    }

    /// <summary>An adopt entry with no version of it in another ring, used by some components but not all, and its file.</summary>
    private async Task<(string Id, string File)> PickEntryAsync(HttpClient client, FleetSnapshot snapshot)
    {
        var entries = (await GraphQLCalls.PostAsync(client, "{ radar { entries(ring: \"adopt\") { id usageCount usage { ring } } } }")).Ok()
            .GetProperty("radar").GetProperty("entries").Items()
            .Where(e => e.GetProperty("usageCount").GetInt32() is var n && n > 1 && n < snapshot.Components.Count / 2)
            .Where(e => e.GetProperty("usage").Items().All(u => u.GetProperty("ring").GetString() == "adopt"))
            .OrderByDescending(e => e.GetProperty("usageCount").GetInt32())
            .Select(e => e.GetProperty("id").GetString()!);
        foreach (var id in entries)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(factory.Root, "radar"), "*.yaml"))
                if (Regex.IsMatch(await File.ReadAllTextAsync(file), $@"^\s*- id: {Regex.Escape(id)}\s*$", RegexOptions.Multiline))
                    return (id, file);
        }
        throw new InvalidOperationException("no adopt entry used by some components only");
    }

    /// <summary>Changes the entry's own <c>ring: adopt</c> line to hold, leaving every other line as it was.</summary>
    private static string FlipToHold(string yaml, string entryId)
    {
        var lines = yaml.Split('\n');
        var start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^\s*- id: {Regex.Escape(entryId)}\s*$"));
        for (var i = start + 1; i < lines.Length && !lines[i].TrimStart().StartsWith("- id:", StringComparison.Ordinal); i++)
        {
            if (Regex.IsMatch(lines[i], @"^\s+ring: adopt\s*$"))
            {
                lines[i] = lines[i].Replace("adopt", "hold");
                return string.Join('\n', lines);
            }
        }
        throw new InvalidOperationException($"entry {entryId} has no 'ring: adopt' line");
    }

    private async Task<FleetSnapshot> WaitForRunAfterAsync(long previousRun, TimeSpan timeout, EvaluationTrigger trigger = EvaluationTrigger.RadarEdit)
    {
        var state = factory.Services.GetRequiredService<FleetState>();
        var deadline = DateTime.UtcNow + timeout;
        while (state.Current?.Run is not { } run || run.Id <= previousRun || run.Trigger != trigger)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {trigger} evaluation run appeared");
            await Task.Delay(50);
        }
        return state.Current;
    }

    private static async Task<JsonElement> WaitForHealthAsync(HttpClient client, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
            if (doc.RootElement.GetProperty("status").GetString() == status) return doc.RootElement.Clone();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/healthz did not become {status}: {doc.RootElement}");
            await Task.Delay(100);
        }
    }

    private static void AssertRollupsMove(JsonElement before, JsonElement after, List<(string ComponentRef, string CheckId, CheckStatus From, CheckStatus To)> flips, Func<string, string?> groupOf)
    {
        var old = before.Items().ToDictionary(g => g.GetProperty("ref").GetString()!);
        var moved = 0;
        foreach (var group in after.Items())
        {
            var key = group.GetProperty("ref").GetString()!;
            var was = old[key].GetProperty("rollup");
            var now = group.GetProperty("rollup");
            var mine = flips.Where(f => groupOf(f.ComponentRef) == key).ToList();
            var passed = (JsonElement r) => r.GetProperty("checks").Items().ToDictionary(c => c.GetProperty("checkId").GetString()!, c => c.GetProperty("passed").GetInt32());
            var passedBefore = passed(was);
            var passedAfter = passed(now);
            foreach (var (check, count) in passedAfter)
                count.ShouldBe(passedBefore[check] - mine.Count(f => f.CheckId == check && f.To != CheckStatus.Warn), $"{key} {check}");
            if (mine.All(f => f.To == CheckStatus.Warn))
                now.GetProperty("averageScore").GetDouble().ShouldBe(was.GetProperty("averageScore").GetDouble(), $"{key} average");
            else
            {
                now.GetProperty("averageScore").GetDouble().ShouldBeLessThan(was.GetProperty("averageScore").GetDouble(), $"{key} average");
                moved++;
            }
        }
        moved.ShouldBeGreaterThan(0);
    }
}
