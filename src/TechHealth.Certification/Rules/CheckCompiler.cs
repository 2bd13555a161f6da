using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;

namespace TechHealth.Certification;

/// <summary>
/// Compiles a definitions version (checks + radar) into <see cref="CompiledChecks"/>, once: an instance keeps the
/// last compilation and hands it out again while the definitions version is unchanged. Thread-safe. Never throws on
/// bad rules: a rule that cannot compile evaluates to error and is listed in <see cref="CompiledChecks.Problems"/>.
/// </summary>
public sealed class CheckCompiler
{
    private readonly object _gate = new();
    private CompiledChecks? _last;

    public CheckCompiler(CertificationOptions? options = null) => Options = options ?? CertificationOptions.Default;

    /// <summary>The options every compilation of this compiler uses.</summary>
    public CertificationOptions Options { get; }

    /// <summary>The compiled checks for <paramref name="definitions"/>, reusing the previous compilation when its version is the same.</summary>
    public CompiledChecks GetOrCompile(DefinitionSet definitions)
    {
        lock (_gate)
        {
            if (_last is not null && _last.Version == definitions.Version) return _last;
            return _last = Compile(definitions, Options);
        }
    }

    public static CompiledChecks Compile(DefinitionSet definitions, CertificationOptions? options = null)
    {
        options ??= CertificationOptions.Default;
        var problems = new List<DefinitionProblem>();
        var levels = definitions.Checks.Levels;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var compiled = new List<CompiledCheck>();
        foreach (var def in definitions.Checks.Checks)
        {
            if (!seen.Add(def.Id))
            {
                problems.Add(new DefinitionProblem(ProblemSeverity.Error, def.Location, $"check '{def.Id}' is defined twice; the first definition is used"));
                continue;
            }
            if (Scoring.RankOf(def.Level, levels) < 0)
                problems.Add(new DefinitionProblem(ProblemSeverity.Warning, def.Location, $"check '{def.Id}' has level '{def.Level}', which is not among the levels ({string.Join(", ", levels)}); it counts in the score but not for any level"));
            var rule = new RuleCompiler(definitions.Radar, options, problems, def.Id).Compile(def.Rule);
            compiled.Add(new CompiledCheck(def, CompileAppliesTo(def.AppliesTo), rule));
        }
        foreach (var gate in definitions.Checks.Gates)
        {
            if (Scoring.RankOf(gate.MinLevel, levels) < 0)
                problems.Add(new DefinitionProblem(ProblemSeverity.Error, gate.Location, $"gate '{gate.Id}' requires level '{gate.MinLevel}', which is not among the levels ({string.Join(", ", levels)}); it allows no component"));
            foreach (var c in gate.RequireChecks.Where(c => !seen.Contains(c)))
                problems.Add(new DefinitionProblem(ProblemSeverity.Error, gate.Location, $"gate '{gate.Id}' requires check '{c}', which does not exist; it allows no component"));
        }
        return new CompiledChecks(definitions, options, new RadarMatcher(definitions.Radar, options), compiled.ToArray(), problems);
    }

    /// <summary>
    /// Each list of <see cref="AppliesTo"/> restricts one field; an empty list does not. An entry starting with '!'
    /// excludes that value (<c>lifecycles: ["!experimental"]</c>). A component without a value for a restricted field
    /// is outside the check unless the list holds only exclusions.
    /// </summary>
    public static Func<ComponentFacts, bool> CompileAppliesTo(AppliesTo? appliesTo)
    {
        if (appliesTo is null) return static _ => true;
        var type = Field(appliesTo.Types);
        var lifecycle = Field(appliesTo.Lifecycles);
        var tier = Field(appliesTo.Tiers);
        return c => type(c.Type) && lifecycle(c.Lifecycle) && tier(c.Tier);
    }

    private static Func<string?, bool> Field(IReadOnlyList<string> values)
    {
        if (values.Count == 0) return static _ => true;
        var include = new HashSet<string>(values.Where(v => !v.StartsWith('!')).Select(v => v.Trim()), StringComparer.OrdinalIgnoreCase);
        var exclude = new HashSet<string>(values.Where(v => v.StartsWith('!')).Select(v => v[1..].Trim()), StringComparer.OrdinalIgnoreCase);
        return value =>
        {
            if (value is null) return include.Count == 0;
            if (exclude.Contains(value)) return false;
            return include.Count == 0 || include.Contains(value);
        };
    }
}
