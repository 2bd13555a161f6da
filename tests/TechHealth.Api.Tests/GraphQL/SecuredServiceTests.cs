using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>A service with JWT bearer tokens accepted and authentication required for reads.</summary>
public sealed class SecuredFactory() : TechHealthFactory(components: 12, new Dictionary<string, string?>
{
    ["TechHealth:Security:RequireAuthenticationForReads"] = "true",
    ["TechHealth:Security:Jwt:SigningKey"] = SigningKey,
    ["TechHealth:Security:Jwt:Issuer"] = "techhealth-tests",
})
{
    public const string SigningKey = "a-test-signing-key-of-at-least-32-characters";

    public static string Token(string role, TimeSpan expiresIn, string key = SigningKey, string issuer = "techhealth-tests")
    {
        var now = DateTime.UtcNow;
        var notBefore = expiresIn > TimeSpan.Zero ? now.AddMinutes(-1) : now + expiresIn - TimeSpan.FromMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "ci-bot"), new Claim("role", role)]),
            Issuer = issuer,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = now + expiresIn,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}

public class SecuredServiceTests(SecuredFactory factory) : IClassFixture<SecuredFactory>
{
    private const string Read = "{ organisation { componentCount } }";

    [Fact]
    public async Task An_anonymous_read_is_refused_with_401_and_a_reason()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, Read);
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("API key");
    }

    [Fact]
    public async Task A_websocket_without_credentials_is_closed_with_4403_at_connection_init()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectWithoutAckAsync(factory, null);

        (await socket.ReceiveAsync()).ShouldBeNull("expected the socket to close");

        ((int?)socket.Socket.CloseStatus).ShouldBe(4403);
        socket.Socket.CloseStatusDescription.ShouldNotBeNull().ShouldContain("X-Api-Key");
    }

    [Fact]
    public async Task A_websocket_with_an_unknown_key_is_closed_with_4403_and_the_reason()
    {
        await factory.ReadyAsync();
        await using var socket = await SocketClient.ConnectWithoutAckAsync(factory, new { apiKey = "not-a-key" });

        (await socket.ReceiveAsync()).ShouldBeNull("expected the socket to close");

        ((int?)socket.Socket.CloseStatus).ShouldBe(4403);
        socket.Socket.CloseStatusDescription.ShouldBe("The API key is not one this service knows.");
    }

    [Fact]
    public async Task A_websocket_with_a_reader_key_or_a_token_in_connection_init_may_query()
    {
        await factory.ReadyAsync();
        await using var withKey = await SocketClient.ConnectAsync(factory, new { apiKey = TechHealthFactory.ReaderKey });
        await withKey.SendAsync(new { id = "1", type = "subscribe", payload = new { query = Read } });
        var next = (await withKey.ReceiveAsync()).ShouldNotBeNull();
        next.GetProperty("payload").GetProperty("data").GetProperty("organisation").GetProperty("componentCount").GetInt32().ShouldBe(12);

        await using var withToken = await SocketClient.ConnectAsync(factory, new { Authorization = "Bearer " + SecuredFactory.Token("reader", TimeSpan.FromMinutes(5)) });
        await withToken.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "mutation { reloadDefinitions { version } }" } });
        // A reader may read but not reload: the operator role is checked inside the resolver, as over HTTP.
        var refused = (await withToken.ReceiveAsync()).ShouldNotBeNull();
        refused.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task A_read_with_a_reader_key_or_a_valid_token_answers()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        (await GraphQLCalls.PostAsync(client, Read, apiKey: TechHealthFactory.ReaderKey)).Ok().GetProperty("organisation").GetProperty("componentCount").GetInt32().ShouldBe(12);
        (await GraphQLCalls.PostAsync(client, Read, bearer: SecuredFactory.Token("reader", TimeSpan.FromMinutes(5)))).Ok();
    }

    [Fact]
    public async Task A_bearer_token_with_the_admin_role_may_reload_definitions()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var data = (await GraphQLCalls.PostAsync(client, "mutation { reloadDefinitions { version } }", bearer: SecuredFactory.Token("admin", TimeSpan.FromMinutes(5)))).Ok();
        data.GetProperty("reloadDefinitions").GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_bearer_token_with_the_reader_role_is_forbidden_to_mutate()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, "mutation { reloadDefinitions { version } }", bearer: SecuredFactory.Token("reader", TimeSpan.FromMinutes(5)));
        answer.FirstErrorCode.ShouldBe("FORBIDDEN");
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("ci-bot");
    }

    [Theory]
    [InlineData("expired", "has expired")]
    [InlineData("wrong-key", "signature does not verify")]
    [InlineData("wrong-issuer", "issuer")]
    public async Task A_bad_bearer_token_is_refused_with_the_reason_and_without_echoing_it(string kind, string reason)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var token = kind switch
        {
            "expired" => SecuredFactory.Token("admin", TimeSpan.FromMinutes(-10)),
            "wrong-key" => SecuredFactory.Token("admin", TimeSpan.FromMinutes(5), key: "another-signing-key-of-at-least-32-characters"),
            _ => SecuredFactory.Token("admin", TimeSpan.FromMinutes(5), issuer: "someone-else"),
        };
        foreach (var query in new[] { Read, "mutation { reloadDefinitions { version } }" })
        {
            var answer = await GraphQLCalls.PostAsync(client, query, bearer: token);
            answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body);
            answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain(reason);
            answer.Body.ShouldNotContain(token);
            answer.Body.ShouldNotContain(SecuredFactory.SigningKey);
        }
    }
}
