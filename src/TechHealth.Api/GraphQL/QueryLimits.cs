using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using HotChocolate;
using HotChocolate.Execution;
using HotChocolate.Language;
using HotChocolate.Types;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// The service's own limits (<c>TechHealth:GraphQL:*</c>), checked before execution so an expensive document never
/// runs: its length before it is parsed, then nesting depth, aliases and an estimated cost (each field 1, multiplied
/// by the expected size of every enclosing list) once it is valid. Each refusal is an error naming the limit
/// (<c>extensions.code = LIMIT_EXCEEDED</c>, <c>extensions.limit</c>). Fragments are measured once and reused.
/// </summary>
public static class QueryLimits
{
    public const string Code = "LIMIT_EXCEEDED";
    private static readonly string[] ListSizeArguments = ["first", "last", "limit"];

    /// <summary>Size assumed for a list field without a first/last/limit argument.</summary>
    public const int DefaultListSize = 10;

    /// <param name="SizedByVariables">Whether a list size comes from a variable, so the measure depends on the request's variables.</param>
    /// <param name="SelectsLiveField">Whether the operation reaches a field answered from outside the snapshot (<see cref="TechHealthSchema.IsLive"/>).</param>
    public sealed record Measurement(int Depth, int Aliases, double Cost, bool SizedByVariables = false, bool SelectsLiveField = false);

    public static IError Refusal(string message, string limit)
        => ErrorBuilder.New().SetMessage(message).SetCode(Code).SetExtension("limit", limit).Build();

    /// <summary>Refuses a document longer than the limit before anything reads it.</summary>
    public static RequestMiddleware DocumentLength(int maxLength) => (_, next) => async (RequestContext context) =>
    {
        if (context.Request.Document is OperationDocumentSourceText { SourceText: { } text } && text.Length > maxLength)
        {
            context.Result = OperationResult.FromError(Refusal(
                $"Document length {text.Length} exceeds the limit of {maxLength} characters.", "MaxDocumentLength"));
            return;
        }
        await next(context);
    };

    /// <summary>
    /// Refuses an operation whose depth, aliases or cost exceed the limits. It runs twice: right after parsing (before
    /// validation, whose own rules would otherwise answer a deep or wide document first, and without letting an abusive
    /// document cost validation time), and again once variables are coerced, when a list size given as a variable is known.
    /// A document's measure without variables is kept with the parsed document (HotChocolate caches parsed documents), so a
    /// repeated query is walked again only when a list size comes from a variable.
    /// </summary>
    public static RequestMiddleware OperationShape(int maxDepth, int maxAliases, long maxCost) => (_, next) => context =>
    {
        if (context.TryGetOperationDocument(out DocumentNode? document, out OperationDocumentId _)
            && Operations.Find(document, context.Request.OperationName) is { } operation)
        {
            var m = MeasurementOf(context.Schema, document, operation);
            if (m.SizedByVariables && !context.VariableValues.IsDefaultOrEmpty)
                m = Measure(context.Schema, document, operation, context.VariableValues[0]);
            if (Refusals(m, maxDepth, maxAliases, maxCost) is { } errors)
            {
                context.Result = OperationResult.FromError([.. errors]);
                return ValueTask.CompletedTask;
            }
        }
        return next(context);
    };

    // Keyed by reference: a cached document hands out the same operation node every time, and a syntax node may compare by structure.
    private static readonly ConditionalWeakTable<DocumentNode, ConcurrentDictionary<object, Measurement>> Measured = new();

    /// <summary>An operation's measure without variables, kept with its parsed document: walked once per query text.</summary>
    public static Measurement MeasurementOf(ISchemaDefinition schema, DocumentNode document, OperationDefinitionNode operation)
    {
        var shapes = Measured.GetValue(document, _ => new(ReferenceEqualityComparer.Instance));
        if (!shapes.TryGetValue(operation, out var m))
        {
            m = Measure(schema, document, operation, null);
            shapes.TryAdd(operation, m);
        }
        return m;
    }

    private static IError[]? Refusals(Measurement m, int maxDepth, int maxAliases, long maxCost)
    {
        List<IError>? errors = null;
        if (m.Depth > maxDepth)
            (errors ??= []).Add(Refusal($"Query depth {m.Depth} exceeds the limit of {maxDepth}.", "MaxDepth"));
        if (m.Aliases > maxAliases)
            (errors ??= []).Add(Refusal($"Query uses {m.Aliases} aliases, exceeding the limit of {maxAliases}.", "MaxAliases"));
        if (m.Cost > maxCost)
        {
            var cost = m.Cost >= long.MaxValue ? "more than " + long.MaxValue.ToString(CultureInfo.InvariantCulture) : ((long)m.Cost).ToString(CultureInfo.InvariantCulture);
            (errors ??= []).Add(Refusal($"Query cost {cost} exceeds the limit of {maxCost}.", "MaxCost"));
        }
        return errors?.ToArray();
    }


    /// <summary>Measures an operation's depth, aliases and estimated cost.</summary>
    public static Measurement Measure(ISchemaDefinition schema, DocumentNode document, OperationDefinitionNode operation, IVariableValueCollection? variables)
    {
        var fragments = document.Definitions.OfType<FragmentDefinitionNode>().GroupBy(f => f.Name.Value).ToDictionary(g => g.Key, g => g.First());
        var walker = new Walker(schema, fragments, variables);
        var root = operation.Operation switch
        {
            OperationType.Mutation => schema.MutationType,
            OperationType.Subscription => schema.SubscriptionType,
            _ => schema.QueryType,
        };
        var (depth, aliases, cost) = walker.Measure(operation.SelectionSet, root);
        return new Measurement(depth, aliases, cost, walker.SizedByVariables, walker.SelectsLiveField);
    }

    private sealed class Walker(ISchemaDefinition schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments, IVariableValueCollection? variables)
    {
        private readonly Dictionary<string, (int, int, double)> _fragmentMemo = new(StringComparer.Ordinal);
        private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

        public bool SizedByVariables { get; private set; }

        public bool SelectsLiveField { get; private set; }

        /// <summary>Depth of the deepest field, aliases, and cost at multiplier 1 of a selection set on a type.</summary>
        public (int Depth, int Aliases, double Cost) Measure(SelectionSetNode set, ITypeDefinition? type)
        {
            var depth = 0;
            var aliases = 0;
            double cost = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                    {
                        if (field.Alias is not null) aliases++;
                        var def = type is IComplexTypeDefinition complex && complex.Fields.TryGetField(field.Name.Value, out var f) ? f : null;
                        if (def is not null && TechHealthSchema.IsLive(type!.Name, field.Name.Value)) SelectsLiveField = true;
                        var fieldDepth = 1;
                        double fieldCost = 1;
                        if (field.SelectionSet is not null)
                        {
                            var (childDepth, childAliases, childCost) = Measure(field.SelectionSet, def?.Type.NamedType());
                            fieldDepth += childDepth;
                            aliases += childAliases;
                            fieldCost += ListSize(field, def) * childCost;
                        }
                        depth = Math.Max(depth, fieldDepth);
                        cost += fieldCost;
                        break;
                    }
                    case InlineFragmentNode inline:
                    {
                        var inlineType = inline.TypeCondition is null ? type : Named(inline.TypeCondition.Name.Value);
                        var (d, a, c) = Measure(inline.SelectionSet, inlineType);
                        depth = Math.Max(depth, d);
                        aliases += a;
                        cost += c;
                        break;
                    }
                    case FragmentSpreadNode spread:
                    {
                        var name = spread.Name.Value;
                        if (!fragments.TryGetValue(name, out var fragment)) break;
                        if (!_fragmentMemo.TryGetValue(name, out var measured))
                        {
                            if (!_inProgress.Add(name)) break;
                            measured = Measure(fragment.SelectionSet, Named(fragment.TypeCondition.Name.Value));
                            _inProgress.Remove(name);
                            _fragmentMemo[name] = measured;
                        }
                        depth = Math.Max(depth, measured.Item1);
                        aliases += measured.Item2;
                        cost += measured.Item3;
                        break;
                    }
                }
            }
            return (depth, aliases, cost);
        }

        private ITypeDefinition? Named(string name) => schema.Types.TryGetType(name, out var t) ? t : null;

        private double ListSize(FieldNode field, IOutputFieldDefinition? def)
        {
            if (def is null || !def.Type.NullableType().IsListType()) return 1;
            foreach (var argName in ListSizeArguments)
            {
                var arg = field.Arguments.FirstOrDefault(a => a.Name.Value == argName);
                switch (arg?.Value)
                {
                    case IntValueNode i when double.TryParse(i.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                        return Math.Max(n, 0);
                    case VariableNode when variables is null:
                        SizedByVariables = true;
                        break;
                    case VariableNode v when variables is not null && variables.TryGetValue<IValueNode>(v.Name.Value, out var value) && value is IntValueNode iv
                                             && double.TryParse(iv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var vn):
                        return Math.Max(vn, 0);
                }
            }
            return DefaultListSize;
        }
    }
}
