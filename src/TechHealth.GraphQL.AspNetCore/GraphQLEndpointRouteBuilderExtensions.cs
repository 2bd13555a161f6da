using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TechHealth.GraphQL.AspNetCore;

/// <summary>
/// Maps a GraphQL endpoint that follows the GraphQL-over-HTTP specification. It owns routing only; request handling
/// lives in <see cref="GraphQLHttpHandler"/> and must stay free of any particular schema's knowledge.
/// </summary>
public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>Maps <paramref name="pattern"/> (GET and POST), its SDL and its explorer for one fixed schema.</summary>
    public static RouteGroupBuilder MapGraphQL(
        this IEndpointRouteBuilder endpoints, string pattern, Schema schema, GraphQLHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return endpoints.MapGraphQL(pattern, _ => schema, options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> with a schema looked up per request from the request's services, so the host
    /// can swap schemas (for example after reloading definitions). The factory should be cheap.
    /// </summary>
    public static RouteGroupBuilder MapGraphQL(
        this IEndpointRouteBuilder endpoints, string pattern, Func<IServiceProvider, Schema> schemaFactory,
        GraphQLHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(schemaFactory);
        var handler = new GraphQLHttpHandler(schemaFactory, options ?? new GraphQLHttpOptions());
        var group = endpoints.MapGroup(pattern);
        group.Map("", handler.HandleAsync).WithDisplayName($"GraphQL {pattern}");
        group.MapGet("/schema.graphql", handler.HandleSchemaAsync).WithDisplayName($"GraphQL SDL {pattern}");
        group.MapGet("/explorer/{file}", handler.HandleExplorerAssetAsync).WithDisplayName($"GraphQL explorer {pattern}");
        return group;
    }
}
