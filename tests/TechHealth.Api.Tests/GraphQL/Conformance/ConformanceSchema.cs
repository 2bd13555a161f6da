using System.Text.Json;
using HotChocolate;
using HotChocolate.Configuration;
using HotChocolate.Execution;
using HotChocolate.Language;
using HotChocolate.Resolvers;
using HotChocolate.Types.Descriptors.Configurations;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.GraphQL;

namespace TechHealth.Api.Tests.GraphQL.Conformance;

/// <summary>
/// The conformance schema (schema.graphql) on HotChocolate, bound to data.json with the resolution conventions of
/// tools/graphql-reference/run.mjs: a <c>value</c> argument is echoed, fields named <c>*fail*</c> throw
/// <c>boom &lt;field&gt;</c>, <c>*bump*</c> counts per request, <c>async*</c> resolve later, everything else reads the
/// parent object's property (the root fields read data.json), abstract types resolve by <c>__typename</c>, and a
/// subscription field's source stream yields data.json's <c>events.&lt;field&gt;</c> items (or throws at creation for
/// <c>*fail*</c>), each event being the root value its root field reads. It must stay identical to run.mjs. The service's own HotChocolate setup (parser, validation,
/// execution) answers it; only the schema differs.
/// </summary>
internal static class ConformanceSchema
{
    private const string RootKey = "conformance.root";
    private const string CounterKey = "conformance.counter";
    private static readonly Lazy<Task<IRequestExecutor>> Built = new(BuildAsync);

    public static Task<IRequestExecutor> ExecutorAsync() => Built.Value;

    public static string Sdl => File.ReadAllText(System.IO.Path.Combine(ReferenceImplementation.ConformanceFolder, "schema.graphql"));

    /// <summary>The root value both sides execute against: data.json as plain values.</summary>
    public static object? RootValue => Root.Value;

    private static readonly Lazy<object?> Root = new(() =>
    {
        using var data = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(ReferenceImplementation.ConformanceFolder, "data.json")));
        return ToPlain(data.RootElement);
    });

    /// <summary>A request carrying the root value and a fresh <c>bump</c> counter, as run.mjs's context value.</summary>
    public static OperationRequestBuilder Request(string document) => OperationRequestBuilder.New()
        .SetDocument(document)
        .SetGlobalState(RootKey, RootValue)
        .SetGlobalState(CounterKey, new int[1]);

    private static async Task<IRequestExecutor> BuildAsync()
    {
        var sdl = Sdl;
        var builder = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddGraphQL()
            .AddDocumentFromString(sdl)
            .ModifyOptions(o =>
            {
                o.DefaultIsOfTypeCheck = (type, _, value) => value is Dictionary<string, object?> map && Equals(map.GetValueOrDefault("__typename"), type.Name);
                o.RemoveUnusedTypeSystemDirectives = false;
            })
            .ModifyCostOptions(o => o.EnforceCostLimits = false)
            .ModifyParserOptions(o => o.IncludeLocations = true)
            .AddFieldErrorLocations()
            .TryAddTypeInterceptor(new SubscriptionStreams());
        foreach (var type in Utf8GraphQLParser.Parse(sdl).Definitions.OfType<ObjectTypeDefinitionNode>())
        {
            foreach (var field in type.Fields)
            {
                var fieldName = field.Name.Value;
                var echoes = field.Arguments.Any(a => a.Name.Value == "value");
                object? ResolveNow(IResolverContext context)
                {
                    if (echoes) return context.ArgumentValue<object?>("value");
                    if (fieldName.Contains("fail", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"boom {fieldName}");
                    if (fieldName.Contains("bump", StringComparison.OrdinalIgnoreCase)) return ++context.GetGlobalState<int[]>(CounterKey)![0];
                    var parent = context.Parent<object?>() as Dictionary<string, object?> ?? context.GetGlobalState<object?>(RootKey) as Dictionary<string, object?>;
                    return parent?.GetValueOrDefault(fieldName);
                }
                if (type.Name.Value == "Subscription")
                    // Each event is the root value of its execution, as graphql-js's subscribe makes it: the root field
                    // reads its own name from the event, like every other field reads its parent.
                    builder.AddResolver(type.Name.Value, fieldName, context => (context.GetEventMessage<object>() as Dictionary<string, object?>)?.GetValueOrDefault(fieldName));
                else if (fieldName.StartsWith("async", StringComparison.Ordinal))
                    builder.AddResolver(type.Name.Value, fieldName, async ValueTask<object?> (context) =>
                    {
                        await Task.Yield();
                        return ResolveNow(context);
                    });
                else
                    builder.AddResolver(type.Name.Value, fieldName, context => ResolveNow(context));
            }
        }
        return await builder.Services.BuildServiceProvider().GetRequestExecutorAsync();
    }

    /// <summary>Gives every <c>Subscription</c> field its source stream: data.json's <c>events.&lt;field&gt;</c>.</summary>
    private sealed class SubscriptionStreams : TypeInterceptor
    {
        public override void OnBeforeCompleteType(ITypeCompletionContext completionContext, TypeSystemConfiguration configuration)
        {
            if (configuration is not ObjectTypeConfiguration { Name: "Subscription" } subscription) return;
            foreach (var field in subscription.Fields)
            {
                var fieldName = field.Name;
                field.SubscribeResolver = context => fieldName.Contains("fail", StringComparison.OrdinalIgnoreCase)
                    ? throw new InvalidOperationException($"boom {fieldName}")
                    : ValueTask.FromResult<ISourceStream>(new ListStream(Events(context.GetGlobalState<object?>(RootKey), fieldName)));
            }
        }
    }

    private sealed class ListStream(IAsyncEnumerable<object> events) : ISourceStream
    {
        public IAsyncEnumerable<object> ReadEventsAsync() => events;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The items of the root value's <c>events.&lt;field&gt;</c> list, one at a time and asynchronously, as run.mjs yields them.</summary>
    private static async IAsyncEnumerable<object> Events(object? root, string fieldName)
    {
        var items = root is Dictionary<string, object?> map && map.GetValueOrDefault("events") is Dictionary<string, object?> events
            && events.GetValueOrDefault(fieldName) is List<object?> list ? list : [];
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item!;
        }
    }

    /// <summary>JSON to the plain values resolvers hand the engine: dictionaries, lists, long, double, string, bool.</summary>
    public static object? ToPlain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
