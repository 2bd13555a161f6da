using TechHealth.Api.Tests.GraphQL.Conformance;

namespace TechHealth.Api.Tests.GraphQL;

/// <summary>
/// Asks graphql-js, as a client would use it, about the service's schema: runs client-schema.mjs next to this file
/// through the conformance tests' runner, which installs tools/graphql-reference once for every test assembly.
/// </summary>
internal static class ReferenceNode
{
    private static string Script => Path.Combine(ReferenceImplementation.RepositoryRoot, "tests", "TechHealth.Api.Tests", "GraphQL", "client-schema.mjs");

    public static Task<string> ClientSchemaAsync(string mode, string? standardInput = null, params string[] more)
        => ReferenceImplementation.RunNodeAsync(Script, standardInput, [ReferenceImplementation.ToolFolder, mode, .. more]);
}
