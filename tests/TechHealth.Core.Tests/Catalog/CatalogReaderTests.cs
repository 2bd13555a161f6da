using TechHealth.Core.Catalog;

namespace TechHealth.Core.Tests.Catalog;

public class CatalogReaderTests
{
    private const string MultiDocument = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments-api
          title: Payments API
          annotations:
            backstage.io/techdocs-ref: dir:.
            pagerduty.com/service-id: P12345
          tags: [java, payments]
        spec:
          type: service
          lifecycle: production
          owner: group:default/payments-team
          system: payments
          dependsOn: [resource:payments-db, component:ledger]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: payments-rest
        spec:
          type: openapi
          owner: payments-team
          definition:
            $text: ./openapi.yaml
        ---
        # a document that is only a comment is ignored
        ---
        kind: Component
        spec:
          owner: nobody
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: payments-db
          namespace: Finance
        spec:
          type: database
          owner: payments-team
        """;

    [Fact]
    public void Every_document_of_every_kind_is_read_with_its_line()
    {
        var result = CatalogReader.Parse(MultiDocument, "catalog-info.yaml");
        result.Entities.Select(e => e.Kind).ShouldBe(["Component", "API", "Resource"]);
        var component = result.Entities[0];
        component.Name.ShouldBe("payments-api");
        component.Title.ShouldBe("Payments API");
        component.Line.ShouldBe(1);
        component.File.ShouldBe("catalog-info.yaml");
        component.Annotations["pagerduty.com/service-id"].ShouldBe("P12345");
        component.Tags.ShouldBe(["java", "payments"]);
        component.SpecValue("owner").ShouldBe("group:default/payments-team");
        component.SpecValue("dependsOn").ShouldBe("resource:payments-db,component:ledger");
        result.Entities[1].Line.ShouldBe(17);
        result.Entities[1].SpecValue("definition").ShouldBeNull();
        result.Entities[2].Ref.ShouldBe(new EntityRef("resource", "finance", "payments-db"));
    }

    [Fact]
    public void A_bad_document_is_reported_and_skipped()
    {
        var result = CatalogReader.Parse(MultiDocument, "catalog-info.yaml");
        var problem = result.Problems.ShouldHaveSingleItem(string.Join("\n", result.Problems));
        problem.Message.ShouldBe("the Component has no 'metadata' mapping; document skipped");
        problem.Line.ShouldBe(29);
        problem.ToString().ShouldStartWith("catalog-info.yaml:29:");
    }

    [Theory]
    [InlineData("- just\n- a list\n", "a catalog document must be a mapping, but is a list; document skipped")]
    [InlineData("metadata: { name: x }\n", "the document has no 'kind' (Component, Group, System, ...); document skipped")]
    [InlineData("kind: Group\nmetadata: { title: x }\n", "the Group has no 'metadata.name'; document skipped")]
    [InlineData("kind: Group\nmetadata: { name: a/b }\n", "the Group name 'a/b' may not contain ':' or '/'; document skipped")]
    public void Documents_that_are_not_entities_are_explained(string yaml, string message)
    {
        var result = CatalogReader.Parse(yaml, "x.yaml");
        result.Entities.ShouldBeEmpty();
        result.Problems.Single().Message.ShouldBe(message);
    }

    [Fact]
    public void A_syntax_error_costs_only_its_own_document()
    {
        const string yaml = "kind: Group\nmetadata: { name: a }\n---\nkind: Group\nmetadata: { name: [b\n---\nkind: Group\nmetadata: { name: c }\n";
        var result = CatalogReader.Parse(yaml, "groups.yaml");
        result.Entities.Select(e => e.Name).ShouldBe(["a", "c"]);
        result.Entities[1].Line.ShouldBe(7);
        result.Problems.Single().Message.ShouldStartWith("YAML syntax error");
    }

    [Fact]
    public void An_alias_bomb_in_a_catalog_file_is_refused()
    {
        var bomb = "kind: Component\nmetadata:\n  name: x\n  a0: &a0 [l, l, l, l, l, l, l, l, l, l]\n" +
                   string.Concat(Enumerable.Range(1, 9).Select(i => $"  a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))}]\n"));
        var result = CatalogReader.Parse(bomb, "bomb.yaml");
        result.Entities.ShouldBeEmpty();
        result.Problems.Single().Message.ShouldContain("alias bomb");
    }

    [Fact]
    public void Reading_a_file_uses_the_display_name_and_refuses_huge_files()
    {
        using var temp = new TempFolder();
        var path = temp.Write("svc/catalog-info.yaml", "kind: Component\nmetadata:\n  name: svc\nspec:\n  owner: team-a\n");
        var read = CatalogReader.ReadFile(path, "svc/catalog-info.yaml");
        read.Entities.Single().File.ShouldBe("svc/catalog-info.yaml");
        var huge = temp.Write("huge.yaml", new string('#', 2 * 1024 * 1024));
        CatalogReader.ReadFile(huge, "huge.yaml").Problems.Single().Message.ShouldContain("over the limit");
    }

    [Theory]
    [InlineData("team-a", "group", "group:default/team-a")]
    [InlineData("Group:Default/Team-A", "group", "group:default/team-a")]
    [InlineData("user:jane", "group", "user:default/jane")]
    [InlineData("finance/ledger", "component", "component:finance/ledger")]
    public void Entity_references_parse_case_insensitively_with_defaults(string text, string defaultKind, string expected)
        => EntityRef.Parse(text, defaultKind).ToString().ShouldBe(expected);
}
