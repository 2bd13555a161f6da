namespace TechHealth.Core.Definitions;

/// <summary>Where a definition came from, so every message can point a platform engineer at the line to fix.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("", 0, 0);
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

public enum ProblemSeverity { Error, Warning }

/// <summary>One thing wrong with a definitions file. Loading collects all of them instead of stopping at the first.</summary>
public sealed record DefinitionProblem(ProblemSeverity Severity, SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {(Severity == ProblemSeverity.Error ? "error" : "warning")}: {Message}";
}
