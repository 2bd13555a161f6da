using HotChocolate;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// HotChocolate's own refusals that stand for one of the service's limits, named as the service names them
/// (<c>extensions.code = LIMIT_EXCEEDED</c>, <c>extensions.limit</c>) so clients branch on one shape.
/// </summary>
public static class GraphQLErrors
{
    public static IError NameTheLimit(IError error)
    {
        if (error.Extensions?.ContainsKey("limit") == true) return error;
        var message = error.Message ?? "";
        var (limit, explanation) = error.Code switch
        {
            // HotChocolate's validation refuses the same field nested in a cycle (team > components > team ...)
            // past a few turns, before the service measures depth: it is the depth limit for cyclic nesting.
            "HC0087" => ("MaxDepth", "Query nests the same fields in a cycle past the depth limit for cyclic nesting."),
            // The parser's limits: TechHealth:GraphQL:MaxTokens, and HotChocolate's 2,048 fields per document.
            "HC0011" when message.Contains("tokens", StringComparison.OrdinalIgnoreCase) => ("MaxTokens", $"{message} (limit: MaxTokens)"),
            "HC0011" when message.Contains("fields", StringComparison.OrdinalIgnoreCase) => ("MaxFields", $"{message} (limit: 2048 fields)"),
            _ when message.Contains("timeout", StringComparison.OrdinalIgnoreCase) => ("Timeout", $"{message} (limit: TimeoutSeconds)"),
            _ => (null, message),
        };
        return limit is null ? error : error.WithMessage(explanation).WithCode(QueryLimits.Code).SetExtension("limit", limit);
    }
}
