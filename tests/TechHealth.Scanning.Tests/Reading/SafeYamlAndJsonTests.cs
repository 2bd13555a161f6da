using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Tests.Reading;

public class SafeYamlAndJsonTests
{
    [Fact]
    public void Yaml_documents_keep_lines_and_merge_keys()
    {
        const string text = """
            base: &base
              image: node:20
              replicas: 2
            app:
              <<: *base
              replicas: 3
            ---
            second: true
            """;
        SafeYaml.TryParseAll(text, 1000, out var docs, out var error, out _).ShouldBeTrue(error);
        docs.Count.ShouldBe(2);
        var app = docs[0]["app"]!;
        app["replicas"]!.Text.ShouldBe("3");
        app["image"]!.Text.ShouldBe("node:20");
        app["image"]!.Line.ShouldBe(2);
        docs[1]["second"]!.Text.ShouldBe("true");
    }

    [Fact]
    public void Yaml_nested_deeper_than_the_limit_is_refused_with_its_line()
    {
        var text = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));
        SafeYaml.TryParse(text, 100_000, out _, out var error, out var line).ShouldBeFalse();
        error!.ShouldContain("nested deeper");
        line.ShouldBe(1);
    }

    [Fact]
    public void An_alias_to_no_anchor_is_an_error()
    {
        SafeYaml.TryParse("a: *nothing\n", 100, out _, out var error, out _).ShouldBeFalse();
        error!.ShouldContain("*nothing");
    }

    [Fact]
    public void Json_property_lines_are_indexed_by_path()
    {
        const string text = "{\n  // comment\n  \"a\": {\n    \"b\": 1,\n    \"c\": [ { \"d\": 2 } ],\n  },\n  \"e\": true\n}";
        JsonLines.TryParse(text, out var json, out var error, out _).ShouldBeTrue(error);
        json!.LineOf("a").ShouldBe(3);
        json.LineOf("a/b").ShouldBe(4);
        json.LineOf("a/c").ShouldBe(5);
        json.LineOf("e").ShouldBe(7);
        json.LineOf("missing").ShouldBe(0);
    }
}
