namespace TechHealth.GraphQL;

/// <summary>A schema paired with default execution options; the object a host keeps and calls per request.</summary>
public sealed class GraphQLExecutor
{
    public GraphQLExecutor(Schema schema, ExecutionOptions? defaults = null)
    {
        Schema = schema;
        Defaults = defaults ?? new ExecutionOptions();
    }

    public Schema Schema { get; }
    public ExecutionOptions Defaults { get; }

    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, ExecutionOptions? options = null) =>
        Executor.ExecuteAsync(Schema, request, options ?? Defaults);

    public Task<ExecutionResult> ExecuteAsync(string query, IReadOnlyDictionary<string, object?>? variables = null, string? operationName = null) =>
        Executor.ExecuteAsync(Schema, new GraphQLRequest { Query = query, Variables = variables, OperationName = operationName }, Defaults);
}
