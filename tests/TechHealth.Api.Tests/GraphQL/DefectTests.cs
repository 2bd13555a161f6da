using System.Net;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>Two defects of the hand-written engine that must not come back.</summary>
[Collection(ServiceCollection.Name)]
public class DefectTests(TechHealthFactory factory)
{
    [Theory]
    [InlineData("query($s: Boolean!) { organisation @skip(if: $s) { componentCount } }")]
    [InlineData("query($s: Boolean!) { organisation @include(if: $s) { componentCount } }")]
    public async Task A_null_variable_for_a_root_skip_or_include_is_a_graphql_error_not_a_500(string query)
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();

        var answer = await GraphQLCalls.PostAsync(client, query, new Dictionary<string, object?> { ["s"] = null });

        answer.Status.ShouldNotBe(HttpStatusCode.InternalServerError, answer.Body);
        answer.HasErrors.ShouldBeTrue(answer.Body);
        answer.FirstError.GetProperty("extensions").GetProperty("inputPath")[0].GetString().ShouldBe("s");
    }

    [Fact]
    public async Task A_document_repeating_one_field_thousands_of_times_is_refused_naming_the_limit()
    {
        await factory.ReadyAsync();
        using var client = factory.CreateClient();
        var query = "{ " + string.Concat(Enumerable.Repeat("organisation { componentCount } ", 1900)) + "}";
        query.Length.ShouldBeGreaterThan(60_000);
        query.Length.ShouldBeLessThan(65_536); // under MaxDocumentLength: the field count is what refuses it

        var answer = await GraphQLCalls.PostAsync(client, query);

        answer.HasErrors.ShouldBeTrue(answer.Body);
        answer.Root.TryGetProperty("data", out _).ShouldBeFalse(answer.Body);
        answer.FirstErrorCode.ShouldBe("LIMIT_EXCEEDED", answer.Body);
        answer.FirstError.GetProperty("extensions").GetProperty("limit").GetString().ShouldBe("MaxFields");
    }
}
