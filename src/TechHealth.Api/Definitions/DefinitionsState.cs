using TechHealth.Core.Definitions;

namespace TechHealth.Api.Definitions;

/// <summary>
/// The radar and checks in force. A reload that finds any error keeps the last good definitions and
/// remembers the problems, so the service degrades instead of losing its radar to a typo.
/// </summary>
public sealed class DefinitionsState(ILogger<DefinitionsState> logger)
{
    private readonly Lock _gate = new();
    private DefinitionSet _current = DefinitionSet.Empty;
    private IReadOnlyList<DefinitionProblem> _problems = [];

    /// <summary>Raised after new, valid definitions take effect (not for a failed reload).</summary>
    public event Action<DefinitionSet>? Changed;

    public DefinitionSet Current { get { lock (_gate) return _current; } }

    /// <summary>Problems of the most recent load attempt (errors mean it was refused).</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get { lock (_gate) return _problems; } }

    public bool IsLoaded => !ReferenceEquals(Current, DefinitionSet.Empty);

    public bool IsDegraded => Problems.Any(p => p.Severity == ProblemSeverity.Error);

    /// <summary>Applies a load result: valid definitions replace the current ones; invalid ones are logged and kept out.</summary>
    public bool Apply(DefinitionLoadResult result)
    {
        DefinitionSet? applied = null;
        lock (_gate)
        {
            _problems = result.Problems;
            if (!result.HasErrors && result.Definitions is not null)
            {
                var changed = result.Definitions.Version != _current.Version;
                _current = result.Definitions;
                if (changed) applied = result.Definitions;
            }
        }
        foreach (var p in result.Problems)
        {
            if (p.Severity == ProblemSeverity.Error) logger.LogError("Definitions: {Problem}", p.ToString());
            else logger.LogWarning("Definitions: {Problem}", p.ToString());
        }
        if (result.HasErrors)
        {
            logger.LogError("Definitions refused ({Count} errors); the definitions loaded before stay in force", result.Problems.Count(p => p.Severity == ProblemSeverity.Error));
            return false;
        }
        if (applied is not null)
        {
            logger.LogInformation("Definitions {Version} in force: {Entries} radar entries, {Checks} checks", applied.Version[..Math.Min(12, applied.Version.Length)], applied.Radar.Entries.Count, applied.Checks.Checks.Count);
            Changed?.Invoke(applied);
        }
        return true;
    }
}
