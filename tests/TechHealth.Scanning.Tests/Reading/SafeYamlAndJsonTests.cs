using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
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
        var sink = new HarvestSink();
        var docs = RepositoryYaml.Documents("compose.yaml", text, 1000, sink, ScanIssueSeverity.Warning);
        sink.Issues.ShouldBeEmpty();
        docs.Count.ShouldBe(2);
        var app = docs[0]["app"]!;
        app["replicas"]!.Text.ShouldBe("3");
        app["image"]!.Text.ShouldBe("node:20");
        app["image"]!.Line.ShouldBe(2);
        docs[1]["second"]!.Text.ShouldBe("true");
    }

    [Fact]
    public void Yaml_nested_deeper_than_the_limit_is_an_issue_on_the_file_with_its_line()
    {
        var text = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));
        var sink = new HarvestSink();
        RepositoryYaml.Documents("deep.yaml", text, 100_000, sink, ScanIssueSeverity.Error).ShouldBeEmpty();
        var issue = sink.Issues.ShouldHaveSingleItem();
        (issue.File, issue.Line, issue.Severity).ShouldBe(("deep.yaml", 1, ScanIssueSeverity.Error));
        issue.Message.ShouldContain($"deeper than {RepositoryYaml.MaxNesting} levels");
    }

    [Fact]
    public void An_alias_to_no_anchor_costs_its_document_and_the_others_are_kept()
    {
        var sink = new HarvestSink();
        var docs = RepositoryYaml.Documents("k8s.yaml", "a: *nothing\n---\nimage: nginx:1.27\n", 100, sink, ScanIssueSeverity.Warning);
        sink.Issues.ShouldHaveSingleItem().Message.ShouldContain("*nothing");
        docs.ShouldHaveSingleItem()["image"]!.Text.ShouldBe("nginx:1.27");
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
