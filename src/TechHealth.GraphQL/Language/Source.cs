namespace TechHealth.GraphQL;

/// <summary>
/// The text of one GraphQL document and the offsets of its line starts; turns an offset into a
/// line and column. It owns no parsing.
/// </summary>
public sealed class Source
{
    private readonly int[] _lineStarts;

    public Source(string body, string name = "GraphQL request")
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        Name = name;
        var starts = new List<int> { 0 };
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\r')
            {
                if (i + 1 < body.Length && body[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
    }

    public string Body { get; }
    public string Name { get; }

    /// <summary>One-based line and column of a UTF-16 offset.</summary>
    public SourceLocation GetLocation(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        if (index < 0) index = ~index - 1;
        return new SourceLocation(index + 1, position - _lineStarts[index] + 1);
    }
}

/// <summary>A one-based line and column in a document, as GraphQL errors report them.</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>The span of source text a syntax node was parsed from.</summary>
public sealed class Location
{
    public Location(Source source, int start, int end)
    {
        Source = source;
        Start = start;
        End = end;
    }

    public Source Source { get; }
    public int Start { get; }
    public int End { get; }
    public SourceLocation StartLocation => Source.GetLocation(Start);
}
