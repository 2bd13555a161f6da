using System.Text;

namespace TechHealth.Api.GraphQL;

/// <summary>Relay-style cursor pages over an ordered list. Cursors are opaque (base64 of the offset) and checked.</summary>
public static class Connection
{
    public const int MaxPageSize = 1000;

    public static ComponentConnection Page(IReadOnlyList<Core.Facts.ComponentFacts> all, int first, string? after)
    {
        if (first < 0) throw UserErrors.BadInput("Argument 'first' must not be negative.");
        if (first > MaxPageSize) throw UserErrors.BadInput($"Argument 'first' is {first}; the most a page may hold is {MaxPageSize}.");
        var start = after is null ? 0 : Decode(after) + 1;
        var items = all.Skip(start).Take(first).Select((node, i) => new ComponentEdge(Encode(start + i), node)).ToList();
        return new ComponentConnection(all.Count, items, items.Select(e => e.Node).ToList(), new PageInfo(
            HasNextPage: start + items.Count < all.Count,
            HasPreviousPage: start > 0,
            StartCursor: items.Count > 0 ? items[0].Cursor : null,
            EndCursor: items.Count > 0 ? items[^1].Cursor : null));
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
