using TechHealth.Core.Catalog;

namespace TechHealth.Core.Tests.Catalog;

/// <summary>Catalog entities held to Backstage's own entity rules, each problem with its file and line.</summary>
public class EntitySchemaTests
{
    private static IReadOnlyList<CatalogProblem> Violations(string yaml) => CatalogReader.Parse(yaml, "catalog-info.yaml").Violations;

    [Fact]
    public void A_valid_component_and_group_have_no_violations()
    {
        Violations("""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: payments-api
              namespace: payments
            spec:
              type: service
              lifecycle: production
              owner: group:default/payments-team
              system: payments
              providesApis: [api:payments/payments-v1]
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: payments-team
            spec:
              type: team
              children: []
            """).ShouldBeEmpty();
    }

    [Fact]
    public void A_component_without_lifecycle_is_read_and_the_missing_field_is_named_with_its_line()
    {
        var result = CatalogReader.Parse("""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: orders
            spec:
              type: service
              owner: orders-team
            """, "svc/catalog-info.yaml");
        result.Entities.ShouldHaveSingleItem().Name.ShouldBe("orders");
        var problem = result.Violations.ShouldHaveSingleItem();
        problem.ShouldBe(problem with { File = "svc/catalog-info.yaml", Line = 6 });
        problem.Message.ShouldBe("the Component 'orders' has no spec.lifecycle, which Backstage requires; add spec.lifecycle");
    }

    [Theory]
    [InlineData("API", "spec.definition")]
    [InlineData("Resource", "spec.type")]
    [InlineData("System", "spec.owner")]
    [InlineData("Group", "spec.children")]
    public void Each_kind_requires_its_own_spec_fields(string kind, string missing)
    {
        var yaml = $"""
            apiVersion: backstage.io/v1alpha1
            kind: {kind}
            metadata:
              name: thing
            spec:
              description: nothing required here
            """;
        Violations(yaml).ShouldContain(v => v.Message.Contains($"has no {missing}"));
    }

    [Theory]
    [InlineData("name: Orders API", "metadata.name 'Orders API' must be letters and digits separated by single '-', '_' or '.'", 4)]
    [InlineData("name: orders--api", "metadata.name 'orders--api' must be letters", 4)]
    [InlineData("name: a234567890123456789012345678901234567890123456789012345678901234", "Backstage allows at most 63", 4)]
    public void Names_follow_Backstage_s_rules(string nameLine, string message, int line)
    {
        var yaml = $"""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              {nameLine}
            spec:
              type: service
              lifecycle: production
              owner: team-a
            """;
        var problem = Violations(yaml).ShouldHaveSingleItem();
        problem.Message.ShouldContain(message);
        problem.Line.ShouldBe(line);
    }

    [Fact]
    public void The_envelope_and_the_references_are_checked()
    {
        var problems = Violations("""
            kind: Component
            metadata:
              name: orders
              namespace: Orders_NS
            spec:
              type: service
              lifecycle: production
              owner: "group:payments/team/extra"
              dependsOn: ["resource:", "component:orders-db"]
            """);
        problems.Select(p => (p.Line, p.Message)).ShouldBe(
        [
            (1, "the Component has no apiVersion; add apiVersion: backstage.io/v1alpha1"),
            (4, "metadata.namespace 'Orders_NS' must be lower-case letters, digits and single dashes, at most 63 characters"),
            (8, "spec.owner 'group:payments/team/extra' is not an entity reference: it holds more than one '/'"),
            (9, "an item of spec.dependsOn, 'resource:', is not an entity reference: the name is missing"),
        ]);
    }

    [Theory]
    [InlineData("payments-team", null)]
    [InlineData("group:payments-team", null)]
    [InlineData("group:default/payments-team", null)]
    [InlineData(":team", "nothing stands before ':' where the kind goes")]
    [InlineData("group:a:b", "it holds more than one ':'")]
    [InlineData("group:/team", "nothing stands before '/' where the namespace goes")]
    [InlineData("group:default/", "the name is missing")]
    [InlineData("group:default/team a", "'team a' is not a valid name")]
    public void Entity_references_parse_as_Backstage_parses_them(string reference, string? problem)
    {
        var found = EntitySchema.EntityReferenceProblem(reference, "group");
        if (problem is null) found.ShouldBeNull();
        else found.ShouldNotBeNull().ShouldStartWith(problem);
    }
}
