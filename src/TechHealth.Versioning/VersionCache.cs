using System.Collections.Concurrent;

namespace TechHealth.Versioning;

/// <summary>
/// Remembers parse results (errors too) because the rule engine compares the same few thousand versions
/// again and again. Bounded: when full it starts over rather than growing without limit.
/// </summary>
internal static class VersionCache
{
    internal const int Capacity = 50_000;
    private static readonly ConcurrentDictionary<(VersionScheme, string), ParseResult<ParsedVersion>> Entries = new();
    private static int count;

    public static ParseResult<ParsedVersion> Get(VersionScheme scheme, string text)
    {
        var key = (scheme, text);
        if (Entries.TryGetValue(key, out var cached)) return cached;
        var result = VersionParser.Parse(scheme, text);
        // ConcurrentDictionary.Count takes every lock, so a racy counter decides when to start over.
        if (Interlocked.Increment(ref count) > Capacity)
        {
            Entries.Clear();
            Interlocked.Exchange(ref count, 0);
        }
        Entries.TryAdd(key, result);
        return result;
    }

    internal static int ApproximateCount => Volatile.Read(ref count);
}
