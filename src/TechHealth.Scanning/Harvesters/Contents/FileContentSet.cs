using System.Security.Cryptography;
using System.Text;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Reading;

namespace TechHealth.Scanning.Harvesters.Contents;

/// <summary>
/// The files whose text one scan keeps, so checks of the form <c>file: { glob, contains }</c> can be decided from stored
/// facts: for each component, every file under its folder whose component-relative path matches one of the globs (the same
/// <see cref="Glob"/> the rule engine matches with) becomes the fact <c>file:&lt;path relative to the component&gt;</c>.
/// Bounded by a per-file cap (the text is cut at a line end), a per-component file count and byte total; binary files
/// (NUL bytes) are never kept. Every file skipped or cut leaves a warning on that file. It reads only through
/// <see cref="SafeRepositoryReader"/>, so symlinks out of the repository and files over the size limit stay unread.
/// It decides nothing about checks and evaluates no regex.
/// </summary>
public sealed class FileContentSet
{
    /// <summary>Start of the warning on a matching file whose text was not kept; the rule engine quotes it to say why.</summary>
    public const string NotKeptMessage = "text not kept";

    private const int MaxPathLength = 1024;

    private readonly Glob[] _globs;

    private FileContentSet(IReadOnlyList<string> globs, Glob[] compiled, int maxFileBytes, int maxFiles, long maxBytes)
    {
        Globs = globs;
        _globs = compiled;
        MaxFileBytes = maxFileBytes;
        MaxFilesPerComponent = maxFiles;
        MaxBytesPerComponent = maxBytes;
        Stamp = globs.Count == 0 ? "" : "contents:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', globs) + $"\n{maxFileBytes}/{maxFiles}/{maxBytes}")))[..16];
    }

    /// <summary>The glob texts, distinct and sorted ordinally.</summary>
    public IReadOnlyList<string> Globs { get; }

    public int MaxFileBytes { get; }
    public int MaxFilesPerComponent { get; }
    public long MaxBytesPerComponent { get; }

    public bool IsEmpty => _globs.Length == 0;

    /// <summary>
    /// Names the globs and caps ("" when there are none). It is part of a repository's fingerprint, so a scan asking for
    /// other files' text rescans a repository whose files did not change instead of keeping its old, incomplete facts.
    /// </summary>
    public string Stamp { get; }

    /// <summary>Keeps nothing.</summary>
    public static FileContentSet None { get; } = new([], [], 1, 1, 1);

    /// <summary>
    /// The set for <paramref name="globs"/> under the caps of <paramref name="options"/>. A glob that does not parse is left
    /// out and described in <paramref name="problems"/>; the rest still apply.
    /// </summary>
    public static FileContentSet Create(IEnumerable<string> globs, ScanningOptions options, ICollection<string>? problems = null)
    {
        var texts = new SortedSet<string>(StringComparer.Ordinal);
        var compiled = new List<Glob>();
        foreach (var text in globs)
        {
            if (string.IsNullOrWhiteSpace(text) || texts.Contains(text)) continue;
            try { compiled.Add(Glob.Parse(text)); texts.Add(text); }
            catch (FormatException e) { problems?.Add($"content glob '{text}' ignored: {e.Message}"); }
        }
        if (texts.Count == 0) return None;
        var ordered = texts.ToList();
        // Compiled in the same order as the texts, so equal sets behave the same whatever order they came in.
        var byText = compiled.ToDictionary(g => g.Text, StringComparer.Ordinal);
        return new FileContentSet(ordered, ordered.Select(t => byText[t]).ToArray(),
            options.MaxContentFileBytes, options.MaxContentFilesPerComponent, options.MaxContentBytesPerComponent);
    }

    /// <summary>True when a glob matches the path relative to the component's folder.</summary>
    public bool Matches(string componentRelativePath)
    {
        foreach (var g in _globs)
            if (g.IsMatch(componentRelativePath)) return true;
        return false;
    }

    /// <summary>
    /// True when some component could keep this repository-relative file: a glob matches the path relative to the file's
    /// folder or any folder above it. Used before components are known (for the fingerprint), so it may over-include.
    /// </summary>
    public bool MayMatch(string repositoryRelativePath)
    {
        if (IsEmpty) return false;
        var path = repositoryRelativePath;
        while (true)
        {
            if (Matches(path)) return true;
            var slash = path.IndexOf('/');
            if (slash < 0) return false;
            path = path[(slash + 1)..];
        }
    }

    /// <summary>
    /// Adds <c>file:&lt;relative path&gt;</c> facts for the matching files of the component at <paramref name="componentPath"/>,
    /// which owns <paramref name="files"/> (repository-relative). Shallower files come first, so the caps cut nested copies
    /// before the component's own top-level files.
    /// </summary>
    internal void Collect(SafeRepositoryReader reader, string componentPath, IReadOnlyList<string> files, IDictionary<string, string> facts, ICollection<ScanIssue> issues)
    {
        if (IsEmpty) return;
        var prefix = componentPath.Length == 0 ? "" : componentPath + "/";
        var wanted = new List<(string File, string Relative)>();
        foreach (var file in files)
        {
            if (!file.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var relative = file[prefix.Length..];
            if (Matches(relative)) wanted.Add((file, relative));
        }
        wanted.Sort((a, b) =>
        {
            var depth = a.Relative.Count(c => c == '/').CompareTo(b.Relative.Count(c => c == '/'));
            return depth != 0 ? depth : string.CompareOrdinal(a.Relative, b.Relative);
        });

        var kept = 0;
        long keptBytes = 0;
        foreach (var (file, relative) in wanted)
        {
            if (relative.Length > MaxPathLength)
            {
                // The fact name is part of the stored key, and PostgreSQL refuses index entries of a few kilobytes.
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"{NotKeptMessage}: its path is longer than {MaxPathLength} characters"));
                continue;
            }
            if (kept >= MaxFilesPerComponent)
            {
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"{NotKeptMessage}: the component already has {MaxFilesPerComponent} files' text kept (Scanning:MaxContentFilesPerComponent)"));
                continue;
            }
            if (!reader.TryReadHead(file, MaxFileBytes, out var head, out var length, out var reason))
            {
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"{NotKeptMessage}: {reason}"));
                continue;
            }
            var text = Decode(head);
            if (text.Contains('\0'))
            {
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"{NotKeptMessage}: binary file (it holds NUL bytes)"));
                continue;
            }
            var truncated = length > head.Length;
            if (truncated)
            {
                // Cut at the last line end, so a pattern anchored with ^ or $ never sees half a line (or half a character).
                var end = text.LastIndexOf('\n');
                if (end >= 0) text = text[..(end + 1)];
            }
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (keptBytes + bytes > MaxBytesPerComponent)
            {
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"{NotKeptMessage}: its {bytes} bytes would take the component past {MaxBytesPerComponent} bytes of kept text (Scanning:MaxContentBytesPerComponent)"));
                continue;
            }
            if (truncated)
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, $"text truncated: only the first {bytes} of {length} bytes kept (Scanning:MaxContentFileBytes is {MaxFileBytes}); a pattern further down is not seen"));
            facts[FactNames.FileContentPrefix + relative] = text;
            kept++;
            keptBytes += bytes;
        }
    }

    private static string Decode(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
