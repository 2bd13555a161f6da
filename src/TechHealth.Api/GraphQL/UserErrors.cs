using TechHealth.GraphQL;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// The errors a resolver raises for what the caller sent: each carries the <c>code</c> extension clients branch on
/// (and the argument or input field at fault, where there is one). It builds errors only; it decides nothing.
/// </summary>
internal static class UserErrors
{
    public static GraphQLException BadInput(string message, string? field = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = "BAD_USER_INPUT" };
        if (field is not null) extensions["field"] = field;
        return new GraphQLException(message, extensions);
    }

    public static GraphQLException NotFound(string message)
        => new(message, new Dictionary<string, object?> { ["code"] = "NOT_FOUND" });
}
