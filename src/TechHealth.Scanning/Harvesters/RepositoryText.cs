using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// Reading a harvester's file with the one report every harvester gives when it cannot: a warning on that file
/// saying why (missing, too large, unreadable). It parses nothing; what the text means is the harvester's business.
/// </summary>
public static class RepositoryText
{
    /// <summary>The file's text, or null after recording a warning naming the file and the reason it was not read.</summary>
    public static string? TextOrIssue(this IRepositoryReader repository, string file, HarvestSink sink)
    {
        if (repository.TryReadText(file, out var text, out var reason)) return text;
        sink.Issue(ScanIssueSeverity.Warning, file, 0, $"not read: {reason}");
        return null;
    }
}
