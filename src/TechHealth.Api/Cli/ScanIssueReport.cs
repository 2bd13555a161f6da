using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TechHealth.Core.Facts;

namespace TechHealth.Api.Cli;

/// <summary>
/// What <c>evaluate</c> says about the files the scan could not read (over a limit, a symlink leaving the repository,
/// an expansion past its budget...). A team's CI must not take a clean result for a build that was not read, so every
/// scan issue is printed, warnings included, in text and in JSON.
/// </summary>
public static class ScanIssueReport
{
    /// <summary>The text section for one component's issues; empty when it has none.</summary>
    public static string Text(IReadOnlyList<ScanIssue> issues)
    {
        if (issues.Count == 0) return "";
        var sb = new StringBuilder();
        sb.AppendLine($"SCAN ISSUES ({issues.Count}): these inputs were not read, or not read whole; the result above does not cover them");
        foreach (var i in issues) sb.AppendLine($"  {(i.Severity == ScanIssueSeverity.Error ? "error" : "warning")}: {i}");
        return sb.ToString();
    }

    /// <summary>Adds a <c>scanIssues</c> array to one component's JSON document (always present, empty when there is none).</summary>
    public static string WithIssues(string componentJson, IReadOnlyList<ScanIssue> issues)
    {
        var node = JsonNode.Parse(componentJson)!.AsObject();
        node["scanIssues"] = Array(issues);
        return node.ToJsonString(Indented);
    }

    /// <summary>The issues as a JSON array of <c>{ severity, file, line, message }</c>.</summary>
    public static JsonArray Array(IEnumerable<ScanIssue> issues)
        => new(issues.Select(i => (JsonNode)new JsonObject
        {
            ["severity"] = i.Severity == ScanIssueSeverity.Error ? "error" : "warning",
            ["file"] = i.File,
            ["line"] = i.Line,
            ["message"] = i.Message,
        }).ToArray());

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
