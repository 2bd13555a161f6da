using System.Text;

namespace TechHealth.Api.GraphQL;

/// <summary>Relay-style cursor pages over an ordered list. Cursors are opaque (base64 of the offset) and checked.</summary>
public static class Connection
{
    public const int MaxPageSize = 1000;

    public static object Page<T>(IReadOnlyList<T> all, int first, string? after)
    {
        if (first < 0) throw UserErrors.BadInput("Argument 'first' must not be negative.");
        if (first > MaxPageSize) throw UserErrors.BadInput($"Argument 'first' is {first}; the most a page may hold is {MaxPageSize}.");
        var start = after is null ? 0 : Decode(after) + 1;
        var items = all.Skip(start).Take(first).Select((node, i) => new { cursor = Encode(start + i), node }).ToList();
        return new
        {
            totalCount = all.Count,
            edges = items,
            nodes = items.Select(e => e.node).ToList(),
            pageInfo = new
            {
                hasNextPage = start + items.Count < all.Count,
                hasPreviousPage = start > 0,
                startCursor = items.Count > 0 ? items[0].cursor : null,
                endCursor = items.Count > 0 ? items[^1].cursor : null,
            },
        };
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static int Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], out var n) && n >= 0) return n;
        }
        catch (FormatException) { }
        throw UserErrors.BadInput($"Cursor '{cursor}' is not one this API gave out.");
    }
}
