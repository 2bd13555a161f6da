using System.Collections.Concurrent;

namespace TechHealth.Versioning;

/// <summary>
/// Remembers parse results (errors too) because the rule engine compares the same few thousand versions
/// again and again. One dictionary per scheme keyed by the exact text (no tuple key to hash). Bounded:
/// when a scheme's dictionary is full it starts over rather than growing without limit.
/// </summary>
internal static class VersionCache
{
    internal const int CapacityPerScheme = 20_000;

    private static readonly Shelf[] Shelves = Enum.GetValues<VersionScheme>().Select(_ => new Shelf()).ToArray();

    public static ParseResult<ParsedVersion> Get(VersionScheme scheme, string text)
    {
        var index = (int)scheme;
        if ((uint)index >= (uint)Shelves.Length) return VersionParser.Parse(scheme, text);
        var shelf = Shelves[index];
        if (shelf.Entries.TryGetValue(text, out var cached)) return cached;
        var result = VersionParser.Parse(scheme, text);
        // ConcurrentDictionary.Count takes every lock, so a racy counter decides when to start over.
        if (Interlocked.Increment(ref shelf.Count) > CapacityPerScheme)
        {
            shelf.Entries.Clear();
            Interlocked.Exchange(ref shelf.Count, 0);
        }
        shelf.Entries.TryAdd(text, result);
        return result;
    }

    internal static int ApproximateCount(VersionScheme scheme) => Volatile.Read(ref Shelves[(int)scheme].Count);

    private sealed class Shelf
    {
        public readonly ConcurrentDictionary<string, ParseResult<ParsedVersion>> Entries = new(StringComparer.Ordinal);
        public int Count;
    }
}
