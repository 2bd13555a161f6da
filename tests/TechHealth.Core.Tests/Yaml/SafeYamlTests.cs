using System.Text;
using TechHealth.Core.Definitions;
using TechHealth.Core.Yaml;

namespace TechHealth.Core.Tests.Yaml;

public class SafeYamlTests
{
    /// <summary>The classic "billion laughs": ten levels, each ten aliases of the previous.</summary>
    private static string AliasBomb(int levels = 10)
    {
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < levels; i++)
            sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        return sb.ToString();
    }

    [Fact]
    public void Nodes_carry_their_line_and_column()
    {
        var read = SafeYaml.Read("title: x\nentries:\n  - id: a\n    ring: adopt\n");
        read.Issues.ShouldBeEmpty();
        var root = read.Documents.Single().Root.ShouldBeOfType<YamlMap>();
        var entry = root["entries"].ShouldBeOfType<YamlList>().Items[0].ShouldBeOfType<YamlMap>();
        (entry.Line, entry.Column).ShouldBe((3, 5));
        var ring = entry["ring"].ShouldBeOfType<YamlText>();
        (ring.Line, ring.Column, ring.Value).ShouldBe((4, 11, "adopt"));
        entry.KeyNode("ring")!.Column.ShouldBe(5);
    }

    [Theory]
    [InlineData("a: ~", true)]
    [InlineData("a: null", true)]
    [InlineData("a:", true)]
    [InlineData("a: 'null'", false)]
    [InlineData("a: \"\"", false)]
    public void Quoted_null_stays_text(string yaml, bool isNull)
        => SafeYaml.Read(yaml).Documents.Single().Root.ShouldBeOfType<YamlMap>()["a"].ShouldBeOfType<YamlText>().IsNull.ShouldBe(isNull);

    [Fact]
    public void An_alias_bomb_is_refused_before_it_expands()
    {
        // A billion nodes if expanded; the budget refuses it at the alias that crosses 10,000 (docs/benchmarks.md has the cost).
        var read = SafeYaml.Read(AliasBomb());
        read.Documents.ShouldBeEmpty();
        read.Issues.Single().Message.ShouldContain("aliases expand to more than 10,000 nodes");
        read.Issues.Single().Line.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void A_few_honest_aliases_are_fine_and_share_the_anchored_node()
    {
        var read = SafeYaml.Read("defaults: &d { ring: adopt, owner: web }\na: *d\nb: *d\n");
        read.Issues.ShouldBeEmpty();
        var root = (YamlMap)read.Documents.Single().Root!;
        root["a"].ShouldBeSameAs(root["b"]);
        ((YamlMap)root["a"]!)["ring"].ShouldBeOfType<YamlText>().Value.ShouldBe("adopt");
    }

    [Fact]
    public void A_merge_key_takes_in_the_pairs_the_mapping_does_not_set_itself()
    {
        var read = SafeYaml.Read("""
            defaults: &d { ring: adopt, owner: web, quadrant: tools }
            more: &m { owner: data, tags: [a] }
            entry:
              ring: hold
              <<: [*d, *m]
              quadrant: languages
            """);
        read.Issues.ShouldBeEmpty();
        var entry = read.Documents.Single().Root!["entry"].ShouldBeOfType<YamlMap>();
        entry["ring"]!.Text.ShouldBe("hold");          // set before the merge key: it stays
        entry["quadrant"]!.Text.ShouldBe("languages"); // set after it: it overrides the merged value
        entry["owner"]!.Text.ShouldBe("web");          // the first merged mapping that has a key wins
        entry["tags"].ShouldBeOfType<YamlList>().Items.Count.ShouldBe(1);
        entry.Pairs.Select(p => p.Key.Value).ShouldBe(["ring", "owner", "tags", "quadrant"], ignoreOrder: true);
        entry.Pairs.Count.ShouldBe(4);
    }

    [Fact]
    public void A_quoted_merge_key_is_an_ordinary_key()
    {
        var root = SafeYaml.Read("base: &b { a: 1 }\nx:\n  '<<': *b\n").Documents.Single().Root!;
        root["x"]!.Entries.Select(p => p.Key).ShouldBe(["<<"]);
    }

    [Fact]
    public void A_merge_key_on_a_text_value_is_refused_with_its_line()
    {
        var read = SafeYaml.Read("x:\n  <<: oops\n");
        var issue = read.Issues.ShouldHaveSingleItem();
        issue.Line.ShouldBe(2);
        issue.Message.ShouldContain("the merge key '<<' takes a mapping or a list of mappings, not a text value");
    }

    [Fact]
    public void A_recursive_alias_is_refused()
    {
        var read = SafeYaml.Read("a: &loop\n  b: *loop\n");
        read.Documents.ShouldBeEmpty();
        read.Issues.Single().Message.ShouldContain("recursive alias");
        read.Issues.Single().Line.ShouldBe(2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nesting_deeper_than_the_limit_is_refused(bool flow)
    {
        string yaml;
        if (flow) yaml = new string('[', 200_000) + new string(']', 200_000);
        else
        {
            var sb = new StringBuilder();
            for (var i = 0; i < 100; i++) sb.Append(new string(' ', i * 2)).Append($"k{i}:\n");
            sb.Append(new string(' ', 200)).Append("leaf\n");
            yaml = sb.ToString();
        }
        var read = SafeYaml.Read(yaml);
        read.Documents.ShouldBeEmpty();
        read.Issues.Single().Message.ShouldContain("nesting is deeper than 64 levels");
    }

    [Fact]
    public void Nesting_at_the_limit_is_accepted()
    {
        var yaml = new string('[', 64) + new string(']', 64);
        var read = SafeYaml.Read(yaml);
        read.Issues.ShouldBeEmpty();
        read.Documents.Single().Root.ShouldBeOfType<YamlList>();
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_being_parsed()
    {
        using var temp = new TempFolder();
        var path = temp.Write("big.yaml", "items:\n" + string.Concat(Enumerable.Repeat("  - some value that repeats\n", 60_000)));
        new FileInfo(path).Length.ShouldBeGreaterThan(1024 * 1024);
        var read = SafeYaml.ReadFile(path);
        read.Documents.ShouldBeEmpty();
        read.Issues.Single().Message.ShouldContain("over the limit of 1,048,576 bytes");
        read.Issues.Single().Line.ShouldBe(0);
        SafeYaml.Read(File.ReadAllText(path)).Issues.Single().Message.ShouldContain("over the limit");
    }

    [Fact]
    public void Too_many_nodes_stops_the_read()
    {
        var yaml = "[" + string.Join(",", Enumerable.Range(0, 1000)) + "]";
        var read = SafeYaml.Read(yaml, new YamlLimits { MaxNodes = 500 });
        read.Documents.ShouldBeEmpty();
        read.Issues.Single().Message.ShouldContain("more than 500 YAML nodes");
    }

    [Fact]
    public void A_broken_document_is_skipped_and_the_others_are_kept()
    {
        const string yaml = "a: 1\n---\nb: [unclosed\nc: 2\n---\nd: 4\n---\ne: 5\n";
        var read = SafeYaml.Read(yaml);
        read.Documents.Select(d => ((YamlMap)d.Root!).Pairs[0].Key.Value).ShouldBe(["a", "d", "e"]);
        var issue = read.Issues.Single();
        issue.Message.ShouldStartWith("YAML syntax error:");
        issue.Line.ShouldBeInRange(3, 5);
        ((YamlMap)read.Documents[1].Root!)["d"]!.Line.ShouldBe(6);
    }

    [Fact]
    public void A_mapping_used_as_a_key_is_refused()
    {
        var read = SafeYaml.Read("? { a: 1 }\n: value\n");
        read.Issues.Single().Message.ShouldContain("a mapping key must be a plain value");
    }

    [Fact]
    public void The_definition_loader_refuses_an_alias_bomb_and_a_huge_file_with_file_and_line()
    {
        using var f = new Definitions.DefinitionFixture();
        f.Write("radar/bomb.yaml", AliasBomb());
        f.Write("checks/huge.yaml", "# " + new string('x', 1024 * 1024 + 10) + "\n");
        var result = f.Load();
        result.Definitions.ShouldBeNull();
        result.Problems.ShouldContain(p => p.Location.File == f.PathOf("radar/bomb.yaml") && p.Location.Line > 1 && p.Message.Contains("alias bomb"));
        result.Problems.ShouldContain(p => p.Location.File == f.PathOf("checks/huge.yaml") && p.Message.Contains("over the limit"));
    }

    [Fact]
    public void The_definition_loader_refuses_deep_nesting()
    {
        using var f = new Definitions.DefinitionFixture();
        f.Write("radar/deep.yaml", "quadrant: tools\nentries: " + new string('[', 5000) + new string(']', 5000) + "\n");
        var result = f.Load();
        result.Problems.ShouldContain(p => p.Severity == ProblemSeverity.Error && p.Location.File == f.PathOf("radar/deep.yaml") && p.Location.Line == 2 && p.Message.Contains("nesting is deeper than 64"));
    }
}
