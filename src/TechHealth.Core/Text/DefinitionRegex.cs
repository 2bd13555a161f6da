using System.Text.RegularExpressions;

namespace TechHealth.Core.Text;

/// <summary>
/// Regular expressions written in definitions (radar package patterns, check conditions), compiled so that a verdict
/// never depends on how busy the machine is. The non-backtracking engine matches in time linear in the input, so such a
/// pattern needs no time limit; a limit is wall-clock time, and under load (a scan and an evaluation beside other
/// work) it turned plain matches of short inputs into errors, flipping verdicts with nothing changed.
/// </summary>
public static class DefinitionRegex
{
    /// <summary>
    /// The pattern on the non-backtracking engine; one that needs backtracking (backreferences, lookarounds, atomic groups)
    /// falls back to the backtracking engine with <paramref name="backtrackingTimeout"/> as its bound.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex Create(string pattern, RegexOptions options, TimeSpan backtrackingTimeout)
    {
        try { return new Regex(pattern, options | RegexOptions.NonBacktracking); }
        catch (NotSupportedException) { return new Regex(pattern, options, backtrackingTimeout); }
    }
}
