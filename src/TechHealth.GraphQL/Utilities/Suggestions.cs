namespace TechHealth.GraphQL;

/// <summary>
/// "Did you mean ...?" suggestions: candidates within a lexical distance of the input (edits with
/// transpositions, case changes counting as one), ordered by distance then natural order.
/// </summary>
public static class Suggestions
{
    private const int MaxSuggestions = 5;

    public static IReadOnlyList<string> List(string input, IEnumerable<string> options)
    {
        var distances = new Dictionary<string, int>(StringComparer.Ordinal);
        var threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        var inputLower = input.ToLowerInvariant();
        var rows = new int[3][];
        for (var i = 0; i < 3; i++) rows[i] = new int[input.Length + 1];
        foreach (var option in options)
        {
            var distance = Measure(input, inputLower, option, threshold, rows);
            if (distance is { } d) distances.TryAdd(option, d);
        }
        var result = distances.Keys.ToList();
        result.Sort((a, b) =>
        {
            var diff = distances[a] - distances[b];
            return diff != 0 ? diff : NaturalCompare(a, b);
        });
        return result;
    }

    private static int? Measure(string input, string inputLower, string option, int threshold, int[][] rows)
    {
        if (input == option) return 0;
        var optionLower = option.ToLowerInvariant();
        if (inputLower == optionLower) return 1;
        var a = optionLower;
        var b = inputLower;
        if (a.Length < b.Length) (a, b) = (b, a);
        var aLength = a.Length;
        var bLength = b.Length;
        if (aLength - bLength > threshold) return null;
        for (var j = 0; j <= bLength; j++) rows[0][j] = j;
        for (var i = 1; i <= aLength; i++)
        {
            var upRow = rows[(i - 1) % 3];
            var currentRow = rows[i % 3];
            var smallest = currentRow[0] = i;
            for (var j = 1; j <= bLength; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var cell = Math.Min(Math.Min(upRow[j] + 1, currentRow[j - 1] + 1), upRow[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cell = Math.Min(cell, rows[(i - 2) % 3][j - 2] + 1);
                if (cell < smallest) smallest = cell;
                currentRow[j] = cell;
            }
            if (smallest > threshold) return null;
        }
        var distance = rows[aLength % 3][bLength];
        return distance <= threshold ? distance : null;
    }

    /// <summary>Compares strings treating runs of digits as numbers.</summary>
    public static int NaturalCompare(string a, string b)
    {
        int ai = 0, bi = 0;
        while (ai < a.Length && bi < b.Length)
        {
            int ac = a[ai], bc = b[bi];
            if (char.IsAsciiDigit((char)ac) && char.IsAsciiDigit((char)bc))
            {
                long an = 0;
                do
                {
                    ++ai;
                    an = an * 10 + ac - '0';
                    ac = ai < a.Length ? a[ai] : -1;
                }
                while (ac >= '0' && ac <= '9' && an > 0);
                long bn = 0;
                do
                {
                    ++bi;
                    bn = bn * 10 + bc - '0';
                    bc = bi < b.Length ? b[bi] : -1;
                }
                while (bc >= '0' && bc <= '9' && bn > 0);
                if (an < bn) return -1;
                if (an > bn) return 1;
            }
            else
            {
                if (ac < bc) return -1;
                if (ac > bc) return 1;
                ++ai;
                ++bi;
            }
        }
        return a.Length - b.Length;
    }

    /// <summary>Formats " Did you mean "a", "b", or "c"?" (empty when there is nothing to suggest).</summary>
    public static string DidYouMean(IReadOnlyList<string> suggestions, string? subMessage = null)
    {
        if (suggestions.Count == 0) return "";
        var message = " Did you mean " + (subMessage is null ? "" : subMessage + " ");
        var quoted = suggestions.Select(s => $"\"{s}\"").ToList();
        if (quoted.Count == 1) return message + quoted[0] + "?";
        if (quoted.Count == 2) return message + quoted[0] + " or " + quoted[1] + "?";
        var selected = quoted.Take(MaxSuggestions).ToList();
        var last = selected[^1];
        selected.RemoveAt(selected.Count - 1);
        return message + string.Join(", ", selected) + ", or " + last + "?";
    }
}
