using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TechHealth.GraphQL.AspNetCore;

namespace TechHealth.GraphQL.AspNetCore.Tests;

/// <summary>
/// A minimal web application serving a tiny schema through <c>MapGraphQL</c>, on the in-memory test server or on a
/// real Kestrel loopback port. Each test builds its own, so options never leak between tests.
/// </summary>
internal sealed class GraphQLTestApp : IAsyncDisposable
{
    public const string Sdl = """
        "A tiny schema for HTTP tests."
        schema {
          query: Query
          mutation: Mutation
          subscription: Subscription
        }

        type Subscription {
          "Counts from 1 up to a number, one event every few milliseconds."
          count(to: Int! = 3, everyMs: Int! = 0): Int
          "Emits nothing until the client completes it."
          forever: Int
          brokenStream: Int
        }

        type Query {
          "Greets someone."
          hello(name: String = "world", style: Style = PLAIN): String
          whoami: String
          fail: String
          wait: String
          greeting: Greeting
        }

        type Greeting {
          text: String
          next: Greeting
        }

        enum Style {
          PLAIN
          LOUD @deprecated(reason: "Too loud.")
        }

        input Filter @oneOf {
          text: String
          style: Style
        }

        type Mutation {
          setGreeting(text: String!, filter: Filter): String
        }
        """;

    private GraphQLTestApp(WebApplication app) => App = app;

    public WebApplication App { get; }

    /// <summary>Set when the <c>wait</c> resolver saw its cancellation token fire.</summary>
    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the <c>forever</c> subscription's source stream was disposed.</summary>
    public TaskCompletionSource ForeverEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the <c>wait</c> resolver started.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Schema BuildSchema(GraphQLTestApp? owner = null) => SchemaBuilder.FromSdl(Sdl)
        .Resolve("Query", "hello", ctx => $"Hello, {ctx.Arguments.GetValueOrDefault("name") ?? "world"}")
        .Resolve("Query", "whoami", ctx => ctx.UserContext.TryGetValue("caller", out var caller) ? caller : null)
        .Resolve("Query", "fail", _ => throw new InvalidOperationException("the fail field always fails"))
        .Resolve("Query", "wait", async ValueTask<object?> (ctx) =>
        {
            owner?.WaitStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                owner?.WaitCancelled.TrySetResult();
                throw;
            }
            return "never";
        })
        .Resolve("Query", "greeting", _ => new Dictionary<string, object?> { ["text"] = "hi" })
        .Resolve("Greeting", "text", ctx => ((IDictionary<string, object?>)ctx.Source!)["text"])
        .Resolve("Greeting", "next", ctx => ctx.Source)
        .Resolve("Mutation", "setGreeting", ctx => ctx.Arguments["text"])
        .Subscribe("Subscription", "count", ctx => Count((int)ctx.Arguments["to"]!, (int)ctx.Arguments["everyMs"]!))
        .Resolve("Subscription", "count", ctx => ctx.Source)
        .Subscribe("Subscription", "forever", _ => Forever(owner))
        .Subscribe("Subscription", "brokenStream", _ => Broken())
        .Resolve("Subscription", "brokenStream", ctx => ctx.Source)
        .Build();

    private static async IAsyncEnumerable<object?> Count(int to, int everyMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= to; i++)
        {
            if (everyMs > 0) await Task.Delay(everyMs, cancellationToken);
            yield return i;
        }
    }

    private static async IAsyncEnumerable<object?> Forever(GraphQLTestApp? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
        finally
        {
            owner?.ForeverEnded.TrySetResult();
        }
    }

    private static async IAsyncEnumerable<object?> Broken()
    {
        yield return 1;
        await Task.Yield();
        throw new GraphQLException("the source stream broke");
    }

    public static async Task<GraphQLTestApp> StartAsync(Action<GraphQLHttpOptions>? configure = null, bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        if (kestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
        else builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        var testApp = new GraphQLTestApp(app);
        var options = new GraphQLHttpOptions();
        configure?.Invoke(options);
        app.MapGraphQL("/graphql", BuildSchema(testApp), options);
        await app.StartAsync();
        return testApp;
    }

    public HttpClient CreateClient() => App.GetTestClient();

    public string Address => App.Urls.First();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
