using TechHealth.Api.Security;
using TechHealth.GraphQL;

namespace TechHealth.Api.GraphQL;

/// <summary>Role checks inside resolvers: the HTTP layer has already resolved the caller into the user context.</summary>
public static class Authorization
{
    public const string CallerKey = "techhealth.caller";

    /// <summary>Returns the caller's name, or refuses with a message that says what credential is needed.</summary>
    public static string Require(ResolveContext ctx, ApiRole role)
    {
        var caller = ctx.UserContext.TryGetValue(CallerKey, out var c) && c is Caller found ? found : Caller.Anonymous;
        if (!caller.IsAuthenticated)
            throw new GraphQLException(
                (caller.Problem is null ? "" : caller.Problem + " ") +
                $"'{ctx.FieldName}' needs an API key with the {role.ToString().ToLowerInvariant()} role (send it in the X-Api-Key header) or a bearer token.",
                new Dictionary<string, object?> { ["code"] = "UNAUTHENTICATED" });
        if (!caller.Has(role))
            throw new GraphQLException($"'{ctx.FieldName}' needs the {role.ToString().ToLowerInvariant()} role; '{caller.Name}' has {caller.Role.ToString()!.ToLowerInvariant()}.",
                new Dictionary<string, object?> { ["code"] = "FORBIDDEN" });
        return caller.Name;
    }
}
