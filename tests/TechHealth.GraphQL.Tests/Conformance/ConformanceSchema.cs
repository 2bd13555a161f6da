using System.Text.Json;
using System.Text.RegularExpressions;

namespace TechHealth.GraphQL.Tests.Conformance;

/// <summary>
/// Builds the conformance schema (schema.graphql) bound to data.json with the same resolution conventions as
/// tools/graphql-reference/run.mjs: a <c>value</c> argument is echoed, fields named <c>*fail*</c> throw
/// <c>boom &lt;field&gt;</c>, <c>*bump*</c> counts per request, <c>async*</c> resolve later, everything else reads the
/// parent object's property, abstract types resolve by <c>__typename</c>, and a subscription field's source stream
/// yields the root value's <c>events.&lt;field&gt;</c> items (or throws at creation for <c>*fail*</c>). It must stay identical to run.mjs.
/// </summary>
internal static partial class ConformanceSchema
{
    private static readonly Lazy<Schema> Built = new(Build);

    public static Schema Instance => Built.Value;

    public static string Sdl => File.ReadAllText(Path.Combine(ReferenceImplementation.ConformanceFolder, "schema.graphql"));

    /// <summary>The root value both sides execute against: data.json as plain values.</summary>
    public static object? RootValue => Root.Value;

    private static readonly Lazy<object?> Root = new(() =>
    {
        using var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceImplementation.ConformanceFolder, "data.json")));
        return ToPlain(data.RootElement);
    });

    /// <summary>Counts <c>bump</c> calls in the request's user context, as run.mjs counts in its context value.</summary>
    private static object Bump(IDictionary<string, object?> userContext)
    {
        var next = (userContext.TryGetValue("counter", out var current) ? (int)current! : 0) + 1;
        userContext["counter"] = next;
        return next;
    }

    private static Schema Build()
    {
        var sdl = Sdl;
        var builder = SchemaBuilder.FromSdl(sdl);
        var definitions = Parser.Parse(sdl).Definitions;
        foreach (var definition in definitions)
        {
            if (definition is not ObjectTypeDefinitionNode type) continue;
            foreach (var field in type.Fields)
            {
                var fieldName = field.Name.Value;
                var echoes = field.Arguments.Any(a => a.Name.Value == "value");
                object? ResolveNow(ResolveContext context)
                {
                    if (echoes) return context.Arguments.GetValueOrDefault("value");
                    if (fieldName.Contains("fail", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"boom {fieldName}");
                    if (fieldName.Contains("bump", StringComparison.OrdinalIgnoreCase)) return Bump(context.UserContext);
                    return context.Source is Dictionary<string, object?> map ? map.GetValueOrDefault(fieldName) : null;
                }
                if (type.Name.Value == "Subscription")
                {
                    builder.Subscribe(type.Name.Value, fieldName, context => fieldName.Contains("fail", StringComparison.OrdinalIgnoreCase)
                        ? throw new InvalidOperationException($"boom {fieldName}")
                        : Events(context.Source, fieldName));
                }
                if (fieldName.StartsWith("async", StringComparison.Ordinal))
                {
                    builder.Resolve(type.Name.Value, fieldName, async ValueTask<object?> (context) =>
                    {
                        await Task.Yield();
                        return ResolveNow(context);
                    });
                }
                else
                {
                    builder.Resolve(type.Name.Value, fieldName, context => ResolveNow(context));
                }
            }
        }
        foreach (var definition in definitions)
        {
            if (definition is InterfaceTypeDefinitionNode or UnionTypeDefinitionNode)
            {
                builder.ResolveType(((TypeDefinitionNode)definition).Name.Value,
                    (value, _) => value is Dictionary<string, object?> map ? map.GetValueOrDefault("__typename") as string : null);
            }
        }
        builder.ScalarType("Date", serialize: CoerceDate, parseValue: CoerceDate, parseLiteral: node =>
            node is StringValueNode text ? CoerceDate(text.Value) : throw new GraphQLException("Date cannot represent a non-string value"));
        return builder.Build();
    }

    /// <summary>The items of the root value's <c>events.&lt;field&gt;</c> list, one at a time and asynchronously, as run.mjs yields them.</summary>
    private static async IAsyncEnumerable<object?> Events(object? root, string fieldName)
    {
        var items = root is Dictionary<string, object?> map && map.GetValueOrDefault("events") is Dictionary<string, object?> events
            && events.GetValueOrDefault(fieldName) is List<object?> list ? list : [];
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static object? CoerceDate(object? value)
    {
        if (value is not string text) throw new GraphQLException("Date cannot represent a non-string value");
        if (!DatePattern().IsMatch(text)) throw new GraphQLException($"Date cannot represent value: {JsonSerializer.Serialize(text)}");
        return text;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

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
