using Microsoft.Extensions.Options;
using TechHealth.Api.Fleet;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Security;
using TechHealth.GraphQL;
using TechHealth.GraphQL.AspNetCore;

namespace TechHealth.Api.Apis;

/// <summary><c>/graphql</c>: the tech-health schema over GraphQL-over-HTTP, its SDL, and the GraphiQL explorer.</summary>
public static class GraphQLApi
{
    public static IServiceCollection AddGraphQLApi(this IServiceCollection services)
    {
        services.AddSingleton(_ => TechHealthSchema.Build());
        return services;
    }

    // What a team lead sees first in the explorer: the organisation's figures, then each team's score and what fails most.
    internal const string ExplorerWelcome = """
        # TechHealth: run this with the ▶ button, then open the docs panel (top left) to explore the schema.
        # More examples: docs/graphql.md in the repository.
        {
          organisation { componentCount averageScore levels { level count } }
          teams {
            name
            department { name }
            rollup { averageScore levels { level count } failingMost { checkId failed applicable } }
          }
          gates { id title minLevel allowedCount }
        }
        """;

    public static WebApplication MapGraphQLApi(this WebApplication app)
    {
        // GraphQL subscriptions (and any operation) over graphql-transport-ws on the same path.
        app.UseWebSockets();
        // Callers are resolved before the GraphQL handler (token validation is asynchronous); reads may require one.
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/graphql"), branch => branch.Use(async (ctx, next) =>
        {
            var caller = await ctx.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(ctx);
            var security = ctx.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
            // The explorer page and its assets hold no data: a browser may load them and then send its key with queries.
            var isExplorerOrSchema = ctx.Request.Path.StartsWithSegments("/graphql/explorer")
                || (HttpMethods.IsGet(ctx.Request.Method) && ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));
            // A WebSocket's credentials may come in its connection_init message; the connection is authorized there.
            if (security.RequireAuthenticationForReads && !caller.IsAuthenticated && !isExplorerOrSchema && !ctx.WebSockets.IsWebSocketRequest)
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
                await ctx.Response.WriteAsJsonAsync(new { errors = new[] { new { message = caller.Problem ?? "This service requires an API key (X-Api-Key header) or a bearer token for every request." } } });
                return;
            }
            await next();
        }));

        var limitOptions = app.Services.GetRequiredService<IOptions<GraphQLLimitOptions>>().Value;
        var limits = limitOptions.ToLimits();
        app.MapGraphQL("/graphql", sp => sp.GetRequiredService<Schema>(), new GraphQLHttpOptions
        {
            Limits = limits,
            ExplorerTitle = "TechHealth GraphQL",
            ExplorerDefaultQuery = ExplorerWelcome,
            UserContextFactory = ctx => new Dictionary<string, object?>
            {
                // One snapshot per request: every field of one answer comes from the same evaluation run.
                [TechHealthSchema.SnapshotKey] = ctx.RequestServices.GetRequiredService<FleetState>().Current,
                [Authorization.CallerKey] = ctx.Items.TryGetValue(CallerResolver.HttpItemKey, out var c) ? c : Caller.Anonymous,
            },
            AuthorizeMutation = async ctx =>
            {
                var caller = await ctx.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(ctx);
                if (!caller.IsAuthenticated)
                    return MutationAuthorization.Refused(StatusCodes.Status401Unauthorized,
                        (caller.Problem is null ? "" : caller.Problem + " ") + "Mutations need an API key (X-Api-Key header) or a bearer token.");
                return MutationAuthorization.Allowed;
            },
            MaxEventStreams = limitOptions.MaxEventStreams,
            EventStreamKeepAlive = TimeSpan.FromSeconds(limitOptions.EventStreamKeepAliveSeconds),
            WebSockets = new GraphQLWebSocketOptions
            {
                MaxConnections = limitOptions.MaxWebSocketConnections,
                MaxOperationsPerConnection = limitOptions.MaxOperationsPerConnection,
                AuthorizeConnection = async (ctx, payload) =>
                {
                    var caller = await ctx.RequestServices.GetRequiredService<CallerResolver>().ResolveForSocketAsync(ctx, payload);
                    var security = ctx.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
                    if (security.RequireAuthenticationForReads && !caller.IsAuthenticated)
                        return ConnectionAuthorization.Refused(caller.Problem ?? "Send an API key in the connection_init payload: {\"X-Api-Key\": \"...\"}");
                    return ConnectionAuthorization.Allowed;
                },
            },
        }).RequireRateLimiting(RateLimiting.PolicyName);
        return app;
    }
}

/// <summary><c>TechHealth:GraphQL</c>: the limits every query is checked against before it runs, and those of live connections.</summary>
public sealed class GraphQLLimitOptions
{
    public int MaxDocumentLength { get; set; } = 64 * 1024;
    public int MaxTokens { get; set; } = 10_000;
    public int MaxDepth { get; set; } = 15;
    public int MaxAliases { get; set; } = 50;
    public long MaxCost { get; set; } = 250_000;
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>Open GraphQL WebSockets at once (dashboards following runs); one more is closed with 1013, try again later.</summary>
    public int MaxWebSocketConnections { get; set; } = 1000;
    /// <summary>Operations one WebSocket may run at once; one more gets an error message and the socket stays open.</summary>
    public int MaxOperationsPerConnection { get; set; } = 100;
    /// <summary>Server-Sent Event streams open at once; one more is answered 503 with Retry-After.</summary>
    public int MaxEventStreams { get; set; } = 1000;
    /// <summary>Seconds between keep-alive comments on an idle event stream, so proxies keep a waiting subscription open; 0 turns them off.</summary>
    public int EventStreamKeepAliveSeconds { get; set; } = 15;

    public ExecutionLimits ToLimits() => new()
    {
        MaxDocumentLength = MaxDocumentLength,
        MaxTokens = MaxTokens,
        MaxDepth = MaxDepth,
        MaxAliases = MaxAliases,
        MaxCost = MaxCost,
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
    };
}
