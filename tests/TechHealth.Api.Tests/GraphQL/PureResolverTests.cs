using HotChocolate;
using HotChocolate.Execution;
using HotChocolate.Types;
using Microsoft.Extensions.DependencyInjection;
using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// The computed fields a list of components asks for run inline as pure resolvers, not as scheduled resolver tasks
/// (the per-field cost the benchmarks compare); a field that goes to the store stays a task.
/// </summary>
[Collection(ServiceCollection.Name)]
public class PureResolverTests(TechHealthFactory factory)
{
    [Theory]
    [InlineData("Component", "score")]
    [InlineData("Component", "level")]
    [InlineData("Component", "toFix")]
    [InlineData("Team", "rollup")]
    [InlineData("Team", "components")]
    public async Task A_computed_field_of_an_object_type_has_a_pure_resolver(string type, string field)
    {
        await factory.ReadyAsync();
        var executor = await factory.Services.GetRequiredService<IRequestExecutorProvider>().GetExecutorAsync();
        var objectType = executor.Schema.Types.GetType<ObjectType>(type);
        objectType.Fields[field].PureResolver.ShouldNotBeNull($"{type}.{field}");
    }

    [Fact]
    public async Task A_field_that_reads_the_store_is_not_pure()
    {
        await factory.ReadyAsync();
        var executor = await factory.Services.GetRequiredService<IRequestExecutorProvider>().GetExecutorAsync();
        executor.Schema.Types.GetType<ObjectType>("Component").Fields["history"].PureResolver.ShouldBeNull();
    }
}
