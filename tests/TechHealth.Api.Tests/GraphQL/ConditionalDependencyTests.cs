using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.GraphQL;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// A small generated fleet plus one Maven repository whose non-default profile pulls in a hold version of log4j-core,
/// so every output can be seen naming the dependency's build condition.
/// </summary>
public sealed class ConditionalDependencyFactory : TechHealthFactory
{
    public const string Component = "ledger-legacy";

    public ConditionalDependencyFactory() : base(components: 6)
    {
        var folder = Path.Combine(Root, "fleet", Component);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "catalog-info.yaml"), $"""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: {Component}
            spec:
              type: service
              lifecycle: production
              owner: group:default/team-payments

            """);
        File.WriteAllText(Path.Combine(folder, "pom.xml"), """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.acme.ledger</groupId>
              <artifactId>ledger-legacy</artifactId>
              <version>1.0.0</version>
              <dependencies>
                <dependency>
                  <groupId>org.apache.logging.log4j</groupId>
                  <artifactId>log4j-api</artifactId>
                  <version>2.24.1</version>
                </dependency>
              </dependencies>
              <profiles>
                <profile>
                  <id>legacy</id>
                  <dependencies>
                    <dependency>
                      <groupId>org.apache.logging.log4j</groupId>
                      <artifactId>log4j-core</artifactId>
                      <version>2.14.1</version>
                    </dependency>
                  </dependencies>
                </profile>
              </profiles>
            </project>

            """);
    }
}

public sealed class ConditionalDependencyTests(ConditionalDependencyFactory factory) : IClassFixture<ConditionalDependencyFactory>
{
    private const string Component = ConditionalDependencyFactory.Component;

    [Fact]
    public async Task A_dependency_of_a_non_default_maven_profile_is_served_with_its_condition_and_others_with_none()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var component = (await GraphQLCalls.PostAsync(client,
                "query($name: String!) { component(name: $name) { dependencies(ecosystem: \"maven\") { name version condition file line ring } } }", new { name = Component }))
            .Ok().GetProperty("component");

        var dependencies = component.GetProperty("dependencies").Items()
            .ToDictionary(d => d.GetProperty("name").GetString()!, d => d);
        dependencies["log4j-core"].GetProperty("condition").GetString().ShouldBe("profile:legacy");
        dependencies["log4j-core"].GetProperty("ring").GetString().ShouldBe("hold");
        dependencies["log4j-api"].GetProperty("condition").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("true", new[] { "log4j-core" })]
    [InlineData("false", new[] { "log4j-api" })]
    [InlineData("null", new[] { "log4j-api", "log4j-core" })]
    public async Task Dependencies_filter_on_whether_only_some_builds_use_them(string conditional, string[] expected)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var names = (await GraphQLCalls.PostAsync(client,
                $"query($name: String!) {{ component(name: $name) {{ dependencies(ecosystem: \"maven\", conditional: {conditional}) {{ name }} }} }}", new { name = Component }))
            .Ok().GetProperty("component").GetProperty("dependencies").Items()
            .Select(d => d.GetProperty("name").GetString()!).Order().ToList();

        names.ShouldBe(expected);
    }

    [Fact]
    public async Task The_hold_check_still_fails_and_its_evidence_names_the_profile()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var results = (await GraphQLCalls.PostAsync(client,
                "query($name: String!) { component(name: $name) { results { checkId status message evidence { message } } } }", new { name = Component }))
            .Ok().GetProperty("component").GetProperty("results").Items()
            .ToDictionary(r => r.GetProperty("checkId").GetString()!, r => r);

        results["no-log4shell"].GetProperty("status").GetString().ShouldBe("FAIL");
        // The message summarises; the evidence states the library, with its profile.
        results["no-log4shell"].GetProperty("message").GetString().ShouldBe("1 library on hold");
        results["no-log4shell"].GetProperty("evidence").Items().Single().GetProperty("message").GetString()
            .ShouldStartWith("log4j-core 2.14.1 in pom.xml line 18 (only in Maven profile 'legacy') is on hold: below 2.17.1");
    }

    [Fact]
    public async Task The_stored_run_keeps_the_condition_in_its_evidence_and_its_hold_usage()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var evidence = (await GraphQLCalls.PostAsync(client,
                "query($name: String!) { component(name: $name) { results { checkId evidence { radarEntry version condition } } } }", new { name = Component }))
            .Ok().GetProperty("component").GetProperty("results").Items()
            .Single(r => r.GetProperty("checkId").GetString() == "no-log4shell").GetProperty("evidence").Items()
            .Single(e => e.GetProperty("version").GetString() == "2.14.1");
        evidence.GetProperty("condition").GetString().ShouldBe("profile:legacy");

        // The run diff rebuilds hold usage from what the store kept, so the condition must survive evidence_json.
        var store = factory.Services.GetRequiredService<EvaluationStore>();
        var run = (await store.LatestEvaluationRunAsync())!;
        var hold = RunViews.HoldUsageOf(await store.LoadEvaluationAsync(run.Id), "hold")
            .Where(h => h.Purl == "pkg:maven/org.apache.logging.log4j/log4j-core").ToList();
        hold.ShouldNotBeEmpty();
        hold.ShouldAllBe(h => h.Condition == "profile:legacy" && h.Version == "2.14.1");
    }

    [Fact]
    public async Task Radar_usage_lists_the_conditional_use_with_its_condition()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var usage = (await GraphQLCalls.PostAsync(client, "{ radarEntry(id: \"log4j\") { usage { component version file condition } } }"))
            .Ok().GetProperty("radarEntry").GetProperty("usage").Items()
            .Where(u => u.GetProperty("component").GetString() == Component)
            .Select(u => (u.GetProperty("version").GetString(), u.GetProperty("condition").ValueKind == JsonValueKind.Null ? null : u.GetProperty("condition").GetString()))
            .OrderBy(u => u.Item1, StringComparer.Ordinal).ToList();

        usage.ShouldBe([("2.14.1", "profile:legacy"), ("2.24.1", null)]);
    }

    [Fact]
    public async Task The_odata_feed_filters_dependencies_on_their_condition()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        async Task<List<string>> NamesAsync(string filter)
        {
            var body = await client.GetStringAsync("/odata/Dependencies?$filter=" + Uri.EscapeDataString($"ComponentName eq '{Component}' and ({filter})") + "&$orderby=Name");
            return JsonDocument.Parse(body).RootElement.GetProperty("value").Items().Select(d => d.GetProperty("Name").GetString()!).ToList();
        }

        (await NamesAsync("Condition eq 'profile:legacy'")).ShouldBe(["log4j-core"]);
        (await NamesAsync("Condition eq null")).ShouldNotContain("log4j-core");
        (await NamesAsync("Condition eq null")).ShouldContain("log4j-api");
    }
}
