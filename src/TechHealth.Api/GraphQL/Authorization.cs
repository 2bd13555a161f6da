using HotChocolate;
using HotChocolate.Resolvers;
using TechHealth.Api.Security;

namespace TechHealth.Api.GraphQL;

/// <summary>Role checks inside resolvers, by the role policies: the transport has already resolved the caller into the request's state.</summary>
public static class Authorization
{
    public const string CallerKey = "techhealth.caller";

    /// <summary>Returns the caller's name, or refuses with a message that says what credential is needed.</summary>
    public static async ValueTask<string> RequireAsync(IResolverContext ctx, ApiRole role)
    {
        var caller = ctx.GetGlobalStateOrDefault<Caller?>(CallerKey) ?? Caller.Anonymous;
        var field = ctx.Selection.Field.Name;
        if (!caller.IsAuthenticated)
            throw UserErrors.Coded(
                (caller.Problem is null ? "" : caller.Problem + " ") +
                $"'{field}' needs an API key with the {role.ToString().ToLowerInvariant()} role (send it in the X-Api-Key header) or a bearer token.",
                "UNAUTHENTICATED");
        if (!await ctx.Service<CallerResolver>().HasAsync(caller, role))
            throw UserErrors.Coded($"'{field}' needs the {role.ToString().ToLowerInvariant()} role; '{caller.Name}' has {caller.Role.ToString()!.ToLowerInvariant()}.", "FORBIDDEN");
        return caller.Name;
    }
}
