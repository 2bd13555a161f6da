using System.Net;
using ChilliCream.Nitro.App;
using HotChocolate.AspNetCore;
using HotChocolate.AspNetCore.Formatters;
using HotChocolate.Execution;
using Microsoft.Extensions.Options;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Security;

namespace TechHealth.Api.Apis;

/// <summary>
/// <c>/graphql</c> on HotChocolate: the tech-health schema over GraphQL-over-HTTP, graphql-transport-ws and
/// Server-Sent Events, the schema contract as SDL, and the Nitro explorer served from the package (no CDN).
/// </summary>
public static class GraphQLApi
{
    /// <summary>Where the SDL is served: the contract file itself, as clients and code generators know it.</summary>
    public const string SchemaPath = "/graphql/schema.graphql";

    public static IServiceCollection AddGraphQLApi(this IServiceCollection services, GraphQLLimitOptions limits)
    {
        services.AddSingleton<GraphQLConnectionLimits>();
        services.AddSingleton<ResultCache>();
        services.AddGraphQLServer()
            .AddTechHealthSchema()
            .AddHttpRequestInterceptor<GraphQLCallerInterceptor>()
            .AddSocketSessionInterceptor(_ => new GraphQLSocketInterceptor(limits.MaxOperationsPerConnection))
            .AddHttpResponseFormatter(_ => new GraphQLResponseFormatter())
            // The explorer and code generators introspect; the schema is public (it is served as SDL anyway).
            .DisableIntrospection(false)
            // Keep the specified directives (@oneOf among them) in introspection even where the schema uses none:
            // clients built from the contract know them.
            .ModifyOptions(o => o.RemoveUnusedTypeSystemDirectives = false)
            .ModifyRequestOptions(o =>
            {
                o.ExecutionTimeout = TimeSpan.FromSeconds(Math.Max(1, limits.TimeoutSeconds));
                o.IncludeExceptionDetails = false;
            })
            .ModifyParserOptions(o =>
            {
                o.MaxAllowedTokens = limits.MaxTokens;
                // Field errors say where in the document they arose, as the GraphQL specification asks.
                o.IncludeLocations = true;
            })
            // Cost is the service's own estimate (TechHealth:GraphQL:MaxCost, below), the one the README documents.
            .ModifyCostOptions(o =>
            {
                o.EnforceCostLimits = false;
                o.SkipAnalyzer = true;
            })
            .AddErrorFilter(GraphQLErrors.NameTheLimit)
            .AddFieldErrorLocations()
            .UseRequest(QueryLimits.DocumentLength(limits.MaxDocumentLength), key: "TechHealthDocumentLength",
                before: WellKnownRequestMiddleware.DocumentCacheMiddleware)
            .UseRequest(GraphQLSocketInterceptor.RefuseOverLimit, key: "TechHealthOperationsPerConnection",
                before: WellKnownRequestMiddleware.DocumentCacheMiddleware)
            .UseRequest(QueryLimits.OperationShape(limits.MaxDepth, limits.MaxAliases, limits.MaxCost), key: "TechHealthDocumentShape",
                before: WellKnownRequestMiddleware.DocumentValidationMiddleware)
            .UseRequest(QueryLimits.OperationShape(limits.MaxDepth, limits.MaxAliases, limits.MaxCost), key: "TechHealthOperationShape",
                before: WellKnownRequestMiddleware.OperationExecutionMiddleware)
            .UseRequest(ResultCache.Middleware, key: "TechHealthResultCache", before: WellKnownRequestMiddleware.OperationExecutionMiddleware);
        return services;
    }

    // What a team lead sees first in the explorer: the organisation's figures, then each team's score and what fails most.
    internal const string ExplorerWelcome = """
        # TechHealth: run this with the ▶ button, then open the schema reference to explore the schema.
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
        var limits = app.Services.GetRequiredService<IOptions<GraphQLLimitOptions>>().Value;
        // GraphQL subscriptions (and any operation) over graphql-transport-ws on the same path.
        app.UseWebSockets();
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/graphql"), branch =>
        {
            // Callers are resolved before the GraphQL handler (token validation is asynchronous); reads may require one.
            branch.Use(RequireCallerForReads);
            branch.Use(AnswerJsonByDefault);
            branch.Use(new DocumentLengthLimit(limits.MaxDocumentLength).Enforce);
            branch.Use(app.Services.GetRequiredService<GraphQLConnectionLimits>().Enforce);
        });

        app.MapGet(SchemaPath, () => Results.Text(TechHealthSchema.Sdl, "text/plain; charset=utf-8")).ExcludeFromDescription();
        app.MapGraphQL("/graphql").WithOptions(o =>
        {
            o.EnableSchemaFileSupport = false;
            o.EnableGetRequests = true;
            o.AllowedGetOperations = AllowedGetOperations.Query;
            o.Tool.ServeMode = ServeMode.Embedded;
            o.Tool.Title = "TechHealth GraphQL";
            o.Tool.Document = ExplorerWelcome;
            o.Tool.DisableTelemetry = true;
            o.Sockets.ConnectionInitializationTimeout = TimeSpan.FromSeconds(Math.Max(1, limits.ConnectionInitTimeoutSeconds));
        }).RequireRateLimiting(RateLimiting.PolicyName);
        return app;
    }

    private static async Task RequireCallerForReads(HttpContext ctx, Microsoft.AspNetCore.Http.RequestDelegate next)
    {
        var callers = ctx.RequestServices.GetRequiredService<CallerResolver>();
        var caller = await callers.ResolveAsync(ctx);
        // The explorer page and the SDL hold no data: a browser may load them and then send its key with queries.
        var isExplorerOrSchema = ctx.Request.Path.StartsWithSegments(SchemaPath)
            || (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Query.ContainsKey("query")
                && ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            || (HttpMethods.IsGet(ctx.Request.Method) && ctx.Request.Path.Value?.TrimEnd('/') != "/graphql");
        // A WebSocket's credentials may come in its connection_init message; the connection is authorized there.
        if (!isExplorerOrSchema && !ctx.WebSockets.IsWebSocketRequest && !await callers.MayReadAsync(caller))
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            ctx.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
            await ctx.Response.WriteAsJsonAsync(new { errors = new[] { new { message = caller.Problem ?? "This service requires an API key (X-Api-Key header) or a bearer token for every request." } } });
            return;
        }
        await next(ctx);
    }

    /// <summary>
    /// A request that accepts anything (<c>*/*</c>) or says nothing gets <c>application/json</c>, as the
    /// GraphQL-over-HTTP specification says it SHOULD (curl, scripts and older clients expect it).
    /// </summary>
    private static Task AnswerJsonByDefault(HttpContext ctx, Microsoft.AspNetCore.Http.RequestDelegate next)
    {
        var accept = ctx.Request.Headers.Accept.ToString().Trim();
        if (accept.Length == 0 || accept == "*/*") ctx.Request.Headers.Accept = "application/json";
        return next(ctx);
    }
}

/// <summary>
/// The status code of an answer: a mutation refused for want of credentials is 401 (a client retries with a key),
/// as before; everything else as the GraphQL-over-HTTP specification and HotChocolate decide.
/// </summary>
internal sealed class GraphQLResponseFormatter() : DefaultHttpResponseFormatter(new HttpResponseFormatterOptions(), new DefaultTimeProvider())
{
    protected override HttpStatusCode OnDetermineStatusCode(OperationResult result, FormatInfo format, HttpStatusCode? proposedStatusCode)
    {
        if (result.Errors is { Count: > 0 } errors && errors.Any(e => e.Code == "UNAUTHENTICATED"))
            return HttpStatusCode.Unauthorized;
        return base.OnDetermineStatusCode(result, format, proposedStatusCode);
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
    /// <summary>Seconds a new GraphQL WebSocket has to send connection_init; a silent one is closed with 4408.</summary>
    public int ConnectionInitTimeoutSeconds { get; set; } = 10;
    /// <summary>Server-Sent Event streams open at once; one more is answered 503 with Retry-After.</summary>
    public int MaxEventStreams { get; set; } = 1000;
    /// <summary>Memory for answers kept until the next evaluation run (<see cref="GraphQL.ResultCache"/>); 0 turns the cache off.</summary>
    public int ResultCacheMegabytes { get; set; } = 64;
}
