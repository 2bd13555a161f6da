using System.Net;
using System.Text.RegularExpressions;

namespace TechHealth.Pages.Tests;

/// <summary>
/// Reads the figures the pages mark with <c>data-figure</c>, <c>data-cell</c> and row attributes, as text a person
/// sees (tags stripped, entities decoded): the tests compare what is shown, not the models behind it.
/// </summary>
public static class Html
{
    public static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ")).Trim();

    /// <summary>The text of the element marked <c>data-figure="name"</c>.</summary>
    public static string Figure(string html, string name)
    {
        var m = Regex.Match(html, $"data-figure=\"{Regex.Escape(name)}\"[^>]*>(.*?)</span>(?=<span class=\"name\">)", RegexOptions.Singleline);
        m.Success.ShouldBeTrue($"no figure '{name}' on the page");
        return Text(m.Groups[1].Value);
    }

    /// <summary>Each table row carrying <c>attribute</c>, by its value: the row's inner HTML.</summary>
    public static Dictionary<string, string> Rows(string html, string attribute)
        => Regex.Matches(html, $"<tr data-{attribute}=\"([^\"]+)\"[^>]*>(.*?)</tr>", RegexOptions.Singleline)
            .GroupBy(m => WebUtility.HtmlDecode(m.Groups[1].Value), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Groups[2].Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The text of the cell marked <c>data-cell="name"</c> in a row.</summary>
    public static string Cell(string row, string name)
    {
        var m = Regex.Match(row, $"<td[^>]*data-cell=\"{Regex.Escape(name)}\"[^>]*>(.*?)</td>", RegexOptions.Singleline);
        m.Success.ShouldBeTrue($"no cell '{name}' in the row");
        return Text(m.Groups[1].Value);
    }

    public static IReadOnlyList<string> Hrefs(string html, string prefix)
        => Regex.Matches(html, "href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(h => h.StartsWith(prefix, StringComparison.Ordinal)).Distinct().ToList();

    public static string Score(double score) => Math.Round(score, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
