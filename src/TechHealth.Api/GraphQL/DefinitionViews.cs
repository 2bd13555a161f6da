using TechHealth.Api.Definitions;
using TechHealth.Core.Definitions;

namespace TechHealth.Api.GraphQL;

/// <summary>The <c>definitions</c> field's view of the radar and checks in force and the last load's problems; reads state, never reloads.</summary>
public static class DefinitionViews
{
    public static DefinitionsStatusView Status(DefinitionsState state)
    {
        var d = state.Current;
        return new DefinitionsStatusView(d.Version, state.IsLoaded ? d.LoadedAt : null, d.Radar.Entries.Count, d.Checks.Checks.Count, state.IsDegraded,
            state.Problems.Select(p => new DefinitionProblemView(p.Severity == ProblemSeverity.Error ? "error" : "warning", p.Location.File, p.Location.Line, p.Location.Column, p.Message)).ToList());
    }
}
