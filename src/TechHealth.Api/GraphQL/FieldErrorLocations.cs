using System.Collections.Immutable;
using HotChocolate;
using HotChocolate.Execution;
using HotChocolate.Execution.Configuration;
using HotChocolate.Language;
using Microsoft.Extensions.DependencyInjection;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Field (execution) errors with the document locations of the fields they arose at, as graphql-js and the GraphQL
/// specification give them: HotChocolate 16 reports such errors with their path only. The locations are found by
/// following the error's path through the operation's selections (fragments included), once the result is built.
/// </summary>
public static class FieldErrorLocations
{
    public static IRequestExecutorBuilder AddFieldErrorLocations(this IRequestExecutorBuilder builder)
        => builder.UseRequest(Middleware, key: "TechHealthFieldErrorLocations", before: WellKnownRequestMiddleware.OperationExecutionMiddleware);

    private static RequestMiddleware Middleware => (_, next) => async context =>
    {
        await next(context);
        if (context.Result is OperationResult { Errors: { Count: > 0 } errors } result
            && errors.Any(NeedsLocations)
            && context.TryGetOperationDocument(out DocumentNode? document, out OperationDocumentId _)
            && Operations.Find(document, context.Request.OperationName) is { } operation)
        {
            result.Errors = errors.Select(e => NeedsLocations(e) && Locate(document, operation, e.Path!) is { Count: > 0 } at ? e.WithLocations(at) : e)
                .ToImmutableList();
        }
    };

    private static bool NeedsLocations(IError error) => error.Path is { IsRoot: false } && error.Locations is not { Count: > 0 };


    /// <summary>Every field node the path's last field was selected by (fields selected twice are merged, and graphql-js names each).</summary>
    public static IReadOnlyList<HotChocolate.Location> Locate(DocumentNode document, OperationDefinitionNode operation, HotChocolate.Path path)
    {
        var fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var fragment in document.Definitions.OfType<FragmentDefinitionNode>()) fragments.TryAdd(fragment.Name.Value, fragment);
        List<SelectionSetNode> sets = [operation.SelectionSet];
        List<FieldNode> fields = [];
        foreach (var segment in Segments(path))
        {
            if (segment is null) continue; // a list index: the same fields, one item further
            fields = [];
            foreach (var set in sets) Collect(set, segment, fragments, fields, []);
            if (fields.Count == 0) return [];
            sets = [.. fields.Where(f => f.SelectionSet is not null).Select(f => f.SelectionSet!)];
        }
        return [.. fields.Where(f => f.Location is not null).Select(f => new HotChocolate.Location(f.Location!.Line, f.Location.Column))];
    }

    /// <summary>The path from the root: response names, and null for list indexes.</summary>
    private static List<string?> Segments(HotChocolate.Path path)
    {
        var segments = new List<string?>();
        for (var p = path; p is not null && !p.IsRoot; p = p.Parent)
            segments.Add(p is NamePathSegment named ? named.Name : null);
        segments.Reverse();
        return segments;
    }

    private static void Collect(SelectionSetNode set, string responseName, Dictionary<string, FragmentDefinitionNode> fragments, List<FieldNode> found, HashSet<string> visited)
    {
        foreach (var selection in set.Selections)
        {
            if (Skipped(selection)) continue;
            switch (selection)
            {
                case FieldNode field when (field.Alias?.Value ?? field.Name.Value) == responseName:
                    found.Add(field);
                    break;
                case InlineFragmentNode inline:
                    Collect(inline.SelectionSet, responseName, fragments, found, visited);
                    break;
                case FragmentSpreadNode spread when visited.Add(spread.Name.Value) && fragments.TryGetValue(spread.Name.Value, out var fragment):
                    Collect(fragment.SelectionSet, responseName, fragments, found, visited);
                    break;
            }
        }
    }

    /// <summary>A selection a literal <c>@skip(if: true)</c> or <c>@include(if: false)</c> leaves out (variables are not known here).</summary>
    private static bool Skipped(ISelectionNode selection)
    {
        foreach (var directive in selection.Directives)
        {
            var condition = directive.Arguments.FirstOrDefault(a => a.Name.Value == "if")?.Value;
            if (directive.Name.Value == "skip" && condition is BooleanValueNode { Value: true }) return true;
            if (directive.Name.Value == "include" && condition is BooleanValueNode { Value: false }) return true;
        }
        return false;
    }
}
