namespace TechHealth.GraphQL;

public static partial class Validator
{
    private static IReadOnlyList<GraphQLError> ValidateCore(Schema schema, DocumentNode document) => Array.Empty<GraphQLError>();
    private static IReadOnlyList<GraphQLError> ValidateSdlCore(DocumentNode document) => Array.Empty<GraphQLError>();
}

internal static class SchemaValidation
{
    public static IReadOnlyList<GraphQLError> Validate(Schema schema) => Array.Empty<GraphQLError>();
}

internal static class QueryLimits
{
    public static IReadOnlyList<GraphQLError> Check(Schema schema, DocumentNode document, OperationDefinitionNode operation,
        Dictionary<string, FragmentDefinitionNode> fragments, ExecutionLimits limits) => Array.Empty<GraphQLError>();
}

/// <summary>Prints a schema as SDL.</summary>
public static class SchemaPrinter
{
    public static string Print(Schema schema) => "";
}
