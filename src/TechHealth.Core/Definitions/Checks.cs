namespace TechHealth.Core.Definitions;

/// <summary>Levels (cumulative, lowest first), checks, exemptions and gates, as loaded from <c>checks/</c>.</summary>
public sealed record CheckSet(
    IReadOnlyList<string> Levels,
    IReadOnlyList<CheckDefinition> Checks,
    IReadOnlyList<ExemptionDefinition> Exemptions,
    IReadOnlyList<GateDefinition> Gates)
{
    public static readonly CheckSet Empty = new([], [], [], []);

    /// <summary>
    /// The globs of every <c>file: { glob, contains }</c> condition in any check's rule, distinct and sorted ordinally:
    /// the files whose text the scan must keep so those conditions can be decided.
    /// </summary>
    public IReadOnlyList<string> FileContentGlobs()
    {
        var globs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var check in Checks)
            foreach (var node in check.Rule.SelfAndDescendants())
                if (node is FileCondition { Contains: { Length: > 0 } } file) globs.Add(file.Glob);
        return globs.ToList();
    }
}

/// <summary>One check as written in <c>checks/*.yaml</c>: its level, weight, where it applies and its rule. A description only; the rule engine evaluates it.</summary>
public sealed record CheckDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Level { get; init; }
    public string? Description { get; init; }
    public string? Remediation { get; init; }
    /// <summary>Relative weight in the score; default 1.</summary>
    public double Weight { get; init; } = 1;
    /// <summary>When the check applies; null applies to every component.</summary>
    public AppliesTo? AppliesTo { get; init; }
    public required RuleNode Rule { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>Restricts a check to components of some types, lifecycles or tiers (empty list = any).</summary>
public sealed record AppliesTo(IReadOnlyList<string> Types, IReadOnlyList<string> Lifecycles, IReadOnlyList<string> Tiers);

/// <summary>A check's rule: a tree of all/any/not over conditions. The rule engine compiles it; the model only describes it.</summary>
public abstract record RuleNode(SourceLocation Location)
{
    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<RuleNode> SelfAndDescendants()
    {
        var stack = new Stack<RuleNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            switch (node)
            {
                case AllRule all: for (var i = all.Children.Count - 1; i >= 0; i--) stack.Push(all.Children[i]); break;
                case AnyRule any: for (var i = any.Children.Count - 1; i >= 0; i--) stack.Push(any.Children[i]); break;
                case NotRule not: stack.Push(not.Child); break;
            }
        }
    }
}

/// <summary>Holds when every child holds.</summary>
public sealed record AllRule(IReadOnlyList<RuleNode> Children, SourceLocation Location) : RuleNode(Location);

/// <summary>Holds when some child holds.</summary>
public sealed record AnyRule(IReadOnlyList<RuleNode> Children, SourceLocation Location) : RuleNode(Location);

/// <summary>Holds when its child does not.</summary>
public sealed record NotRule(RuleNode Child, SourceLocation Location) : RuleNode(Location);

/// <summary>Some file matching a glob (relative to the component's root) exists; with <c>Contains</c>, some such file holds that regex.</summary>
public sealed record FileCondition(string Glob, string? Contains, SourceLocation Location) : RuleNode(Location)
{
    /// <summary>
    /// What a match of <see cref="Contains"/> means, in words ("switches to a non-root USER"): results say this
    /// instead of quoting the regular expression, which nobody reading a verdict should have to decode.
    /// </summary>
    public string? Says { get; init; }
}

/// <summary>A named fact compared with an operator: equals, notEquals, in, exists, matches, greaterThan, lessThan, versionSatisfies, olderThanDays, newerThanDays.</summary>
public sealed record FactCondition(string Fact, string Operator, IReadOnlyList<string> Values, SourceLocation Location) : RuleNode(Location);

/// <summary>A catalog annotation present (and, with a value, equal to it).</summary>
public sealed record AnnotationCondition(string Annotation, string? Value, SourceLocation Location) : RuleNode(Location);

/// <summary>Quantifier over the component's technologies, filtered by a selector, tested against the radar.</summary>
public enum RadarQuantifier { All, Any, None }

/// <summary>
/// A radar predicate: e.g. <c>none: { ring: hold }</c>, <c>all: { ecosystem: runtime, ring: adopt }</c>,
/// <c>none: { pastRetirement: true }</c>, <c>all: { kind: image, listed: true }</c>.
/// </summary>
public sealed record RadarCondition(RadarQuantifier Quantifier, RadarSelector Selector, SourceLocation Location) : RuleNode(Location);

/// <summary>
/// Which technologies a radar predicate looks at and what it asks of them. Null fields are not constrained.
/// Ecosystem is a purl type (maven, npm, runtime, docker, github, ...); Kind is library, runtime, image or action;
/// Scope limits to a dependency scope (runtime, dev, test, build, plugin, parent).
/// </summary>
public sealed record RadarSelector
{
    public string? Ecosystem { get; init; }
    public string? Kind { get; init; }
    public string? Scope { get; init; }
    public bool? Direct { get; init; }
    /// <summary>
    /// True keeps only technologies a build uses under a condition (<see cref="Facts.DependencyFact.Condition"/>: a
    /// non-default Maven profile, a Cargo target table), false only those every build uses; null takes both.
    /// </summary>
    public bool? Conditional { get; init; }
    public IReadOnlyList<string> Rings { get; init; } = [];
    public string? Quadrant { get; init; }
    public string? Entry { get; init; }
    public bool? Listed { get; init; }
    public bool? PastRetirement { get; init; }
    public bool? Retiring { get; init; }
    /// <summary>
    /// True also looks at technologies found under test, fixture, example and e2e folders, which describe tests rather
    /// than what ships; null or false leaves them out.
    /// </summary>
    public bool? TestFolders { get; init; }
}

/// <summary>
/// An approved exemption of one component from one check, as written in <c>checks/exemptions.yaml</c>; it no longer
/// applies from <c>Expires</c> on. A description only: certification decides when it is in force.
/// </summary>
public sealed record ExemptionDefinition(
    string Component,
    string Check,
    string Reason,
    string ApprovedBy,
    DateOnly Expires,
    SourceLocation Location);

/// <summary>
/// A gate on automated updates, as written in <c>checks/gates.yaml</c>: the level a component must hold, checks it must
/// pass and lifecycles it must not be in. A description only: certification decides which components it lets through.
/// </summary>
public sealed record GateDefinition(
    string Id,
    string Title,
    string MinLevel,
    IReadOnlyList<string> RequireChecks,
    IReadOnlyList<string> BlockedLifecycles,
    string? Description,
    SourceLocation Location);
