using System.Text;
using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// The budget of one expansion (MSBuild <c>$(...)</c>, Maven and Gradle <c>${...}</c>, Dockerfile and compose
/// variables): at most <see cref="MaxCharacters"/> characters in any value it builds and <see cref="MaxSteps"/>
/// substitutions in all. Thirty properties that each double the one before would otherwise build a string of a
/// billion characters out of a 2 KB file. Exceeding it throws <see cref="ExpansionBudgetExceededException"/>
/// naming the file and line, which the harvester turns into a scan issue; every substitution is counted before
/// its text is appended, so nothing larger than the budget is ever allocated.
/// </summary>
public sealed class ExpansionBudget(int maxCharacters = ExpansionBudget.DefaultMaxCharacters, int maxSteps = ExpansionBudget.DefaultMaxSteps)
{
    /// <summary>No version, framework list or image reference comes near this.</summary>
    public const int DefaultMaxCharacters = 64 * 1024;

    /// <summary>Substitutions per file (or per project with its imported props).</summary>
    public const int DefaultMaxSteps = 100_000;

    private int _steps;

    public int MaxCharacters => maxCharacters;
    public int MaxSteps => maxSteps;

    /// <summary>
    /// <see cref="Regex.Replace(string, MatchEvaluator)"/> within the budget: <paramref name="evaluator"/> gives each match's
    /// replacement (null keeps the match as written). <paramref name="file"/>, <paramref name="line"/> and <paramref name="what"/> name the place for the issue.
    /// </summary>
    public string Replace(Regex pattern, string input, Func<Match, string?> evaluator, string file, int line, string what)
    {
        var match = pattern.Match(input);
        if (!match.Success) return input; // nothing expands: the text is as long as the file made it
        var sb = new StringBuilder();
        var last = 0;
        for (; match.Success; match = match.NextMatch())
        {
            if (++_steps > maxSteps)
                throw new ExpansionBudgetExceededException(file, line, $"{what} takes more than {maxSteps} substitutions (the expansion budget): not read");
            RepositoryMemoryBudget.Current?.Check();
            var replacement = evaluator(match) ?? match.Value;
            var added = (match.Index - last) + replacement.Length;
            if ((long)sb.Length + added > maxCharacters)
                throw new ExpansionBudgetExceededException(file, line, $"{what} expands past {maxCharacters} characters (the expansion budget): not read");
            sb.Append(input, last, match.Index - last).Append(replacement);
            last = match.Index + match.Length;
        }
        if ((long)sb.Length + input.Length - last > maxCharacters)
            throw new ExpansionBudgetExceededException(file, line, $"{what} expands past {maxCharacters} characters (the expansion budget): not read");
        return sb.Append(input, last, input.Length - last).ToString();
    }
}

/// <summary>An expansion went past its <see cref="ExpansionBudget"/>; <see cref="File"/> and <see cref="Line"/> name where.</summary>
public sealed class ExpansionBudgetExceededException(string file, int line, string message) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
