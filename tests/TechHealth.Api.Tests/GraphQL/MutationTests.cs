using System.Net;
using System.Text.Json;
using TechHealth.Api.Fleet;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>Mutations: refused without a key or with too low a role, carried out for an admin.</summary>
[Collection(ServiceCollection.Name)]
public class MutationTests(TechHealthFactory factory)
{
    public static TheoryData<string> Mutations => new()
    {
        "mutation { startScan { accepted message } }",
        "mutation { reloadDefinitions { version } }",
        """mutation { createExemption(input: { component: "x", check: "has-owner", reason: "r", approvedBy: "a", expires: "2099-01-01" }) { id } }""",
        """mutation { revokeExemption(id: "1") { id } }""",
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_mutation_without_a_key_is_refused_with_401_and_a_reason(string mutation)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, mutation);
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body);
        var message = answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull();
        message.ShouldContain("API key");
        // No token was sent, so nothing is said about tokens being refused (this service has no signing key).
        message.ShouldNotContain("signing key");
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_mutation_with_an_unknown_key_is_refused_without_echoing_the_key(string mutation)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        const string secret = "wrong-secret-key-that-must-not-appear";
        var answer = await GraphQLCalls.PostAsync(client, mutation, apiKey: secret);
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("not one this service knows");
        answer.Body.ShouldNotContain(secret);
        answer.Body.ShouldNotContain("sha256");
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_mutation_with_the_reader_role_is_forbidden(string mutation)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, mutation, apiKey: TechHealthFactory.ReaderKey);
        answer.HasErrors.ShouldBeTrue(answer.Body);
        answer.FirstErrorCode.ShouldBe("FORBIDDEN");
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("role");
        answer.Body.ShouldNotContain(TechHealthFactory.ReaderKey);
    }

    [Fact]
    public async Task A_bearer_token_where_no_signing_key_is_configured_is_refused_and_says_so()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var token = SecuredFactory.Token("admin", TimeSpan.FromMinutes(5));
        var answer = await GraphQLCalls.PostAsync(client, "mutation { reloadDefinitions { version } }", bearer: token);
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body);
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("no JWT signing key is configured");
        answer.Body.ShouldNotContain(token);
    }

    [Fact]
    public async Task An_api_key_in_the_authorization_header_is_a_caller_as_in_X_Api_Key()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query = "mutation { reloadDefinitions { version } }" }) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + TechHealthFactory.ReaderKey);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // The key is known (a reader), so the refusal is about the role, not about credentials.
        body.ShouldContain("FORBIDDEN");
        body.ShouldContain("'test-reader' has reader");
    }

    [Fact]
    public async Task An_admin_may_start_a_scan_and_reload_definitions()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var scan = (await GraphQLCalls.PostAsync(client, "mutation { startScan { accepted message } }", apiKey: TechHealthFactory.AdminKey)).Ok().GetProperty("startScan");
        scan.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
        var scans = factory.Services.GetRequiredService<ScanService>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        // Let the background scan finish so later tests in this collection see a quiet service.
        await Task.Delay(200);
        while (scans.IsRunning && DateTime.UtcNow < deadline) await Task.Delay(100);
        scans.IsRunning.ShouldBeFalse();

        var reload = (await GraphQLCalls.PostAsync(client, "mutation { reloadDefinitions { version degraded checks radarEntries } }", apiKey: TechHealthFactory.AdminKey)).Ok().GetProperty("reloadDefinitions");
        reload.GetProperty("degraded").GetBoolean().ShouldBeFalse();
        reload.GetProperty("checks").GetInt32().ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task An_exemption_created_through_the_API_makes_the_check_exempt_in_a_new_run_until_revoked()
    {
        var snapshot = await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var failing = snapshot.Fleet.Evaluations.SelectMany(e => e.Results.Where(r => r.Status == Core.Results.CheckStatus.Fail).Select(r => (e.ComponentRef, r.CheckId))).First();
        var component = snapshot.FindComponent(failing.ComponentRef)!.Name;
        var runBefore = factory.Services.GetRequiredService<FleetState>().Current!.Run!.Id;
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd");

        var created = (await GraphQLCalls.PostAsync(client, """
            mutation($input: CreateExemptionInput!) { createExemption(input: $input) { id component check expires origin revoked } }
            """, new { input = new { component, check = failing.CheckId, reason = "migration planned", approvedBy = "cto", expires } }, apiKey: TechHealthFactory.AdminKey))
            .Ok().GetProperty("createExemption");
        created.GetProperty("expires").GetString().ShouldBe(expires);
        created.GetProperty("revoked").GetBoolean().ShouldBeFalse();
        var id = created.GetProperty("id").GetString()!;

        factory.Services.GetRequiredService<FleetState>().Current!.Run!.Id.ShouldBeGreaterThan(runBefore);
        var result = await StatusAsync(client, component, failing.CheckId);
        result.GetProperty("status").GetString().ShouldBe("EXEMPT");
        result.GetProperty("exemptUntil").GetString().ShouldBe(expires);

        var listed = (await GraphQLCalls.PostAsync(client, "{ exemptions { id component check expires daysLeft } }")).Ok().GetProperty("exemptions").Items()
            .Single(e => e.GetProperty("id").GetString() == id);
        listed.GetProperty("expires").GetString().ShouldBe(expires);
        listed.GetProperty("daysLeft").GetInt32().ShouldBeInRange(29, 30);

        var revoked = (await GraphQLCalls.PostAsync(client, "mutation($id: ID!) { revokeExemption(id: $id) { id revoked } }", new { id }, apiKey: TechHealthFactory.AdminKey))
            .Ok().GetProperty("revokeExemption");
        revoked.GetProperty("revoked").GetBoolean().ShouldBeTrue();
        (await StatusAsync(client, component, failing.CheckId)).GetProperty("status").GetString().ShouldBe("FAIL");
        (await GraphQLCalls.PostAsync(client, "{ exemptions { id } }")).Ok().GetProperty("exemptions").Items().ShouldNotContain(e => e.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task An_exemption_for_an_unknown_component_names_the_field()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var answer = await GraphQLCalls.PostAsync(client, """
            mutation { createExemption(input: { component: "no-such-component", check: "has-owner", reason: "r", approvedBy: "a", expires: "2099-01-01" }) { id } }
            """, apiKey: TechHealthFactory.AdminKey);
        answer.HasErrors.ShouldBeTrue();
        answer.FirstError.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("no-such-component");
        answer.FirstError.GetProperty("extensions").GetProperty("field").GetString().ShouldBe("component");
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, string component, string checkId)
        => (await GraphQLCalls.PostAsync(client, "query($c: String!) { component(name: $c) { results { checkId status exemptUntil } } }", new { c = component }))
            .Ok().GetProperty("component").GetProperty("results").Items().Single(r => r.GetProperty("checkId").GetString() == checkId);
}
