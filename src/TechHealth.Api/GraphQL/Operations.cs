using HotChocolate.Language;

namespace TechHealth.Api.GraphQL;

/// <summary>Finding the operation a request runs in its document, for the request stages that read the document.</summary>
internal static class Operations
{
    /// <summary>The operation named, or the first one when no name is given (a valid document then has only one).</summary>
    public static OperationDefinitionNode? Find(DocumentNode document, string? name)
    {
        foreach (var definition in document.Definitions)
            if (definition is OperationDefinitionNode o && (name is null || string.Equals(o.Name?.Value, name, StringComparison.Ordinal)))
                return o;
        return null;
    }
}
