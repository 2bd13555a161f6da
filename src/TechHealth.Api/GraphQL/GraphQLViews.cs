using TechHealth.Core.Definitions;

namespace TechHealth.Api.GraphQL;

// Plain shapes whose property names are the GraphQL field names, so the engine's default resolver serves them.

public sealed record DepartmentView(string Ref, string Name, string? Title);

public sealed record DependencyView(
    string Ecosystem, string Purl, string Name, string Kind, string? Declared, string? Version, bool Unresolved, bool Locked,
    string Scope, bool Direct, string? Condition, string File, int Line, RadarEntry? RadarEntry, string? Ring, bool Listed, string Retirement);

public sealed record ScanIssueView(string Severity, string File, int Line, string Message);

public sealed record ExemptionView(string Id, string Component, string Check, string Reason, string ApprovedBy, DateOnly Expires, int? DaysLeft, string Origin, bool Revoked);

public sealed record ScanRunView(string Id, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Repositories, int Components, int Failed, IReadOnlyList<string> Errors);

public sealed record EvaluationRunView(string Id, DateTimeOffset EvaluatedAt, string DefinitionsVersion, string Trigger, int ComponentCount, double AverageScore, IReadOnlyList<Certification.LevelCount> Levels);

public sealed record TrendPointView(string RunId, DateTimeOffset At, double? AverageScore, int ComponentCount, IReadOnlyList<Certification.LevelCount> Levels);

public sealed record ComponentTrendPointView(string RunId, DateTimeOffset At, double Score, string? Level);

public sealed record RadarUsageView(string Component, string? Team, string? Version, string? Ring, string File, int Line, string? Condition = null);

public sealed record DefinitionsStatusView(string Version, DateTimeOffset? LoadedAt, int RadarEntries, int Checks, bool Degraded, IReadOnlyList<DefinitionProblemView> Problems);

public sealed record DefinitionProblemView(string Severity, string File, int Line, int Column, string Message);

public sealed record NextLevelView(string Level, IReadOnlyList<Core.Results.CheckResult> Blocking);

public sealed record RunDiffView(string From, string To, IReadOnlyList<LevelChangeView> LevelChanges, IReadOnlyList<CheckFlipView> CheckFlips, IReadOnlyList<HoldUsageView> NewHoldUsage);

public sealed record LevelChangeView(string Component, string? From, string? To, string Direction);

public sealed record CheckFlipView(string Component, string CheckId, Core.Results.CheckStatus From, Core.Results.CheckStatus To, string Direction, string Message);

public sealed record HoldUsageView(string Component, string RadarEntry, string Purl, string? Version, string Where, string? Condition = null);

public sealed record ScanStartedView(bool Accepted, string Message);

public sealed record ComponentConnection(int TotalCount, IReadOnlyList<ComponentEdge> Edges, IReadOnlyList<Core.Facts.ComponentFacts> Nodes, PageInfo PageInfo);

public sealed record ComponentEdge(string Cursor, Core.Facts.ComponentFacts Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public sealed record VersionRuleView(string Range, string Ring, string? Reason);

/// <summary>The <c>CreateExemptionInput</c> input of <c>createExemption</c>.</summary>
public sealed record CreateExemptionInput(string Component, string Check, string Reason, string ApprovedBy, DateOnly Expires);
