using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using TechHealth.Scanning;
using TechHealth.Scanning.Fleet;
using TechHealth.Storage.Tests;

namespace TechHealth.Api.Tests.Cluster;

/// <summary>
/// Issue 15's done-when: three service processes on one throwaway PostgreSQL 15 share a scan of a fleet of git
/// repositories; the instance caught holding a shard is killed with SIGKILL; the run still completes with every
/// component once and one evaluation, and every instance (the killed one restarted) serves the same figures.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterScanTests(PostgresServer postgres) : IDisposable
{
    private const string OperatorKey = "cluster-test-operator-key";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("techhealth-cluster-");

    [Fact]
    public async Task A_scan_shared_by_three_instances_completes_once_when_one_is_killed_holding_a_shard()
    {
        if (postgres.Unavailable is { } why)
        {
            Console.WriteLine(why);
            return;
        }
        var database = await postgres.CreateDatabaseAsync();
        var fleet = Path.Combine(_temp.FullName, "fleet");
        FleetGenerator.Generate(fleet, 24, seed: 15);
        await FleetHistory.CommitRepositoriesAsync(fleet, DateTimeOffset.UtcNow);
        var expected = (await new Scanner(new ScanningOptions
            {
                Sources = [new SourceOptions { Name = "fleet", Kind = SourceKind.Directory, Path = fleet }],
                CacheDirectory = Path.Combine(_temp.FullName, "cache"),
            }).ScanAsync(new ScanRequest()))
            .Components.Select(c => c.Ref).Order(StringComparer.Ordinal).ToList();
        expected.Count.ShouldBeGreaterThan(20);

        var nodes = Enumerable.Range(1, 3).Select(n => new ServiceInstance($"node-{n}", Settings(database, fleet, n), Path.Combine(_temp.FullName, $"node-{n}"))).ToList();
        try
        {
            foreach (var node in nodes) node.Start();
            foreach (var node in nodes) await node.WaitUntilAnsweringAsync(TimeSpan.FromMinutes(3));

            // Each instance's GraphQL subscribers must hear of the run, wherever it was evaluated.
            using var subscriptionsDone = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var heard = nodes.ToDictionary(n => n.InstanceId, n => FirstEvaluationHeardAsync(n, subscriptionsDone.Token));
            await Task.Delay(TimeSpan.FromSeconds(1));

            var started = await GraphQLAsync(nodes[0], "mutation { startScan { accepted message } }", OperatorKey);
            started["data"]!["startScan"]!["accepted"]!.GetValue<bool>().ShouldBeTrue(started.ToJsonString());

            await using var db = new NpgsqlConnection(database);
            await db.OpenAsync();
            var victimId = await WaitForAsync(async () => await ScalarAsync<string>(db,
                "SELECT owner FROM scan_shards WHERE state = 'running' ORDER BY shard LIMIT 1"), TimeSpan.FromMinutes(2), "a shard held by an instance", nodes);
            var victim = nodes.Single(n => n.InstanceId == victimId);
            var held = await ListAsync(db, $"SELECT shard FROM scan_shards WHERE state = 'running' AND owner = '{victimId}'", r => r.GetInt32(0));
            victim.Kill();

            var runId = await ScalarAsync<long>(db, "SELECT scan_run_id FROM scan_shard_runs");
            var state = await WaitForAsync(async () => await ScalarAsync<string>(db,
                "SELECT state FROM scan_shard_runs WHERE state IN ('completed', 'failed')"), TimeSpan.FromMinutes(4), "the run to end", nodes);
            state.ShouldBe("completed", Logs(nodes));

            // The shards the killed instance held were finished by another instance, in a later attempt.
            var taken = await ListAsync(db, "SELECT shard, owner, attempts, state FROM scan_shards",
                r => (Shard: r.GetInt32(0), Owner: r.GetString(1), Attempts: r.GetInt32(2), State: r.GetString(3)));
            taken.ShouldAllBe(s => s.State == "done");
            foreach (var shard in held)
            {
                var row = taken.Single(s => s.Shard == shard);
                row.Owner.ShouldNotBe(victimId);
                row.Attempts.ShouldBeGreaterThanOrEqualTo(2);
            }

            // Every component once, exactly those a scan in this process finds; every repository in exactly one shard.
            var stored = await ListAsync(db, $"SELECT component_ref FROM component_snapshots WHERE scan_run_id = {runId} ORDER BY component_ref", r => r.GetString(0));
            stored.Order(StringComparer.Ordinal).ToList().ShouldBe(expected);
            var sharded = await ListAsync(db, "SELECT repositories_json FROM scan_shards", r => JsonSerializer.Deserialize<List<string>>(r.GetString(0))!);
            var repositories = sharded.SelectMany(s => s).ToList();
            repositories.Count.ShouldBe(repositories.Distinct().Count());
            repositories.Order().ShouldBe(Directory.GetDirectories(fleet).Select(d => "fleet/" + Path.GetFileName(d)).Order());
            (await ScalarAsync<string>(db, $"SELECT status FROM scan_runs WHERE id = {runId}")).ShouldBe("completed");
            var evaluations = await ListAsync(db, "SELECT id, scan_run_id FROM evaluation_runs", r => (Id: r.GetInt64(0), ScanRun: r.IsDBNull(1) ? 0 : r.GetInt64(1)));
            evaluations.Count.ShouldBe(1);
            evaluations[0].ScanRun.ShouldBe(runId);
            var evaluationId = evaluations[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

            foreach (var node in nodes.Where(n => n != victim))
                (await heard[node.InstanceId]).ShouldBe(evaluationId, $"{node.InstanceId}'s subscribers");

            // The killed instance comes back and, with the survivors, serves the same figures from the stored run.
            victim.Start();
            await victim.WaitUntilAnsweringAsync(TimeSpan.FromMinutes(3));
            const string Figures = "{ evaluationRuns(first: 1) { id componentCount averageScore } organisation { componentCount averageScore } departments { name rollup { componentCount averageScore } } }";
            var answers = new List<string>();
            foreach (var node in nodes)
                answers.Add(await WaitForAsync(async () =>
                {
                    var data = (await GraphQLAsync(node, Figures))["data"];
                    return data?["evaluationRuns"]?.AsArray() is [{ } run] && run["id"]!.GetValue<string>() == evaluationId ? data.ToJsonString() : null;
                }, TimeSpan.FromMinutes(2), $"{node.InstanceId} to serve evaluation run {evaluationId}", nodes));
            answers.Distinct().Count().ShouldBe(1, string.Join("\n", answers));
            JsonNode.Parse(answers[0])!["organisation"]!["componentCount"]!.GetValue<int>().ShouldBe(expected.Count);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private Dictionary<string, string> Settings(string database, string fleet, int n) => new()
    {
        ["TechHealth__Root"] = ServiceInstance.Locate().Root,
        ["TechHealth__Storage__Provider"] = "postgres",
        ["TechHealth__Storage__ConnectionString"] = database,
        ["TechHealth__Cluster__ShardSize"] = "3",
        // Slow shards, so one is surely held when the instance is killed.
        ["TechHealth__Cluster__TestDelayPerRepository"] = "00:00:01",
        ["TechHealth__Cluster__CheckinInterval"] = "00:00:01",
        ["TechHealth__Cluster__CheckinMisfireThreshold"] = "00:00:02",
        ["TechHealth__Cluster__FollowInterval"] = "00:00:02",
        ["TechHealth__Scanning__Sources__0__Name"] = "fleet",
        ["TechHealth__Scanning__Sources__0__Kind"] = "Directory",
        ["TechHealth__Scanning__Sources__0__Path"] = fleet,
        ["TechHealth__Scanning__CacheDirectory"] = Path.Combine(_temp.FullName, $"node-{n}", "cache"),
        ["TechHealth__Schedule__ScanOnStartup"] = "false",
        ["TechHealth__Schedule__ScanCron"] = "",
        ["TechHealth__Schedule__ReportCron"] = "",
        ["TechHealth__Definitions__Watch"] = "false",
        ["TechHealth__Demo__Enabled"] = "false",
        ["TechHealth__Reports__Path"] = Path.Combine(_temp.FullName, $"node-{n}", "reports"),
        ["TechHealth__Security__ApiKeys__0__Name"] = "cluster-test",
        ["TechHealth__Security__ApiKeys__0__Hash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey))),
        ["TechHealth__Security__ApiKeys__0__Role"] = "Operator",
    };

    private static async Task<JsonNode> GraphQLAsync(ServiceInstance node, string query, string? apiKey = null)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The id of the first evaluation run a subscription on <paramref name="node"/> hears, over Server-Sent Events; null if its stream ends first.</summary>
    private static async Task<string?> FirstEvaluationHeardAsync(ServiceInstance node, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query = "subscription { evaluationCompleted { id } }" }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
                if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("evaluationCompleted", StringComparison.Ordinal))
                    return JsonNode.Parse(line["data:".Length..])!["data"]!["evaluationCompleted"]!["id"]!.GetValue<string>();
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan limit, string what, IReadOnlyList<ServiceInstance> nodes)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {limit} for {what}.\n{Logs(nodes)}");
            await Task.Delay(200);
        }
    }

    private static string Logs(IReadOnlyList<ServiceInstance> nodes)
        => string.Join("\n", nodes.Select(n => $"--- {n.InstanceId} ---\n{Tail(n.Output, 6000)}"));

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection db, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(read(reader));
        return list;
    }

    public void Dispose()
    {
        try { _temp.Delete(recursive: true); }
        catch (IOException) { }
    }
}
