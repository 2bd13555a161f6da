using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TechHealth.GraphQL;

/// <summary>One GraphQL request as a client sends it; transport-neutral.</summary>
public sealed class GraphQLRequest
{
    public string? Query { get; init; }
    public string? OperationName { get; init; }
    /// <summary>Variables as plain values (dictionaries, lists, numbers, strings, booleans).</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
    /// <summary>Variables as received in JSON; used when <see cref="Variables"/> is null. Must be an object or null.</summary>
    public JsonElement? VariablesJson { get; init; }
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
}

/// <summary>Operation types a caller permits (GET requests permit only queries).</summary>
[Flags]
public enum AllowedOperations
{
    None = 0,
    Query = 1,
    Mutation = 2,
    Subscription = 4,
    All = Query | Mutation | Subscription,
}

/// <summary>Per-request execution settings: limits, services, user context, cancellation and permitted operations.</summary>
public sealed class ExecutionOptions
{
    public ExecutionLimits Limits { get; init; } = new();
    public IServiceProvider? RequestServices { get; init; }
    public IDictionary<string, object?> UserContext { get; init; } = new Dictionary<string, object?>();
    public CancellationToken CancellationToken { get; init; }
    public AllowedOperations AllowedOperations { get; init; } = AllowedOperations.All;
    /// <summary>The value root fields receive as their source.</summary>
    public object? RootValue { get; init; }
    /// <summary>
    /// When false, messages of unexpected resolver exceptions (not <see cref="GraphQLException"/>)
    /// are replaced by "Unexpected error." so internals do not leak. The reference implementation exposes them.
    /// </summary>
    public bool ExposeExceptionMessages { get; init; } = true;
}

/// <summary>
/// Bounds checked before execution (document length, tokens, depth, aliases, estimated cost) and
/// during it (time). Null means unbounded. Each refusal names the limit it hit.
/// </summary>
public sealed class ExecutionLimits
{
    public int? MaxDocumentLength { get; init; }
    public int? MaxTokens { get; init; }
    public int? MaxDepth { get; init; }
    public int? MaxAliases { get; init; }
    /// <summary>Cost estimate: every field costs 1, multiplied by the sizes of the lists above it.</summary>
    public long? MaxCost { get; init; }
    /// <summary>Size assumed for a list field without a first/last/limit argument.</summary>
    public int DefaultListSize { get; init; } = 10;
    public TimeSpan? Timeout { get; init; }

    /// <summary>Limits suited to a public endpoint.</summary>
    public static ExecutionLimits Recommended { get; } = new()
    {
        MaxDocumentLength = 100_000,
        MaxTokens = 15_000,
        MaxDepth = 15,
        MaxAliases = 50,
        MaxCost = 100_000,
        Timeout = TimeSpan.FromSeconds(30),
    };
}

/// <summary>Which stage refused or failed a request; transports map it to status codes.</summary>
public enum GraphQLErrorKind
{
    /// <summary>No error, or only field errors alongside data.</summary>
    None,
    /// <summary>The request itself is unusable: no query, unknown operation name, bad variables shape.</summary>
    Request,
    Parse,
    Validation,
    /// <summary>A limit refused the document before execution, or execution exceeded its time limit.</summary>
    Limit,
    /// <summary>Variable values did not coerce to their declared types.</summary>
    VariableCoercion,
    /// <summary>The operation type is not permitted by <see cref="ExecutionOptions.AllowedOperations"/>.</summary>
    OperationNotAllowed,
    /// <summary>Execution ran; errors are field errors and data is present (possibly null).</summary>
    Execution,
}

/// <summary>
/// The response of one request: data (absent or present, possibly null), errors and extensions,
/// written as the specification's response map with errors before data.
/// </summary>
public sealed class ExecutionResult
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IReadOnlyDictionary<string, object?>? Data { get; init; }
    /// <summary>True when the response has a "data" entry (even "data": null).</summary>
    public bool HasData { get; init; }
    public IReadOnlyList<GraphQLError> Errors { get; init; } = Array.Empty<GraphQLError>();
    public GraphQLErrorKind ErrorKind { get; init; }
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    internal static ExecutionResult Failure(GraphQLErrorKind kind, params GraphQLError[] errors) =>
        new() { ErrorKind = kind, Errors = errors };

    internal static ExecutionResult Failure(GraphQLErrorKind kind, IReadOnlyList<GraphQLError> errors) =>
        new() { ErrorKind = kind, Errors = errors };

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Errors.Count > 0)
        {
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var error in Errors) error.WriteJson(writer);
            writer.WriteEndArray();
        }
        if (HasData)
        {
            writer.WritePropertyName("data");
            JsonValueWriter.Write(writer, Data);
        }
        if (Extensions is { Count: > 0 })
        {
            writer.WritePropertyName("extensions");
            JsonValueWriter.Write(writer, Extensions);
        }
        writer.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) WriteJson(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public override string ToString() => ToJson();
}
