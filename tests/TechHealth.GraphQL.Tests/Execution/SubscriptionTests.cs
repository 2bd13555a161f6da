using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TechHealth.GraphQL.Tests.Execution;

public class SubscriptionTests
{
    private const string Sdl = """
        type Query { ping: String }
        type Mutation { touch: Int }
        type Subscription {
          tick(upTo: Int!): Tick
          counted: Int!
          broken: Tick
          plain: Tick
        }
        type Tick { n: Int! label: String fail: String deep: Tick }
        """;

    /// <summary>Events pushed by the test and read by the subscription; records when the subscriber stops reading.</summary>
    private sealed class Feed
    {
        public Channel<object?> Events { get; } = Channel.CreateUnbounded<object?>();
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<object?> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                await foreach (var item in Events.Reader.ReadAllAsync(cancellationToken)) yield return item;
            }
            finally
            {
                Disposed.TrySetResult();
            }
        }
    }

    private static Schema Build(Feed feed) => SchemaBuilder.FromSdl(Sdl)
        .Resolve("Query", "ping", _ => "pong")
        .Resolve("Mutation", "touch", _ => 1)
        .Subscribe("Subscription", "tick", context => Ticks((int)context.Argument<int>("upTo")))
        .Resolve("Subscription", "tick", context => context.Source)
        .Subscribe("Subscription", "counted", _ => feed.ReadAsync())
        .Resolve("Subscription", "counted", context => context.Source)
        .Subscribe("Subscription", "broken", IAsyncEnumerable<object?> (_) => throw new GraphQLException("no stream today"))
        .Resolve("Tick", "fail", context => (int)((Dictionary<string, object?>)context.Source!)["n"]! == 2 ? throw new InvalidOperationException("event 2 fails") : "fine")
        .Build();

    private static async IAsyncEnumerable<object?> Ticks(int upTo)
    {
        for (var i = 1; i <= upTo; i++)
        {
            await Task.Yield();
            yield return new Dictionary<string, object?> { ["n"] = i, ["label"] = $"tick {i}" };
        }
    }

    private static async Task<List<string>> Collect(SubscriptionResult result)
    {
        result.IsStream.ShouldBeTrue(result.Result?.ToJson());
        var list = new List<string>();
        await foreach (var item in result.Events!) list.Add(item.ToJson());
        return list;
    }

    [Fact]
    public async Task Each_source_event_executes_the_selection_set_with_the_event_as_root_value()
    {
        var result = await Executor.SubscribeAsync(Build(new Feed()), new GraphQLRequest { Query = "subscription { tick(upTo: 3) { n label } }" });

        (await Collect(result)).ShouldBe(new[]
        {
            """{"data":{"tick":{"n":1,"label":"tick 1"}}}""",
            """{"data":{"tick":{"n":2,"label":"tick 2"}}}""",
            """{"data":{"tick":{"n":3,"label":"tick 3"}}}""",
        });
    }

    [Fact]
    public async Task A_field_error_stays_within_its_event()
    {
        var result = await Executor.SubscribeAsync(Build(new Feed()), new GraphQLRequest { Query = "subscription { tick(upTo: 3) { n fail } }" });

        var events = await Collect(result);

        events[0].ShouldBe("""{"data":{"tick":{"n":1,"fail":"fine"}}}""");
        events[1].ShouldBe("""{"errors":[{"message":"event 2 fails","locations":[{"line":1,"column":34}],"path":["tick","fail"]}],"data":{"tick":{"n":2,"fail":null}}}""");
        events[2].ShouldBe("""{"data":{"tick":{"n":3,"fail":"fine"}}}""");
    }

    [Fact]
    public async Task Variables_reach_the_subscribe_resolver()
    {
        var result = await Executor.SubscribeAsync(Build(new Feed()), new GraphQLRequest
        {
            Query = "subscription S($to: Int!) { tick(upTo: $to) { n } }",
            Variables = new Dictionary<string, object?> { ["to"] = 2 },
        });

        (await Collect(result)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("subscription { broken { n } }", """{"errors":[{"message":"no stream today","locations":[{"line":1,"column":16}],"path":["broken"]}]}""")]
    [InlineData("subscription { plain { n } }", """{"errors":[{"message":"Subscription field must return Async Iterable. Received: null.","locations":[{"line":1,"column":16}],"path":["plain"]}]}""")]
    [InlineData("subscription { tick(upTo: 1) { n } counted }", """{"errors":[{"message":"Anonymous Subscription must select only one top level field.","locations":[{"line":1,"column":36}]}]}""")]
    [InlineData("subscription S($to: Int!) { tick(upTo: $to) { n } }", """{"errors":[{"message":"Variable \"$to\" has invalid value: Expected a value of non-null type \"Int!\" to be provided.","locations":[{"line":1,"column":16}]}]}""")]
    [InlineData("{ ping }", """{"data":{"ping":"pong"}}""")]
    [InlineData("mutation { touch }", """{"data":{"touch":1}}""")]
    public async Task Request_errors_and_other_operations_come_back_as_one_result(string query, string expected)
    {
        var result = await Executor.SubscribeAsync(Build(new Feed()), new GraphQLRequest { Query = query });

        result.IsStream.ShouldBeFalse();
        result.Result!.ToJson().ShouldBe(expected);
    }

    [Fact]
    public async Task Cancelling_the_consumer_ends_the_stream_and_disposes_the_source()
    {
        var feed = new Feed();
        var result = await Executor.SubscribeAsync(Build(feed), new GraphQLRequest { Query = "subscription { counted }" });
        using var stop = new CancellationTokenSource();
        var received = new List<string>();

        await feed.Events.Writer.WriteAsync(7);
        var reading = Task.Run(async () =>
        {
            await foreach (var item in result.Events!.WithCancellation(stop.Token))
            {
                received.Add(item.ToJson());
                stop.Cancel();
            }
        });

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        await feed.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        received.ShouldBe(new[] { """{"data":{"counted":7}}""" });
    }

    [Fact]
    public async Task The_stream_ends_when_the_source_completes()
    {
        var feed = new Feed();
        var result = await Executor.SubscribeAsync(Build(feed), new GraphQLRequest { Query = "subscription { counted }" });

        await feed.Events.Writer.WriteAsync(1);
        await feed.Events.Writer.WriteAsync(null);
        feed.Events.Writer.Complete();

        var events = await Collect(result);
        events[0].ShouldBe("""{"data":{"counted":1}}""");
        events[1].ShouldBe("""{"errors":[{"message":"Cannot return null for non-nullable field Subscription.counted.","locations":[{"line":1,"column":16}],"path":["counted"]}],"data":null}""");
    }

    [Fact]
    public async Task Depth_limit_refuses_a_subscription_before_its_stream_is_created()
    {
        var result = await Executor.SubscribeAsync(Build(new Feed()), new GraphQLRequest { Query = "subscription { tick(upTo: 1) { deep { deep { deep { n } } } } }" },
            new ExecutionOptions { Limits = new ExecutionLimits { MaxDepth = 2 } });

        result.IsStream.ShouldBeFalse();
        result.Result!.ErrorKind.ShouldBe(GraphQLErrorKind.Limit);
    }

    [Fact]
    public void Binding_a_subscribe_resolver_outside_the_subscription_type_is_refused()
    {
        var ex = Should.Throw<SchemaException>(() => SchemaBuilder.FromSdl(Sdl).Subscribe("Query", "ping", _ => Ticks(1)).Build());
        ex.Message.ShouldContain("\"Query\" is not the subscription root type");
    }
}
