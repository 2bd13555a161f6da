namespace TechHealth.GraphQL;

/// <summary>Runs the specification's validation rules over a document.</summary>
public static partial class Validator
{
    public static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document) => ValidateCore(schema, document);

    public static IReadOnlyList<GraphQLError> ValidateSdl(DocumentNode document) => ValidateSdlCore(document);
}
