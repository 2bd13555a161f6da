using TechHealth.Api.Tests.EndToEnd;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// One running service (40 generated components) shared by the GraphQL test classes: starting it scans the fleet,
/// which is too slow to repeat per class. Classes in a collection run one after another, so counts stay exact.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<TechHealthFactory>
{
    public const string Name = "graphql-service";
}
