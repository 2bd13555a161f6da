namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Tells which kind of operation a request would run, so the HTTP layer can refuse mutations over GET and ask the
/// host before a mutation. It reports nothing about invalid documents; the executor answers those properly.
/// </summary>
internal static class OperationFinder
{
    public static OperationType? Find(string query, string? operationName)
    {
        // Without either keyword the document can only hold queries; skipping the parse keeps reads cheap.
        if (!query.Contains("mutation", StringComparison.Ordinal) && !query.Contains("subscription", StringComparison.Ordinal))
        {
            return OperationType.Query;
        }
        DocumentNode document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (Exception e) when (e is GraphQLSyntaxException or TokenLimitException)
        {
            return null;
        }
        OperationDefinitionNode? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not OperationDefinitionNode operation) continue;
            if (operationName is null)
            {
                if (found is not null) return null;
                found = operation;
            }
            else if (operation.Name?.Value == operationName)
            {
                return operation.Operation;
            }
        }
        return found?.Operation;
    }
}
