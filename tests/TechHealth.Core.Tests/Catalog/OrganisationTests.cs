using TechHealth.Core.Catalog;

namespace TechHealth.Core.Tests.Catalog;

public class OrganisationTests
{
    private const string Groups = """
        kind: Group
        metadata: { name: company }
        spec: { type: root, children: [engineering, finance] }
        ---
        kind: Group
        metadata: { name: engineering, title: Engineering }
        spec: { type: department }
        ---
        kind: Group
        metadata: { name: platform }
        spec: { type: division, parent: engineering }
        ---
        kind: Group
        metadata: { name: runtime-team }
        spec: { type: team, parent: group:default/platform }
        ---
        kind: Group
        metadata: { name: ci-team }
        spec: { type: team, parent: Platform }
        ---
        kind: Group
        metadata: { name: payments-team }
        spec: { type: team, parent: finance }
        ---
        kind: Group
        metadata: { name: finance }
        spec: { type: department, children: [treasury] }
        ---
        kind: Group
        metadata: { name: treasury }
        spec: { type: team }
        ---
        kind: Component
        metadata: { name: not-a-group }
        spec: { owner: ci-team }
        """;

    private static Organisation Build(IEnumerable<string>? departmentTypes = null)
    {
        var parsed = CatalogReader.Parse(Groups, "org.yaml");
        parsed.Problems.ShouldBeEmpty();
        return Organisation.Build(parsed.Entities, departmentTypes);
    }

    private static EntityRef G(string name) => EntityRef.Parse(name, "group");

    [Fact]
    public void Parents_and_children_are_linked_in_both_directions()
    {
        var org = Build();
        org.Groups.Count.ShouldBe(8);
        org.ParentOf(G("runtime-team")).ShouldBe(G("platform"));
        org.ChildrenOf(G("platform")).ShouldBe([G("runtime-team"), G("ci-team")]);
        org.ParentOf(G("treasury")).ShouldBe(G("finance"));
        org.ChildrenOf(G("company")).ShouldBe([G("engineering"), G("finance")]);
        org.ParentOf(G("engineering")).ShouldBe(G("company"));
        org.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void A_department_is_the_nearest_ancestor_or_self_of_a_department_type()
    {
        var org = Build();
        org.DepartmentOf("ci-team")!.Name.ShouldBe("engineering");
        org.DepartmentOf("group:default/runtime-team")!.Title.ShouldBe("Engineering");
        org.DepartmentOf("finance")!.Name.ShouldBe("finance");
        org.DepartmentOf("treasury")!.Name.ShouldBe("finance");
        org.DepartmentOf("company").ShouldBeNull();
        org.DepartmentOf("unknown-team").ShouldBeNull();
    }

    [Fact]
    public void The_department_types_are_configurable()
    {
        var org = Build(["division", "department"]);
        org.DepartmentOf("ci-team")!.Name.ShouldBe("platform");
        org.DepartmentOf("payments-team")!.Name.ShouldBe("finance");
    }

    [Fact]
    public void Teams_under_a_department_are_found_at_any_depth()
    {
        var org = Build();
        org.TeamsUnder("engineering").Select(g => g.Name).Order().ShouldBe(["ci-team", "platform", "runtime-team"]);
        org.TeamsUnder("finance").Select(g => g.Name).Order().ShouldBe(["payments-team", "treasury"]);
        org.TeamsUnder("company").Select(g => g.Name).ShouldNotContain("engineering");
        org.Descendants(G("company")).Count.ShouldBe(7);
    }

    [Fact]
    public void A_parent_cycle_is_reported_and_every_walk_ends()
    {
        const string cyclic = """
            kind: Group
            metadata: { name: a }
            spec: { type: team, parent: b }
            ---
            kind: Group
            metadata: { name: b }
            spec: { type: team, parent: c }
            ---
            kind: Group
            metadata: { name: c }
            spec: { type: team, parent: a }
            ---
            kind: Group
            metadata: { name: d }
            spec: { type: team, parent: ghost }
            """;
        var org = Organisation.Build(CatalogReader.Parse(cyclic, "cycle.yaml").Entities);
        org.DepartmentOf("a").ShouldBeNull();
        org.SelfAndAncestors(G("a")).Count().ShouldBe(3);
        org.TeamsUnder("a").Select(g => g.Name).Order().ShouldBe(["b", "c"]);
        org.Problems.Count(p => p.Contains("its own ancestor")).ShouldBe(3);
        org.Problems.ShouldContain("group group:default/d names parent group:default/ghost, which is not in the catalog");
    }

    [Fact]
    public void Conflicting_parents_keep_the_first_and_say_so()
    {
        const string yaml = """
            kind: Group
            metadata: { name: x }
            spec: { type: team, parent: p1 }
            ---
            kind: Group
            metadata: { name: p1 }
            spec: { type: department }
            ---
            kind: Group
            metadata: { name: p2 }
            spec: { type: department, children: [x] }
            """;
        var org = Organisation.Build(CatalogReader.Parse(yaml, "o.yaml").Entities);
        org.ParentOf(G("x")).ShouldBe(G("p1"));
        org.Problems.Single().ShouldContain("has two parents");
    }
}
